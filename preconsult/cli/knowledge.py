"""`preconsult knowledge ...`: validate and build the curated knowledge."""

from __future__ import annotations

import typer

__all__ = ["app"]

app = typer.Typer(help="Validate and build the curated knowledge.", no_args_is_help=True)


@app.command()
def build(force: bool = typer.Option(False, help="Rebuild even if the cache is current.")) -> None:
    """Build the answer index (passages + embeddings) into PRECONSULT_DATA_DIR/index/."""
    from tqdm import tqdm

    from preconsult.answers.embedder import get_embedder
    from preconsult.answers.index import load_or_build
    from preconsult.answers.settings import get_settings

    settings = get_settings()
    index, built = load_or_build(
        settings.articles_dir,
        settings.index_dir,
        get_embedder(),
        progress=lambda total: tqdm(total=total, desc="embedding passages", unit="passage"),
        force=force,
    )
    state = "built" if built else "up to date"
    typer.echo(
        f"answer index {index.version} {state}: {len(index.articles)} articles, "
        f"{len(index.passages)} passages ({settings.index_dir / index.version})"
    )
