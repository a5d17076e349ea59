"""The `preconsult` command: one entry point for running, building, evaluating and administering."""

from __future__ import annotations

import importlib
import logging

import typer

__all__ = ["app"]

app = typer.Typer(help="Pre-consultation assistant (预问诊/智能导诊)", no_args_is_help=True)

# name -> module with a `app = typer.Typer()`; a feature that is not installed is skipped.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "knowledge": ("preconsult.cli.knowledge", "Validate and build the curated knowledge."),
    "triage": ("preconsult.cli.triage", "Run the triage engine on a text."),
    "eval": ("preconsult.cli.eval", "Evaluate routing, red flags, answers and pharmacy."),
    "db": ("preconsult.cli.db", "Create and migrate the transcript database."),
    "admin": ("preconsult.cli.admin", "Manage admin accounts."),
    "transcripts": ("preconsult.cli.transcripts", "Retention: purge old transcripts."),
    "export": ("preconsult.cli.export", "Export transcripts and review candidates."),
    "kiosk": ("preconsult.cli.kiosk", "Issue and revoke kiosk device tokens."),
    "run-prod-local": (
        "preconsult.cli.topology",
        "Start 2 gateways + 2 Rasa + 2 action servers behind nginx on PostgreSQL and Redis.",
    ),
}

for _name, (_module, _help) in SUBCOMMANDS.items():
    try:
        _sub = importlib.import_module(_module).app
    except ModuleNotFoundError as exc:  # a feature not built yet
        if exc.name != _module:
            raise
        continue
    app.add_typer(_sub, name=_name, help=_help)


@app.command()
def run(
    with_rasa: bool = typer.Option(True, help="Start Rasa and the action server too."),
) -> None:
    """Start rasa, the action server and the gateway; wait until each is ready; Ctrl-C stops all."""
    from preconsult.cli.launcher import run_all

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    raise typer.Exit(run_all(with_rasa=with_rasa))


def main() -> None:  # pragma: no cover - console script
    app()
