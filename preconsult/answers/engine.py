"""The answer engine: retrieve, compose (extractive or LLM under guardrails), keep stable.

``AnswerEngine.answer`` returns a ``Reply``: a cited answer, or a refusal when retrieval is not
confident enough (below the calibrated threshold). Replies are memoised by (normalised question,
locale, channel, lead, knowledge version) so the same question always gets the same answer.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel

from preconsult.answers.compose import Composed, compose_extractive, localize_title
from preconsult.answers.embedder import Embedder
from preconsult.answers.guardrails.input import looks_health_related
from preconsult.answers.guardrails.output import check_output, cosine_similarity
from preconsult.answers.index import KnowledgeIndex
from preconsult.answers.llm import generate
from preconsult.answers.models import Citation, Reply
from preconsult.answers.retrieval import HybridRetriever, Retrieval
from preconsult.answers.stability import ReplyCache
from preconsult.answers.text import normalize_question
from preconsult.i18n import N_, gettext

__all__ = ["DEFAULT_THRESHOLD", "AnswerEngine", "Outcome"]

log = logging.getLogger(__name__)

# Calibrated with the table `preconsult eval answers` prints: on evals/answers/ 0.58 refuses 6 % of in-scope questions,
# most of them ones whose top article was wrong; on real patient questions answers between 0.52
# and 0.58 were mostly off the point. Below it we say so and offer triage instead of guessing.
DEFAULT_THRESHOLD = 0.58
_CACHE_SIZE = 4096

LOW_CONFIDENCE = N_(
    "抱歉，我们审核过的健康科普资料里没有找到能可靠回答这个问题的内容，我不想猜测。"
    "如果您有不舒服，可以使用智能导诊描述症状，我们帮您找到合适的科室。"
)
OFF_TOPIC = N_(
    "抱歉，我只能回答健康科普方面的问题（例如慢性病、儿童健康、疫苗、饮食运动、急救常识）。"
    "如果您有不舒服，可以使用智能导诊描述症状。"
)


@dataclass(frozen=True)
class Outcome:
    """An engine reply plus what the evaluation needs to know about it."""

    reply: Reply
    retrieval: Retrieval
    used_llm: bool = False


class AnswerEngine:
    """Answers health questions from one KnowledgeIndex."""

    def __init__(
        self,
        index: KnowledgeIndex,
        embedder: Embedder,
        *,
        llm: BaseChatModel | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        store: ReplyCache | None = None,
    ) -> None:
        self.index = index
        self.store = store  # replies kept across restarts (for LLM answers)
        self.embedder = embedder
        self.retriever = HybridRetriever(index, embedder)
        self.llm = llm
        self.threshold = threshold
        self._cache: OrderedDict[tuple[str, ...], Outcome] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        return self.index.version

    def retrieve(self, question: str, locale: str, k: int = 3) -> Retrieval:
        """Articles in the user's language; English users fall back to the Chinese articles
        (only key articles have an English version). Chinese users never get English text."""
        preferred = {"en"} if locale == "en" else {"zh-CN", "zh-TW"}
        result = self.retriever.search(question, k=k, languages=preferred)
        if result.confidence >= self.threshold or locale != "en":
            return result
        fallback = self.retriever.search(question, k=k, languages={"zh-CN", "zh-TW"})
        return fallback if fallback.confidence > result.confidence else result

    def answer(
        self,
        question: str,
        locale: str = "zh-CN",
        channel: str = "web",
        *,
        lead: str = "",
        guardrails: tuple[str, ...] = (),
    ) -> Outcome:
        key = (
            normalize_question(question),
            locale,
            channel,
            lead,
            ",".join(guardrails),
            self.version,
        )
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        stored_key = ReplyCache.key(*key)
        stored = self.store.get(stored_key) if self.store else None
        if stored is not None:
            return Outcome(stored, Retrieval(query=key[0]))
        outcome = self._answer(question, locale, channel, lead, list(guardrails))
        if self.store is not None:
            kept = self.store.put(stored_key, outcome.reply)
            if kept != outcome.reply:
                outcome = Outcome(kept, outcome.retrieval)
        with self._lock:
            self._cache[key] = outcome
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return outcome

    def _answer(
        self, question: str, locale: str, channel: str, lead: str, fired: list[str]
    ) -> Outcome:
        retrieval = self.retrieve(question, locale)
        if retrieval.top is None or retrieval.confidence < self.threshold:
            on_topic = looks_health_related(question)
            message = LOW_CONFIDENCE if on_topic else OFF_TOPIC
            fired.append("low_confidence" if on_topic else "off_topic")
            text = gettext(locale, message)
            if lead:
                text = f"{lead}\n{text}"
            return Outcome(Reply(kind="refusal", answer=text, guardrails=fired), retrieval)
        composed = compose_extractive(retrieval, locale, channel, lead=lead)
        if self.llm is not None:
            llm_reply = self._llm_answer(question, retrieval, composed, locale, lead, fired)
            if llm_reply is not None:
                return Outcome(llm_reply, retrieval, used_llm=True)
        reply = Reply(
            kind="answer", answer=composed.text, citations=composed.citations, guardrails=fired
        )
        return Outcome(reply, retrieval)

    def _llm_answer(
        self,
        question: str,
        retrieval: Retrieval,
        composed: Composed,
        locale: str,
        lead: str,
        fired: list[str],
    ) -> Reply | None:
        """The LLM's answer if it passes every output guardrail; None (logged) otherwise."""
        assert self.llm is not None
        hits = retrieval.articles
        sources = [
            (h.article.title, " ".join(p.passage.text for p in h.passages[:2])) for h in hits
        ]
        try:
            text = generate(self.llm, question, sources, locale)
        except Exception as exc:  # network, timeout, bad response: the extractive answer stands
            log.warning("llm_error: %s; sending the extractive answer", exc)
            fired.append("llm_error")
            return None
        check = check_output(
            text, [s[1] for s in sources], similarity=cosine_similarity(self.embedder.embed_query)
        )
        if not check.ok:
            log.warning(
                "llm_output_rejected: %s (%s); sending the extractive answer",
                ",".join(check.failures),
                "; ".join(check.details)[:300],
            )
            fired.extend(f"output:{f}" for f in check.failures)
            return None
        citations = [
            Citation(id=h.article.id, title=localize_title(h.article, locale)) for h in hits
        ]
        see_line = composed.text.rsplit("\n", 1)[-1]  # cites [1], the top article here too
        body = f"{lead}\n{text}" if lead else text
        return Reply(
            kind="answer", answer=f"{body}\n{see_line}", citations=citations, guardrails=fired
        )
