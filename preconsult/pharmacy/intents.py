"""What a medication question asks: question types, a child's age, and handoff signals.

Keyword patterns cover zh-CN, zh-TW and English phrasing. They describe language, not medicine:
which facts answer a question type is decided by the label entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from preconsult.pharmacy.matcher import normalize

__all__ = ["CONDITIONS", "Question", "QuestionType", "parse_question"]

QuestionType = Literal[
    "indication",
    "usage",
    "duration",
    "pregnancy",
    "lactation",
    "child",
    "side_effects",
    "contraindications",
    "interaction",
    "alcohol",
    "driving",
    "elderly",
    "liver",
    "kidney",
    "storage",
    "ingredients",
    "condition",
    "recommend",
    "pharmacist",
]

_P: dict[QuestionType, str] = {
    "pregnancy": r"怀孕|懷孕|孕妇|孕婦|孕期|备孕|備孕|妊娠|有身孕|pregnan",
    "lactation": r"哺乳|喂奶|餵奶|母乳|喂母乳|奶水|breast ?feed|breast-?feed|nursing|lactat",
    "child": r"孩子|儿童|兒童|小孩|宝宝|寶寶|婴儿|嬰兒|幼儿|幼兒|新生儿|新生兒|早产儿|babies|newborn|小朋友|儿子|兒子|女儿|女兒|娃|\bchild|\bkids?\b|\bbaby|toddler|infant|\bson\b|daughter|year[- ]old|month[- ]old",
    "interaction": r"一起吃|一起服|一起用|同时吃|同時吃|同时服|同時服|同时用|同時用|同服|合用|一块吃|一塊吃|搭配|混着吃|混著吃|配着吃|配著吃|间隔|間隔|冲突|衝突|相互作用|together|at the same time|combine|interact|mix",
    "side_effects": r"副作用|会引起|會引起|会导致|會導致|会不会引起|\bcause|正常吗|正常嗎|is (?:it|this) normal|犯困|嗜睡|会困|會睏|drowsy|sleepy|不良反应|不良反應|有什么反应|有什麼反應|伤胃|傷胃|伤肝|傷肝|side[- ]effects?|adverse",
    "contraindications": r"禁忌|禁用|什么人不能|什麼人不能|哪些人不能|谁不能|誰不能|不适合|不適合|contraindicat|who should not|who can'?t",
    "usage": r"怎么吃|怎麼吃|怎么服|怎麼服|怎么用|怎麼用|用法|用量|剂量|劑量|吃几|吃幾|吃多少|一次几|一次幾|一次吃|一天几|一天幾|一日几|几次|幾次|几粒|幾粒|几片|幾片|几袋|幾袋|多少毫升|多少ml|饭前|飯前|饭后|飯後|空腹|早上吃|晚上吃|什么时候吃|什麼時候吃|睡前吃|when (?:should|do) i take|how much|how many|how often|how (?:do|should) i (?:take|use)|how to (?:take|use)|\bdose|dosage",
    "duration": r"吃几天|吃幾天|用几天|用幾天|能吃多久|可以吃多久|连续吃|連續吃|连续用|連續用|吃多久|how long|how many days",
    "indication": r"治什么|治什麼|干什么的|幹什麼的|什么用|什麼用|作用|功效|适应症|適應症|主治|管什么|管什麼|能治|可以治|治不治|有用吗|有用嗎|有效吗|有效嗎|what is .* for|what'?s .* for|used for|what does .* do|\btreat",
    "alcohol": r"喝酒|饮酒|飲酒|喝了酒|酒后|酒後|喝啤酒|和酒|跟酒|与酒|與酒|白酒|红酒|紅酒|啤酒|酒精|alcohol|\bbeer|\bwine|drinking",
    "driving": r"开车|開車|驾驶|駕駛|司机|司機|\bdriv",
    "elderly": r"老人|老年|老人家|爷爷|爺爺|奶奶|外公|外婆|\belderly|\bold(?:er)? (?:people|person|man|woman)|grandp|grandm",
    "liver": r"肝|liver",
    "kidney": r"肾|腎|kidney|renal",
    "storage": r"放多久|能放|保质期|保質期|保存|储存|儲存|存放|放冰箱|冷藏|过期|過期|\bstore|storage|fridge",
    "ingredients": r"含[^，。？?,]{1,10}[吗嗎]|成分|what'?s in|what is in|含有|含不含|含什么|含什麼|ingredient|contain",
    "recommend": r"吃什么药|吃什麼藥|用什么药|用什麼藥|买什么药|買什麼藥|有什么药|有什麼藥|推荐.*药|推薦.*藥|什么药好|什麼藥好|哪种药|哪種藥|哪个药|哪個藥|应该吃点什么|該吃點什麼|吃点什么药|吃點什麼藥|what (?:can|should) i (?:take|use)|which (?:medicine|medication|drug)|recommend|anything for|something for|over[- ]the[- ]counter for",
    "pharmacist": r"药师|藥師|药剂师|藥劑師|店员|店員|工作人员|工作人員|转人工|轉人工|人工服务|人工服務|找人工|叫人工|叫个人工|找个人工|真人|pharmacist|talk to (?:a )?(?:person|human|someone)|staff",
}

_DOSE_CHANGE = re.compile(
    r"双倍|雙倍|加倍|两倍|兩倍|多吃点|多吃點|多吃一|加量|加大剂量|加大劑量|减量|減量|减半|減半|吃两次的量|一次吃两次|"
    r"吃.{0,3}[三四五六七八九十]片|一天吃[五六七八九十]次|一次吃[两兩二三四五][片粒袋颗顆]|停药|停藥|自己停|不吃了行|能不能停|可以停|"
    r"不管用|不见效|不見效|没效果|沒效果|不起作用|漏服|漏吃|忘记吃|忘記吃|忘了吃|忘吃|missed (?:a|my) dose|forgot to take|"
    r"交替|轮流吃|輪流吃|alternat|再吃一[片粒袋]|要停|该停|該停|停吗|停嗎|停掉|"
    r"掰开|掰開|掰成|碾碎|压碎|壓碎|磨成粉|\bsplit|\bcrush|cut (?:it|them|the \w+) in half|twice as much|two times|take more|doesn'?t work|didn'?t work|not working|"
    r"double|twice the dose|extra dose|more than the|higher dose|increase the dose|reduce the dose|lower dose|half the dose|stop taking"
)
_NO_RX = re.compile(
    r"没有处方|沒有處方|没处方|沒處方|不要处方|不要處方|无处方|無處方|不用处方|不用處方|不开处方|不開處方|自己买|自己買|"
    r"without (?:a )?prescription|no prescription|don'?t have a prescription|over the counter"
)
_OFF_LABEL = re.compile(
    r"减肥|減肥|瘦身|美白|祛斑|助眠|睡不着|睡不著|失眠|安眠|提神|壮阳|壯陽|增高|长高|長高|预防性吃|預防性吃|天天吃预防|"
    r"lose weight|weight loss|whiten|to sleep|help me sleep|for sleep|insomnia|sleep aid|get high|"
    r"给狗|给猫|給狗|給貓|宠物|寵物|解酒|醒酒|宿醉|hangover|\bdogs?\b|\bcats?\b|\bpets?\b"
)
_PERSISTING = re.compile(
    r"还(?:在|是)?(?:发烧|發燒|发热|疼|痛|咳|不好|没好|不退)|還(?:在|是)?(?:發燒|疼|痛|咳|不好|沒好|不退)|"
    r"不见好|不見好|没好转|沒好轉|继续吃|繼續吃|能继续|一直吃|长期吃|長期吃|吃了.{1,3}天还|"
    r"还是\d+(?:\.\d)?度|还有\d+(?:\.\d)?度|还烧|仍然|没退烧|烧没退|还没退|"
    r"still (?:have|has|got)|not getting better|keep taking|long[- ]term"
)
_OVERDOSE = re.compile(
    r"吃错|吃錯|误服|誤服|误食|誤食|误吃|誤吃|偷吃|吃了一整|[喝吃]了.{0,3}[瓶盒板]|[半一整大]+[瓶盒板].{0,8}[喝吃]了|"
    r"(?:吃多了|过量|過量|多吃了).{0,12}(?:怎么办|怎麼辦|咋办|要紧|要緊|有事|危险|危險|中毒|急)|"
    r"overdose|took too many|too much|by mistake|by accident|accidentally|swallowed"
)
_PURCHASE = re.compile(
    r"拿点|拿些|买点|买些|来点|来一盒|给我拿|我要买|想买|can i (?:get|buy) some|i want to buy"
)
# "能治脱发吗": the use asked about, to compare with the label's indications
_USE_OBJECT = re.compile(
    r"(?:能治|可以治|治疗|能不能治|治不治|管不管|能用于|可以用于|用来治)([\u4e00-\u9fff]{2,8}?)(?:的病)?(?:吗|嗎|么|麼|不|呢|？|\?|$)"
)
_PREVENT = re.compile(r"预防|預防|\bprevent")
# conditions customers name ("有胃溃疡能吃吗") -> the word the label uses
CONDITIONS: dict[str, tuple[str, ...]] = {
    "溃疡": ("溃疡", "潰瘍", "ulcer"),
    "高血压": ("高血压", "高血壓", "血压高", "high blood pressure", "hypertension"),
    "糖尿病": ("糖尿病", "血糖高", "diabet"),
    "哮喘": ("哮喘", "asthma"),
    "青光眼": ("青光眼", "glaucoma"),
    "前列腺": ("前列腺", "prostat"),
    "心脏病": ("心脏病", "心臟病", "冠心病", "heart disease"),
    "甲状腺": ("甲亢", "甲状腺", "甲狀腺", "thyroid"),
    "痛风": ("痛风", "痛風", "gout"),
    "过敏": ("过敏体质", "过敏史", "對.{0,4}過敏", "对.{0,4}过敏", "allergic to"),
    "肾结石": ("肾结石", "腎結石", "kidney stone"),
    "癫痫": ("癫痫", "癲癇", "epilep"),
    "感冒": ("感冒了", "正在感冒", "感冒期间", "感冒的时候", "have a cold"),
    "发热": ("发烧了", "发热了", "在发烧", "have a fever"),
}
_USE_FOR = re.compile(
    r"治|能用于|能用於|可以用于|可以用於|用在|用来|用來|管用|有用|能不能用|\bfor\b|\btreat"
)

_CN_NUM = {
    "半": 0.5,
    "一": 1,
    "两": 2,
    "兩": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}
_AGE_YEARS = re.compile(
    r"(\d+(?:\.\d+)?|十[一二]?|[半一两兩二三四五六七八九十])\s*(?:周岁|週歲|岁|歲)(?:半)?"
)
_AGE_MONTHS = re.compile(r"(\d+|[一两兩二三四五六七八九十]{1,2})\s*(?:个|個)月(?:大|的)?")
_EN_AGE = re.compile(r"(\d+(?:\.\d+)?)[- ]?(year|yr|month|week)s?[- ]?old")


@dataclass
class Question:
    """Parsed medication question."""

    text: str
    types: list[QuestionType] = field(default_factory=list)
    age_years: float | None = None
    dose_change: bool = False
    no_prescription: bool = False
    off_label_words: list[str] = field(default_factory=list)
    use_for: bool = False
    persisting: bool = False
    overdose: bool = False
    prevention: bool = False
    conditions: list[str] = field(default_factory=list)
    purchase: bool = False
    use_object: str | None = None

    def has(self, kind: QuestionType) -> bool:
        return kind in self.types


def _cn_number(token: str) -> float | None:
    if token in _CN_NUM:
        return float(_CN_NUM[token])
    try:
        return float(token)
    except ValueError:
        return None


def _age(text: str) -> float | None:
    match = _EN_AGE.search(text)
    if match:
        value = float(match.group(1))
        unit = match.group(2)
        return value if unit in ("year", "yr") else value / 12 if unit == "month" else value / 52
    match = _AGE_MONTHS.search(text)
    if match and re.search(_P["child"], text) and not re.search(_P["pregnancy"], text):
        months = _cn_number(match.group(1))
        if months is not None:
            return months / 12
    match = _AGE_YEARS.search(text)
    if match:
        years = _cn_number(match.group(1))
        if years is not None:
            return years + (0.5 if match.group(0).endswith("半") else 0)
    return None


def parse_question(text: str) -> Question:
    """Classify ``text`` into question types and handoff signals."""
    norm = normalize(text)
    question = Question(text=text)
    for kind, pattern in _P.items():
        if re.search(pattern, norm):
            question.types.append(kind)
    question.age_years = _age(norm)
    if question.age_years is not None and question.age_years < 14 and not question.has("child"):
        question.types.append("child")
    if question.has("duration") and question.has("usage"):
        question.types.remove("usage")
    question.dose_change = bool(_DOSE_CHANGE.search(norm))
    question.no_prescription = bool(_NO_RX.search(norm))
    question.off_label_words = _OFF_LABEL.findall(norm)
    question.use_for = bool(_USE_FOR.search(norm))
    question.persisting = bool(_PERSISTING.search(norm))
    question.overdose = bool(_OVERDOSE.search(norm))
    question.prevention = bool(_PREVENT.search(norm))
    question.purchase = bool(_PURCHASE.search(norm))
    found = _USE_OBJECT.search(norm)
    question.use_object = found.group(1) if found else None
    question.conditions = [
        label for label, words in CONDITIONS.items() if any(re.search(w, norm) for w in words)
    ]
    if question.conditions:
        question.types.append("condition")
    return question
