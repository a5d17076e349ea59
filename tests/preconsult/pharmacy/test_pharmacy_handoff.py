"""Everything outside the label goes to a human pharmacist, never a guess."""

from __future__ import annotations

import pytest

from preconsult.pharmacy.engine import Pharmacist


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("布洛芬能不能吃双倍", "dose_change"),
        ("头孢克肟没有处方能买吗", "rx_without_prescription"),
        ("二甲双胍一天吃几次", "rx_dose"),
        ("氯雷他定能助眠吗", "off_label"),
        ("布洛芬能治胃痛吗", "off_label"),
        ("我家宝宝8个月，能吃美林吗", "below_label_age"),
        ("孩子10岁，感康一次吃几片", "below_label_age"),
        ("莲花清瘟胶囊怎么吃", "unknown_drug"),
        ("请药师过来一下", "requested"),
    ],
)
def test_outside_the_label_hands_off(pharmacist: Pharmacist, question: str, reason: str) -> None:
    reply = pharmacist.answer(question, "zh-CN", "kiosk")
    assert reply is not None
    assert reply.kind == "handoff"
    assert reply.handoff_reason == reason
    assert f"pharmacy.{reason}" in reply.guardrails


def test_unknown_drug_reply_names_it_and_contains_no_dose(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("奥卡西平片一次吃几片")
    assert reply is not None and reply.kind == "handoff"
    assert "奥卡西平片" in reply.answer
    assert "mg" not in reply.answer and "一次" not in reply.answer


def test_below_age_message_states_label_age(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("宝宝8个月能吃美林吗")
    assert reply is not None
    assert "1岁" in reply.answer and "8个月" in reply.answer


def test_handoff_is_localized(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("Can I take double the dose of ibuprofen?", "en")
    assert reply is not None and reply.kind == "handoff"
    assert "pharmacist" in reply.answer.lower()


@pytest.mark.parametrize(
    "question", ["医生说拍个胸片看看", "脑血栓后遗症怎么康复", "人工流产后多久能同房"]
)
def test_everyday_words_are_not_unknown_drugs(pharmacist: Pharmacist, question: str) -> None:
    assert pharmacist.answer(question, "zh-CN", "kiosk") is None


def test_unmatched_treatment_question_is_left_to_health_answers_off_the_kiosk(
    pharmacist: Pharmacist,
) -> None:
    assert pharmacist.answer("甲状腺结节吃什么药", "zh-CN", "web") is None
    reply = pharmacist.answer("甲状腺结节吃什么药", "zh-CN", "kiosk")
    assert reply is not None and reply.kind == "handoff"


@pytest.mark.parametrize(
    "question", ["头孢拉定能喝酒吗", "莫西沙星怎么吃", "Is lansoprazole safe in pregnancy?"]
)
def test_drug_names_recognised_by_their_stem_are_handed_off(
    pharmacist: Pharmacist, question: str
) -> None:
    reply = pharmacist.answer(question, "en" if question.isascii() else "zh-CN")
    assert reply is not None and reply.handoff_reason == "unknown_drug"


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("孩子吃多了维生素AD滴剂怎么办", "overdose"),
        ("布洛芬吃了三天还发烧，能继续吃吗", "not_improving"),
        ("美林能和泰诺林交替着吃吗", "dose_change"),
        ("板蓝根能预防流感吗", "off_label"),
        ("降压药吃了血压正常了能不能停", "no_drug"),
        ("银黄颗粒8个月的小孩吃多少", "no_label_info"),
    ],
)
def test_beyond_the_label_in_other_words(
    pharmacist: Pharmacist, question: str, reason: str
) -> None:
    reply = pharmacist.answer(question, "zh-CN", "kiosk")
    assert reply is not None and reply.handoff_reason == reason


def test_overdose_message_points_to_emergency_care(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("孩子误服了好几片感康")
    assert reply is not None and reply.kind == "handoff"
    assert "120" in reply.answer


@pytest.mark.parametrize("question", ["孩子把半瓶美林喝了怎么办", "I took 10 Tylenol by mistake"])
def test_accidental_overdose_is_never_answered_from_the_label(
    pharmacist: Pharmacist, question: str
) -> None:
    reply = pharmacist.answer(question, "en" if question.isascii() else "zh-CN", "kiosk")
    assert reply is not None and reply.handoff_reason == "overdose"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("六味地黄丸能治脱发吗", "handoff"),
        ("Can I use metronidazole for acne?", "handoff"),
        ("红霉素软膏能治痘痘吗", "answer"),
        ("板蓝根能治嗓子疼吗", "answer"),
    ],
)
def test_use_asked_about_is_compared_with_the_indications(
    pharmacist: Pharmacist, question: str, kind: str
) -> None:
    reply = pharmacist.answer(question, "en" if question.isascii() else "zh-CN", "kiosk")
    assert reply is not None and reply.kind == kind
