"""`preconsult eval ...`: evaluations of the core features (imports each evaluation lazily)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(help="Evaluate features on development sets.", no_args_is_help=True)


@app.command("routing")
def routing(
    file: Annotated[Path, typer.Argument(help="JSONL with a text field and a department label")],
    field: Annotated[str, typer.Option("--field", help="text field")] = "text",
    title: Annotated[
        str, typer.Option("--title", help="title field prepended when present ('' = none)")
    ] = "title",
    label: Annotated[str, typer.Option("--label", help="label field")] = "department",
    confusion: Annotated[int, typer.Option(help="confusion pairs to print")] = 15,
    min_top1: Annotated[float | None, typer.Option(help="fail (exit 1) below this top-1 %")] = None,
    errors: Annotated[
        int, typer.Option(help="print this many misrouted rows (to read, not to copy)")
    ] = 0,
) -> None:
    """Top-1/top-3 department accuracy by dataset label, and the confusion pairs."""
    from preconsult.eval.routing import evaluate_routing
    from preconsult.triage import get_engine

    report = evaluate_routing(get_engine(), file, field, title or None, label, keep_errors=errors)
    typer.echo("\n".join(report.lines(confusion)))
    for gold, text, predicted in report.errors:
        typer.echo(f"  [{gold}] -> {' / '.join(predicted)}: {text[:120]}")
    if min_top1 is not None and report.total and 100 * report.top1 / report.total < min_top1:
        raise typer.Exit(code=1)


@app.command("redflags")
def redflags(
    file: Annotated[Path, typer.Argument(help="JSONL of red-flag cases")] = Path(
        "evals/redflags/cases.jsonl"
    ),
    show: Annotated[int, typer.Option(help="failures/over-triaged cases to print")] = 20,
) -> None:
    """Share of emergencies caught (must be 100 %) and the over-triage rate on look-alikes."""
    from preconsult.eval.redflags import evaluate_redflags
    from preconsult.triage import get_engine

    report = evaluate_redflags(get_engine(), file)
    typer.echo("\n".join(report.lines(show)))
    if report.missed:
        raise typer.Exit(code=1)


@app.command("pharmacy")
def pharmacy(
    file: Annotated[Path, typer.Argument(help="JSONL of medication questions")] = Path(
        "evals/pharmacy/questions.jsonl"
    ),
    show: Annotated[int, typer.Option(help="failures to print")] = 20,
) -> None:
    """Fact accuracy, handoff precision/recall, and that no answer has a dose not on its label."""
    from preconsult.eval.pharmacy import evaluate_pharmacy, load_questions
    from preconsult.pharmacy import get_pharmacist

    report = evaluate_pharmacy(get_pharmacist(), load_questions(file))
    typer.echo("\n".join(report.lines(show)))
    if report.dose_violations:
        raise typer.Exit(code=1)


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
    folder: Annotated[
        Path, typer.Argument(help="folder with questions_*.jsonl and safety.jsonl")
    ] = Path("evals/answers"),
    real: Annotated[
        Path | None, typer.Option(help="JSONL of real patient questions to measure (query field)")
    ] = None,
    limit: Annotated[int, typer.Option(help="only the first N real questions (0 = all)")] = 0,
    show: Annotated[int, typer.Option(help="misses to print")] = 30,
) -> None:
    """Retrieval hit@1/@3, red flags escalated, citations, stability, refusals, latency."""
    from preconsult.eval.answers import evaluate, run_real_questions
    from preconsult.router import get_assistant

    assistant = get_assistant()
    report = evaluate(assistant, folder)
    typer.echo("\n".join(report.lines() + [f"MISS {m}" for m in report.misses[:show]]))
    if real is not None:
        kinds, _samples = run_real_questions(assistant, real, limit or None)
        total = sum(kinds.values()) or 1
        typer.echo(
            f"real questions n={total}: "
            + ", ".join(f"{k}={v / total:.1%}" for k, v in sorted(kinds.items()))
        )
    if not report.passed:
        raise typer.Exit(code=1)
