"""Redaction a reviewer would notice: identifiers replaced, medical numbers and ordinary words kept."""

from __future__ import annotations

import pytest

from preconsult.privacy import redact
from preconsult.privacy.checks import is_valid_id15, is_valid_id18, is_valid_tw_id, luhn_ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我叫张伟，电话13800138000", "我叫[姓名]，电话[电话]"),
        ("身份证号11010519491231002X，要挂号", "身份证号[身份证号]，要挂号"),
        ("身份证11010519491231002x", "身份证[身份证号]"),
        ("身份证号：110105 19491231 002X", "身份证号：[身份证号]"),
        ("老身份证 110105491231002", "老身份证 [身份证号]"),
        ("手机 138 0013 8000", "手机 [电话]"),
        ("+86-138-0013-8000 是我", "[电话] 是我"),
        ("座机010-62345678转123", "座机[电话]"),
        ("(0755)88886666", "[电话]"),
        ("客服400-820-8820", "客服[电话]"),
        ("发到abc.d@qq.com谢谢", "发到[邮箱]谢谢"),
        ("卡号 4111 1111 1111 1111", "卡号 [银行卡号]"),
        ("退款到6222600260001072444", "退款到[银行卡号]"),
        ("我叫张三今年30岁", "我叫[姓名]今年30岁"),
        ("我是王小明，胃疼", "我是[姓名]，胃疼"),
        ("姓名：阿依古丽，女", "姓名：[姓名]，女"),
        ("My name is John Smith.", "My name is [姓名]."),
        ("手机：１３８００１３８０００", "手机：[电话]"),
        ("身分證字號A123456789", "身分證字號[身份证号]"),
        ("手機0912-345-678", "手機[电话]"),
    ],
)
def test_identifiers_are_replaced_by_readable_placeholders(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "空腹血糖7.8，白细胞12.5×10^9/L",
        "血压140/90mmHg，心率88",
        "2024-03-15 做的检查，编号20240315",
        "早上08:30吃了500mg二甲双胍",
        "身高175cm体重70kg",
        "我是高血压患者",
        "我是程序员，腰疼",
        "我是江西人",
        "我叫了救护车",
        "110105194912310021",  # 身份证-shaped, wrong check character
        "订单号202403151234567890",
        "条形码6901234567892",
        "时间戳1710489600000",
        "卡号6222600260001072445",  # Luhn fails
        "手机号1380013800少一位",
        "A123456788",  # Taiwan ID shape, wrong check digit
        "訂單0912345678",
    ],
)
def test_near_misses_are_left_alone(text: str) -> None:
    result = redact(text)
    assert result.text == text
    assert result.spans == []


def test_spans_point_into_the_original_text() -> None:
    text = "我叫李娜，邮箱lina@163.com"
    result = redact(text)
    assert [(s.kind, text[s.start : s.end]) for s in result.spans] == [
        ("name", "李娜"),
        ("email", "lina@163.com"),
    ]


def test_email_containing_a_phone_number_is_one_email() -> None:
    assert redact("13800138000@163.com").text == "[邮箱]"


def test_empty_text() -> None:
    assert redact("").text == ""


def test_gb11643_check_character() -> None:
    assert is_valid_id18("11010519491231002X")
    assert not is_valid_id18("110105194912310021")
    assert not is_valid_id18("11010519491331002X")  # month 13
    assert not is_valid_id18("99010519491231002X")  # no such province


def test_old_15_digit_id_needs_a_real_date() -> None:
    assert is_valid_id15("110105491231002")
    assert not is_valid_id15("110105491331002")


def test_taiwan_id_check_digit() -> None:
    assert is_valid_tw_id("A123456789")
    assert not is_valid_tw_id("A123456788")
    assert not is_valid_tw_id("A323456789")  # 3 is no sex/holder code


def test_luhn() -> None:
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")
