"""Reading interview answers: several facts at once, Chinese numerals, English, corrections."""

from __future__ import annotations

import pytest

from actions.facts import Facts, parse_facts


@pytest.mark.parametrize(
    ("text", "asked", "expected"),
    [
        ("我58岁，男的，胸痛2小时", None, Facts(onset="2小时", age=58.0, sex="male")),
        ("拉肚子三天了", None, Facts(onset="3天")),
        ("咳嗽一个多月", None, Facts(onset="1个月")),
        ("头疼半个月", None, Facts(onset="半个月")),
        ("不对，是三天", "severity", Facts(onset="3天")),
        ("宝宝8个月大，发烧一天", None, Facts(onset="1天", age=0.667)),
        ("三十多", "age", Facts(age=30.0)),
        ("35", "age", Facts(age=35.0)),
        ("35", "onset", Facts()),
        ("女", "sex", Facts(sex="female")),
        ("是的", "pregnant", Facts(pregnant="yes")),
        ("没有怀孕", None, Facts(pregnant="no", sex="female")),
        ("孕12周", None, Facts(pregnant="yes", sex="female", gestation="孕12周")),
        ("不确定", "pregnant", Facts(pregnant="unknown")),
        ("疼得受不了", None, Facts(severity="severe")),
        ("有点疼", "severity", Facts(severity="mild")),
        ("有点疼", None, Facts(severity="mild")),
        ("上班的时候突然开始的", "onset", Facts()),
        ("7分", None, Facts(severity="severe")),
        ("since yesterday, I'm a 30 year old woman", None,
         Facts(onset="1天", age=30.0, sex="female")),
        ("for three days, pretty severe", None, Facts(onset="3天", severity="severe")),
    ],
)  # fmt: skip
def test_parse_facts(text: str, asked: str | None, expected: Facts) -> None:
    assert parse_facts(text, asked=asked) == expected
