"""Numbers patients state: how long (onset/duration), how bad (severity), vitals.

All functions take normalised text (see ``preconsult.triage.text.normalize``).
"""

from __future__ import annotations

import re
from typing import Any

from preconsult.triage.demographics import age_spans
from preconsult.triage.lexicon import SEVERITY_MILD, SEVERITY_SEVERE, cn_number
from preconsult.triage.models import Duration, Vitals

__all__ = ["parse_duration", "parse_severity", "parse_vitals"]

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


def parse_duration(text: str) -> Duration | None:
    """The first stated duration: '两个小时', '3天', '半个月', '一年多', '昨天开始', 'for 3 days'."""
    best: tuple[int, Duration] | None = None
    unit: Any
    ages = age_spans(text)
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
# one number after 血压 is the systolic ("血压量了200多"), unless it is the diastolic ("血压低压100")
_BP_SINGLE = re.compile(
    r"(?:血压|bp|blood pressure)((?:(?!低压|舒张压|diastolic|血氧|心率|心跳|脉搏|血糖|体温)[^\d/，,。;；]){0,8}?)"
    r"(\d{2,3})(?!\s*(?:[\d/／:比.]|多?(?:年|天|月|周|个|次|岁|小时|years?|days?)))"
)
_SYS = re.compile(r"(?:高压|收缩压|systolic)[^\d]{0,6}?(\d{2,3})")
_DIA = re.compile(r"(?:低压|舒张压|diastolic)[^\d]{0,6}?(\d{2,3})")
_SPO2 = re.compile(
    r"(?:血氧|氧饱和度|饱和度|spo2|o2 sat|oxygen saturation|oxygen level|oxygen)[^\d]{0,8}?(\d{2,3})(多|几)?(?:\s*%)?"
)
_HR = re.compile(r"(?:心率|心跳|脉搏|heart rate|pulse)[^\d]{0,6}?(\d{2,3})")
_GLU = re.compile(r"(?:血糖|blood sugar|\bsugar\b|glucose)")
_GLU_VALUE = re.compile(
    r"(\d{1,3}(?:\.\d+)?)\s*(几|多)?(个半|个)?\s*"
    r"(小时|钟头|分钟|年|天|日|周|月|次|岁|h\b|hours?\b|hrs?\b|min|years?\b|days?\b)?"
)
# Chinese numerals as digits, for vitals only: 三十九度五, 一百八 (=180), 十二点五, 百分之九十
_CN_RUN = re.compile(r"(百分之)?([零〇一二两三四五六七八九十百]+)(点([零〇一二三四五六七八九]+))?")
_CN_ONE = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}  # fmt: skip


def _cn_value(run: str) -> str | None:
    m = re.fullmatch(r"([一二两三四五六七八九])百([一二三四五六七八九])", run)
    if m:  # 一百八 = 180 (spoken), not 108
        return str(_CN_ONE[m.group(1)] * 100 + _CN_ONE[m.group(2)] * 10)
    if "十" not in run and "百" not in run:
        return None  # 一, 两, 三: too often not a number here
    value = cn_number(run)
    return None if value is None else str(int(value))


def digitize(text: str) -> str:
    """Chinese numerals with 十/百 (and decimals after 点) as Arabic digits."""

    def repl(m: re.Match[str]) -> str:
        whole = _cn_value(m.group(2))
        if whole is None:
            return m.group(0)
        out = whole
        if m.group(4):
            out += "." + "".join(str(_CN_ONE[c]) for c in m.group(4))
        return out + ("%" if m.group(1) else "")

    return _CN_RUN.sub(repl, text)


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


def _glucose(text: str) -> float | None:
    """The first value after 血糖 that is not a time ("餐后2小时血糖12", "血糖餐后2小时12.5")."""
    for key in _GLU.finditer(text):
        window = text[key.end() : key.end() + 24]
        for m in _GLU_VALUE.finditer(window):
            if m.group(4):
                continue  # 2小时: hours after a meal, not a value
            gap = window[: m.start()]
            if re.search(r"[，,。;；]", gap) or len(gap) > 20:
                break
            value = float(m.group(1))
            return round(value / 18, 1) if value > 40 else value
    return None


def parse_vitals(text: str) -> Vitals:
    """Stated vitals: 体温39.5/39度5/烧到40度, 血压180/110/200多, 血氧88/九十, 心率130, 血糖2.5."""
    systolic = diastolic = spo2 = hr = None
    text = digitize(text)
    m = _BP.search(text) or _BP_BARE.search(text)
    if m:
        a, b = float(m.group(1)), float(m.group(2))
        if 50 <= a <= 300 and 20 <= b <= 200:
            systolic, diastolic = max(a, b), min(a, b)
    if systolic is None and (s := _SYS.search(text)):
        systolic = float(s.group(1))
    if diastolic is None and (d := _DIA.search(text)):
        diastolic = float(d.group(1))
    if systolic is None and diastolic is None:
        systolic = next(
            (
                float(s.group(2))
                for s in _BP_SINGLE.finditer(text)
                if 50 <= float(s.group(2)) <= 300
            ),
            None,
        )
    if (o := _SPO2.search(text)) and 50 <= float(o.group(1)) <= 100:
        spo2 = float(o.group(1))
        if o.group(2) and spo2 % 10 == 0 and spo2 < 100:
            spo2 += 5  # 九十多 / 80几: somewhere in that decade
    if (h := _HR.search(text)) and 20 <= float(h.group(1)) <= 250:
        hr = float(h.group(1))
    return Vitals(
        temperature=_temperature(text),
        systolic=systolic,
        diastolic=diastolic,
        spo2=spo2,
        heart_rate=hr,
        glucose=_glucose(text),
    )
