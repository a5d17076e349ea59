"""Validators behind the number detectors: GB 11643 身份证 checksum, Luhn, dates, area codes."""

from __future__ import annotations

from datetime import date

__all__ = [
    "PROVINCE_CODES",
    "is_valid_date",
    "is_valid_id15",
    "is_valid_id18",
    "looks_like_id18",
    "luhn_ok",
    "is_valid_tw_id",
]

# First two digits of a 身份证 number: the province-level division (GB/T 2260), plus 71/81/82/83.
_PROVINCE_TEXT = (
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 "
    "52 53 54 61 62 63 64 65 71 81 82 83 "
)
PROVINCE_CODES = frozenset(_PROVINCE_TEXT.split())
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def is_valid_date(year: int, month: int, day: int) -> bool:
    """A real calendar date between 1900 and 2099."""
    if not 1900 <= year <= 2099:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def looks_like_id18(digits: str) -> bool:
    """18 characters with a province code and a real birth date: shaped like a 身份证 number."""
    if len(digits) != 18 or not digits[:17].isdigit() or digits[17] not in "0123456789Xx":
        return False
    if digits[:2] not in PROVINCE_CODES:
        return False
    return is_valid_date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))


def is_valid_id18(digits: str) -> bool:
    """An 18-digit 身份证 number whose GB 11643-1999 check character is right."""
    if not looks_like_id18(digits):
        return False
    total = sum(int(c) * w for c, w in zip(digits[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == digits[17].upper()


def is_valid_id15(digits: str) -> bool:
    """An old 15-digit 身份证 number (before 1999): province code and a 19YYMMDD birth date."""
    if len(digits) != 15 or not digits.isdigit() or digits[:2] not in PROVINCE_CODES:
        return False
    return is_valid_date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check used by bank card numbers."""
    if not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


# Taiwan 身分證字號: a letter for the issuing region, 1/2 (or 8/9 for residents), 8 digits.
_TW_LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"  # values 10..35 in this order


def is_valid_tw_id(value: str) -> bool:
    """A Taiwan national ID (e.g. A123456789) whose check digit is right."""
    value = value.upper()
    if len(value) != 10 or value[0] not in _TW_LETTERS or not value[1:].isdigit():
        return False
    if value[1] not in "1289":
        return False
    code = _TW_LETTERS.index(value[0]) + 10
    digits = [code // 10, code % 10] + [int(c) for c in value[1:]]
    weights = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
    return sum(d * w for d, w in zip(digits, weights, strict=True)) % 10 == 0
