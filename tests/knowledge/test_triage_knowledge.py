"""The triage knowledge files validate and the loader reports mistakes clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.loader import (
    KNOWLEDGE_DIR,
    KnowledgeError,
    load_departments,
    load_disease_overrides,
    load_disease_table,
    load_icd_morphology,
    load_icd_ranges,
    load_knowledge,
    load_profile,
    load_red_flags,
    load_symptoms,
    load_syndromes,
)
from knowledge.schemas import Symptom
from preconsult.triage.disease_table import clean_name, derive_rows, icd_departments


def test_departments_are_complete() -> None:
    departments = load_departments()
    assert len(departments) >= 45
    codes = {d.code for d in departments}
    assert {"03.04", "04.01.03", "04.04.01", "13", "14", "15.02", "16.90", "20", "50"} <= codes
    for d in departments:
        assert d.name.zh_TW and d.name.en and d.treats, d.code
        assert d.children_to is None or d.children_to in codes


def test_default_profile_covers_every_department() -> None:
    profile = load_profile()
    codes = {d.code for d in load_departments()}
    assert codes <= set(profile.departments) | set(profile.fallbacks)
    assert profile.fallbacks["08"][0] in profile.departments


def test_curated_and_derived_diseases() -> None:
    curated = {d.name: d for d in load_disease_overrides()}
    assert "甲亢" in curated["甲状腺功能亢进症"].aliases
    table = {d.name: d for d in load_disease_table()}
    assert len(table) > 10000
    assert max(table["高血压"].departments, key=table["高血压"].departments.__getitem__) == "03.04"
    assert "03.07" in table["糖尿病"].departments
    size = (KNOWLEDGE_DIR / "diseases" / "icd10_derived.tsv").stat().st_size
    assert size < 3_000_000


def test_icd_ranges_pick_the_narrowest() -> None:
    ranges = load_icd_ranges()
    assert icd_departments("K35.8", ranges) == {"04.01": 3}  # appendicitis: surgery, not 消化内科
    assert "03.02" in (icd_departments("K29.7", ranges) or {})
    assert icd_departments("R10", ranges) is None  # symptoms are not diseases


def test_icd_o_morphology_codes_are_tumours_not_chapter_m(tmp_path: Path) -> None:
    csv_path = tmp_path / "icd.csv"
    csv_path.write_text("code,name\nM858000/1,胸腺瘤\nM80.0,绝经后骨质疏松\n", encoding="utf-8")
    rows = {r[0]: r[2] for r in derive_rows(csv_path, load_icd_ranges(), load_icd_morphology())}
    assert max(rows["胸腺瘤"], key=rows["胸腺瘤"].__getitem__) == "19"
    assert "04.03" in rows["绝经后骨质疏松"]
    table = {d.name: d for d in load_disease_table()}
    assert "04.03" not in table["胸腺瘤"].departments


def test_icd_name_cleaning() -> None:
    assert clean_name("甲状腺毒症[甲状腺功能亢进症]") == ("甲状腺毒症", ["甲状腺功能亢进症"])
    assert clean_name("未特指的胃炎") == ("胃炎", [])
    assert clean_name("其他的急性胃炎")[0] is None


def test_symptom_schema_rejects_unknown_fields() -> None:
    with pytest.raises(ValueError, match="weight"):
        Symptom.model_validate(
            {"id": "x", "name": {"zh-CN": "a", "zh-TW": "a", "en": "a"}, "body_site": "head",
             "departments": {"03": 0}}
        )  # fmt: skip


def test_unknown_department_code_is_reported_with_the_file(tmp_path: Path) -> None:
    root = tmp_path / "k"
    shutil.copytree(
        KNOWLEDGE_DIR,
        root,
        ignore=shutil.ignore_patterns("*.py", "__pycache__", "symptoms", "red_flags"),
    )
    (root / "symptoms").mkdir()
    (root / "red_flags").mkdir()
    (root / "symptoms" / "bad.yml").write_text(
        "symptoms:\n  - id: odd\n    name: {zh-CN: 怪, zh-TW: 怪, en: odd}\n    body_site: head\n"
        '    departments: {"99": 1}\n',
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError, match=r"odd.*99"):
        load_knowledge(root)


@pytest.mark.parametrize(
    ("folder", "load"),
    [("symptoms", load_symptoms), ("red_flags", load_red_flags), ("syndromes", load_syndromes)],
)
def test_an_id_used_twice_names_both_files(tmp_path: Path, folder: str, load: object) -> None:
    shutil.copytree(KNOWLEDGE_DIR / folder, tmp_path / folder)
    first = sorted((tmp_path / folder).glob("*.yml"))[0]
    (tmp_path / folder / "zz_copy.yml").write_text(first.read_text(encoding="utf-8"), "utf-8")
    with pytest.raises(KnowledgeError, match=rf"zz_copy.yml: .* id .* already in .*{first.name}"):
        load(tmp_path)  # type: ignore[operator]


def test_red_flag_must_reference_known_symptoms(tmp_path: Path) -> None:
    root = tmp_path / "k"
    shutil.copytree(
        KNOWLEDGE_DIR,
        root,
        ignore=shutil.ignore_patterns("*.py", "__pycache__", "symptoms", "red_flags"),
    )
    (root / "symptoms").mkdir()
    (root / "red_flags").mkdir()
    (root / "red_flags" / "bad.yml").write_text(
        "red_flags:\n  - id: r\n    name: {zh-CN: 红, zh-TW: 紅, en: r}\n    urgency: emergency\n"
        "    guideline: 指南\n    all_of: [no_such_symptom]\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError, match="no_such_symptom"):
        load_knowledge(root)


def test_every_knowledge_file_validates() -> None:
    from knowledge.loader import validate_all

    assert validate_all() == []
