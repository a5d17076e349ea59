"""Look up what a label entry says about a caution or a condition, across all of its fields.

Labels often state a caution in a neighbouring field ("孕妇及哺乳期妇女慎用" under pregnancy only);
these helpers find it wherever it is, without adding anything the label does not say.
"""

from __future__ import annotations

from preconsult.pharmacy.schema import Drug

__all__ = ["CAUTION_WORDS", "caution_text", "condition_text"]

CAUTION_WORDS: dict[str, tuple[str, ...]] = {
    "pregnancy": ("孕", "妊娠"),
    "lactation": ("哺乳", "乳汁"),
    "children": ("儿童", "婴", "小儿"),
    "elderly": ("老年", "老人"),
    "liver": ("肝",),
    "kidney": ("肾",),
    "driving": ("驾驶", "驾车"),
    "alcohol": ("酒",),
}


def _label_sentences(drug: Drug) -> list[str]:
    values = [v for v in drug.cautions.model_dump().values() if v]
    return [*drug.contraindications, *values]


def caution_text(drug: Drug, kind: str) -> str | None:
    """The caution field for ``kind``, or else every label sentence that mentions it."""
    direct = getattr(drug.cautions, kind, None)
    if direct:
        return str(direct)
    words = CAUTION_WORDS.get(kind, ())
    found = [s for s in _label_sentences(drug) if any(w in s for w in words)]
    return "；".join(dict.fromkeys(found)) or None


def condition_text(drug: Drug, condition: str) -> str | None:
    """Label sentences (contraindications, cautions, side effects) that mention ``condition``."""
    found = [s for s in [*_label_sentences(drug), *drug.side_effects] if condition in s]
    return "；".join(dict.fromkeys(found)) or None
