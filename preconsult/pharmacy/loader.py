"""Load and cross-check ``knowledge/drugs/*.yml`` into a read-only :class:`DrugBook`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from preconsult.pharmacy.schema import ClassWord, Complaint, Drug

__all__ = ["DRUGS_DIR", "DrugBook", "DrugDataError", "load_drug_book"]

DRUGS_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "drugs"


class DrugDataError(ValueError):
    """A drug knowledge file is malformed or refers to something that does not exist."""


@dataclass(frozen=True)
class DrugBook:
    drugs: dict[str, Drug]
    complaints: dict[str, Complaint] = field(default_factory=dict)
    classes: dict[str, ClassWord] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # drug id -> file name

    def get(self, drug_id: str) -> Drug | None:
        return self.drugs.get(drug_id)

    def with_tag(self, tag: str) -> list[Drug]:
        return [d for d in self.drugs.values() if tag in d.tags]

    def targets(self, ref: str) -> set[str]:
        """Drug ids an interaction reference (``id`` or ``class:tag``) stands for."""
        if ref.startswith("class:"):
            return {d.id for d in self.with_tag(ref.removeprefix("class:"))}
        ingredient_hits = {d.id for d in self.drugs.values() if ref in d.ingredient_ids}
        return ingredient_hits | ({ref} if ref in self.drugs else set())


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise DrugDataError(f"{path.name}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise DrugDataError(
            f"{path.name}: expected a mapping with 'drugs:', 'complaints:' or 'classes:'"
        )
    return data


def load_drug_book(directory: Path = DRUGS_DIR) -> DrugBook:
    """Parse every file, validate it and check ids, interactions and complaint references."""
    drugs: dict[str, Drug] = {}
    files: dict[str, str] = {}
    complaints: dict[str, Complaint] = {}
    classes: dict[str, ClassWord] = {}
    for path in sorted(directory.glob("*.yml")):
        data = _read(path)
        for raw in data.get("drugs") or []:
            try:
                drug = Drug.model_validate(raw)
            except ValueError as exc:
                raise DrugDataError(f"{path.name}: {raw.get('id', '?')}: {exc}") from exc
            if drug.id in drugs:
                raise DrugDataError(
                    f"{path.name}: duplicate drug id {drug.id!r} (also in {files[drug.id]})"
                )
            drugs[drug.id] = drug
            files[drug.id] = path.name
        for raw in data.get("complaints") or []:
            complaint = Complaint.model_validate(raw)
            complaints[complaint.id] = complaint
        for raw in data.get("classes") or []:
            word = ClassWord.model_validate(raw)
            classes[word.id] = word
    book = DrugBook(drugs=drugs, complaints=complaints, classes=classes, files=files)
    _check_references(book)
    return book


def _check_references(book: DrugBook) -> None:
    tags = {t for d in book.drugs.values() for t in d.tags}
    ingredients = {i for d in book.drugs.values() for i in d.ingredient_ids}
    for drug in book.drugs.values():
        for inter in drug.interactions:
            for ref in inter.with_:
                if ref.startswith("class:"):
                    if ref.removeprefix("class:") not in tags:
                        raise DrugDataError(f"{drug.id}: interaction with unknown class {ref!r}")
                elif ref not in book.drugs and ref not in ingredients:
                    raise DrugDataError(f"{drug.id}: interaction with unknown drug {ref!r}")
    for word in book.classes.values():
        if word.id not in tags:
            raise DrugDataError(f"class word {word.id}: no drug carries tag {word.id!r}")
    for complaint in book.complaints.values():
        for drug_id in complaint.drugs:
            if drug_id not in book.drugs:
                raise DrugDataError(f"complaint {complaint.id}: unknown drug {drug_id!r}")
