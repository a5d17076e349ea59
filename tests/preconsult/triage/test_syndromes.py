"""Syndromes: findings that together point to a department more strongly than each alone."""

from __future__ import annotations

import pytest

from knowledge.schemas import Syndrome
from preconsult.triage import TriageRequest, get_engine
from preconsult.triage.extract import find_mentions
from preconsult.triage.models import Demographics
from preconsult.triage.syndromes import compile_syndrome, held_syndromes

_NAME = {"zh-CN": "测试组合", "zh-TW": "測試組合", "en": "test combination"}


def _syndrome(**extra: object) -> Syndrome:
    data: dict[str, object] = {
        "id": "test_combo",
        "name": _NAME,
        "guideline": "test",
        "findings": {
            "pain": {"symptoms": ["multiple_joint_pain"]},
            "stiff": {"patterns": ["发僵"]},
            "sym": {"patterns": ["两边都"]},
        },
        "require": ["pain"],
        "at_least": 2,
        "departments": {"03.08": 1},
    }
    data.update(extra)
    return Syndrome.model_validate(data)


def _held(text: str, syndrome: Syndrome, sex: str | None = None) -> list[str]:
    index = get_engine().index
    norm = index.normalize(text)
    found, matches = find_mentions(norm, index.matcher, index.composer)
    present = frozenset(
        f.ref for f in found if f.kind == "symptom" and not f.negated and not f.past
    )
    demo = Demographics(sex=sex)  # type: ignore[arg-type]
    compiled = [compile_syndrome(syndrome, index.t2s)]
    return [h.syndrome.id for h in held_syndromes(compiled, norm, matches, present, demo)]


def test_holds_with_the_required_finding_and_enough_findings() -> None:
    assert _held("好几个关节疼，手发僵", _syndrome()) == ["test_combo"]


def test_needs_the_required_finding() -> None:
    assert _held("手发僵，两边都有", _syndrome()) == []


def test_one_finding_is_not_enough() -> None:
    assert _held("好几个关节疼", _syndrome()) == []


def test_a_negated_or_past_finding_does_not_count() -> None:
    assert _held("好几个关节疼，手没有发僵", _syndrome()) == []
    assert _held("好几个关节疼，以前手发僵", _syndrome()) == []


def test_conditions_must_hold() -> None:
    male_only = _syndrome(conditions={"sex": "male"})
    assert _held("好几个关节疼，手发僵", male_only, sex="female") == []
    assert _held("好几个关节疼，手发僵", male_only, sex="male") == ["test_combo"]


def _top(text: str, **facts: object) -> list[str]:
    result = get_engine().assess(TriageRequest(text=text, **facts), canonical=True)  # type: ignore[arg-type]
    return [d.code for d in result.departments]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # rheumatology: several joints with a raised inflammation marker
        ("脚趾关节和手腕关节都疼，抽血血沉快", "03.08"),
        # inflammatory back pain: night pain, better when moving
        ("下腰疼了大半年，后半夜经常疼醒，起床走动走动反而舒服些", "03.08"),
        # lupus-like: facial rash + sun + mouth ulcers
        ("脸颊上起了红斑，一晒太阳就更红，嘴里还反复长溃疡", "03.08"),
        # pain clinic: pain for months, painkillers no longer help
        ("颈肩疼了一年多，贴膏药、做推拿都没用，疼得晚上睡不好", "27"),
        # geriatrics: old age + many diseases + many medicines + forgetting
        ("我奶奶80多岁了，一身病，吃的药一大把，最近老忘事", "03.10"),
        ("外婆91岁，这阵子老是糊涂，白天睡晚上闹", "03.10"),
        # a thyroid lump for a needle biopsy -> thyroid surgery
        ("甲状腺上长了个肿块，医生说要做细针穿刺", "04.01.04"),
        # pain after months of failed treatment, asking for a procedure -> pain clinic
        ("三叉神经痛两年了，吃药效果越来越差，想做射频", "27"),
        # growing lung nodule -> thoracic surgery
        ("复查CT肺上的磨玻璃结节比去年长大了，是实性的", "04.05"),
        # palmar sweating asking for an operation -> thoracic surgery
        ("手心出汗特别多，听说可以做微创手术断根", "04.05"),
        # perineal ache + urinary symptoms + worse sitting -> andrology (prostatitis picture)
        ("尿频尿急，会阴部胀痛，坐久了更明显", "04.04.01"),
        # proximal weakness with muscle pain; hard skin with Raynaud's -> rheumatology
        ("全身肌肉酸痛无力，抬胳膊梳头都困难", "03.08"),
        ("皮肤变硬变紧，手指伸不直，遇冷发白", "03.08"),
        # an operation wished for a chest tumour or an overactive thyroid -> the surgeons
        ("肺癌早期，做胸腔镜手术好还是放疗好", "04.05"),
        ("甲亢好几年了，想做手术", "04.01.04"),
        # months of pain that treatment did not help, or declining an operation -> pain clinic
        ("坐骨神经痛好几个月了，吃药不见好，晚上疼得睡不好", "27"),
        ("腰椎间盘突出，腿疼了半年，不想做手术，有没有微创的办法", "27"),
        ("浑身到处疼了一年多，医院查了都正常", "27"),
        # ... in traditional characters (手術, 實性 are normalised like 手术, 实性)
        ("手汗很嚴重，想做手術", "04.05"),
        ("肺部磨玻璃結節是實性的，要不要手術", "04.05"),
        # the same combinations told in English
        ("my back hurts at night and gets better when I move", "03.08"),
        ("chronic neck pain for 3 years, painkillers no longer help", "27"),
        ("my 84-year-old grandmother keeps falling and takes eight different medicines", "03.10"),
        ("sweaty palms all the time, thinking about surgery", "04.05"),
        ("aching testicles after sitting long, and I have to pee often", "04.04.01"),
        ("尿道口冒黄脓，解小便刺痛", "13.02"),  # urethral pus with dysuria: a venereology picture
        ("always cold and tired, and my hair keeps falling out", "03.07"),  # underactive thyroid
        ("老是流鼻血，刷牙牙龈也出血", "03.05"),  # bleeding from two places: blood count first
        ("脚踝骨折，拆了石膏以后脚踝弯不了", "21"),  # stiff after the cast: rehabilitation
    ],
)
def test_combinations_route_to_their_department(text: str, code: str) -> None:
    assert _top(text)[0] == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("膝盖疼，爬楼梯更明显", "04.03"),  # one joint, nothing more: still orthopaedics
        ("甲状腺结节，甲功正常", "04.01.04"),  # a plain nodule keeps its usual routing
        ("体检发现肺上有个小结节", "03.01"),  # a small nodule is followed by the chest physician
        ("肺癌做完手术了，医生说下一步化疗", "19"),  # an operation done: chemotherapy is next
        ("甲亢吃药好还是碘131好还是手术好", "03.07"),  # surgery named among the options
        ("胃疼好几个月了，吃药也没用", "03.02"),  # a chronic organ complaint stays with the organ
    ],
)
def test_a_single_finding_keeps_its_usual_routing(text: str, code: str) -> None:
    assert _top(text)[0] == code


def test_a_syndrome_routes_instead_of_the_symptoms_it_used() -> None:
    result = get_engine().assess(
        TriageRequest(text="脸上起了红斑，一晒太阳就更红，关节疼，还掉头发"), canonical=True
    )
    assert result.departments[0].code == "03.08"
    assert any("狼疮" in r for r in result.departments[0].reasons)
    # 掉头发 (a skin disease alone) is explained by the syndrome: it does not route to 皮肤科 itself
    assert all("掉头发" not in r for d in result.departments for r in d.reasons)


def test_a_syndrome_that_does_not_explain_keeps_the_site_for_the_fallback() -> None:
    # no 疼痛科 in the default profile: chronic back pain falls back to 骨科, where the pain is
    result = get_engine().assess(TriageRequest(text="腰疼三年了，吃止痛药也没用，疼得睡不着"))
    assert result.departments[0].code == "04.03"
    canonical = get_engine().assess(
        TriageRequest(text="腰疼三年了，吃止痛药也没用，疼得睡不着"), canonical=True
    )
    assert canonical.departments[0].code == "27"


def test_diseases_named_inside_a_syndrome_regex_route_through_the_syndrome() -> None:
    # "高血压冠心病和骨质疏松" is the many-diseases finding of the geriatric syndrome: the three
    # diseases no longer send a 71-year-old with failing memory to cardiology on their own
    text = "记性越来越差，同一件事问好几遍，还有高血压冠心病和骨质疏松，想找个科全面管起来"
    result = get_engine().assess(TriageRequest(text=text, age=71), canonical=True)
    assert result.departments[0].code == "03.10"


def test_a_held_syndrome_keeps_where_its_regexes_matched() -> None:
    index = get_engine().index
    norm = index.normalize("好几个关节疼，手发僵")
    found, matches = find_mentions(norm, index.matcher, index.composer)
    present = frozenset(f.ref for f in found if f.kind == "symptom")
    compiled = [compile_syndrome(_syndrome(), index.t2s)]
    (held,) = held_syndromes(compiled, norm, matches, present, Demographics())
    assert [norm[a:b] for a, b in held.spans] == ["发僵"]
