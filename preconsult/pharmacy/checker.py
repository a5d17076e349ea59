"""Interaction and duplicate-ingredient checks over every drug a customer mentioned in a session."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from preconsult.pharmacy.loader import DrugBook

__all__ = ["Finding", "check_against_class", "check_combination"]


@dataclass(frozen=True)
class Finding:
    """One problem with taking ``first`` and ``second`` together, worded from a label entry."""

    kind: Literal["duplicate", "interaction"]
    first: str
    second: str
    text: str
    severity: Literal["avoid", "caution"]
    cited: str  # drug id whose label states it
    examples: tuple[str, ...] = ()  # for a drug class: member drug ids that carry the problem


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


def check_against_class(book: DrugBook, drug_id: str, tag: str, limit: int = 1) -> list[Finding]:
    """What the labels say about ``drug_id`` together with any drug tagged ``tag`` ("降压药")."""
    drug = book.drugs[drug_id]
    ref = f"class:{tag}"
    members = sorted(d.id for d in book.with_tag(tag) if d.id != drug_id)
    findings: list[Finding] = []
    for ingredient in drug.ingredient_ids:
        sharing = tuple(m for m in members if ingredient in book.drugs[m].ingredient_ids)
        if sharing:
            name = drug.ingredient_name(ingredient)
            findings.append(Finding("duplicate", drug_id, ref, name, "avoid", drug_id, sharing[:3]))
    for inter in drug.interactions:
        targets: set[str] = set()
        for target in inter.with_:
            targets |= book.targets(target)
        hit = tuple(m for m in members if m in targets)
        if hit:
            findings.append(
                Finding("interaction", drug_id, ref, inter.why, inter.severity, drug_id, hit[:3])
            )
    seen = {f.text for f in findings}
    reverse = 0
    for member in members:
        for inter in book.drugs[member].interactions:
            targets = set()
            for target in inter.with_:
                targets |= book.targets(target)
            if drug_id in targets and inter.why not in seen and reverse < limit:
                seen.add(inter.why)
                reverse += 1
                # worded by the member's label ("本品" = the member), so name it first
                findings.append(
                    Finding("interaction", member, drug_id, inter.why, inter.severity, member)
                )
    return findings
