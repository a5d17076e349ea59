"""Numbers patients state: how long (onset/duration), how bad (severity), vitals, age/sex/pregnancy.

All functions take normalised text (see ``preconsult.triage.text.normalize``).
"""

from __future__ import annotations

import re
from typing import Any

from preconsult.triage.lexicon import SEVERITY_MILD, SEVERITY_SEVERE, cn_number
from preconsult.triage.models import Demographics, Duration, Vitals

__all__ = ["parse_demographics", "parse_duration", "parse_severity", "parse_vitals"]

_NUM = r"(\d+(?:\.\d+)?|[零〇一二两俩三四五六七八九十百]+|半|几|好几|十几|十多|数)"
_UNIT_HOURS = {
    "minute": 1 / 60,
    "hour": 1.0,
    "day": 24.0,
    "week": 168.0,
    "month": 720.0,
    "year": 8760.0,
}
_ZH_UNITS = {
    "分钟": "minute", "分钟左右": "minute", "小时": "hour", "个小时": "hour", "钟头": "hour",
    "个钟头": "hour", "个钟": "hour", "天": "day", "日": "day", "晚": "day", "夜": "day",
    "周": "week", "个星期": "week", "星期": "week", "个礼拜": "week", "礼拜": "week",
    "个月": "month", "月": "month", "年": "year",
}  # fmt: skip
_ZH_DURATION = re.compile(
    _NUM + r"(多)?(个半)?(" + "|".join(sorted(_ZH_UNITS, key=len, reverse=True)) + r")(多|半)?"
)
_NOT_DURATION_BEFORE = re.compile(r"(孕|怀孕|怀|妊娠|产后|生产|出生|今年|第|每|一天|一日|周岁)$")
_NOT_DURATION_AFTER = re.compile(
    r"^(大|的宝宝|的孩子|的婴儿|宝宝|婴儿|的身孕|身孕|岁|次|片|粒|号|前的体检|以前的)"
)
_RELATIVE = (
    (re.compile(r"刚才|刚刚|突然|just now"), 0.5, "minute_now"),
    (
        re.compile(
            r"今天|今早|今晨|今天早上|早上起来|早上起床|上午|下午|this morning|today|tonight"
        ),
        6.0,
        "today",
    ),
    (re.compile(r"昨天|昨晚|昨日|昨夜|since yesterday|yesterday|last night"), 24.0, "yesterday"),
    (re.compile(r"前天|前晚|day before yesterday"), 48.0, "two_days"),
    (re.compile(r"上周|上个星期|上星期|上礼拜|last week"), 168.0, "last_week"),
    (re.compile(r"上个月|last month"), 720.0, "last_month"),
    (re.compile(r"去年|last year"), 8760.0, "last_year"),
)
_EN_DURATION = re.compile(
    r"\b(\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|few|several|a couple of|couple of|half an|half a)\s+"
    r"(minute|min|hour|hr|day|night|week|month|year)s?\b"
)


def _age_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for pattern in (_AGE_MONTHS, _AGE_MONTHS_CTX, _AGE_DAYS, _AGE_YEARS, _GESTATION):
        spans += [m.span() for m in pattern.finditer(text)]
    return spans


def parse_duration(text: str) -> Duration | None:
    """The first stated duration: '两个小时', '3天', '半个月', '一年多', '昨天开始', 'for 3 days'."""
    best: tuple[int, Duration] | None = None
    unit: Any
    ages = _age_spans(text)
    for m in _ZH_DURATION.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in ages):
            continue
        if _NOT_DURATION_BEFORE.search(text[: m.start()]) or _NOT_DURATION_AFTER.match(
            text[m.end() :]
        ):
            continue
        value = cn_number(m.group(1))
        if value is None or value <= 0:
            continue
        if m.group(3) in {"分钟", "分钟左右"} and value > 600:
            continue
        if m.group(2) or m.group(5) == "多":
            pass  # "3天多": keep the stated number
        if m.group(3) and (
            m.group(3).endswith("个半") or m.group(5) == "半" or m.group(3) == "个半"
        ):
            value += 0.5
        if m.group(2) == "个半":
            value += 0.5
        unit = _ZH_UNITS[m.group(4)]
        best = (
            m.start(),
            Duration(hours=value * _UNIT_HOURS[unit], text=m.group(0), value=value, unit=unit),
        )  # type: ignore[arg-type]
        break
    for m in _EN_DURATION.finditer(text):
        if best is not None and best[0] <= m.start():
            break
        if re.search(r"(\d+)\s*(year|month|week|day)s?\s*old", text[m.start() : m.end() + 5]):
            continue
        if re.match(r"\s*(pregnant|along|of pregnancy)", text[m.end() :]):
            continue
        value = cn_number(m.group(1)) or 1.0
        unit_word = m.group(2)
        unit = {"min": "minute", "hr": "hour", "night": "day"}.get(unit_word, unit_word)
        best = (
            m.start(),
            Duration(hours=value * _UNIT_HOURS[unit], text=m.group(0), value=value, unit=unit),
        )  # type: ignore[arg-type]
        break
    if best is not None:
        return best[1]
    for pattern, hours, label in _RELATIVE:
        rm = pattern.search(text)
        if rm:
            if hours < 1:
                return Duration(hours=hours, text=rm.group(0), value=30, unit="minute")
            if hours < 24:
                return Duration(hours=hours, text=rm.group(0), value=1, unit="day", within=True)
            if hours % 8760 == 0:
                return Duration(hours=hours, text=rm.group(0), value=1, unit="year", within=False)
            if hours % 720 == 0:
                return Duration(hours=hours, text=rm.group(0), value=1, unit="month")
            if hours % 168 == 0:
                return Duration(hours=hours, text=rm.group(0), value=1, unit="week")
            return Duration(hours=hours, text=rm.group(0), value=hours / 24, unit="day")
        del label
    return None


_SCORE = re.compile(
    r"(?:疼|痛|评分|打分|pain)\D{0,6}?(\d{1,2})\s*(?:分|/\s*10|out of 10)|(\d{1,2})\s*(?:/\s*10|out of 10)"
)


def parse_severity(text: str) -> str | None:
    """'severe' | 'moderate' | 'mild' | None, from words ('疼得受不了') or a 0-10 score ('8分')."""
    m = _SCORE.search(text)
    if m:
        score = int(m.group(1) or m.group(2))
        if 0 <= score <= 10:
            return "severe" if score >= 7 else "moderate" if score >= 4 else "mild"
    if _SEVERE_RE.search(text):
        return "severe"
    if _MILD_RE.search(text):
        return "mild"
    return None


def _cue_regex(cues: tuple[str, ...]) -> re.Pattern[str]:
    parts = [re.escape(c) if not c.isascii() else rf"\b{re.escape(c)}\b" for c in cues]
    return re.compile("|".join(parts))


_SEVERE_RE = _cue_regex(SEVERITY_SEVERE)
_MILD_RE = _cue_regex(SEVERITY_MILD)


_TEMP = re.compile(
    r"(?:体温|发烧|发热|烧到|烧了|高烧|低烧|烧|测了|量了|腋温|肛温|耳温|temperature|temp|fever)(?:[^\d]{0,6}?)"
    r"(3[4-9]|4[0-3]|9[5-9]|10[0-9])(?:\s*\.\s*(\d))?\s*(度|℃|°c|°f|°|f\b|c\b)?\s*([一二三四五六七八九\d])?"
)
_TEMP_BARE = re.compile(
    r"(?<![\d.])(3[5-9]|4[0-2])(?:\.(\d))?\s*(度|℃|°c)([一二三四五六七八九\d](?!\d))?"
)
_BP = re.compile(r"(?:血压|高压|bp|blood pressure)[^\d]{0,8}?(\d{2,3})\s*[/／:比]\s*(\d{2,3})")
_BP_BARE = re.compile(r"(?<!\d)(\d{2,3})\s*/\s*(\d{2,3})\s*(?:mmhg|毫米汞柱)")
_SYS = re.compile(r"(?:高压|收缩压|systolic)[^\d]{0,6}?(\d{2,3})")
_DIA = re.compile(r"(?:低压|舒张压|diastolic)[^\d]{0,6}?(\d{2,3})")
_SPO2 = re.compile(
    r"(?:血氧|氧饱和度|饱和度|spo2|o2 sat|oxygen saturation|oxygen level|oxygen)[^\d]{0,8}?(\d{2,3})(?:\s*%)?"
)
_HR = re.compile(r"(?:心率|心跳|脉搏|heart rate|pulse)[^\d]{0,6}?(\d{2,3})")
_GLU = re.compile(r"(?:血糖|blood sugar|glucose)[^\d]{0,8}?(\d{1,3}(?:\.\d+)?)")
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _temperature(text: str) -> float | None:
    for pattern in (_TEMP, _TEMP_BARE):
        m = pattern.search(text)
        if not m:
            continue
        whole = float(m.group(1))
        decimal = m.group(2)
        tail = m.group(4)
        value = whole
        if decimal:
            value += int(decimal) / 10
        elif tail and m.group(3) == "度":
            value += (
                _CN_DIGIT.get(tail) or int(tail) if tail.isdigit() else _CN_DIGIT.get(tail, 0)
            ) / 10
        unit = m.group(3) or ""
        if value >= 90 or "f" in unit:
            value = round((value - 32) * 5 / 9, 1)
        if 34 <= value <= 43:
            return round(value, 1)
    return None


def parse_vitals(text: str) -> Vitals:
    """Stated vitals: 体温39.5/39度5/烧到40度, 血压180/110, 血氧88, 心率130, 血糖2.5."""
    systolic = diastolic = spo2 = hr = glucose = None
    m = _BP.search(text) or _BP_BARE.search(text)
    if m:
        a, b = float(m.group(1)), float(m.group(2))
        if 50 <= a <= 300 and 20 <= b <= 200:
            systolic, diastolic = max(a, b), min(a, b)
    if systolic is None and (s := _SYS.search(text)):
        systolic = float(s.group(1))
    if diastolic is None and (d := _DIA.search(text)):
        diastolic = float(d.group(1))
    if (o := _SPO2.search(text)) and 50 <= float(o.group(1)) <= 100:
        spo2 = float(o.group(1))
    if (h := _HR.search(text)) and 20 <= float(h.group(1)) <= 250:
        hr = float(h.group(1))
    if g := _GLU.search(text):
        value = float(g.group(1))
        glucose = round(value / 18, 1) if value > 40 else value
    return Vitals(
        temperature=_temperature(text),
        systolic=systolic,
        diastolic=diastolic,
        spo2=spo2,
        heart_rate=hr,
        glucose=glucose,
    )


_AGE_YEARS = re.compile(
    r"(?<![\d.])(\d{1,3}|[一二两三四五六七八九十]+)\s*(?:周岁|岁|歲)(半)?|今年\s*(\d{1,3})(?!\d)|年龄\D{0,2}(\d{1,3})"
)
_AGE_MONTHS = re.compile(
    r"(\d{1,2}|[一二两三四五六七八九十]+|半)\s*(?:个)?(半)?\s*月(?:大|的宝宝|的孩子|的婴儿|宝宝|婴儿|的小孩|龄)"
)
_AGE_MONTHS_CTX = re.compile(
    r"(?:宝宝|婴儿|孩子|儿子|女儿|小孩|男婴|女婴|宝|娃)[^，,。]{0,4}?(\d{1,2}|[一二两三四五六七八九十]+|半)\s*(?:个)?(半)?\s*月(?!经)"
)
_AGE_DAYS = re.compile(
    r"(?:出生|生下来|新生儿|宝宝|婴儿)[^，,。]{0,3}?(\d{1,2}|[一二两三四五六七八九十]+)\s*天|(\d{1,2}|[一二两三四五六七八九十]+)\s*天大"
)
_EN_AGE = re.compile(
    r"(\d{1,3})[- ]?(year|yr|month|week|day)s?[- ]?old|\baged? (\d{1,3})\b|\bi am (\d{1,3})\b|\bi'm (\d{1,3})\b"
)
_CHILD = re.compile(
    r"宝宝|婴儿|婴幼儿|幼儿|新生儿|小孩|孩子|儿子|女儿|小朋友|男孩|女孩|男童|女童|儿童|闺女|小宝|娃|小儿|患儿"
    r"|\bbaby\b|\binfant\b|\bnewborn\b|\btoddler\b|\bmy son\b|\bmy daughter\b|\bmy child\b|\bmy kid\b|\bchild\b|\bkid\b"
)
_NOT_CHILD = re.compile(
    r"(要|怀|生|想要|怀上|怀不上|备|没有|生了|打掉|要个)(个|一个)?(小)?(孩子|宝宝|小孩|宝|孩)(?![^，,。]{0,6}(岁|个月|发烧|咳嗽))"
    r"|孩子(他|她)(爸|妈)|当妈|孩子们"
)
_NEWBORN = re.compile(r"新生儿|刚出生|刚生下|出生\d{1,2}天|newborn")
_MALE = re.compile(
    r"(^|[，,\s:：;；])男([，,\s]|性|$)|男性|男士|男的|我是男|本人男|男孩|男童|男婴|儿子|老公|丈夫|爸爸|父亲|老爸|我爸|爷爷|外公|姥爷|哥哥|弟弟|男朋友|男友|老头"
    r"|\bmale\b|\bman\b|\bmy husband\b|\bmy son\b|\bmy father\b|\bmy dad\b|\bboy\b|\bhe\b|\bhis\b"
)
_FEMALE = re.compile(
    r"(^|[，,\s:：;；])女([，,\s]|性|$)|女性|女士|女的|我是女|本人女|女孩|女童|女婴|女儿|闺女|老婆|妻子|媳妇|妈妈|母亲|老妈|我妈|奶奶|外婆|姥姥|姐姐|妹妹|女朋友|女友|老太"
    r"|\bfemale\b|\bwoman\b|\bmy wife\b|\bmy daughter\b|\bmy mother\b|\bmy mom\b|\bgirl\b|\bshe\b|\bher\b"
)
_FEMALE_ORGANS = re.compile(
    r"月经|例假|姨妈|白带|阴道|子宫|卵巢|宫颈|痛经|外阴|乳房|怀孕|孕妇|流产|人流|\bperiod\b|\bvagina|\buterus|\bpregnan"
)
_MALE_ORGANS = re.compile(
    r"睾丸|阴囊|阴茎|龟头|包皮|前列腺|精子|精液|射精|早泄|阳痿|勃起|遗精|\btesticle|\bpenis\b|\bprostate\b|\berection"
)
_PREGNANT = re.compile(
    r"怀孕|孕妇|孕期|孕早期|孕中期|孕晚期|妊娠|孕\d+周|孕[一二三四五六七八九十]+周|有身孕|身怀|胎动|产检|\bpregnant\b|\bpregnancy\b|weeks? pregnant"
)
_NOT_PREGNANT = re.compile(
    r"(没|没有|不是|未|不|并未|并没有)(怀孕|孕)|怀孕了吗|怀孕吗|(是不是|会不会|能不能|能|可以|可不可以|想|打算|准备|计划|容易|才能|怎样|怎么|如何)怀孕|备孕|怀不上|不孕|避孕|验孕"
    r"|not pregnant|trying to get pregnant|could i be pregnant"
)
_GESTATION = re.compile(
    r"(?:怀孕|孕|妊娠)\s*(\d{1,2}|[一二两三四五六七八九十]+)\s*(?:\+\d)?\s*(周|个月|月)|(\d{1,2})\s*weeks? pregnant"
)


_EXPLICIT_SEX = re.compile(
    r"(?:^|[，,\s:：;；(（])(男|女)(?=[，,\s)）]|性|$|\d)|我是(男|女)|本人(男|女)|患者\s*(男|女)|性别\s*[:：]?\s*(男|女)"
    r"|\b(?:i am|i'm) an? (?:\d+[- ]year[- ]old )?(man|woman|male|female)\b"
)


def _explicit_sex(text: str) -> str | None:
    m = _EXPLICIT_SEX.search(text)
    if not m:
        return None
    word = next(g for g in m.groups() if g)
    return "male" if word in {"男", "man", "male"} else "female"


def _organ_sex(text: str) -> str | None:
    female, male = _FEMALE_ORGANS.search(text), _MALE_ORGANS.search(text)
    if female and not male:
        return "female"
    if male and not female:
        return "male"
    return None


def parse_demographics(text: str) -> Demographics:
    """Age (years), sex and pregnancy stated or implied in the text (None when not stated)."""
    age: float | None = None
    if m := _AGE_DAYS.search(text):
        days = cn_number(m.group(1) or m.group(2))
        if days is not None and days <= 60:
            age = round(days / 365, 3)
    if age is None and (m := (_AGE_MONTHS.search(text) or _AGE_MONTHS_CTX.search(text))):
        months = cn_number(m.group(1))
        if months is not None and months <= 36:
            age = round((months + (0.5 if m.group(2) else 0)) / 12, 3)
    if age is None and (m := _AGE_YEARS.search(text)):
        years = cn_number(m.group(1) or m.group(3) or m.group(4) or "")
        if years is not None and years <= 120:
            age = years + (0.5 if m.group(2) else 0)
    if age is None and (m := _EN_AGE.search(text)):
        if m.group(1):
            value = float(m.group(1))
            unit = m.group(2)
            age = (
                value
                if unit in {"year", "yr"}
                else value / 12
                if unit == "month"
                else value / 52
                if unit == "week"
                else value / 365
            )
        else:
            age = float(m.group(3) or m.group(4) or m.group(5))
    child = bool(_CHILD.search(text)) and not _NOT_CHILD.search(text)
    if age is None and _NEWBORN.search(text):
        age = 0.05
    sex: Any = _explicit_sex(text)
    organs = _organ_sex(text)
    if sex is None and organs is not None:
        sex = organs  # "我老公说我月经不调": the organs tell who the patient is
    if sex is None:
        male, female = _MALE.search(text), _FEMALE.search(text)
        if male and not female:
            sex = "male"
        elif female and not male:
            sex = "female"
        elif male and female:
            sex = "male" if male.start() < female.start() else "female"
    pregnant: bool | None = None
    weeks: float | None = None
    if _PREGNANT.search(text) and not _NOT_PREGNANT.search(text):
        pregnant = True
        if g := _GESTATION.search(text):
            n = cn_number(g.group(1) or g.group(3) or "")
            if n is not None:
                weeks = n * 4.3 if g.group(2) in {"个月", "月"} else n
    if pregnant:
        sex = "female"
    return Demographics(
        age=age,
        sex=sex,
        pregnant=pregnant,
        gestation_weeks=weeks,
        child=child or (age is not None and age < 14),
    )  # type: ignore[arg-type]
