"""The evaluation's dose check catches a dose that is not on the cited label."""

from __future__ import annotations

from preconsult.eval.pharmacy import dose_mentions, evaluate_pharmacy, unlabelled_doses
from preconsult.pharmacy.engine import Pharmacist
from preconsult.pharmacy.loader import DrugBook


def test_dose_mentions_reads_ranges_and_units() -> None:
    assert dose_mentions("一次1～2片，一日3次，每片0.5g") == {
        ("1", "片"),
        ("2", "片"),
        ("3", "次"),
        ("0.5", "g"),
    }


def test_invented_dose_is_flagged(book: DrugBook) -> None:
    assert unlabelled_doses(book, "布洛芬缓释胶囊一次1粒，一日2次", ["ibuprofen"]) == set()
    assert unlabelled_doses(book, "布洛芬一次吃3粒", ["ibuprofen"]) == {("3", "粒")}


def test_report_counts_handoff_errors(pharmacist: Pharmacist) -> None:
    rows = [
        {"question": "布洛芬能吃双倍吗", "expected_kind": "handoff", "drugs": ["ibuprofen"]},
        {"question": "布洛芬怎么吃", "expected_kind": "handoff", "drugs": ["ibuprofen"]},
        {"question": "泰诺林怎么吃", "expected_kind": "answer", "must_contain": ["不存在的事实"]},
    ]
    report = evaluate_pharmacy(pharmacist, rows)
    assert (report.handoff_tp, report.handoff_fn, report.handoff_fp) == (1, 1, 0)
    assert report.fact_cases == 1 and report.fact_correct == 0
    assert len(report.failures) == 2
