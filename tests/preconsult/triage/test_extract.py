"""Negation, uncertainty and normalisation as a patient would phrase them."""

from __future__ import annotations

import pytest

from preconsult.triage import TriageEngine, TriageRequest


def _flags(engine: TriageEngine, text: str) -> dict[str, tuple[bool, bool]]:
    result = engine.assess(TriageRequest(text=text))
    return {s.id: (s.negated, s.uncertain) for s in result.symptoms}


def test_negation_stops_at_but(engine: TriageEngine) -> None:
    assert _flags(engine, "不发烧但是咳嗽") == {"fever": (True, False), "cough": (False, False)}


def test_negation_covers_a_list(engine: TriageEngine) -> None:
    found = _flags(engine, "没有发烧、咳嗽，就是头疼")
    assert found == {"fever": (True, False), "cough": (True, False), "headache": (False, False)}


def test_negation_does_not_cross_a_comma(engine: TriageEngine) -> None:
    assert _flags(engine, "我没发烧，咳嗽三天了")["cough"] == (False, False)


def test_negation_after_the_body_part(engine: TriageEngine) -> None:
    assert _flags(engine, "头不疼，有点咳")["headache"][0] is True


def test_uncertainty(engine: TriageEngine) -> None:
    assert _flags(engine, "好像有点发烧") == {"fever": (False, True)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I have a cough but no fever", {"cough": (False, False), "fever": (True, False)}),
        (
            "denies chest pain, has a headache",
            {"chest_pain": (True, False), "headache": (False, False)},
        ),
        ("maybe a fever", {"fever": (False, True)}),
    ],
)
def test_english(engine: TriageEngine, text: str, expected: dict[str, tuple[bool, bool]]) -> None:
    assert _flags(engine, text) == expected


def test_traditional_characters(engine: TriageEngine) -> None:
    assert _flags(engine, "頭痛發燒兩天") == {"headache": (False, False), "fever": (False, False)}


def test_negated_symptoms_do_not_route(engine: TriageEngine) -> None:
    result = engine.assess(TriageRequest(text="没有咳嗽，皮肤痒，起疹子"))
    assert result.departments[0].code == "13"
    assert "咳嗽" in result.summary.negatives


def test_body_part_and_pain_are_composed(engine: TriageEngine) -> None:
    # "胸口" + "疼" learned from the synonym 胸口疼; the words in between are free
    assert _flags(engine, "胸口突然剧烈地疼") == {"chest_pain": (False, False)}
    assert _flags(engine, "胸口不疼") == {"chest_pain": (True, False)}


def test_not_very_is_not_a_negation(engine: TriageEngine) -> None:
    assert _flags(engine, "头不太疼")["headache"][0] is False
    assert _flags(engine, "不太咳嗽") == {"cough": (False, True)}
    assert _flags(engine, "头不疼")["headache"][0] is True


def test_cantonese_function_words_read_as_mandarin(engine: TriageEngine) -> None:
    """冇/唔 are negations and 佢 is "him": normalisation maps them one character to one."""
    from preconsult.triage.text import normalize

    assert normalize("叫佢都唔应，冇反应") == "叫他都不应,没反应"
    flags = _flags(engine, "我冇发烧，就系喉咙痛")
    assert flags.get("fever", (True, False))[0] is True  # fever, if found, is negated
