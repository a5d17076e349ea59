"""`preconsult export rasa-tests`: reviewed conversations -> Rasa test-story and NLU candidate YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(help="Export transcripts and review candidates.", no_args_is_help=True)


@app.callback()
def _group() -> None:
    """Keep sub-commands named even while there is only one."""


@app.command("rasa-tests")
def rasa_tests(
    out: Annotated[Path, typer.Option(help="Folder for the candidate YAML files.")] = Path(
        "var/review-candidates"
    ),
    limit: Annotated[int, typer.Option(help="At most this many reviewed conversations.")] = 1000,
    database: Annotated[str | None, typer.Option(help="Database URL (default: settings).")] = None,
) -> None:
    """Write test_stories.yml (judged right), test_stories_to_fix.yml and nlu_candidates.yml."""
    from preconsult.cli.admin import database_url
    from web.admin.audit import record
    from web.admin.improvement import build_candidates, render_nlu, render_stories
    from web.storage.db import Database

    db = Database(database_url(database))
    try:
        with db.session() as session:
            found = build_candidates(session, limit=limit)
            record(
                session,
                "export",
                actor="cli",
                detail={
                    "format": "rasa-tests",
                    "passing": len(found.passing),
                    "to_fix": len(found.to_fix),
                },
            )
    finally:
        db.dispose()
    out.mkdir(parents=True, exist_ok=True)
    (out / "test_stories.yml").write_text(
        render_stories(found.passing, "Reviewed conversations judged right"), encoding="utf-8"
    )
    (out / "test_stories_to_fix.yml").write_text(
        render_stories(
            found.to_fix, "Reviewed conversations judged wrong: fix the bot, then the story"
        ),
        encoding="utf-8",
    )
    (out / "nlu_candidates.yml").write_text(render_nlu(found.nlu), encoding="utf-8")
    examples = sum(len(v) for v in found.nlu.values())
    typer.echo(
        f"{len(found.passing)} passing stories, {len(found.to_fix)} to fix, "
        f"{examples} NLU examples -> {out}"
    )


@app.command("transcripts")
def transcripts(
    out: Annotated[Path, typer.Option(help="File to write (.csv or .jsonl).")],
    date_from: Annotated[str, typer.Option(help="YYYY-MM-DD, inclusive.")] = "",
    date_to: Annotated[str, typer.Option(help="YYYY-MM-DD, inclusive.")] = "",
    channel: Annotated[str, typer.Option(help="web or kiosk.")] = "",
    q: Annotated[str, typer.Option(help="Free text any message contains.")] = "",
    annotated: Annotated[str, typer.Option(help="yes or no.")] = "",
    database: Annotated[str | None, typer.Option(help="Database URL (default: settings).")] = None,
) -> None:
    """Export a filtered set of (already redacted) transcripts as CSV or JSONL; audited."""
    from preconsult.cli.admin import database_url
    from web.admin.audit import record
    from web.admin.export import csv_lines, jsonl_lines
    from web.admin.queries import TranscriptFilter
    from web.storage.db import Database

    if out.suffix not in (".csv", ".jsonl"):
        raise typer.BadParameter("the output file must end in .csv or .jsonl", param_hint="--out")
    filters = TranscriptFilter.model_validate(
        {
            "date_from": date_from or None,
            "date_to": date_to or None,
            "channel": channel,
            "q": q,
            "annotated": annotated,
        }
    )
    lines = csv_lines if out.suffix == ".csv" else jsonl_lines
    counter = [0]
    db = Database(database_url(database))
    try:
        with db.session() as session, out.open("w", encoding="utf-8", newline="") as fp:
            for chunk in lines(session, filters, counter):
                fp.write(chunk)
        with db.session() as session:
            record(
                session,
                "export",
                actor="cli",
                detail={
                    "format": out.suffix[1:],
                    "filters": filters.audit_view(),
                    "sessions": counter[0],
                },
            )
    finally:
        db.dispose()
    typer.echo(f"{counter[0]} conversations -> {out}")
