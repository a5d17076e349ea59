"""Detect personal names a user introduces: 我叫…, 姓名：…, 我是… (only a real name), "my name is …".

A Chinese name here is a family name (单姓 or 复姓) and one or two given-name characters; where the
given name ends is decided by what follows (punctuation, 今年/的/在/头疼 ...). After the weak
trigger 我是 a name must also be segmented as a person name by jieba, so 我是高血压患者 or
我是程序员 stay as they are. jieba is loaded on first use only.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from types import ModuleType

from preconsult.privacy.spans import Span
from preconsult.privacy.surnames import COMMON_SURNAMES, COMPOUND_SURNAMES, SURNAMES

__all__ = ["find_names"]

_STRONG = re.compile(
    r"(?:我叫做|我叫|我的名字(?:是|叫)|我名字(?:是|叫)|名字(?:是|叫)|名叫|本人叫|"
    r"(?:他|她|孩子|宝宝|儿子|女儿|老公|老婆|爱人)(?:的名字)?叫|"
    r"(?:患者|病人|本人|联系人|家属|孩子|宝宝)?姓名(?:是|叫|为)?|(?:联系人|患者|病人)\s*[:：])"
    r"[ \t:：]*"
)
_WEAK = re.compile(r"(?:我是|本人是|患者|病人)[ \t]*")
_ENGLISH = re.compile(
    r"(?i:\bmy\s+name\s+is|\bmy\s+name's|\bname\s*[:：])\s*"
    r"([A-Z][a-zA-Z'\-]+(?:\s+[A-Z][a-zA-Z'\-]+){0,2})"
)
_LATIN_NAME = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}(?![A-Za-z])")
_DOT_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}[·•・][\u4e00-\u9fff]{1,8}")

# Characters that begin the text after a name rather than end the name itself.
_STOP_CHARS = frozenset(
    "的是在了啊呀吧呢嗯哦和跟也又还就请您你我他她想要今昨最从被不没很岁男女来有头肚胃胸腰腿嗓咳患得已刚"
    "因经总这那去住给帮问咨感觉怀孩宝妈爸突右左血眼耳鼻牙皮脚身手家电联出现一，"
)
_STOP_WORDS = ("发烧", "发热", "心慌", "平时", "目前", "去年", "前天", "前几", "今年", "上周")
_TITLES = (
    "先生", "女士", "小姐", "老师", "医生", "大夫", "师傅", "阿姨", "叔叔", "大爷", "奶奶", "爷爷",
    "同学", "经理", "主任", "护士", "老板", "太太", "家属", "总", "大姐", "大哥", "大妈", "大叔",
    "姐", "哥", "叔", "姨", "伯", "婶", "嫂", "工", "局", "院长", "校长", "科长", "处长", "律师",
)  # fmt: skip
_PERSON_FLAGS = ("nr", "nrfg", "nrt")
_NAME_PART_FLAGS = ("nr", "nz", "a", "t", "ug", "ng")
_FUNCTION_FLAGS = frozenset(
    [
        "f",
        "p",
        "c",
        "d",
        "r",
        "m",
        "q",
        "u",
        "uj",
        "ul",
        "uz",
        "ud",
        "uv",
        "ug",
        "y",
        "e",
        "o",
        "x",
        "v",
        "vn",
    ]
)
_WORD_FLAGS = _FUNCTION_FLAGS - {"d", "m", "q"} | {"n", "an", "ad", "vd", "vg"}
_NOT_PERSON_ENDINGS = ("人", "族", "生", "员", "师", "者", "们", "家", "友", "级", "年", "妈", "爸")
_NOT_NAMES = frozenset(
    {"白领", "高三", "高二", "高一", "高龄", "初三", "初二", "初一", "江湖", "康复", "林业"}
)


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _stops_at(text: str, index: int) -> bool:
    if index >= len(text) or not _is_cjk(text[index]):
        return True
    return text[index] in _STOP_CHARS or text.startswith(_STOP_WORDS, index)


def _surname_name_end(text: str, start: int) -> int | None:
    """End of a 'family name + 1-2 given characters' name starting at ``start``, else None."""
    if text[start : start + 2] in COMPOUND_SURNAMES:
        family = 2
    elif start < len(text) and text[start] in SURNAMES:
        family = 1
    else:
        return None
    given = start + family
    if given >= len(text) or _stops_at(text, given) or text.startswith(_TITLES, given):
        return None
    return given + 1 if _stops_at(text, given + 1) else given + 2


def _labelled_name_end(text: str, start: int) -> int | None:
    """After 姓名： a 2-4 character run that ends cleanly is a name, with or without a known surname."""
    end = start
    while end < len(text) and end - start < 4 and _is_cjk(text[end]):
        if end - start >= 2 and _stops_at(text, end):
            break
        end += 1
    if end - start >= 2 and _stops_at(text, end):
        return end
    return None


@lru_cache(maxsize=1)
def _posseg() -> ModuleType:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


def _looks_like_person(text: str, start: int, end: int) -> bool:
    """jieba's opinion on ``text[start:end]``: a person name, not 高血压, 程序员 or 师范 (学校)."""
    if text[start : start + 2] in COMPOUND_SURNAMES:
        return True
    if text[start] not in COMMON_SURNAMES or text[start:end] in _NOT_NAMES:
        return False
    tokens: list[tuple[str, str]] = []
    position = start
    for pair in _posseg().lcut(text[start : start + 12]):
        tokens.append((pair.word, pair.flag))
        position += len(pair.word)
        if position >= end:
            break
    if position != end or not tokens:
        return False  # the name would end inside a word
    (first, first_flag), rest = tokens[0], tokens[1:]
    if len(first) > 1:
        if not first_flag.startswith(_PERSON_FLAGS) or first.endswith(_NOT_PERSON_ENDINGS):
            return False  # 高血压, 程序员, 江西人: an ordinary word starts here
        return not any(flag in _FUNCTION_FLAGS for _w, flag in rest)  # 王子|涵, not 康复|后
    if first_flag.startswith(_PERSON_FLAGS):
        return True  # 杨|过
    if all(flag.startswith(_NAME_PART_FLAGS) for _w, flag in rest):
        return True  # 何|建华
    # jieba split the family name off but tags the rest oddly (孙|立新 as an adverb): a name if
    # the rest is no ordinary noun or verb (常|嗳气, 常|腹胀) and punctuation or the end follows.
    if any(flag in _WORD_FLAGS for _w, flag in rest):
        return False
    return end >= len(text) or not _is_cjk(text[end])


def find_names(text: str) -> list[Span]:
    spans: list[Span] = []
    for m in _STRONG.finditer(text):
        start = m.end()
        dotted = _DOT_NAME.match(text, start)
        if dotted:
            spans.append(Span("name", start, dotted.end()))
            continue
        labelled = "姓名" in m.group() and m.group()[-1] in ":：是叫为 \t"
        end = _labelled_name_end(text, start) if labelled else None
        if end is None:
            end = _surname_name_end(text, start)
        if end is None and (latin := _LATIN_NAME.match(text, start)):
            end = latin.end()  # 我叫Tom
        if end is not None:
            spans.append(Span("name", start, end))
    for m in _WEAK.finditer(text):
        start = m.end()
        end = _surname_name_end(text, start)
        if end is not None and _looks_like_person(text, start, end):
            spans.append(Span("name", start, end))
    for m in _ENGLISH.finditer(text):
        spans.append(Span("name", m.start(1), m.end(1)))
    return spans
