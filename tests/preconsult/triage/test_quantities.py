"""Durations, severity and vitals stated in free text."""

from __future__ import annotations

import pytest

from preconsult.triage.quantities import parse_duration, parse_severity, parse_vitals


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("胸口疼两个小时", 2),
        ("咳嗽3天了", 72),
        ("头疼半个月", 360),
        ("拉肚子一个礼拜", 168),
        ("昨天开始发烧", 24),
        ("腰疼一年多", 8760),
        ("coughing for 3 days", 72),
        ("fever since yesterday", 24),
    ],
)
def test_duration(text: str, hours: float) -> None:
    duration = parse_duration(text)
    assert duration is not None and duration.hours == pytest.approx(hours)


def test_age_is_not_a_duration() -> None:
    assert parse_duration("宝宝3个月大，发烧") is None
    assert parse_duration("怀孕30周，肚子疼2小时").hours == 2  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("疼得受不了", "severe"),
        ("疼痛8分", "severe"),
        ("有点疼", "mild"),
        ("pain is 3/10", "mild"),
        ("咳嗽", None),
    ],
)
def test_severity(text: str, level: str | None) -> None:
    assert parse_severity(text) == level


def test_vitals() -> None:
    assert parse_vitals("发烧39度5").temperature == 39.5
    assert parse_vitals("体温38.6℃").temperature == 38.6
    v = parse_vitals("血压180/110，血氧88%，心率130")
    assert (v.systolic, v.diastolic, v.spo2, v.heart_rate) == (180, 110, 88, 130)
    assert parse_vitals("temperature 102 f").temperature == pytest.approx(38.9)
    assert parse_vitals("近视300度").temperature is None


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("血压量了200多，头晕", "systolic", 200),
        ("高压一百八，低压一百一", "systolic", 180),
        ("高压一百八，低压一百一", "diastolic", 110),
        ("血压低压100", "systolic", None),
        ("高血压十年，血压控制在130左右", "systolic", 130),
        ("血压正常 血氧98", "systolic", None),
        ("血氧九十", "spo2", 90),
        ("血氧只有八十几", "spo2", 85),
        ("血氧百分之八十五", "spo2", 85),
        ("心跳每分钟一百五十下", "heart_rate", 150),
        ("体温三十九度五", "temperature", 39.5),
        ("餐后2小时血糖12", "glucose", 12),
        ("血糖餐后2小时12.5", "glucose", 12.5),
        ("饭后两小时血糖十二点五", "glucose", 12.5),
        ("血糖高十几年", "glucose", None),
        ("blood sugar 2 hours after meal 250", "glucose", 13.9),
    ],
)
def test_spoken_vitals(text: str, field: str, value: float | None) -> None:
    assert getattr(parse_vitals(text), field) == value
