"""Who the patient is, as the text tells it: age (years, months, days), sex and pregnancy.

Explicit statements ("女，35岁", "我是男的") win over the organs mentioned ("月经", "睾丸"), which
win over a partner the writer asks to do something ("让我老公去检查": the writer is the patient),
which wins over relatives' words ("我老公..."): the organs tell who the patient is.
"""

from __future__ import annotations

import re
from typing import Any

from preconsult.triage.lexicon import cn_number
from preconsult.triage.models import Demographics

__all__ = ["age_spans", "parse_demographics"]

_AGE_YEARS = re.compile(
    r"(?<![\d.])(\d{1,3}|[一二两三四五六七八九十]+)\s*(?:多|来)?\s*(?:周岁|岁|歲)(半)?"
    r"|今年\s*(\d{1,3})(?!\d|\s*(?:月|年|号|日|份|[.\-/]))|年龄\D{0,2}(\d{1,3})"
)
_ONSET_AFTER = re.compile(
    r"\s*(?:左右)?(?:的时候|时候|时|那年|那会|就|开始|起|以前|之前|以后|前(?!天|年|后)|查出|发现|得)"
)
_AGE_MONTHS = re.compile(
    r"(\d{1,2}|[一二两三四五六七八九十]+|半)\s*(?:个)?(半)?\s*月(?:大|的宝宝|的孩子|的婴儿|宝宝|婴儿|的小孩|龄)"
)
_AGE_MONTHS_CTX = re.compile(
    r"(?<![生怀要])(?<!生完)(?<!生了)(?:宝宝|婴儿|孩子|儿子|女儿|小孩|男婴|女婴|宝|娃)[^，,。]{0,4}?(\d{1,2}|[一二两三四五六七八九十]+|半)\s*(?:个)?(半)?\s*月(?!经)"
)
_AGE_DAYS = re.compile(
    r"(?:出生|生下来|新生儿|宝宝|婴儿)[^，,。]{0,3}?(\d{1,2}|[一二两三四五六七八九十]+)\s*天|(\d{1,2}|[一二两三四五六七八九十]+)\s*天大(?!便|小便|号|概|约|量|部分|家|人|早上|白天|半)"
)
_EN_AGE = re.compile(
    r"(\d{1,3})[- ]?(year|yr|month|week|day)s?[- ]?old|\baged? (\d{1,3})\b|\bi am (\d{1,3})\b|\bi'm (\d{1,3})\b"
    r"|\b(\d{1,3}) ?(?:yo|y/o|yrs?)\b"
    r"|\b(?:my|our|the) (?:son|daughter|child|kid|baby|boy|girl|husband|wife|mom|mum|mother|dad|father"
    r"|grandma|grandmother|grandpa|grandfather|brother|sister),? (?:is |who is |aged? )?(\d{1,3})\b(?![- ]?(?:days?|weeks?|months?|years?|yrs?|mo)\b)"
    r"|\b(?:he|she) is (\d{1,3})\b(?![- ]?(?:days?|weeks?|months?|years?|yrs?|mo)\b)"
)
# school grades tell an age when none is stated ("孩子今年高三" is no toddler)
_GRADES = (
    (re.compile(r"幼儿园|幼兒園|kindergarten"), 4.0),
    (re.compile(r"小学|小學|[一二三四五六]年级|primary school|elementary school"), 9.0),
    (re.compile(r"初[一二]|初中|国中|middle school"), 13.0),
    (re.compile(r"初三|高[一二三](?!压|血|烧|热|龄|危|发|度|兴|中低)|高中|high school"), 16.0),
    (
        re.compile(
            r"大[一二三四](?!点|些|号|圈|倍|块|片|半|次|口|堆|把|阳|陽|元|度|级|岁)|大学生|上大学|研究生|college|university"
        ),
        20.0,
    ),
)
_CHILD = re.compile(
    r"宝宝|婴儿|婴幼儿|幼儿|新生儿|小孩|孩子|儿子|女儿|小朋友|男孩|女孩|男童|女童|儿童|闺女|小宝|娃|小儿|患儿"
    r"|\bbaby\b|\binfant\b|\bnewborn\b|\btoddler\b|\bmy son\b|\bmy daughter\b|\bmy child\b|\bmy kid\b|\bchild\b|\bkid\b"
)
_NOT_CHILD = re.compile(
    r"(要|怀|生|想要|怀上|怀不上|备|没有|没|生了|打掉|要个)(个|一个)?(小)?(孩子|宝宝|小孩|宝|孩)(?![^，,。]{0,6}(岁|个月|发烧|咳嗽))"
    r"|孩子(他|她)(爸|妈)|当妈|孩子们"
    r"|(生完|生了|生下|刚生完|刚生了|生)(个|一个)?(孩子|宝宝|小孩|娃)(?=[^，,。]{0,6}(个月|天|周))"
    r"|(给|喂)(孩子|宝宝|小孩|娃)(吃奶|喂奶|哺乳|换尿布|喂)|(遗传|传染|传)给(孩子|宝宝|下一代|小孩|后代|胎儿)"
    r"|对(孩子|宝宝|胎儿)(有)?(影响|不好|好不好)|自己的孩子"
    r"|trying for a baby|trying to have a baby|want(?:ing)? a baby"
)
_NEWBORN = re.compile(r"新生儿|刚出生|刚生下|出生\d{1,2}天|newborn")
_MALE = re.compile(
    r"(^|[，,\s:：;；])男([，,\s]|性|$)|男性|男士|男的|我是男|本人男|男孩|男童|男婴|儿子|老公|丈夫|爸爸|父亲|老爸|我爸|爷爷|外公|姥爷|哥哥|弟弟|表弟|堂弟|表哥|堂哥|侄子|外甥|男朋友|男友|老头"
    r"|\bmale\b|\bman\b|\bmy husband\b|\bmy son\b|\bson\b|\bmy father\b|\bmy dad\b|\bboy\b|\bhe\b|\bhis\b"
)
_FEMALE = re.compile(
    r"(^|[，,\s:：;；])女([，,\s]|性|$)|女性|女士|女的|我是女|本人女|女孩|女童|女婴|女儿|闺女|老婆|妻子|媳妇|妈妈|母亲|老妈|我妈|奶奶|外婆|姥姥|姐姐|妹妹|女朋友|女友|老太"
    r"|\bfemale\b|\bwoman\b|\bmy wife\b|\bmy daughter\b|\bdaughter\b|\bmy mother\b|\bmy mom\b|\bgirl\b|\bshe\b|\bher\b"
)
_FEMALE_ORGANS = re.compile(
    r"月经|例假|姨妈|白带|阴道|子宫|卵巢|宫颈|痛经|外阴|乳房|怀孕|孕妇|流产|人流|\bperiod\b|\bvagina|\buterus|\bpregnan"
)
_MALE_ORGANS = re.compile(
    r"睾丸|阴囊|阴茎|龟头|包皮|前列腺|精子|精液|射精|早泄|阳痿|勃起|遗精|\btesticle|\bpenis\b|\bprostate\b|\berection|\bsperm\b|\bsemen\b"
)
# a partner the writer asks to do something ("让我老公去检查他不去", "劝老婆也去查查") is not the
# patient: the writer is, and is of the other sex
_PARTNER_ASKED = re.compile(
    r"(让|叫|劝|要|喊|催|逼|求)(我)?(家)?(?P<m>老公|丈夫|男朋友|男友)"
    r"|(让|叫|劝|要|喊|催|逼|求)(我)?(家)?(?P<f>老婆|妻子|媳妇|女朋友|女友)"
)
_PREGNANT = re.compile(
    r"怀孕|孕妇|孕期|孕早期|孕中期|孕晚期|妊娠|孕\d+周|孕[一二三四五六七八九十]+周|有身孕|身怀|胎动|产检|\bpregnant\b|\bpregnancy\b|weeks? pregnant"
)
_NOT_PREGNANT = re.compile(
    r"(没|没有|不是|未|不|并未|并没有)(怀孕|孕)|怀孕了吗|怀孕吗|怀孕(的)?(几率|概率|机会|可能性)"
    r"|(是不是|会不会|能不能|能|可以|可不可以|想|打算|准备|计划|容易|才能|怎样|怎么|如何|是否|有没有|有无)(再|重新|还|再次)?(要|去)?怀孕"
    r"|备孕|怀不上|不孕|避孕|验孕"
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


def _current_age(text: str) -> re.Match[str] | None:
    """The first stated age that is not an age of onset ("10岁查出来乙肝，现在23岁" -> 23)."""
    for m in _AGE_YEARS.finditer(text):
        before = text[max(0, m.start() - 1) : m.start()]
        if not _ONSET_AFTER.match(text, m.end()) and before not in ("从", "自"):
            return m
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
    if age is None and (m := _current_age(text)):
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
            age = float(next(g for g in m.groups()[2:] if g))
    # a parent's phrase ("生完孩子两个月", "遗传给孩子") says the writer, not a child, is the patient
    if age is None:
        age = next((years for pattern, years in _GRADES if pattern.search(text)), None)
    child = bool(_CHILD.search(text)) and not _NOT_CHILD.search(text)
    if age is None and _NEWBORN.search(text):
        age = 0.05
    sex: Any = _explicit_sex(text)
    organs = _organ_sex(text)
    if sex is None and organs is not None:
        sex = organs  # "我老公说我月经不调": the organs tell who the patient is
    if sex is None and (partner := _PARTNER_ASKED.search(text)):
        sex = "female" if partner.group("m") else "male"
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


def age_spans(text: str) -> list[tuple[int, int]]:
    """Spans stating an age or a gestation ("3个月大", "怀孕30周"), which are not durations."""
    spans = []
    for pattern in (_AGE_MONTHS, _AGE_MONTHS_CTX, _AGE_DAYS, _AGE_YEARS, _GESTATION):
        spans += [m.span() for m in pattern.finditer(text)]
    return spans
