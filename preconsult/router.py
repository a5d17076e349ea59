"""The assistant's router: one entry point for every channel (bot actions, REST, kiosk).

Order: red flags (triage screen) → input guardrails (injection, diagnosis or prescription
requests, misinformation, off-topic) → medication handlers (the pharmacy feature) → grounded
health answers. See "Answer core" in docs/contracts.md.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from preconsult.answers.engine import OFF_TOPIC, AnswerEngine
from preconsult.answers.guardrails.input import check_input
from preconsult.answers.models import Citation, Reply
from preconsult.i18n import N_, gettext, normalize_locale
from preconsult.triage.models import URGENCY_RANK, Screener

__all__ = [
    "Assistant",
    "Citation",
    "Handler",
    "Reply",
    "Screener",
    "get_assistant",
    "pharmacy_handler",
]

log = logging.getLogger(__name__)

Handler = Callable[[str, str, str, Sequence[str] | None], Reply | None]
"""A specialised answerer: ``(question, locale, channel) -> Reply`` or None to pass it on."""


ESCALATION = {
    "emergency_ambulance": N_(
        "您描述的情况（{flags}）可能危及生命，请立即拨打120急救电话，不要自行前往医院。"
    ),
    "emergency": N_(
        "您描述的情况（{flags}）需要立即处理，请马上到最近医院的急诊科就诊；如果情况加重，请拨打120。"
    ),
    "urgent": N_(
        "您描述的情况（{flags}）需要尽快就医，建议今天就到医院就诊；如果加重，请去急诊或拨打120。"
    ),
}
REFUSALS = {
    "prompt_injection": N_(
        "抱歉，我不能执行这类指令。我是医院的健康科普助手，可以回答健康问题，或帮您通过智能导诊找到合适的科室。"
    ),
    "diagnosis_request": N_(
        "抱歉，我不能替您诊断：诊断需要医生当面问诊、检查后才能作出。您可以使用智能导诊描述症状，我们会建议合适的科室和就诊的紧急程度。"
    ),
    "prescription_request": N_(
        "抱歉，我不能为您开药或推荐用药方案：用药需要医生根据您的具体情况决定。您可以使用智能导诊找到合适的科室，或咨询医院药师。"
    ),
    "off_topic": OFF_TOPIC,
}
MISINFORMATION_NO_SOURCE = N_(
    "这种说法没有可靠的科学依据，请不要轻信。如果您有健康方面的疑问，请咨询正规医疗机构的医生，"
    "或使用智能导诊描述症状。"
)
MISINFORMATION_LEAD = N_("这种说法没有可靠的科学依据，请不要轻信。下面是经过审核的科普资料：")


# "开点…/给我开…/prescribe": asking for a prescription, never a label question
_ASKS_TO_PRESCRIBE = re.compile(
    r"(给我|帮我|替我|你)?开(一)?[点些个盒张瓶]|[给帮]我开|开处方|开药|prescri", re.I
)


def _pharmacist() -> Any | None:
    try:
        from preconsult import pharmacy
    except ImportError:
        return None
    get_pharmacist = getattr(pharmacy, "get_pharmacist", None)
    return get_pharmacist() if get_pharmacist is not None else None


def drug_mentions(text: str) -> list[str]:
    """Ids of the medicines with a label entry that ``text`` names (empty without pharmacy)."""
    pharmacist = _pharmacist()
    return list(pharmacist.mentions(text)) if pharmacist is not None else []


def pharmacy_handler(
    question: str, locale: str, channel: str, session_drugs: Sequence[str] | None = None
) -> Reply | None:
    """Send medication questions to ``preconsult.pharmacy.get_pharmacist()`` once it exists.

    Contract: ``get_pharmacist().answer(question, locale, channel)`` returns a ``Reply`` for a
    medication question and None for anything else (then the health answer engine takes it).
    """
    pharmacist = _pharmacist()
    if pharmacist is None:
        return None
    result = pharmacist.answer(question, locale, channel, session_drugs=list(session_drugs or []))
    if result is None or isinstance(result, Reply):
        return result
    return Reply.model_validate(result if isinstance(result, dict) else result.to_api())


class Assistant:
    """Routes one question to escalation, a refusal, a handler or the answer engine."""

    def __init__(
        self,
        screener: Screener,
        engine: AnswerEngine | Callable[[], AnswerEngine],
        handlers: Sequence[Handler] = (pharmacy_handler,),
    ) -> None:
        self.screener = screener
        self._engine = engine
        self.handlers = list(handlers)

    @property
    def engine(self) -> AnswerEngine:
        if not isinstance(self._engine, AnswerEngine):
            self._engine = self._engine()
        return self._engine

    def answer(
        self,
        question: str,
        locale: str = "zh-CN",
        channel: str = "web",
        session_drugs: Sequence[str] | None = None,
    ) -> Reply:
        """``session_drugs``: medicines named earlier in the conversation, for the interaction
        and duplicate-ingredient checks."""
        loc = normalize_locale(locale) or "zh-CN"
        text = question.strip()
        escalation = self._escalate(text, loc)
        if escalation is not None:
            return escalation
        verdict = check_input(text)
        if (
            verdict is not None
            and verdict.kind == "prescription_request"
            and self.handlers
            and not _ASKS_TO_PRESCRIBE.search(text)
            and drug_mentions(text)
        ):
            # "布洛芬我该一次吃几片" asks what a named medicine's label says: the pharmacy answers
            # from the label or hands off to the pharmacist (dose changes, Rx without prescription).
            verdict = None
        if verdict is not None and verdict.kind != "misinformation":
            return Reply(
                kind="refusal",
                answer=gettext(loc, REFUSALS[verdict.kind]),
                guardrails=[verdict.kind],
            )
        if verdict is None:
            for handler in self.handlers:
                reply = handler(text, loc, channel, session_drugs)
                if reply is not None:
                    return reply
            return self.engine.answer(text, loc, channel).reply
        lead = gettext(loc, MISINFORMATION_LEAD)
        outcome = self.engine.answer(text, loc, channel, lead=lead, guardrails=("misinformation",))
        if outcome.reply.kind == "answer":
            return outcome.reply
        # no reviewed article on this claim: still say it is unfounded, without quoting anything
        return outcome.reply.model_copy(update={"answer": gettext(loc, MISINFORMATION_NO_SOURCE)})

    def _escalate(self, text: str, locale: str) -> Reply | None:
        hits = list(self.screener.screen(text))
        if not hits:
            return None
        top = max(hits, key=lambda h: URGENCY_RANK.get(str(h.urgency), 0))
        urgency = str(top.urgency)
        names = "、" if locale != "en" else ", "
        flags = names.join(dict.fromkeys(_name(h, locale) for h in hits))
        message = gettext(locale, ESCALATION.get(urgency, ESCALATION["emergency"]), flags=flags)
        advice = getattr(top, "advice", None)
        if advice is not None and hasattr(advice, "get"):
            extra = advice.get(locale)
            if extra:
                message = f"{message}\n{extra}"
        return Reply(kind="escalation", answer=message, urgency=urgency, guardrails=["red_flag"])


def _name(hit: Any, locale: str) -> str:
    name_in = getattr(hit, "name_in", None)
    return str(name_in(locale)) if callable(name_in) else str(hit.name)


@lru_cache(maxsize=1)
def get_assistant() -> Assistant:
    """The process-wide assistant: the triage engine's screen + the cached answer engine."""
    from preconsult.answers import get_answer_engine
    from preconsult.triage import get_engine  # type: ignore[attr-defined,unused-ignore]

    return Assistant(screener=get_engine(), engine=get_answer_engine)
