"""Language cues used by the extractor: negation, uncertainty, severity, clause breaks, numerals.

These are facts about how Chinese and English speakers phrase things, not medical facts.
"""

from __future__ import annotations

import re

__all__ = [
    "ACUTE_RE",
    "CLAUSE_BREAK_RE",
    "GUARD_WORDS",
    "LIST_GAP_RE",
    "NEGATION_CUES",
    "OPERATION_HISTORY_RE",
    "PAST_CUES",
    "POST_HISTORY_RE",
    "POST_NEGATION_RE",
    "SOURCE_AFTER_RE",
    "SEVERITY_MILD",
    "SEVERITY_SEVERE",
    "UNCERTAINTY_CUES",
    "asks_about_medicine",
    "asks_about_surgery",
    "cn_number",
]

# Words that start with a negation character but do not negate what follows.
GUARD_WORDS: tuple[str, ...] = (
    "不舒服", "不对劲", "不正常", "不规律", "不规则", "不适", "不清", "不停", "不止", "不断",
    "不退", "不好", "不了", "不行", "不能", "不住", "不下", "不起", "不动", "不出", "不来",
    "不小心", "不得了", "不少", "不久", "不到", "不管", "不光", "不仅", "不但", "不然",
    "不见好", "不见效", "不消", "不散", "不畅", "不通", "不全", "不均", "不良", "不足",
    "不稳", "不准", "不灵", "不利索", "不听使唤", "不由自主", "不自主", "不一样", "不同",
    "睡不着", "吃不下", "喘不上", "受不了", "止不住", "忍不住", "控制不住", "憋不住", "站不稳",
    "看不清", "听不清", "说不出", "抬不起", "直不起", "咽不下", "解不出", "尿不出",
    "没胃口", "没食欲", "没力气", "没劲", "没精神", "没感觉", "没知觉", "没反应", "没意识",
    "没呼吸", "没气", "没办法", "没法", "没事", "没多久", "没几天", "没想到", "没睡好",
    "没来", "没完", "没过", "没用", "没效果",
    "无力", "无法", "无缘无故", "无论", "无意", "无明显诱因", "无诱因", "无故",
    "未愈", "未好", "未见好", "无痛", "慢性病", "慢性疾病",
    "not sure", "no idea", "not able", "cannot", "can't", "unable", "fall asleep", "falling asleep",
    "seizure free", "seizure-free", "pain free", "pain-free", "symptom free", "symptom-free",
)  # fmt: skip

NEGATION_CUES: tuple[str, ...] = (
    "不", "没", "没有", "无", "否认", "未", "未见", "不是", "并不", "并没有", "并无", "也不",
    "也没", "也没有", "从不", "从没", "从来没有", "毫无", "排除", "不伴", "不伴有",
    "no", "not", "denies", "deny", "denied", "without", "never", "don't have", "doesn't have",
    "haven't had", "hasn't had", "didn't have", "no signs of", "negative for", "free of",
)  # fmt: skip

UNCERTAINTY_CUES: tuple[str, ...] = (
    "好像", "可能", "似乎", "也许", "大概", "有点", "有些", "有一点", "有点儿", "一点点", "怀疑",
    "疑似", "不确定", "不知道", "说不清", "不清楚", "不太确定", "是不是", "会不会", "貌似",
    "感觉像", "像是", "偶尔", "隐约", "不太", "不是很", "不算太", "不算很", "不算",
    "maybe", "might", "possibly", "perhaps", "kind of", "sort of", "a bit", "a little",
    "not sure", "i think", "probably", "slight", "slightly",
)  # fmt: skip

# The clause speaks about the past ("以前想过自杀", "前年出过车祸"): mentions after it are history,
# not the current complaint (or not about the patient), so they do not fire red flags.
PAST_CUES: tuple[str, ...] = (
    "以前", "曾经", "前年", "去年", "小时候", "几年前", "多年前", "年前", "过去", "早年", "既往",
    "得过", "患过", "家族史", "那次", "那回", "那一次", "想起", "回想起", "梦到",
    "used to", "years ago", "last year", "in the past", "history of", "previously",
    # not about the patient at all
    "电影里", "电视剧里", "小说里", "剧里", "新闻里", "in a movie", "in the movie", "on tv",
)  # fmt: skip

# A mention followed by these is history, not the current complaint ("抽搐病史", "过敏性休克史",
# "中风后遗症", "带状疱疹好了以后"; "history of seizures" is a PAST_CUE).
POST_HISTORY_RE = re.compile(
    r"(的)?(病史|既往史|史(?!上)|后遗症)"
    r"|(已经)?(好了|治好了|痊愈了?|消退了|结痂了)(?!一点|一些|些|点|吗|么|没|不|很多|多了|大半)"
    # English tells the time after the event ("had a febrile seizure two years ago"), but not
    # "chest pain since my bypass years ago" or "...again now"
    r"|(?:(?!\b(since|now|today|again|still)\b)[^.,;!?，。；！？]){0,40}?"
    r"\b(years? ago|last year|as a (baby|child|kid|toddler))\b"
    r"(?![^.;!?。；！？]*\b(again|another|now|today|tonight)\b)"
)

# An operation told as done before ("06年做过一次包皮手术", "做过阑尾切除", "2015年做了甲状腺癌根治术"):
# what was operated on is history and no question about an operation today. A dated operation
# needs the year (19xx/20xx or two digits: "06年", "97年"); "做过/动过" say it happened before.
_OP_WORD = r"(手术|开刀|(?<![技学])术(?![后前中])|切除|切掉|割掉|摘除|摘掉)(的?手术)?"
OPERATION_HISTORY_RE = re.compile(
    r"(做过|动过|开过|切过|割过|摘过)[^，,。;；?？]{0,14}?"
    + _OP_WORD
    + r"|(?<!\d)((19|20)\d{2}|\d{2})\s*年[^，,。;；?？]{0,8}?(做了|动了|做的|开了|做|动)[^，,。;；?？]{0,14}?"
    + _OP_WORD
)
# "这手术", "那次手术": the operation already told, not a new one
_OPERATION_BACK_REF = re.compile(r"(这|那)(个|次|回|种)?\s*$")

# A test named as the source of a finding ("胃镜说食管有个东西", "肠镜提示息肉") tells where the
# finding came from, not where to go: it routes only when nothing else does.
SOURCE_AFTER_RE = re.compile(
    r"(检查|结果|报告|的结果|单子|片子)?\s*(说|提示|显示|发现|查出|报告说|看到|示)(?!明|不出|不清)"
    r"|\s*(showed|shows|found|revealed)\b"
)

# The message says something is happening now: a red flag's ``unless`` context never silences it.
ACUTE_RE = re.compile(
    r"突然|忽然|突发|一下子|刚才|刚刚|刚刚才|正在|还在|现在又|今天又|又(开始|发作|犯|出现|抽|晕|倒)|"
    r"今天|今早|今晚|昨晚|昨天|早上起来|睡醒|醒来|半小时|小时前|分钟前|越来越|加重|不停|停不下来|"
    r"摔|跌倒|跌了|撞|砸|车祸|扭伤|崴|受伤|外伤|被打|"
    r"\bsudden|\bjust now\b|\bright now\b|\btoday\b|\btonight\b|\bagain\b|\bworse\b"
)

# The patient asks about (or comes back after) an operation: surgical departments weigh more.
SURGERY_RE = re.compile(
    r"手术|開刀|开刀|切除|切掉|割掉|做掉|拿掉|术后|腔镜|微创手术"
    r"|(要不要|需不需要|能不能|该不该|用不用|得)(切|割|开刀)|切不切|割不割"
    r"|\bsurgery\b|\bsurgical\b|\boperation\b|\boperate\b|\bremoved\b|\bresection\b"
)
_NO_SURGERY_BEFORE = re.compile(
    r"(不想|不要|不用|不需要|不愿|不愿意|不做|不敢|不能|避免|害怕|怕|除了)\s*(做|动)?\s*$"
)

_ASKING_BEFORE = re.compile(
    r"(要不要|需不需要|用不用|做不做|能不能|可不可以|该不该)\s*(做|动)?\s*$"
)


def asks_about_surgery(text: str) -> bool:
    """Whether the message asks about an operation ("要做手术吗", "术后复查"), not avoiding one."""
    history = [h.span() for h in OPERATION_HISTORY_RE.finditer(text)]
    for m in SURGERY_RE.finditer(text):
        clause = re.split(r"[，,。;；!！?？\n]", text[: m.start()])[-1]
        if any(cue in clause for cue in PAST_CUES):
            continue  # "十几年前做过脾手术": an old operation, not today's question
        if any(lo <= m.start() < hi for lo, hi in history):
            continue  # "06年做过包皮手术"
        before = text[max(0, m.start() - 6) : m.start()]
        if history and _OPERATION_BACK_REF.search(before):
            continue  # "不知道是不是这手术导致的": the old operation again
        if _ASKING_BEFORE.search(before) or not _NO_SURGERY_BEFORE.search(before):
            return True
    return False


# The patient asks whether a medicine is safe or which to take ("不敢乱吃药", "能吃什么药"): in a
# pregnancy that is the obstetrician's question.
MEDICINE_RE = re.compile(
    r"不敢(乱)?(吃|用|打)(药|针)|(能|可以|敢)(不能)?(吃|用)[^，,。;；!！?？]{0,4}药|吃什么药|用什么药|用药安全"
    r"|\b(safe to take|which medicine|what medicine|can i take)\b"
)


def asks_about_medicine(text: str) -> bool:
    """Whether the message asks which medicine is safe to take."""
    return MEDICINE_RE.search(text) is not None


SEVERITY_SEVERE: tuple[str, ...] = (
    "剧烈", "剧痛", "很疼", "很痛", "特别疼", "特别痛", "非常疼", "非常痛", "受不了", "忍不了",
    "难以忍受", "疼得厉害", "痛得厉害", "疼得要命", "痛得要命", "疼死", "痛死", "打滚", "撕裂",
    "刀割", "刀绞", "最痛", "疼得厉害", "痛得很厉害", "严重", "越来越重", "加重",
    "severe", "unbearable", "worst", "excruciating", "terrible", "intense", "agonizing",
)  # fmt: skip
SEVERITY_MILD: tuple[str, ...] = (
    "有点", "有一点", "一点点", "轻微", "轻度", "隐隐", "稍微", "稍有", "不太", "不是很", "还好",
    "mild", "slight", "slightly", "a bit", "a little",
)  # fmt: skip

# Clause boundaries (negation and uncertainty never cross them).
CLAUSE_BREAK_RE = re.compile(
    r"[，,。;；!！?？\n]|(?<!\d)\.(?!\d)|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])|但是|但|不过|可是|然而|只是|就是|而且|并且|还有(?!点|些|一点)|另外|同时|然后|后来"
    r"|\bbut\b|\bhowever\b|\balthough\b|\bthough\b|\bexcept\b|\band then\b"
)
# What may stand between two listed mentions that share one negation/uncertainty cue.
LIST_GAP_RE = re.compile(
    r"^[\s、,，/和及与或也跟以及或者还都的]*$|^\s*(,|and|or|nor)?\s*(,|and|or|nor)?\s*$"
)
# A mention followed by these, at the end of its clause, is negated ("发烧没有", "fever: no").
POST_NEGATION_RE = re.compile(
    r"^\s*(也|都|倒是|倒)?(没有|没|无|不)(了|啊|呀|的)?\s*$|^\s*:?\s*(no|none|negative)\s*$"
)

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_EN_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
               "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
               "a few": 3, "few": 3, "several": 3, "a couple of": 2, "couple of": 2,
               "half a": 0.5, "half an": 0.5}  # fmt: skip


def cn_number(text: str) -> float | None:
    """'15', '十五', '两', '半', '几', '三十五', '1.5', 'two' -> number; None when not a number."""
    t = text.strip().lower()
    if not t:
        return None
    try:
        return float(t)
    except ValueError:
        pass
    if t in _EN_NUMBERS:
        return float(_EN_NUMBERS[t])
    if t == "半":
        return 0.5
    if t in {"几", "好几", "数"}:
        return 3.0
    if t in {"十几", "十多"}:
        return 12.0
    if t in {"几十"}:
        return 30.0
    total = 0
    current = 0
    seen = False
    for ch in t:
        if ch in _DIGITS:
            current = _DIGITS[ch]
            seen = True
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
            seen = True
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None
