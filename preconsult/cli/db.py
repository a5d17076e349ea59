"""`preconsult db upgrade`: create or migrate the transcript database (SQLite or PostgreSQL)."""

from __future__ import annotations

import typer

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)


@app.command()
def upgrade(
    revision: str = typer.Argument("heads", help="Target revision; all branches by default."),
) -> None:
    """Apply every migration (foundation and feature branches)."""
    from web.settings import get_settings
    from web.storage.migrate import upgrade as run_upgrade

    url = get_settings().effective_database_url
    run_upgrade(url, revision)
    typer.echo(f"database at {url.split('@')[-1]} is up to date")
