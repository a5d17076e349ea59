"""knowledge/syndromes/: the schema rejects malformed combinations and the loader checks references."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from knowledge.loader import KNOWLEDGE_DIR, KnowledgeError, load_knowledge, load_syndromes
from knowledge.schemas import Syndrome

_NAME = {"zh-CN": "组合", "zh-TW": "組合", "en": "combination"}


def _data(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": "combo",
        "name": _NAME,
        "guideline": "a guideline",
        "findings": {"a": {"symptoms": ["fever"]}, "b": {"patterns": ["晨僵"]}},
        "departments": {"03.08": 1},
    }
    data.update(extra)
    return data


def test_a_valid_syndrome() -> None:
    s = Syndrome.model_validate(_data(require=["a"]))
    assert s.at_least == 2 and s.importance == 3.0


@pytest.mark.parametrize(
    "extra",
    [
        {"require": ["c"]},  # an unknown finding
        {"at_least": 3},  # more than there are findings
        {"require": ["a", "b"], "at_least": 1},  # fewer than the required ones
        {"findings": {"a": {}}},  # a finding with nothing to find
        {"findings": {"a": {"patterns": ["(unclosed"]}}},  # a bad regex
        {"departments": {"3.8": 1}},  # a malformed department code
        {"id": "Combo-1"},
        {"guideline": ""},
    ],
)
def test_malformed_syndromes_are_rejected(extra: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Syndrome.model_validate(_data(**extra))


def test_the_shipped_syndromes_load_and_cite_sources() -> None:
    syndromes = load_syndromes()
    ids = {s.id for s in syndromes}
    assert {"inflammatory_arthritis", "chronic_pain_care", "geriatric_syndrome"} <= ids
    assert {"thyroid_nodule_for_surgery", "lung_nodule_for_surgery"} <= ids
    assert all(len(s.guideline) > 10 for s in syndromes)


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


@pytest.mark.parametrize(
    ("finding", "message"),
    [
        ("{symptoms: [no_such_symptom]}", "unknown symptom ids"),
        ("{diseases: [没有这个病]}", "unknown diseases"),
    ],
)
def test_the_loader_rejects_unknown_references(tmp_path: Path, finding: str, message: str) -> None:
    root = _copy(tmp_path)
    (root / "syndromes" / "bad.yml").write_text(
        "source: test\n"
        "syndromes:\n"
        "  - id: bad\n"
        "    name: {zh-CN: 坏, zh-TW: 壞, en: bad}\n"
        "    guideline: test guideline\n"
        f"    findings: {{a: {finding}, b: {{patterns: ['x']}}}}\n"
        '    departments: {"03.08": 1}\n',
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError, match=message):
        load_knowledge(root)


def test_the_loader_rejects_an_unknown_department(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    text = (root / "syndromes" / "combinations.yml").read_text(encoding="utf-8")
    (root / "syndromes" / "combinations.yml").write_text(
        text.replace('departments: {"27": 6', 'departments: {"99": 6', 1), encoding="utf-8"
    )
    with pytest.raises(KnowledgeError, match="unknown department codes"):
        load_knowledge(root)
