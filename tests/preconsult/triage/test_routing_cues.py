"""Routing cues of the real knowledge: operations, painless procedures, family history."""

from __future__ import annotations

import pytest

from preconsult.triage import TriageRequest, get_engine
from preconsult.triage.lexicon import asks_about_surgery


def _top(text: str, **facts: object) -> list[str]:
    result = get_engine().assess(TriageRequest(text=text, **facts), canonical=True)  # type: ignore[arg-type]
    return [d.code for d in result.departments]


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("胆结石要不要手术", True),
        ("甲状腺术后复查", True),
        ("a lung nodule was removed last month", True),
        ("不想做手术，能吃药吗", False),
        ("怕开刀，有别的办法吗", False),
        ("胆结石怎么办", False),
        ("2015年做了阑尾切除手术，现在肚子胀", False),  # an old, dated operation
        ("做过一次包皮环切，这两天头疼", False),
        ("03年做过胆囊手术，不知道跟这手术有没有关系", False),  # "这手术": the old one again
        ("做过一次胃镜，现在胆结石要不要手术", True),  # a new question after the old test
        ("90年做甲亢手术，现在查出肝硬化", False),
    ],
)
def test_asks_about_surgery(text: str, asks: bool) -> None:
    assert asks_about_surgery(text) is asks


def test_an_operation_sends_an_organ_to_its_surgeons() -> None:
    assert _top("甲状腺结节4类，医生说要做手术")[0] == "04.01.04"
    assert _top("胆结石要不要手术")[0] == "04.01.01"


def test_painless_endoscopy_is_not_negated() -> None:
    result = get_engine().assess(TriageRequest(text="想做个无痛胃镜"))
    assert any(s.id == "gastroscopy_hp" and not s.negated for s in result.symptoms)


def test_a_relative_who_had_cancer_is_history() -> None:
    result = get_engine().assess(TriageRequest(text="想做胃镜肠镜，我爸之前得过肠癌"))
    assert all(d.past for d in result.diseases)
    assert result.departments[0].code == "03.02"


def test_chronic_disease_is_not_an_std() -> None:
    assert "13.02" not in _top("老人多种慢性病，想找医生整体看看")


def test_a_stated_request_says_where_to_go() -> None:
    assert _top("中风半年了，左边手脚没力气，想做康复训练")[0] == "21"
    assert _top("糖尿病十年了，医生让我去查眼底")[0] == "10"


def test_ending_a_pregnancy_goes_to_family_planning_not_obstetrics() -> None:
    assert _top("意外怀孕六周，不想要，想做人流", sex="female")[0] == "05.03"
    assert _top("怀孕12周，肚子有点疼", sex="female")[0] == "05.02"


def test_a_resolved_problem_is_history() -> None:
    text = "带状疱疹好了以后，那块皮肤还是针扎一样痛"
    result = get_engine().assess(TriageRequest(text=text), canonical=True)
    assert all(d.past for d in result.diseases if d.id == "带状疱疹")
    assert result.departments[0].code == "27"


def test_an_organ_phrase_outweighs_the_bare_lesion_word_inside_it() -> None:
    assert _top("B超说卵巢有个囊肿5公分", sex="female")[0] == "05.01"
    assert _top("癫痫病能治好吗")[0] == "03.03"  # a disease at the head of the phrase still counts


def test_pregnancy_and_checkups_are_context_not_the_complaint() -> None:
    assert _top("怀孕20周，乳房有个硬块", sex="female")[0] == "04.01.03"
    assert _top("体检发现血小板低")[0] == "03.05"
    assert _top("怀孕8周了")[0] == "05.02"  # alone, the context still routes
    assert _top("想做个体检")[0] == "02"


@pytest.mark.parametrize(
    "text",
    [
        "来月经前乳房胀痛",
        "乳头凹陷进去了",
        "哺乳期堵奶了，有个硬块很疼",
        "奶头有血性分泌物",
        "咪咪疼，一碰就疼",
    ],
)
def test_breast_problems_of_women_go_to_breast_surgery(text: str) -> None:
    assert _top(text, sex="female")[0] == "04.01.03"


def test_a_childs_operation_stays_with_the_surgeons() -> None:
    assert _top("孩子5岁，腺样体肥大，要不要割", age=5)[0] == "11"
    assert _top("孩子5岁，鼻塞打呼噜", age=5)[0] == "07"


def test_english_phrases_are_not_split_into_words() -> None:
    assert _top("I can't fall asleep until 4am most nights")[0] == "15.02"


def test_a_fever_that_reached_39_is_not_a_burn() -> None:
    assert "04.07" not in _top("每天下午烧到38度多")


@pytest.mark.parametrize(
    "text", ["精子畸形不孕怎么办", "男，结婚三年不孕不育", "老婆一直怀不上，我去查了精子活力低"]
)
def test_male_infertility_sees_andrology_first_then_reproductive_medicine(text: str) -> None:
    assert _top(text, sex="male")[:2] == ["04.04.01", "05.05"]


def test_female_infertility_goes_to_reproductive_medicine() -> None:
    assert _top("结婚两年没怀上，想做试管", sex="female")[0] == "05.05"


def test_a_precise_symptom_replaces_the_general_one_it_refines() -> None:
    result = get_engine().assess(TriageRequest(text="右下腹疼"), canonical=True)
    assert result.departments[0].code == "04.01"
    assert {s.id for s in result.symptoms} >= {"right_lower_abdominal_pain"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I have a burning feeling in my chest after I eat", "03.02"),
        ("We have been trying for a baby for two years", "05.05"),
        ("I drink too much and want to stop", "15"),
        ("My hands are stiff and swollen in the morning", "03.08"),
    ],
)
def test_english_phrasings(text: str, code: str) -> None:
    assert _top(text)[0] == code


def test_a_test_named_as_the_source_of_a_finding_does_not_route() -> None:
    # the endoscopy only tells where the finding came from: the finding routes
    assert _top("吞咽越来越困难，胃镜说食管中段有个肿物")[0] == "04.05"
    assert "03.02" in _top("想做个胃镜检查一下")


def test_a_longer_phrase_at_the_same_start_routes_alone() -> None:
    result = get_engine().assess(TriageRequest(text="腰疼早上最重，活动后好转"), canonical=True)
    assert result.departments[0].code == "03.08"


def test_a_missing_pain_clinic_falls_back_to_where_the_message_also_points() -> None:
    # the default profile has no 疼痛科 (27): nerve pain after shingles goes to 神经内科, a chronic
    # back pain to 骨科
    def top(text: str) -> str:
        return get_engine().assess(TriageRequest(text=text)).departments[0].code

    assert top("带状疱疹好了两个月，那块皮肤还是火烧一样疼") == "03.03"
    assert top("腰疼十几年了，想找专门治疼痛的医生") == "04.03"


def test_a_pregnancy_is_context_not_a_disease_complaint() -> None:
    assert _top("怀孕20周，乳房摸到一个硬块", sex="female")[0] == "04.01.03"
    assert _top("怀孕8周，想建档")[0] == "05.02"


def test_a_pregnant_patient_asking_which_medicine_is_safe_goes_to_obstetrics() -> None:
    assert _top("怀孕5个月了，感冒咳嗽好几天，不敢乱吃药")[0] == "05.02"
    assert _top("感冒咳嗽好几天，不敢乱吃药")[0] == "03.01"


def test_the_word_surgery_asks_about_an_operation_and_names_no_department() -> None:
    assert _top("CT found a 2cm nodule in my right lung, doctor suggested surgery")[0] == "04.05"


def test_traditional_characters_are_read_after_normalisation() -> None:
    normalize = get_engine().index.normalize
    assert asks_about_surgery(normalize("膽結石要不要做手術"))
    assert not asks_about_surgery(normalize("2015年做過闌尾切除手術，現在肚子脹"))


def test_an_old_operation_does_not_say_where_to_go_today() -> None:
    text = "2012年做过一次包皮环切手术，现在眼睛看东西模糊，不知道跟那次手术有没有关系"
    result = get_engine().assess(TriageRequest(text=text), canonical=True)
    foreskin = next(s for s in result.symptoms if s.id == "foreskin_problem")
    assert foreskin.past
    assert result.departments[0].code == "10"
    assert "04.04.01" not in [d.code for d in result.departments[:2]]
    # told as today's matter, the same organ routes as before
    assert _top("包皮过长，想做环切手术")[0] == "04.04.01"


# ---------------------------------------------------------------- issue 3: weak routing families
@pytest.mark.parametrize(
    ("text", "code"),
    [
        # plain 关节炎 says neither wear nor inflammation: the rest of the message decides
        ("关节炎好几年了，两只手的手指关节都肿，早上起来僵硬", "03.08"),
        ("关节炎，膝盖上下楼就疼，蹲不下去", "04.03"),
        ("风湿性关节炎又犯了，想开点药", "03.08"),
        # joints swelling in a patient with psoriasis: rheumatology, not the skin clinic
        ("银屑病好几年了，最近手指关节肿痛", "03.08"),
    ],
)
def test_arthritis_alone_is_neither_orthopaedics_nor_rheumatology(text: str, code: str) -> None:
    assert _top(text, age=60)[0] == code


def test_a_heart_device_or_stent_follow_up_goes_to_cardiology_but_other_stents_do_not() -> None:
    assert _top("装了心脏起搏器，每年要程控一次")[0] == "03.04"
    assert _top("前年放了三个支架，想复查一下")[0] == "03.04"
    assert "03.04" not in _top("输尿管结石放了支架，什么时候能拔")


def test_one_geriatric_problem_at_65_goes_to_geriatrics_when_the_form_gives_the_age() -> None:
    assert _top("今年摔了好几次了，走路也不稳", age=68)[0] == "03.10"
    assert _top("吃的药加起来有十几种，想请医生帮忙理一理", age=70)[0] == "03.10"
    # memory loss alone is still a matter for neurology
    assert _top("最近记性越来越差，老忘事", age=68)[0] == "03.03"


@pytest.mark.parametrize(
    "text",
    ["最近那方面有点力不从心", "每次同房时间都很短，一两分钟就完事", "跟太太親熱的時候硬不太起來"],
)
def test_mens_euphemisms_go_to_andrology(text: str) -> None:
    assert _top(text, sex="male")[0] == "04.04.01"


@pytest.mark.parametrize(
    "text",
    [
        "大脚趾的指甲长到肉里去了，化脓",
        "背上有个软软的疙瘩，推着能动",
        "尾骨那里反复流脓，说是藏毛窦",
    ],
)
def test_body_surface_problems_go_to_general_surgery(text: str) -> None:
    assert _top(text, age=30)[0] == "04.01"


@pytest.mark.parametrize(
    "text", ["核磁发现脑子里有个动脉瘤，还没破", "视野越来越窄，核磁说是垂体瘤", "颅内有个听神经瘤"]
)
def test_brain_lesions_go_to_neurosurgery(text: str) -> None:
    assert _top(text, age=50)[0] == "04.02"


def test_a_chronic_pain_asking_for_an_injection_goes_to_the_pain_clinic() -> None:
    assert _top("肩周炎疼了大半年，想去打一针封闭")[0] == "27"


def test_a_symptom_named_in_a_disease_word_still_routes_in_its_own_words() -> None:
    # "关节炎" is both the disease and a word of the many-joints symptom; the swollen wrist and
    # fingers told after it are that symptom in its own words and route it
    result = get_engine().assess(TriageRequest(text="关节炎，手腕手指肿", age=40), canonical=True)
    joints = next(s for s in result.symptoms if s.id == "multiple_joint_pain")
    assert joints.text == "手腕手指肿"
    assert result.departments[0].code == "03.08"


@pytest.mark.parametrize("text", ["肝上长了个血管瘤，5公分", "CT说肝上有个囊肿，要不要处理"])
def test_an_organ_word_inside_a_symptom_phrase_is_not_counted_again_as_a_keyword(text: str) -> None:
    # "肝" names 消化内科 as a keyword; the liver-mass phrase it sits in already routes
    assert _top(text)[0] == "04.01.01"


def test_a_test_told_as_the_source_of_a_finding_does_not_route_as_a_keyword() -> None:
    # "胃镜" is a 消化内科 keyword, but here it only says where the finding came from
    codes = _top("吞东西卡在胸口下不去，胃镜说食管有个东西")
    assert codes[0] == "04.05"
    assert "03.02" not in codes


@pytest.mark.parametrize(
    ("text", "age", "code"),
    [
        ("My eyes feel gritty and burning every evening", 30, "10"),  # "burning" is not a burn
        ("孩子被热水烫起了泡", 3, "04.07"),  # children's burns stay with 烧伤科
        ("My fingers go white and then blue in the cold", 40, "03.08"),  # "cold" is not 感冒
        ("白细胞偏低，老是感冒", 35, "03.05"),  # frequent colds are not a cold
        ("体检说右肾有个4公分的囊肿", 50, "04.04"),
        ("结婚两年一直没怀上", 30, "05.05"),
        ("老爸糖尿病多年，脚趾头发黑了", 70, "04.01.06"),
    ],
)
def test_round_two_wording_of_the_other_families(text: str, age: int, code: str) -> None:
    assert _top(text, age=age)[0] == code


def test_burning_eyes_are_not_a_burn_to_the_face() -> None:
    result = get_engine().assess(TriageRequest(text="burning eyes and blurry vision after reading"))
    assert result.urgency not in ("emergency", "emergency_ambulance")
    assert result.departments[0].code == "10"


def test_everyday_traditional_characters_are_read() -> None:
    # 響 (响) and 處 (处) are read as their simplified forms: the jaw-joint click routes to 口腔科
    assert _top("張嘴的時候耳朵前面會喀喀響")[0] == "12"
