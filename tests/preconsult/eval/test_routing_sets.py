"""Our routing evaluation sets only use labels that map to real department codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from preconsult.eval.routing import LABELS_FILE, load_label_map

ROOT = Path(__file__).resolve().parents[3]
SETS = sorted((ROOT / "evals" / "routing").glob("*.jsonl"))


def test_every_label_code_is_a_department() -> None:
    departments = yaml.safe_load((ROOT / "knowledge" / "departments.yml").read_text("utf-8"))
    codes = {d["code"] for d in departments["departments"]}
    for label, accepted in load_label_map(LABELS_FILE).items():
        assert accepted, label
        for code in accepted:
            assert code.rstrip("*") in codes, (label, code)


@pytest.mark.parametrize("path", SETS, ids=[p.name for p in SETS])
def test_every_row_has_a_known_label(path: Path) -> None:
    labels = load_label_map(LABELS_FILE)
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    assert len(rows) >= 200
    for row in rows:
        assert row["text"].strip() and row["department"] in labels, row
        assert row.get("sex") in (None, "male", "female"), row
