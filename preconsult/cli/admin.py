"""`preconsult admin create`: make staff accounts (the password is prompted twice; none is built in)."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(help="Manage admin accounts.", no_args_is_help=True)


@app.callback()
def _group() -> None:
    """Keep sub-commands named even while there is only one."""


def database_url(explicit: str | None) -> str:
    """The gateway's database (PRECONSULT_DATABASE_URL or the default SQLite file), migrated."""
    from web.settings import get_settings
    from web.storage.migrate import upgrade

    url = explicit or get_settings().effective_database_url
    upgrade(url)
    return url


@app.command("create")
def create(
    username: Annotated[str, typer.Option(help="Login name.")],
    role: Annotated[str, typer.Option(help="admin or reviewer.")] = "reviewer",
    database: Annotated[str | None, typer.Option(help="Database URL (default: settings).")] = None,
) -> None:
    """Create a staff account; prompts for the password twice."""
    from web.admin.accounts import AccountError, create_user
    from web.admin.audit import record
    from web.admin.settings import get_admin_settings
    from web.storage.db import Database

    if role not in ("admin", "reviewer"):
        typer.echo("role must be 'admin' or 'reviewer'", err=True)
        raise typer.Exit(2)
    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    db = Database(database_url(database))
    try:
        with db.session() as session:
            try:
                user = create_user(session, username, password, role, get_admin_settings())
            except AccountError as exc:
                hints = {
                    "password_too_short": f"at least {get_admin_settings().min_password_length} characters",
                    "password_too_simple": "mix letters, digits and symbols",
                    "user_exists": "choose another username",
                }
                typer.echo(
                    f"refused: {exc.code} ({hints.get(exc.code, 'check the input')})", err=True
                )
                raise typer.Exit(1) from None
            record(session, "user_create", actor="cli", target=user.username, detail={"role": role})
            typer.echo(f"created {role} '{user.username}'")
    finally:
        db.dispose()
