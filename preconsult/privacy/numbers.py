"""Detectors for identifiers written with digits: 身份证, mobile and landline numbers, bank cards, email.

Each detector takes the *folded* text (full-width digits and signs mapped one-to-one to ASCII, so
offsets are the original's) and returns spans. Validation keeps lab values, dates, doses and order
numbers out: 身份证 numbers need a real birth date and (18 digits) the GB 11643 check character,
bank cards the Luhn check and a card-like length, phones a valid prefix or area code.
"""

from __future__ import annotations

import re

from preconsult.privacy.checks import (
    is_valid_id15,
    is_valid_id18,
    is_valid_tw_id,
    looks_like_id18,
    luhn_ok,
)
from preconsult.privacy.spans import Span

__all__ = ["find_bank_cards", "find_emails", "find_id_cards", "find_phones", "fold"]

_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "＋": "+",
        "－": "-",
        "—": "-",
        "＠": "@",
        "．": ".",
        "（": "(",
        "）": ")",
        "\u3000": " ",
    }
)


def fold(text: str) -> str:
    """Map full-width digits, letters and signs to ASCII, keeping every offset."""
    return text.translate(_FOLD)


_SEP = r"[ \-]?"
_ID18 = re.compile(rf"(?<!\d)\d{{6}}{_SEP}\d{{4}}{_SEP}\d{{4}}{_SEP}\d{{3}}[\dXx](?![\dA-Za-z])")
_TW_ID = re.compile(r"(?<![A-Za-z\d])[A-Za-z][1289]\d{8}(?![A-Za-z\d])")
_ID15 = re.compile(r"(?<!\d)\d{15}(?!\d)")

_MOBILE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)86[ \-]?|\(\+?86\)[ \-]?|86[ \-])?"
    r"1[3-9]\d(?:[ \-]?\d{4}[ \-]?\d{4}|\d[ \-]?\d{3}[ \-]?\d{4})(?!\d)"
)
_AREA = r"(?:010|02\d|0[3-9]\d{2})"
_LANDLINE = re.compile(
    rf"(?<![\d+])(?:(?:\+|00)86[ \-]?)?(?:\({_AREA}\)|{_AREA})[ \-]?[2-9]\d{{2,3}}[ \-]?\d{{4}}"
    r"(?:(?:转|ext\.?|-)\d{1,5})?(?!\d)"
)
_INTL_LANDLINE = re.compile(
    r"(?<![\d+])(?:\+|00)86[ \-]?(?:10|2\d|[3-9]\d{2})[ \-]?[2-9]\d{2,3}[ \-]?\d{4}(?!\d)"
)
# Taiwan (09xx-xxx-xxx, +886 9xx) and Hong Kong / Macau (+852 / +853, 8 digits) mobiles.
_TW_MOBILE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)886[ \-]?9\d{2}|09\d{2})[ \-]?\d{3}[ \-]?\d{3}(?!\d)"
)
_HK_MO = re.compile(r"(?<![\d+])(?:\+|00)85[23][ \-]?\d{4}[ \-]?\d{4}(?!\d)")
_SERVICE = re.compile(r"(?<!\d)[48]00[ \-]?\d{3}[ \-]?\d{4}(?!\d)")
_LOCAL_AFTER_KEYWORD = re.compile(
    r"(?:电话|座机|固话|联系方式|tel|phone)[^\d\n]{0,6}?(?<!\d)([2-9]\d{2,3}[ \-]?\d{4})(?!\d)",
    re.IGNORECASE,
)

_PHONE_WORDS = re.compile(r"电话|手机|座机|固话|联系|热线|客服|tel|phone|call", re.I)

_CARD_PLAIN = re.compile(r"(?<!\d)\d{13,19}(?!\d)")
_CARD_GROUPED = re.compile(
    r"(?<![\dA-Za-z])\d{4}(?:[ \-]\d{4}){2,3}(?:[ \-]\d{1,4})?(?![\dA-Za-z])"
)
_CARD_WORDS = re.compile(
    r"卡号|银行卡|储蓄卡|信用卡|借记卡|账号|帐号|账户|帐户|卡|card|account", re.I
)
_NOT_CARD_WORDS = re.compile(
    r"订单|单号|编号|流水|快递|运单|物流|批号|文号|条码|条形码|发票|病历|门诊号|住院号|就诊卡|医保卡|"
    r"社保卡|挂号|序列号|追溯码|监管码|訂單|單號|編號|快遞|運單|批號|文號|條碼|發票|病歷|掛號|"
    r"order|tracking|invoice",
    re.I,
)

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![A-Za-z0-9])"
)


def _digits(value: str) -> str:
    return re.sub(r"[^\dXx]", "", value)


def _before(text: str, start: int, width: int = 12) -> str:
    return text[max(0, start - width) : start]


def find_id_cards(text: str) -> list[Span]:
    """18-digit numbers with a valid check character, valid old 15-digit numbers, and Taiwan
    身分證字號 with a valid check digit."""
    spans = [
        Span("id_card", m.start(), m.end())
        for m in _ID18.finditer(text)
        if is_valid_id18(_digits(m.group()))
    ]
    spans += [
        Span("id_card", m.start(), m.end())
        for m in _ID15.finditer(text)
        if is_valid_id15(m.group())
    ]
    spans += [
        Span("id_card", m.start(), m.end())
        for m in _TW_ID.finditer(text)
        if is_valid_tw_id(m.group())
    ]
    return spans


def find_phones(text: str) -> list[Span]:
    """Mobile (1[3-9]x, +86), landline (区号-号码, extension), 400/800, numbers after 电话/座机,
    and Taiwan / Hong Kong / Macau mobiles."""
    spans: list[Span] = []
    for pattern in (_MOBILE, _LANDLINE, _INTL_LANDLINE, _SERVICE, _TW_MOBILE, _HK_MO):
        for m in pattern.finditer(text):
            context = _before(text, m.start(), 8)
            if _NOT_CARD_WORDS.search(context) and not _PHONE_WORDS.search(context):
                continue  # 订单号 / 编号 ...: a reference number shaped like a phone number
            spans.append(Span("phone", m.start(), m.end()))
    for m in _LOCAL_AFTER_KEYWORD.finditer(text):
        spans.append(Span("phone", m.start(1), m.end(1)))
    return spans


def _card_like(text: str, start: int, digits: str) -> bool:
    context = _before(text, start)
    if _NOT_CARD_WORDS.search(context):
        return False
    keyword = bool(_CARD_WORDS.search(context))
    if not luhn_ok(digits):
        return False
    if len(digits) == 18 and looks_like_id18(digits) and not keyword:
        return False  # an 身份证 number with a typo, not a card
    if keyword:
        return 13 <= len(digits) <= 19
    # Without a card word: the lengths and issuer prefixes of cards issued in China.
    return 16 <= len(digits) <= 19 and digits[0] in "345689"


def find_bank_cards(text: str) -> list[Span]:
    """Luhn-valid card numbers, plain or in groups of four."""
    spans: list[Span] = []
    for pattern in (_CARD_PLAIN, _CARD_GROUPED):
        for m in pattern.finditer(text):
            if _card_like(text, m.start(), _digits(m.group())):
                spans.append(Span("bank_card", m.start(), m.end()))
    return spans


def find_emails(text: str) -> list[Span]:
    return [Span("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
