"""`preconsult transcripts purge`: retention — delete conversations older than a cut-off (audited)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated

import typer

__all__ = ["app", "parse_age"]

app = typer.Typer(help="Retention: purge old transcripts.", no_args_is_help=True)


@app.callback()
def _group() -> None:
    """Keep sub-commands named even while there is only one."""


_AGE = re.compile(r"^\s*(\d+)\s*([dwh]?)\s*$")


def parse_age(value: str) -> timedelta:
    """'90d', '12w', '36h' or a bare number of days."""
    match = _AGE.match(value.lower())
    if match is None or int(match.group(1)) <= 0:
        raise typer.BadParameter("use a positive age like 90d, 12w or 36h")
    amount, unit = int(match.group(1)), match.group(2) or "d"
    return {
        "d": timedelta(days=amount),
        "w": timedelta(weeks=amount),
        "h": timedelta(hours=amount),
    }[unit]


@app.command("purge")
def purge(
    older_than: Annotated[
        str | None,
        typer.Option(help="Age like 90d (default: PRECONSULT_ADMIN_RETENTION_DAYS, 90)."),
    ] = None,
    dry_run: Annotated[bool, typer.Option(help="Only count what would be deleted.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    database: Annotated[str | None, typer.Option(help="Database URL (default: settings).")] = None,
) -> None:
    """Delete conversations (messages, events, annotations) started before the cut-off."""
    from preconsult.cli.admin import database_url
    from web.admin.retention import purge_before
    from web.admin.settings import get_admin_settings
    from web.storage.db import Database
    from web.storage.models import utcnow

    age = (
        parse_age(older_than) if older_than else timedelta(days=get_admin_settings().retention_days)
    )
    cutoff = utcnow() - age
    db = Database(database_url(database))
    try:
        with db.session() as session:
            count = purge_before(session, cutoff, dry_run=True)
            typer.echo(f"{count} conversations started before {cutoff:%Y-%m-%d %H:%M} UTC")
            if dry_run or count == 0:
                return
            if not yes:
                typer.confirm("Delete them permanently?", abort=True)
            deleted = purge_before(session, cutoff, actor="cli")
            typer.echo(f"deleted {deleted} conversations")
    finally:
        db.dispose()
