"""Extractive answers: cited, with a when-to-see-a-doctor line, natural in every locale."""

from __future__ import annotations

from preconsult.answers.compose import compose_extractive
from preconsult.answers.engine import AnswerEngine


def test_answer_quotes_the_article_and_cites_it(engine: AnswerEngine) -> None:
    composed = compose_extractive(engine.retrieve("高血压能吃鸡蛋吗", "zh-CN"), "zh-CN")
    body, see = composed.text.split("\n")
    assert body.startswith("可以。鸡蛋本身含盐很少") and body.endswith("[1]")
    assert see == "何时就医：血压控制不好或不确定怎样吃时，请到心血管内科或营养门诊咨询。[1]"
    assert [c.id for c in composed.citations] == ["t-eggs"]


def test_traditional_chinese_answer_and_title(engine: AnswerEngine) -> None:
    composed = compose_extractive(engine.retrieve("高血壓能吃雞蛋嗎", "zh-TW"), "zh-TW")
    assert "雞蛋本身含鹽很少" in composed.text
    assert "时" not in composed.text and "医" not in composed.text  # no simplified left
    assert composed.citations[0].title == "高血壓患者能吃雞蛋嗎"


def test_english_question_gets_the_english_article(engine: AnswerEngine) -> None:
    composed = compose_extractive(
        engine.retrieve("My child has a fever, what should I do?", "en"), "en"
    )
    assert composed.citations[0].id == "t-fever-en"
    assert "When to see a doctor" in composed.text.splitlines()[-1]
    assert "baby under 3 months" in composed.text


def test_kiosk_answers_are_shorter(engine: AnswerEngine) -> None:
    retrieval = engine.retrieve("孩子发烧怎么办", "zh-CN")
    web = compose_extractive(retrieval, "zh-CN", "web").text
    kiosk = compose_extractive(retrieval, "zh-CN", "kiosk").text
    assert len(kiosk) < len(web)
