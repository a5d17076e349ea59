"""LLM answers under output guardrails, with langchain fake chat models."""

from __future__ import annotations

import logging

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from preconsult.answers.engine import AnswerEngine
from preconsult.answers.index import KnowledgeIndex
from preconsult.answers.llm import build_chat_model, build_messages
from preconsult.answers.settings import AnswerSettings


def _engine(index: KnowledgeIndex, embedder, *responses: str) -> AnswerEngine:
    return AnswerEngine(index, embedder, llm=FakeListChatModel(responses=list(responses)))


def test_grounded_llm_answer_is_sent_with_citations(index, embedder) -> None:
    engine = _engine(index, embedder, "可以吃。鸡蛋本身含盐很少，不会直接升高血压[1]。")
    outcome = engine.answer("高血压能吃鸡蛋吗")
    assert outcome.used_llm
    assert outcome.reply.answer.startswith("可以吃。鸡蛋本身含盐很少")
    assert outcome.reply.citations[0].id == "t-eggs"
    assert "何时就医" in outcome.reply.answer


@pytest.mark.parametrize(
    ("llm_text", "guardrail"),
    [
        ("高血压患者每天可以吃4个鸡蛋[1]。", "output:invented_number"),
        ("多吃鸡蛋能降血压，还能软化血管[1]。", "output:unsupported_claim"),
        ("您患有高血压病，鸡蛋本身含盐很少[1]。", "output:diagnosis_language"),
    ],
)
def test_failing_llm_answer_falls_back_to_extractive_and_is_logged(
    index, embedder, caplog: pytest.LogCaptureFixture, llm_text: str, guardrail: str
) -> None:
    extractive = AnswerEngine(index, embedder).answer("高血压能吃鸡蛋吗").reply
    with caplog.at_level(logging.WARNING, logger="preconsult.answers.engine"):
        outcome = _engine(index, embedder, llm_text).answer("高血压能吃鸡蛋吗")
    assert not outcome.used_llm
    assert outcome.reply.answer == extractive.answer
    assert guardrail in outcome.reply.guardrails
    assert "llm_output_rejected" in caplog.text


def test_llm_failure_falls_back(index, embedder) -> None:
    class Broken(FakeListChatModel):
        def _call(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise TimeoutError("endpoint down")

    engine = AnswerEngine(index, embedder, llm=Broken(responses=["x"]))
    outcome = engine.answer("HPV疫苗几岁打")
    assert outcome.reply.kind == "answer" and "llm_error" in outcome.reply.guardrails


def test_same_question_same_answer_even_if_the_model_varies(index, embedder) -> None:
    engine = _engine(
        index, embedder, "可以。鸡蛋本身含盐很少[1]。", "可以吃。一般建议每天吃一个鸡蛋[1]。"
    )
    first = engine.answer("高血压能吃鸡蛋吗？").reply
    assert first.answer.startswith("可以。鸡蛋本身含盐很少[1]")
    assert engine.answer("  高血壓能吃雞蛋嗎 ").reply == first  # normalised + traditional
    assert engine.answer("高血压能吃鸡蛋吗").reply == first


def test_prompt_contains_only_the_passages_and_the_language() -> None:
    messages = build_messages(
        "HPV疫苗几岁打", [("HPV疫苗几岁打", "9到14岁的女孩是重点人群。")], "en"
    )
    assert "[1] HPV疫苗几岁打：9到14岁的女孩是重点人群。" in messages[0].content
    assert "English" in messages[0].content
    assert messages[1].content == "HPV疫苗几岁打"


def test_llm_is_off_without_a_base_url() -> None:
    assert build_chat_model(AnswerSettings(base_url=None)) is None
    model = build_chat_model(AnswerSettings(base_url="http://127.0.0.1:9/v1", model="m"))
    assert model is not None and model.temperature == 0


def test_llm_reply_is_replayed_after_a_restart(index, embedder, tmp_path) -> None:
    from preconsult.answers.stability import ReplyCache

    path = tmp_path / "replies.sqlite"
    first = AnswerEngine(
        index,
        embedder,
        llm=FakeListChatModel(responses=["可以。鸡蛋本身含盐很少[1]。"]),
        store=ReplyCache(path),
    ).answer("高血压能吃鸡蛋吗")
    restarted = AnswerEngine(
        index,
        embedder,
        llm=FakeListChatModel(responses=["可以吃。一般建议每天吃一个鸡蛋[1]。"]),
        store=ReplyCache(path),
    ).answer("高血压能吃鸡蛋吗？")
    assert first.used_llm and restarted.reply == first.reply
