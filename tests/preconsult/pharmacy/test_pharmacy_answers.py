"""Label-grounded answers: what a customer at the kiosk reads back."""

from __future__ import annotations

from preconsult.pharmacy.engine import Pharmacist


def test_dose_question_quotes_the_label_dose_and_cites_the_entry(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("芬必得一次吃几粒？", "zh-CN", "kiosk")
    assert reply is not None and reply.kind == "answer"
    assert "一次1粒，一日2次" in reply.answer
    assert "用于止痛不得超过5天" in reply.answer
    assert [c.id for c in reply.citations] == ["drug:ibuprofen"]


def test_brand_alias_resolves_to_generic(pharmacist: Pharmacist) -> None:
    assert pharmacist.mentions("泰诺林和必理通有什么区别") == ["paracetamol"]
    assert pharmacist.mentions("快克能和新康泰克一起吃吗") == [
        "paracetamol_amantadine",
        "pseudoephedrine_chlorphenamine_sr",
    ]
    assert pharmacist.mentions("Can I take Advil?") == ["ibuprofen"]


def test_longest_name_wins(pharmacist: Pharmacist) -> None:
    assert pharmacist.mentions("阿司匹林肠溶片饭前还是饭后吃") == ["aspirin_low_dose"]
    assert pharmacist.mentions("阿司匹林能退烧吗") == ["aspirin"]


def test_pregnancy_answer_comes_from_the_caution_field(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("孕妇能吃泰诺林吗")
    assert reply is not None and reply.kind == "answer"
    assert "孕妇慎用" in reply.answer


def test_english_question_gets_english_frame_and_label_fact(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("What are the side effects of loratadine?", "en")
    assert reply is not None and reply.kind == "answer"
    assert "Loratadine" in reply.answer
    assert "嗜睡" in reply.answer
    assert "适应症" not in reply.answer


def test_child_at_labelled_age_gets_child_dose(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("孩子5岁，美林怎么吃")
    assert reply is not None and reply.kind == "answer"
    assert "4～6岁一次5ml" in reply.answer


def test_non_medication_question_is_left_to_the_router(pharmacist: Pharmacist) -> None:
    assert pharmacist.answer("医院几点开门") is None
    assert pharmacist.answer("高血压要注意什么饮食") is None


def test_session_drugs_give_context_to_a_follow_up(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("孕妇能吃吗", session_drugs=["loratadine"])
    assert reply is not None and reply.kind == "answer"
    assert reply.citations[0].id == "drug:loratadine"


def test_condition_question_quotes_the_matching_label_sentence(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("有胃溃疡能吃布洛芬吗")
    assert reply is not None and reply.kind == "answer"
    assert "消化道溃疡" in reply.answer


def test_caution_stated_in_a_neighbouring_field_is_found(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("哺乳期妈妈能用达克宁乳膏吗")
    assert reply is not None and reply.kind == "answer"
    assert "哺乳期妇女应在医师指导下使用" in reply.answer


def test_red_flag_in_a_drug_question_escalates(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("吃了布洛芬后胸口疼出冷汗", "zh-CN", "kiosk")
    assert reply is not None and reply.kind == "escalation"
    assert reply.urgency == "emergency_ambulance"


def test_traditional_characters_match_simplified_names(pharmacist: Pharmacist) -> None:
    assert pharmacist.mentions("吃優甲樂可以同時吃鈣片嗎") == [
        "levothyroxine",
        "calcium_carbonate_d3",
    ]
    reply = pharmacist.answer("小孩5歲可以吃開瑞坦嗎", "zh-TW")
    assert reply is not None and reply.kind == "answer"
    assert "體重" not in reply.answer and "体重" in reply.answer  # label text is quoted as written


def test_condition_the_drug_treats_shows_the_indication(pharmacist: Pharmacist) -> None:
    reply = pharmacist.answer("感冒了能吃感冒灵吗", "zh-CN", "kiosk")
    assert reply is not None and "适应症" in reply.answer
    reply = pharmacist.answer("六味地黄丸感冒了能吃吗", "zh-CN", "kiosk")
    assert reply is not None and "感冒发热病人不宜服用" in reply.answer
