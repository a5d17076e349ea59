"""The PII evaluation set: well-formed, big enough, and redaction meets its targets on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from preconsult.privacy.evaluate import evaluate_file, expected_spans
from preconsult.privacy.spans import Span

CASES = Path(__file__).parents[3] / "evals" / "pii" / "cases.jsonl"


def test_expected_spans_align_placeholders_with_the_text() -> None:
    text = "我叫张伟，电话13800138000"
    assert expected_spans(text, "我叫[姓名]，电话[电话]") == [
        Span("name", 2, 4),
        Span("phone", 7, 18),
    ]


def test_misaligned_expected_text_is_an_error() -> None:
    with pytest.raises(ValueError):
        expected_spans("我叫张伟", "他叫[姓名]")


def test_case_set_meets_recall_and_precision_targets() -> None:
    report = evaluate_file(CASES)
    assert report.cases >= 320
    assert report.near_misses >= 120
    for kind, score in report.kinds.items():
        assert score.recall >= 0.99, (kind, report.failures[:5])
        assert score.precision >= 0.97, (kind, report.failures[:5])


def test_eval_pii_command_reports_per_kind() -> None:
    from typer.testing import CliRunner

    from preconsult.cli.eval import app

    result = CliRunner().invoke(app, ["pii", str(CASES)])
    assert result.exit_code == 0, result.output
    for kind in ("name", "id_card", "phone", "email", "bank_card"):
        assert kind in result.output
    assert "recall" in result.output and "precision" in result.output
