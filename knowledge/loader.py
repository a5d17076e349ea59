"""Load and cross-check the triage knowledge files (departments, profiles, symptoms, red flags, diseases).

Each file is validated by its ``knowledge.schemas`` model; ``load_knowledge`` also checks the seams
between files (department codes, symptom ids, hospital profile codes) and raises
``KnowledgeError`` naming the file and what to fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.schemas import (
    Department,
    DepartmentsFile,
    Disease,
    DiseasesFile,
    HospitalProfile,
    IcdRange,
    IcdRangesFile,
    RedFlag,
    RedFlagsFile,
    Symptom,
    SymptomsFile,
    Syndrome,
    SyndromesFile,
)

__all__ = [
    "DISEASE_TABLE",
    "KNOWLEDGE_DIR",
    "Knowledge",
    "KnowledgeError",
    "load_departments",
    "load_disease_overrides",
    "load_disease_table",
    "load_icd_morphology",
    "load_icd_ranges",
    "load_knowledge",
    "load_profile",
    "load_red_flags",
    "load_symptoms",
    "load_syndromes",
    "parse_weights",
    "validate_all",
]

KNOWLEDGE_DIR = Path(__file__).resolve().parent
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available
DISEASE_TABLE = "icd10_derived.tsv"
M = TypeVar("M", bound=BaseModel)


class KnowledgeError(ValueError):
    """A knowledge file is invalid; the message names the file and the problem."""


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fp:
            return yaml.load(fp, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path}: not valid YAML: {exc}") from exc


def _parse(model: type[M], path: Path) -> M:
    data = _read_yaml(path)
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        raise KnowledgeError(f"{path}: {exc}") from exc


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in {".yml", ".yaml"})


def load_departments(root: Path = KNOWLEDGE_DIR) -> list[Department]:
    return _parse(DepartmentsFile, root / "departments.yml").departments


def load_profile(name: str = "default", root: Path = KNOWLEDGE_DIR) -> HospitalProfile:
    path = root / "hospital_profiles" / f"{name}.yml"
    if not path.exists():
        raise KnowledgeError(f"{path}: no such hospital profile (see knowledge/hospital_profiles/)")
    return _parse(HospitalProfile, path)


def load_symptoms(root: Path = KNOWLEDGE_DIR) -> list[Symptom]:
    out: list[Symptom] = []
    seen: dict[str, Path] = {}
    for path in _yaml_files(root / "symptoms"):
        for symptom in _parse(SymptomsFile, path).symptoms:
            if symptom.id in seen:
                raise KnowledgeError(
                    f"{path}: symptom id {symptom.id!r} already in {seen[symptom.id]}"
                )
            seen[symptom.id] = path
            out.append(symptom)
    return out


def load_red_flags(root: Path = KNOWLEDGE_DIR) -> list[RedFlag]:
    out: list[RedFlag] = []
    seen: dict[str, Path] = {}
    for path in _yaml_files(root / "red_flags"):
        for flag in _parse(RedFlagsFile, path).red_flags:
            if flag.id in seen:
                raise KnowledgeError(f"{path}: red flag id {flag.id!r} already in {seen[flag.id]}")
            seen[flag.id] = path
            out.append(flag)
    return out


def load_syndromes(root: Path = KNOWLEDGE_DIR) -> list[Syndrome]:
    out: list[Syndrome] = []
    seen: dict[str, Path] = {}
    for path in _yaml_files(root / "syndromes"):
        for syndrome in _parse(SyndromesFile, path).syndromes:
            if syndrome.id in seen:
                raise KnowledgeError(
                    f"{path}: syndrome id {syndrome.id!r} already in {seen[syndrome.id]}"
                )
            seen[syndrome.id] = path
            out.append(syndrome)
    return out


def load_icd_ranges(root: Path = KNOWLEDGE_DIR) -> list[IcdRange]:
    return _parse(IcdRangesFile, root / "diseases" / "icd_ranges.yml").ranges


def load_icd_morphology(root: Path = KNOWLEDGE_DIR) -> dict[str, dict[str, float]]:
    """Departments of ICD-O morphology codes by behaviour digit (icd_ranges.yml ``morphology``)."""
    return _parse(IcdRangesFile, root / "diseases" / "icd_ranges.yml").morphology


def load_disease_overrides(root: Path = KNOWLEDGE_DIR) -> list[Disease]:
    out: list[Disease] = []
    for path in _yaml_files(root / "diseases"):
        if path.name == "icd_ranges.yml":
            continue
        out.extend(_parse(DiseasesFile, path).diseases)
    return out


def parse_weights(text: str) -> dict[str, float]:
    """``"03.07:3;04.01.04:1"`` -> ``{"03.07": 3.0, "04.01.04": 1.0}``."""
    weights: dict[str, float] = {}
    for part in text.split(";"):
        code, _, weight = part.partition(":")
        weights[code.strip()] = float(weight)
    return weights


def load_disease_table(root: Path = KNOWLEDGE_DIR, strict: bool = False) -> list[Disease]:
    """The derived ICD-10 table (``name<TAB>icd<TAB>weights``), generated by
    ``preconsult knowledge diseases``; ``strict`` validates every row with the schema."""
    path = root / "diseases" / DISEASE_TABLE
    if not path.exists():
        return []
    out: list[Disease] = []
    with path.open(encoding="utf-8") as fp:
        for lineno, line in enumerate(fp, 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            try:
                name, icd, weights = fields[0], fields[1], fields[2]
                aliases = fields[3].split("|") if len(fields) > 3 and fields[3] else []
                if strict:
                    out.append(
                        Disease(
                            name=name, icd=icd, aliases=aliases, departments=parse_weights(weights)
                        )
                    )
                else:
                    out.append(
                        Disease.model_construct(
                            name=name, icd=icd, aliases=aliases, departments=parse_weights(weights)
                        )
                    )
            except (IndexError, ValueError) as exc:
                raise KnowledgeError(
                    f"{path}:{lineno}: bad row ({exc}); regenerate the table"
                ) from exc
    return out


@dataclass(frozen=True)
class Knowledge:
    """Everything the triage engine needs, cross-checked."""

    departments: dict[str, Department]
    symptoms: list[Symptom]
    red_flags: list[RedFlag]
    diseases: list[Disease]  # curated (knowledge/diseases/*.yml)
    disease_table: list[Disease]  # derived from ICD-10 (icd10_derived.tsv)
    profile: HospitalProfile
    syndromes: list[Syndrome] = field(default_factory=list)  # knowledge/syndromes/


def _check_codes(where: str, codes: Iterable[str], known: dict[str, Department]) -> None:
    unknown = sorted(set(codes) - set(known))
    if unknown:
        raise KnowledgeError(
            f"{where}: unknown department codes {unknown} (see knowledge/departments.yml)"
        )


def load_knowledge(
    root: Path = KNOWLEDGE_DIR, profile: str = "default", strict: bool = False
) -> Knowledge:
    """Load every triage knowledge file and check references between them."""
    departments = {d.code: d for d in load_departments(root)}
    for dept in departments.values():
        if dept.children_to:
            _check_codes(
                f"departments.yml {dept.code} children_to", [dept.children_to], departments
            )
    symptoms = load_symptoms(root)
    for s in symptoms:
        codes = list(s.departments)
        for m in s.modifiers:
            codes.extend(m.departments)
        _check_codes(f"symptoms/ {s.id}", codes, departments)
    symptom_ids = {s.id for s in symptoms}
    for s in symptoms:
        unknown_refined = sorted(set(s.refines) - symptom_ids)
        if unknown_refined:
            raise KnowledgeError(f"symptoms/ {s.id}: refines unknown symptom ids {unknown_refined}")
    for dept in departments.values():
        _check_codes(
            f"departments.yml {dept.code} sex_first", list(dept.sex_first.values()), departments
        )
    red_flags = load_red_flags(root)
    for flag in red_flags:
        unknown = sorted(set(flag.all_of + flag.any_of) - symptom_ids)
        if unknown:
            raise KnowledgeError(
                f"red_flags/ {flag.id}: unknown symptom ids {unknown} (define them in knowledge/symptoms/)"
            )
    syndromes = load_syndromes(root)
    for syndrome in syndromes:
        _check_codes(f"syndromes/ {syndrome.id}", syndrome.departments, departments)
        used = {s for finding in syndrome.findings.values() for s in finding.symptoms}
        unknown = sorted(used - symptom_ids)
        if unknown:
            raise KnowledgeError(
                f"syndromes/ {syndrome.id}: unknown symptom ids {unknown} (define them in knowledge/symptoms/)"
            )
    overrides = load_disease_overrides(root)
    table = load_disease_table(root, strict=strict)
    disease_names = {d.name for d in overrides} | {d.name for d in table}
    for syndrome in syndromes:
        named = {d for finding in syndrome.findings.values() for d in finding.diseases}
        unknown = sorted(named - disease_names)
        if unknown:
            raise KnowledgeError(
                f"syndromes/ {syndrome.id}: unknown diseases {unknown} (use a name of knowledge/diseases/)"
            )
    for ranges in load_icd_ranges(root):
        _check_codes(
            f"diseases/icd_ranges.yml {ranges.start}-{ranges.end}", ranges.departments, departments
        )
    for disease in overrides + (table if strict else []):
        _check_codes(f"diseases/ {disease.name}", disease.departments, departments)
    hospital = load_profile(profile, root)
    _check_codes(f"hospital_profiles/{profile}.yml", hospital.departments, departments)
    _check_codes(f"hospital_profiles/{profile}.yml fallbacks", hospital.fallbacks, departments)
    uncovered = sorted(
        c for c in departments if c not in hospital.departments and c not in hospital.fallbacks
    )
    if uncovered:
        raise KnowledgeError(
            f"hospital_profiles/{profile}.yml: departments {uncovered} are neither offered nor given a fallback"
        )
    return Knowledge(departments, symptoms, red_flags, overrides, table, hospital, syndromes)


def validate_all(root: Path = KNOWLEDGE_DIR) -> list[str]:
    """Validate every triage knowledge file strictly; return a list of problems (empty when valid)."""
    problems: list[str] = []
    profiles = sorted(p.stem for p in _yaml_files(root / "hospital_profiles")) or ["default"]
    for name in profiles:
        try:
            load_knowledge(root, profile=name, strict=True)
        except KnowledgeError as exc:
            problems.append(str(exc))
    return problems
