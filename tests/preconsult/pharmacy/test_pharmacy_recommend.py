"""'Which OTC for my minor complaint': red flags first, label indications, always 'ask the pharmacist'."""

from __future__ import annotations

from typing import Any

from preconsult.pharmacy.engine import Pharmacist
from preconsult.pharmacy.loader import DrugBook


def test_minor_complaint_lists_otc_from_indications(pharmacist: Pharmacist, screener: Any) -> None:
    reply = pharmacist.answer("拉肚子吃什么药")
    assert reply is not None and reply.kind == "answer"
    assert "蒙脱石散" in reply.answer
    assert "请向药师确认" in reply.answer
    assert screener.calls == ["拉肚子吃什么药"]
    assert all(c.id.startswith("drug:") for c in reply.citations)


def test_red_flag_escalates_before_any_suggestion(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("胸口疼出冷汗吃什么药")
    assert reply is not None
    assert reply.kind == "escalation"
    assert reply.urgency == "emergency_ambulance"
    assert "120" in reply.answer


def test_child_age_filters_suggestions(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("孩子5岁拉肚子吃什么药")
    assert reply is not None and reply.kind == "answer"
    assert "洛哌丁胺" not in reply.answer


def test_pregnant_customer_is_handed_off(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("怀孕了感冒吃什么药")
    assert reply is not None and reply.kind == "handoff"


def test_prescription_drugs_are_never_suggested(pharmacist: Pharmacist, book: DrugBook) -> None:
    for complaint in book.complaints.values():
        reply = pharmacist.answer(f"{complaint.keywords[0]}吃什么药")
        assert reply is not None
        for citation in reply.citations:
            assert book.drugs[citation.id.removeprefix("drug:")].drug_class != "rx"


def test_no_suggestion_without_red_flag_screening(book: DrugBook) -> None:
    unscreened = Pharmacist(book, screener=None, use_default_screener=False)
    reply = unscreened.answer("拉肚子吃什么药", "zh-CN", "kiosk")
    assert reply is not None and reply.kind == "handoff"
    assert not reply.citations
