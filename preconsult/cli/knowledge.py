"""`preconsult knowledge ...`: validate the knowledge files, build the jieba dictionary, derive the disease table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(
    help="Knowledge files: validate, jieba dictionary, ICD-10 disease table.", no_args_is_help=True
)


@app.command("validate")
def validate(
    root: Annotated[
        Path | None, typer.Option(help="knowledge directory (default: the package's)")
    ] = None,
) -> None:
    """Validate every triage knowledge file (departments, profiles, diseases, symptoms, syndromes,
    red flags)
    and the red-flag cases of evals/redflags/."""
    from knowledge.loader import KNOWLEDGE_DIR, load_knowledge, validate_all

    folder = root or KNOWLEDGE_DIR
    problems = validate_all(folder)
    cases = folder.parent / "evals" / "redflags" / "cases.jsonl"
    if cases.exists():
        from preconsult.eval.redflags import load_cases

        try:
            load_cases(cases)
        except ValueError as exc:
            problems.append(str(exc))
    for problem in problems:
        typer.echo(f"ERROR {problem}", err=True)
    if problems:
        raise typer.Exit(code=1)
    k = load_knowledge(folder)
    typer.echo(
        f"ok: {len(k.departments)} departments, {len(k.symptoms)} symptoms, {len(k.syndromes)} syndromes, "
        f"{len(k.red_flags)} red flags, "
        f"{len(k.diseases)} curated + {len(k.disease_table)} derived diseases, profile {k.profile.id}"
    )


@app.command("jieba-dict")
def jieba_dict(
    out: Annotated[Path, typer.Option("--out", help="where to write the dictionary")],
    derived: Annotated[bool, typer.Option(help="include the derived ICD-10 names too")] = True,
    root: Annotated[
        Path | None, typer.Option(help="knowledge directory (default: the package's)")
    ] = None,
) -> None:
    """Write a jieba user dictionary (`word freq tag` per line) of symptoms, diseases and departments."""
    from knowledge.loader import KNOWLEDGE_DIR
    from preconsult.triage.vocabulary import jieba_lines

    lines = jieba_lines(include_derived=derived, root=root or KNOWLEDGE_DIR)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    typer.echo(f"wrote {len(lines)} words to {out}")


@app.command("diseases")
def diseases(
    icd: Annotated[Path, typer.Option("--icd", help="ICD-10 北京临床版 CSV (code,name)")],
    out: Annotated[
        Path | None, typer.Option(help="output TSV (default knowledge/diseases/icd10_derived.tsv)")
    ] = None,
) -> None:
    """Derive knowledge/diseases/icd10_derived.tsv from the ICD-10 table and icd_ranges.yml."""
    from knowledge.loader import DISEASE_TABLE, KNOWLEDGE_DIR, load_icd_morphology, load_icd_ranges
    from preconsult.triage.disease_table import derive_rows, write_table

    target = out or KNOWLEDGE_DIR / "diseases" / DISEASE_TABLE
    count = write_table(derive_rows(icd, load_icd_ranges(), load_icd_morphology()), target)
    typer.echo(f"wrote {count} diseases to {target}")


@app.command("build")
def build(
    force: Annotated[bool, typer.Option(help="rebuild even if the cache is current")] = False,
) -> None:
    """Build the answer index (article passages + e5 embeddings) into PRECONSULT_DATA_DIR/index/
    and the triage semantic back-off (knowledge phrases + e5 embeddings) into .../triage/."""
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
    from preconsult.triage.engine import get_engine, semantic_router

    engine = get_engine()  # loads the vectors when they are current: nothing to build then
    router = engine.semantic or semantic_router(engine.index, build=True)
    typer.echo(
        f"triage semantic back-off: {len(router.phrases) if router else 0} phrases "
        f"({settings.data_dir / 'triage'})"
    )
