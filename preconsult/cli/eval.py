"""`preconsult eval ...`: measure features against their evaluation sets (one command per feature)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(help="Evaluate routing, red flags, answers, pharmacy and PII redaction.")


@app.command("pii")
def pii(
    cases: Annotated[Path, typer.Argument(help="JSONL of {text, expected}.")] = Path(
        "evals/pii/cases.jsonl"
    ),
    show_failures: Annotated[int, typer.Option(help="How many wrong cases to print.")] = 20,
) -> None:
    """Recall and precision of PII redaction per kind; exits 1 below recall 99 % / precision 97 %."""
    from preconsult.privacy.evaluate import evaluate_file

    report = evaluate_file(cases)
    typer.echo(f"cases: {report.cases} (near-misses: {report.near_misses}), exact: {report.exact}")
    typer.echo(f"{'kind':<10} {'tp':>5} {'fp':>4} {'fn':>4} {'recall':>8} {'precision':>9}")
    rows = [*report.kinds.items(), ("all", report.total)]
    for kind, score in rows:
        typer.echo(
            f"{kind:<10} {score.true_pos:>5} {score.false_pos:>4} {score.false_neg:>4} "
            f"{score.recall:>8.2%} {score.precision:>9.2%}"
        )
    for text, expected, got in report.failures[:show_failures]:
        typer.echo(f"FAIL {text!r}\n  expected {expected!r}\n  got      {got!r}")
    ok = all(s.recall >= 0.99 and s.precision >= 0.97 for _k, s in rows)
    raise typer.Exit(0 if ok else 1)


@app.command("answers")
def answers(
    folder: Path = typer.Argument(
        Path("evals/answers"), help="Folder with questions_*.jsonl and safety.jsonl."
    ),
    real: Path | None = typer.Option(
        None, help="JSONL of real patient questions to measure (query field)."
    ),
    limit: int = typer.Option(0, help="Only the first N real questions (0 = all)."),
    show_misses: int = typer.Option(30, help="How many misses to print."),
) -> None:
    """Retrieval hit@1/@3, red flags escalated, citations, stability, refusals, latency."""
    from preconsult.eval.answers import evaluate, run_real_questions
    from preconsult.router import get_assistant

    assistant = get_assistant()
    report = evaluate(assistant, folder)
    for line in report.lines():
        typer.echo(line)
    for miss in report.misses[:show_misses]:
        typer.echo(f"MISS {miss}")
    if real is not None:
        kinds, _samples = run_real_questions(assistant, real, limit or None)
        total = sum(kinds.values()) or 1
        typer.echo(
            f"real questions n={total}: "
            + ", ".join(f"{k}={v} ({v / total:.1%})" for k, v in sorted(kinds.items()))
        )
    ok = (
        report.hit1 >= 0.85
        and report.hit3 >= 0.95
        and report.red_flags_escalated == 1.0
        and report.answers_cited == 1.0
        and report.identical == 1.0
    )
    raise typer.Exit(0 if ok else 1)
