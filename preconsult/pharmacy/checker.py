"""Interaction and duplicate-ingredient checks over every drug a customer mentioned in a session."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from preconsult.pharmacy.loader import DrugBook

__all__ = ["Finding", "check_combination"]


@dataclass(frozen=True)
class Finding:
    """One problem with taking ``first`` and ``second`` together, worded from a label entry."""

    kind: Literal["duplicate", "interaction"]
    first: str
    second: str
    text: str
    severity: Literal["avoid", "caution"]
    cited: str  # drug id whose label states it


def check_combination(book: DrugBook, drug_ids: list[str]) -> list[Finding]:
    """Duplicate active ingredients first, then label interactions, for every pair of drugs."""
    ids = [d for d in dict.fromkeys(drug_ids) if d in book.drugs]
    findings: list[Finding] = []
    for a_id, b_id in combinations(ids, 2):
        a, b = book.drugs[a_id], book.drugs[b_id]
        shared = [i for i in a.ingredient_ids if i in b.ingredient_ids]
        for ingredient in shared:
            findings.append(
                Finding("duplicate", a_id, b_id, a.ingredient_name(ingredient), "avoid", a_id)
            )
        for source, other in ((a, b), (b, a)):
            for inter in source.interactions:
                targets: set[str] = set()
                for ref in inter.with_:
                    targets |= book.targets(ref)
                if other.id in targets:
                    findings.append(
                        Finding(
                            "interaction", source.id, other.id, inter.why, inter.severity, source.id
                        )
                    )
                    break
    return findings
