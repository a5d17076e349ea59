"""`preconsult triage TEXT`: run the triage engine on one message and print the result."""

from __future__ import annotations

import json
from typing import Annotated, Literal

import typer

__all__ = ["app"]

app = typer.Typer(help="Triage one message.", context_settings={"allow_interspersed_args": True})


@app.callback(invoke_without_command=True)
def triage(
    text: Annotated[str, typer.Argument(help="the patient's words")],
    age: Annotated[float | None, typer.Option(help="age in years")] = None,
    sex: Annotated[str | None, typer.Option(help="male|female")] = None,
    pregnant: Annotated[bool | None, typer.Option("--pregnant/--not-pregnant")] = None,
    locale: Annotated[str, typer.Option(help="zh-CN|zh-TW|en")] = "zh-CN",
    as_json: Annotated[bool, typer.Option("--json", help="print the API JSON")] = False,
) -> None:
    """Urgency, red flags, top-3 departments and the summary for TEXT."""
    from preconsult.i18n import normalize_locale
    from preconsult.triage import TriageRequest, get_engine

    loc = normalize_locale(locale)
    if loc is None or sex not in (None, "male", "female"):
        raise typer.BadParameter("locale must be zh-CN, zh-TW or en; sex must be male or female")
    sex_value: Literal["male", "female"] | None = sex  # type: ignore[assignment]
    result = get_engine().assess(
        TriageRequest(text=text, age=age, sex=sex_value, pregnant=pregnant, locale=loc)
    )
    data = result.to_api(loc)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{data['urgency']}: {data['urgency_label']}")
    for flag in data["red_flags"]:
        typer.echo(f"  ! {flag['name']} ({flag['guideline']})")
    for dept in data["departments"]:
        typer.echo(
            f"  {dept['score']:.2f} {dept['code']} {dept['name']}: {'; '.join(dept['reasons'])}"
        )
    typer.echo(f"  {data['summary']['chief_complaint']} | {data['summary']['history']}")
