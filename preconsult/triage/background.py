"""Background conditions versus the complaint the patient comes with.

A patient often names a long-standing disease before the new problem ("高血压二十年，最近尿里泡沫多",
"糖尿病十几年了，这几天看东西模糊", "I've had diabetes for 10 years and now my feet are numb"). The
named disease is background: it should not outweigh what is new. A mention is background when

- it is told as history (``Found.past``: "有高血压病史", "以前得过"),
- a duration in years follows it in its clause ("糖尿病多年", "高血压十几年了", "for 10 years"),
- a long-standing cue precedes it in its clause ("本身有", "平时", "一直有", "长期", "基础病",
  "known", "long-standing"), or
- it is named with a plain "有/我有" in another clause than the complaint, after it ("尿里泡沫多，我有
  高血压") or before a complaint told as new ("我有高血压，最近看东西模糊": 最近, 这几天, 现在, 突然,
  lately, now).

A clause that asks about the mention ("患有前列腺癌怎样治疗", "糖尿病多年怎么办") makes it the matter.
Only diseases are read this way, or symptoms with an explicit long-standing cue before them: a
symptom that has lasted years ("腰疼好几年了") is usually the complaint itself. What the routing does
with it: see ``routing.BACKGROUND_FACTOR``.
"""

from __future__ import annotations

import re

from preconsult.triage.lexicon import PAST_CUES
from preconsult.triage.text import clause_spans

__all__ = ["is_background", "is_confirmed"]

_YEARS_AFTER = re.compile(
    r"^(病|史)?(已经|有|得了|患了|都)?\s*"
    r"(十几|十多|二十多|几十|好几|好多|很多|多|几|[0-9０-９]+|[一二两三四五六七八九十]+)\s*多?\s*年"
    r"|^\s*(for|since)\s+(over\s+|more than\s+|about\s+)?"
    r"((\d+|many|several|a few|ten|five|twenty)\s+)?years"
)
_LONG_BEFORE = re.compile(
    r"(本身|本来|原来|平时|平常|一直|长期|常年|多年|素有|素来|既往|老毛病|基础病|合并|"
    r"老年人?有|\bknown\b|long-standing|longstanding|chronic)"
    r"[^，,。;；!！?？]{0,4}$"
)
_SYMPTOM_LONG_BEFORE = re.compile(
    r"(本身|本来|平时|平常|素有|既往|基础病|患有|\bknown\b)[^，,。;；!！?？]{0,4}$"
)
# "有" may head a list: "有糖尿病高血压冠心病，最近眼睛看不清"
_PLAIN_HAVE_BEFORE = re.compile(r"(有|得了|患了|患有)[^，,。;；!！?？]{0,12}$")
# a diagnosis just given is news ("医生说我得了", "查出来有", "体检发现")
_FOUND_RE = re.compile(r"(说|查出|查出来|诊断|确诊|发现|检查|体检)[^，,。;；!！?？]{0,4}$")
# a clause asking about the mention makes it the matter, whatever else is said ("患有前列腺癌怎样治疗")
_ASKING_RE = re.compile(
    r"怎么办|怎么治|怎样治|如何治|怎么处理|能治|能不能治|严重吗|要紧吗|挂什么|挂哪|看什么科|想问|请问|"
    r"what should|how to treat|which department"
)
# a clause told as new: what the patient comes with now
_NEW_RE = re.compile(
    r"最近|近来|近期|这几天|这两天|这段时间|这阵子|这几个月|这一年|这次|这回|现在|目前|突然|忽然|今天|昨天|"
    r"\b(lately|recently|now|suddenly|these days)\b"
)


# a diagnosis the patient says was confirmed ("确诊了骨髓增生异常综合征", "诊断为白血病",
# "...过完年确诊了"): the matter itself, which outweighs the complaints it causes
_CONFIRMED_BEFORE = re.compile(
    r"(?<!如何)(?<!怎么)(?<!怎样)(?<!能否)(?<!是否)(?<!能不能)(?<!才能)(?<!没有)(?<!没)(?<!未)"
    r"(确诊|诊断为|诊断是|诊断出|明确诊断|确定是|确诊为|确诊是|diagnosed with)[^，,。;；!！?？]{0,4}$"
)
_CONFIRMED_AFTER = re.compile(r"^[^，,。;；!！?？]{0,6}(确诊|被确诊|明确诊断)")
_SENTENCE_END = re.compile(r"[。!！?？\n]")


def is_confirmed(text: str, start: int, end: int) -> bool:
    """Whether the disease ``text[start:end]`` is told as a confirmed diagnosis of now (not one
    confirmed years ago: "确诊糖尿病十年了", "三年前诊断为冠心病")."""
    if start < 0:
        return False
    spans = clause_spans(text)
    clause_start, clause_end = _clause(spans, text, start)
    if _YEARS_AFTER.match(text[end:clause_end].lower()):
        return False
    # "3年前，又被诊断为冠心病": confirmed long ago, in the same sentence
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    if any(cue in text[sentence_start:start] for cue in PAST_CUES):
        return False
    return bool(
        _CONFIRMED_BEFORE.search(text[clause_start:start])
        or _CONFIRMED_AFTER.match(text[end:clause_end].lower())
    )


def _clause(spans: list[tuple[int, int]], text: str, pos: int) -> tuple[int, int]:
    return next(((s, e) for s, e in spans if s <= pos < e), (0, len(text)))


def is_background(
    text: str, start: int, end: int, kind: str, past: bool, others: list[int]
) -> bool:
    """Whether the mention ``text[start:end]`` (a ``kind``: symptom/disease/icd) is a background
    condition. ``others``: where the other routing mentions of the message start."""
    if start < 0:
        return False
    if past:
        return True
    spans = clause_spans(text)
    clause_start, clause_end = _clause(spans, text, start)
    before = text[clause_start:start]
    if _ASKING_RE.search(text, clause_start, clause_end) or _FOUND_RE.search(before):
        return False
    if kind == "symptom":
        return bool(_SYMPTOM_LONG_BEFORE.search(before))
    if _LONG_BEFORE.search(before):
        return True
    if _YEARS_AFTER.match(text[end:clause_end].lower()):
        return True
    if not _PLAIN_HAVE_BEFORE.search(before):
        return False
    for pos in others:
        lo, hi = _clause(spans, text, pos)
        if lo == clause_start:
            continue
        if pos < clause_start or _NEW_RE.search(text, lo, hi):
            return True
    return False
