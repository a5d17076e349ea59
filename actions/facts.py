"""Read interview answers: duration, age, sex, pregnancy, severity, "不知道", "没有".

``parse_facts`` first uses the triage core's own parsers (``preconsult.triage.quantities`` and
``preconsult.triage.demographics``, the same ones the engine applies to free text); the readers
here add what only makes sense as the answer to a question: a bare "35" to "how old?", "女" to "male or female?", "是"/"否"/"不确定"
to the pregnancy question, "7分" to "how bad?". Language parsing only, no medical knowledge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from preconsult.triage.demographics import parse_demographics
from preconsult.triage.quantities import parse_duration as core_duration
from preconsult.triage.quantities import parse_severity as core_severity
from preconsult.triage.text import normalize

__all__ = [
    "Facts",
    "is_correction",
    "is_dont_know",
    "is_no",
    "is_yes",
    "parse_age",
    "parse_duration",
    "parse_facts",
    "parse_number",
    "parse_pregnant",
    "parse_severity",
    "parse_sex",
]

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}  # fmt: skip
_EN_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
               "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
               "couple of": 2, "few": 3, "several": 3}  # fmt: skip
_CN_NUM = r"[零一二两俩三四五六七八九十百]+"
_NUM = rf"(\d+(?:\.\d+)?|{_CN_NUM}|半|几|十几|[一二两三四五六七八九]十几)"


def parse_number(token: str) -> float | None:
    """'3' → 3, '三十五' → 35, '十二' → 12, '两' → 2, '半' → 0.5, '三十几' → 30."""
    token = token.strip()
    if not token:
        return None
    try:
        return float(token)
    except ValueError:
        pass
    if token == "半":
        return 0.5
    token = token.rstrip("几多来")
    if not token:
        return None
    total, current = 0, 0
    for char in token:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return float(total + current)


_UNITS_ZH = {"分钟": "分钟", "小时": "小时", "钟头": "小时", "天": "天", "日": "天", "周": "周",
             "星期": "周", "礼拜": "周", "个月": "个月", "月": "个月", "年": "年"}  # fmt: skip
_DURATION_ZH = re.compile(
    rf"{_NUM}\s*(?:多|来)?\s*(?:个)?\s*(?:多|半)?\s*(分钟|小时|钟头|天|日|星期|礼拜|周|个月|月|年)(?:多|半)?(?!大|的宝宝|的孩子)"
)
_RELATIVE_ZH = (
    ("刚刚", "刚刚"), ("刚才", "刚刚"), ("今天早上", "今天早上"), ("今早", "今天早上"),
    ("今天", "今天"), ("昨晚", "昨天晚上"), ("昨天晚上", "昨天晚上"), ("昨天", "1天"),
    ("前天", "2天"), ("大前天", "3天"), ("上周", "1周"), ("上个星期", "1周"), ("上礼拜", "1周"),
    ("上个月", "1个月"), ("去年", "1年"), ("半天", "半天"), ("一整天", "1天"), ("好久", "很久"),
    ("好几年", "数年"), ("很多年", "数年"), ("几年", "数年"), ("最近", "最近"), ("这几天", "几天"),
)  # fmt: skip
_DURATION_EN = re.compile(
    r"\b(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"couple of|few|several)\s+(minute|hour|day|week|month|year)s?\b(?!\s+old)",
    re.IGNORECASE,
)
_RELATIVE_EN = (
    ("since yesterday", "1天"), ("yesterday", "1天"), ("last night", "昨天晚上"),
    ("this morning", "今天早上"), ("today", "今天"), ("just now", "刚刚"), ("last week", "1周"),
    ("last month", "1个月"), ("last year", "1年"),
)  # fmt: skip
_EN_UNITS = {"minute": "分钟", "hour": "小时", "day": "天", "week": "周", "month": "个月",
             "year": "年"}  # fmt: skip


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def parse_duration(text: str) -> str | None:
    """How long the problem has lasted, normalised to zh-CN ('3天', '2小时', '半个月')."""
    for match in _DURATION_ZH.finditer(text):
        number, unit = match.group(1), _UNITS_ZH[match.group(2)]
        if re.search(r"(岁|孕)$", text[: match.start()]):
            continue
        if number in ("半",):
            return f"半{'个月' if unit == '个月' else unit}"
        if number.startswith("几") or number.endswith("几"):
            return f"{number}{unit}"
        value = parse_number(number)
        if value is not None:
            return f"{_fmt(value)}{unit}"
    lowered = text.lower()
    english = _DURATION_EN.search(lowered)
    if english:
        value = _EN_NUMBERS.get(english.group(1)) or parse_number(english.group(1))
        if value is not None:
            return f"{_fmt(value)}{_EN_UNITS[english.group(2)]}"
    for needle, value_text in _RELATIVE_ZH:
        if needle in text:
            return value_text
    for needle, value_text in _RELATIVE_EN:
        if needle in lowered:
            return value_text
    return None


_AGE_ZH = re.compile(rf"{_NUM}\s*(?:多|来)?\s*(岁|周岁|个月大|个多月大|月大|个月的|天大|周大)")
_AGE_EN = re.compile(
    r"\b(\d+(?:\.\d+)?)[\s-]*(years?|yrs?|months?|weeks?|days?)[\s-]*old\b|\baged?\s+(\d+)\b|"
    r"\b(\d+)\s*(?:yo|y/o)\b",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(rf"^\s*(?:今年|大概|大约|约|差不多)?\s*{_NUM}\s*(?:多|左右|来)?\s*$")


def parse_age(text: str, asked: bool = False) -> float | None:
    """Age in years (months and days as fractions); a bare number counts only when asked."""
    match = _AGE_ZH.search(text)
    if match:
        value = parse_number(match.group(1))
        unit = match.group(2)
        if value is not None:
            if "月" in unit:
                return round(value / 12, 3)
            if unit.startswith("天"):
                return round(value / 365, 3)
            if unit.startswith("周"):
                return round(value * 7 / 365, 3)
            return value
    english = _AGE_EN.search(text)
    if english:
        match = english
        if match.group(1):
            value = float(match.group(1))
            unit = match.group(2).lower()
            if unit.startswith("month"):
                return round(value / 12, 3)
            if unit.startswith("week"):
                return round(value * 7 / 365, 3)
            if unit.startswith("day"):
                return round(value / 365, 3)
            return value
        return float(match.group(3) or match.group(4))
    if asked:
        bare = _BARE_NUMBER.match(text.replace("岁", ""))
        if bare:
            value = parse_number(bare.group(1))
            if value is not None and 0 <= value <= 120:
                return value
    return None


_MALE_ZH = ("男性", "男的", "男孩", "男生", "男宝", "儿子", "老公", "丈夫", "爸爸", "父亲", "爷爷",
            "外公", "姥爷", "先生", "小伙")  # fmt: skip
_FEMALE_ZH = ("女性", "女的", "女孩", "女生", "女宝", "女儿", "闺女", "老婆", "妻子", "媳妇", "妈妈",
              "母亲", "奶奶", "外婆", "姥姥", "孕妇", "小姑娘")  # fmt: skip
_MALE_EN = re.compile(r"\b(male|man|boy|son|husband|father|dad|grandfather|he|him)\b", re.I)
_FEMALE_EN = re.compile(
    r"\b(female|woman|girl|daughter|wife|mother|mom|mum|grandmother|she|her|pregnant)\b", re.I
)


def parse_sex(text: str, asked: bool = False) -> str | None:
    """'male' / 'female' when the text says so unambiguously; '男'/'女' alone only when asked."""
    male = any(w in text for w in _MALE_ZH) or bool(_MALE_EN.search(text))
    female = any(w in text for w in _FEMALE_ZH) or bool(_FEMALE_EN.search(text))
    if asked and not (male or female):
        male, female = "男" in text, "女" in text
    if male and not female:
        return "male"
    if female and not male:
        return "female"
    return None


_NOT_PREGNANT = re.compile(
    r"(没|没有|未|不是|不可能|不会)\s*(怀孕|怀上|孕)|not\s+pregnant|no[t]? pregnan", re.I
)
_PREGNANT = re.compile(
    r"怀孕|怀上|怀了|有孕|孕妇|孕\s*\d+|孕[一二三四五六七八九十]+|pregnant|expecting", re.I
)


def parse_pregnant(text: str, asked: bool = False) -> str | None:
    """'yes' / 'no' / 'unknown' for the pregnancy question."""
    if _NOT_PREGNANT.search(text):
        return "no"
    if asked and is_dont_know(text):
        return "unknown"
    if asked and re.search(r"可能|也许|说不定|不确定|maybe|possibly|not sure", text, re.I):
        return "unknown"
    if _PREGNANT.search(text):
        return "yes"
    if asked:
        if is_no(text):
            return "no"
        if is_yes(text):
            return "yes"
    return None


_SEVERE = re.compile(
    r"受不了|剧烈|剧痛|非常|特别|很厉害|厉害得|严重|要命|要死|撕裂|刀割|最痛|疼得不行|痛得不行|"
    r"severe|terrible|unbearable|excruciating|worst|very bad|really bad",
    re.I,
)
_MODERATE = re.compile(r"比较|挺|中等|一般般|还行吧|能忍|moderate|quite|pretty bad", re.I)
_MILD = re.compile(
    r"轻微|轻度|一点|有点|不太|不怎么|还好|不严重|mild|slight|a little|a bit|not bad", re.I
)
_SCORE = re.compile(r"(\d{1,2})\s*(?:分|/\s*10|out of 10)")


def parse_severity(text: str, asked: bool = False) -> str | None:
    """'mild' / 'moderate' / 'severe'; mild and moderate words count only when asked."""
    score = _SCORE.search(text)
    if score and 0 <= int(score.group(1)) <= 10:
        value = int(score.group(1))
        return "severe" if value >= 7 else "moderate" if value >= 4 else "mild"
    if _SEVERE.search(text):
        return "severe"
    if asked and _MODERATE.search(text):
        return "moderate"
    if asked and _MILD.search(text):
        return "mild"
    return None


_DONT_KNOW = re.compile(
    r"不知道|不清楚|不确定|说不清|说不好|不好说|记不清|不记得|忘了|没注意|不太清楚|不晓得|"
    r"don'?t know|do not know|not sure|no idea|unsure|can'?t remember|dunno|idk",
    re.I,
)
_NO = re.compile(
    r"^(没有|没|无|不是|不|否|没了|没别的|没其他|都没有|没有了|没有别的|没啥|木有|冇|no|nope|none|"
    r"nothing( else)?|not really)[。.!！,，\s]*$|^(没有|没|都没|不是|不)(?!对|过)",
    re.I,
)
_YES = re.compile(r"^(是|是的|对|对的|嗯|有(?!点)|有的|怀了|yes|yeah|yep|yup|right|correct)", re.I)


_CORRECTION = re.compile(
    r"不对|说错|更正|纠正|搞错|弄错|应该是|其实是|actually|correction|i meant|sorry,? it'?s", re.I
)


def is_correction(text: str) -> bool:
    """'不对，是三天' / 'actually it's 3 days': the patient corrects an earlier answer."""
    return bool(_CORRECTION.search(text))


def is_dont_know(text: str) -> bool:
    return bool(_DONT_KNOW.search(text))


def is_no(text: str) -> bool:
    return bool(_NO.search(text.strip()))


def is_yes(text: str) -> bool:
    return bool(_YES.search(text.strip()))


@dataclass(frozen=True)
class Facts:
    """Everything one message says about the interview slots (None when not said)."""

    onset: str | None = None
    age: float | None = None
    sex: str | None = None
    pregnant: str | None = None
    severity: str | None = None
    gestation: str | None = None


def _core_facts(text: str) -> Facts:
    """What the triage core's parsers read in ``text``."""
    normalized = normalize(text)
    duration = core_duration(normalized)
    demo = parse_demographics(normalized)
    weeks = demo.gestation_weeks
    counted = duration is not None and bool(re.search(rf"\d|{_CN_NUM}|半|几", duration.text))
    return Facts(
        # relative words ("突然", "刚才") are left to parse_duration, which keeps them as said
        onset=duration.render("zh-CN") if duration and counted else None,
        age=demo.age,
        sex=demo.sex,
        pregnant={True: "yes", False: "no"}.get(demo.pregnant)
        if demo.pregnant is not None
        else None,
        severity=core_severity(normalized),
        gestation=f"孕{weeks:g}周" if weeks else None,
    )


def parse_facts(text: str, asked: str | None = None) -> Facts:
    """Parse one message; ``asked`` is the slot the bot just asked for (loosens the rules)."""
    core = _core_facts(text)
    age = core.age if core.age is not None else parse_age(text, asked=asked == "age")
    onset = core.onset or parse_duration(text)
    if asked == "age" and age is not None and core.onset is None:
        onset = None  # "8个月" answering "how old?" is an age, not a duration
    pregnant = parse_pregnant(text, asked=asked == "pregnant")  # knows "没怀孕" / "不确定"
    return Facts(
        onset=onset,
        age=age,
        sex=core.sex or parse_sex(text, asked=asked == "sex"),
        pregnant=pregnant or core.pregnant,
        severity=parse_severity(text, asked=asked == "severity") or core.severity,
        gestation=core.gestation,
    )
