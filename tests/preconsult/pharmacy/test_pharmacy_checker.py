"""Interaction and duplicate-ingredient checks over the drugs a customer mentions."""

from __future__ import annotations

from preconsult.pharmacy.checker import check_combination
from preconsult.pharmacy.engine import Pharmacist
from preconsult.pharmacy.loader import DrugBook


def test_paracetamol_in_two_products_is_a_duplicate(book: DrugBook) -> None:
    findings = check_combination(book, ["paracetamol", "paracetamol_amantadine"])
    duplicates = [f for f in findings if f.kind == "duplicate"]
    assert duplicates and duplicates[0].text == "对乙酰氨基酚"


def test_two_cold_medicines_share_paracetamol_and_chlorphenamine(book: DrugBook) -> None:
    findings = check_combination(book, ["ganmaoling_granules", "vc_yinqiao_tablets"])
    shared = {f.text for f in findings if f.kind == "duplicate"}
    assert {"对乙酰氨基酚", "马来酸氯苯那敏"} <= shared


def test_warfarin_and_ibuprofen_interact(book: DrugBook) -> None:
    findings = check_combination(book, ["warfarin", "ibuprofen"])
    assert any(f.kind == "interaction" and "出血" in f.text for f in findings)


def test_unrelated_drugs_have_no_findings(book: DrugBook) -> None:
    assert check_combination(book, ["urea_cream", "amlodipine"]) == []


def test_duplicate_found_across_the_session(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("感康怎么吃", session_drugs=["paracetamol"])
    assert reply is not None and reply.kind == "answer"
    assert "重复成分" in reply.answer
    assert "pharmacy.duplicate_ingredient" in reply.guardrails
    assert {c.id for c in reply.citations} == {"drug:paracetamol_amantadine", "drug:paracetamol"}


def test_asked_combination_without_findings_says_so(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("尿素乳膏和氨氯地平能一起用吗")
    assert reply is not None and reply.kind == "answer"
    assert "没有找到" in reply.answer


def test_named_drug_class_is_checked_against_its_members(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("吃降压药能吃新康泰克吗")
    assert reply is not None and reply.kind == "answer"
    assert "伪麻黄碱可升高血压" in reply.answer
    assert "pharmacy.interaction" in reply.guardrails


def test_cold_medicines_as_a_class_share_paracetamol(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("泰诺林和感冒药能一起吃吗")
    assert reply is not None
    assert "部分复方感冒药" in reply.answer and "对乙酰氨基酚" in reply.answer
    cited = {c.id for c in reply.citations}
    assert "drug:ganmaoling_granules" in cited  # the example product's label is cited too
