"""The `preconsult knowledge`, `triage` and `eval` commands as an operator runs them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from preconsult.cli import eval as eval_cli
from preconsult.cli import knowledge as knowledge_cli
from preconsult.cli import triage as triage_cli
from preconsult.triage import get_engine

runner = CliRunner()


@pytest.fixture(scope="module")
def fixture_engine(knowledge_root: Path) -> Iterator[None]:
    """get_engine() (used by the commands) over the fixture knowledge, built once per module."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PRECONSULT_KNOWLEDGE_DIR", str(knowledge_root))
        get_engine.cache_clear()
        yield
    get_engine.cache_clear()


def test_validate_reports_counts(knowledge_root: Path) -> None:
    result = runner.invoke(knowledge_cli.app, ["validate", "--root", str(knowledge_root)])
    assert result.exit_code == 0, result.output
    assert "57 departments" in result.output and "4 red flags" in result.output


def test_validate_fails_on_a_broken_file(knowledge_root: Path, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "k"
    shutil.copytree(knowledge_root, root)
    (root / "red_flags" / "broken.yml").write_text(
        "red_flags:\n  - id: x\n    urgency: soon\n", encoding="utf-8"
    )
    result = runner.invoke(knowledge_cli.app, ["validate", "--root", str(root)])
    assert result.exit_code == 1
    assert "broken.yml" in result.output


def test_jieba_dict(tmp_path: Path, knowledge_root: Path) -> None:
    out = tmp_path / "medical.txt"
    args = ["jieba-dict", "--out", str(out), "--no-derived", "--root", str(knowledge_root)]
    result = runner.invoke(knowledge_cli.app, args)
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert "甲亢 1500 dis" in lines
    assert "心血管内科 1500 dep" in lines
    assert all(len(line.split()) == 3 for line in lines)


def test_triage_command_prints_json(fixture_engine: None) -> None:
    result = runner.invoke(triage_cli.app, ["发烧咳嗽两天", "--age", "30", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["departments"][0]["code"] == "03.01"


def test_eval_routing(tmp_path: Path, fixture_engine: None) -> None:
    data = tmp_path / "routing.jsonl"
    rows = [
        {"title": "咳嗽", "text": "咳嗽一周，有痰", "department": "呼吸科"},
        {"text": "最近总是头疼", "department": "神经科"},
        {"text": "皮肤痒，起疹子", "department": "皮肤科"},
        {"text": "咳嗽", "department": "没有这个科"},
    ]
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = runner.invoke(eval_cli.app, ["routing", str(data)])
    assert result.exit_code == 0, result.output
    assert "rows 3  top-1 100.0%" in result.output
    assert "没有这个科" in result.output  # unmapped labels are reported


def test_eval_redflags_fails_when_an_emergency_is_missed(
    tmp_path: Path, fixture_engine: None
) -> None:
    cases = tmp_path / "cases.jsonl"
    lines = [
        {"text": "胸口疼，出冷汗", "age": 60, "expected": "emergency"},
        {"text": "咳嗽两天", "expected": "not_emergency"},
    ]
    cases.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in lines), encoding="utf-8")
    ok = runner.invoke(eval_cli.app, ["redflags", str(cases)])
    assert ok.exit_code == 0, ok.output
    assert "1/1 (100.0%)" in ok.output and "0/1" in ok.output
    lines.append({"text": "头有点晕", "expected": "emergency"})
    cases.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in lines), encoding="utf-8")
    missed = runner.invoke(eval_cli.app, ["redflags", str(cases)])
    assert missed.exit_code == 1
    assert "MISSED" in missed.output
