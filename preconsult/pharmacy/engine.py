"""The pharmacist: answers medication questions from label entries, or hands off to a human.

``Pharmacist.answer`` returns None for questions that are not about medicines, so the router can
pass them on to the health answer engine.
"""

from __future__ import annotations

import logging
from typing import Any

from preconsult.i18n import N_, gettext, normalize_locale
from preconsult.pharmacy.checker import Finding, check_against_class, check_combination
from preconsult.pharmacy.compose import (
    compose_drug,
    compose_findings,
    compose_recommendation,
    footer,
)
from preconsult.pharmacy.handoff import Handoff, decide_handoff, handoff_text
from preconsult.pharmacy.intents import Question, QuestionType, parse_question
from preconsult.pharmacy.loader import DrugBook
from preconsult.pharmacy.matcher import DrugMatcher, Mention, normalize, unknown_drug_names
from preconsult.pharmacy.reply import Citation, PharmacyReply
from preconsult.pharmacy.schema import Complaint, Drug
from preconsult.triage.models import URGENCY_RANK, Screener

__all__ = ["Pharmacist", "Screener"]

log = logging.getLogger(__name__)

_MAX_DRUGS = 3
_ESCALATION = N_(
    "您描述的情况（{flags}）需要尽快由医生评估，请不要自行买药处理：情况紧急请立即拨打120或到最近医院急诊就诊。"
)
_CITATION_TITLE = N_("{name}说明书（{source}）")
_PER_DRUG_SKIP: tuple[QuestionType, ...] = ("recommend", "pharmacist")


def _default_screener() -> Screener | None:
    try:
        from preconsult.triage import get_engine  # type: ignore[attr-defined]
    except ImportError:
        return None
    try:
        return get_engine()  # type: ignore[no-any-return]
    except Exception:  # the triage engine is optional for the label answers
        log.exception("triage engine unavailable; OTC suggestions are handed to the pharmacist")
        return None


class Pharmacist:
    """Label-grounded medication Q&A over one :class:`DrugBook`."""

    def __init__(
        self, book: DrugBook, screener: Screener | None = None, use_default_screener: bool = True
    ) -> None:
        self.book = book
        self.matcher = DrugMatcher(book)
        self._screener = screener
        self._use_default = use_default_screener and screener is None

    @property
    def screener(self) -> Screener | None:
        if self._screener is None and self._use_default:
            self._screener = _default_screener()
            self._use_default = False
        return self._screener

    # ------------------------------------------------------------------ public API
    def mentions(self, text: str) -> list[str]:
        """Drug ids named in ``text`` (generic or brand), in order of first mention."""
        return self.matcher.drug_ids(text)

    def is_medication_question(self, text: str, channel: str = "kiosk") -> bool:
        """True when :meth:`answer` takes ``text`` (answer or handoff) instead of passing it on."""
        return self.answer(text, "zh-CN", channel) is not None

    def answer(
        self,
        question: str,
        locale: str = "zh-CN",
        channel: str = "web",
        session_drugs: list[str] | None = None,
    ) -> PharmacyReply | None:
        """Answer from the label, hand off, or None when ``question`` is not about medicines."""
        loc = normalize_locale(locale) or "zh-CN"
        text = question.strip()
        norm = normalize(text)
        parsed = parse_question(text)
        mentions = self.matcher.find(text)
        ids = list(dict.fromkeys(m.drug_id for m in mentions))
        class_words = {normalize(k) for c in self.book.classes.values() for k in c.keywords}
        unknown = [
            u
            for u in unknown_drug_names(text, mentions)
            if not any(u.endswith(k) for k in class_words)
        ]
        earlier = [d for d in (session_drugs or []) if d in self.book.drugs and d not in ids]
        kiosk = channel == "kiosk"

        if parsed.has("pharmacist"):
            return self._handoff(loc, Handoff("requested", tuple(ids)), channel)
        if ids or unknown or parsed.has("recommend"):
            # red flags override everything, even when a caller skips the router's screen
            escalation = self._screen(loc, text, parsed)
            if escalation is not None:
                return escalation
        if unknown:
            return self._handoff(loc, Handoff("unknown_drug", tuple(unknown)), channel)
        if not ids:
            classes = self._class_mentions(norm, mentions)
            if parsed.overdose and (classes or "药" in norm or "藥" in norm):
                return self._handoff(loc, Handoff("overdose"), channel)
            if classes and (
                parsed.dose_change
                or parsed.purchase
                or len(classes) > 1
                or parsed.has("interaction")
            ):
                # "降压药能不能停", "吃避孕药能吃头孢吗": which product matters. At the counter a
                # pharmacist looks at the box; elsewhere the health articles cover the general rule.
                return self._handoff(loc, Handoff("no_drug"), channel) if kiosk else None
            if parsed.has("recommend"):
                return self._recommend(loc, text, norm, parsed, channel)
            if earlier and parsed.types:
                ids, earlier = earlier[-1:], earlier[:-1]
            else:
                return None
        drugs = [self.book.drugs[d] for d in ids[:_MAX_DRUGS]]
        classes = self._class_mentions(norm, mentions)
        if (classes or len(drugs) > 1) and not [t for t in parsed.types if t != "child"]:
            parsed.types.append("interaction")  # "我在吃华法林，能吃布洛芬吗"
        handoff = decide_handoff(self.book, parsed, drugs, norm)
        if handoff is not None:
            return self._handoff(loc, handoff, channel)
        if not kiosk and not parsed.types and not earlier:
            # a drug named without a label question ("得了流感要吃奥司他韦吗"): off the kiosk the
            # health answers explain the context better than a label summary
            return None
        return self._answer(loc, parsed, drugs, earlier, classes)

    # ------------------------------------------------------------------ internals
    def _answer(
        self,
        loc: str,
        question: Question,
        drugs: list[Drug],
        earlier: list[str],
        classes: list[str],
    ) -> PharmacyReply:
        kinds = [k for k in question.types if k not in _PER_DRUG_SKIP]
        combined = [d.id for d in drugs] + earlier
        findings: list[Finding] = (
            check_combination(self.book, combined) if len(combined) > 1 else []
        )
        for tag in classes:
            for drug in drugs:
                findings += check_against_class(self.book, drug.id, tag)
        several = len(combined) > 1 or bool(classes)
        asked_combination = question.has("interaction") and several
        per_drug_kinds = [k for k in kinds if not (k == "interaction" and several)]
        parts = (
            []
            if asked_combination and not per_drug_kinds
            else [compose_drug(loc, d, question, per_drug_kinds) for d in drugs]
        )
        if asked_combination or findings:
            named = (
                combined + [f"class:{t}" for t in classes]
                if asked_combination
                else sorted({f.first for f in findings} | {f.second for f in findings})
            )
            parts.append(compose_findings(loc, self.book, findings, named))
        parts.append(footer(loc))
        cited = [d.id for d in drugs]
        cited += [
            d
            for d in earlier
            if asked_combination or any(d in (f.first, f.second) for f in findings)
        ]
        cited += [f.cited for f in findings]
        cited += [e for f in findings if f.kind == "duplicate" for e in f.examples]
        guardrails = []
        if any(f.kind == "duplicate" for f in findings):
            guardrails.append("pharmacy.duplicate_ingredient")
        if any(f.kind == "interaction" for f in findings):
            guardrails.append("pharmacy.interaction")
        cited = list(dict.fromkeys(cited))
        return PharmacyReply(
            kind="answer",
            answer="\n\n".join(parts),
            citations=self._citations(loc, cited),
            guardrails=guardrails,
            drugs=cited,
        )

    def _class_mentions(self, norm: str, mentions: list[Mention]) -> list[str]:
        """Drug classes named in the question ("降压药"), outside any drug name."""
        found: list[tuple[int, str]] = []
        for word in self.book.classes.values():
            for keyword in word.keywords:
                key = normalize(keyword)
                pos = norm.find(key)
                while pos >= 0:
                    inside = any(
                        m.start <= pos < m.end or m.start < pos + len(key) <= m.end
                        for m in mentions
                    )
                    if not inside:
                        found.append((pos, word.id))
                        break
                    pos = norm.find(key, pos + 1)
        return list(dict.fromkeys(tag for _pos, tag in sorted(found)))

    def _recommend(
        self, loc: str, text: str, norm: str, question: Question, channel: str
    ) -> PharmacyReply | None:
        if self.screener is None:
            # no red-flag screening available: never suggest a medicine unscreened
            return (
                self._handoff(loc, Handoff("no_otc_for_complaint"), channel)
                if channel == "kiosk"
                else None
            )
        complaint = self._complaint(norm)
        if complaint is None:
            # at a pharmacy counter a human can help; elsewhere the health answers take it
            return (
                self._handoff(loc, Handoff("no_otc_for_complaint"), channel)
                if channel == "kiosk"
                else None
            )
        if (
            question.has("pregnancy")
            or question.has("lactation")
            or (question.age_years is not None and question.age_years < 2)
        ):
            return self._handoff(loc, Handoff("special_population"), channel)
        drugs = [self.book.drugs[d] for d in complaint.drugs]
        drugs = [d for d in drugs if d.drug_class != "rx"]
        if question.age_years is not None:
            age = question.age_years
            drugs = [
                d
                for d in drugs
                if (d.usage.min_age_years or 0) <= age and (age >= 12 or d.usage.child)
            ]
        elif question.has("child"):
            drugs = [d for d in drugs if d.usage.child]
        if not drugs:
            return self._handoff(loc, Handoff("no_otc_for_complaint"), channel)
        answer = compose_recommendation(loc, complaint, drugs) + "\n\n" + footer(loc)
        return PharmacyReply(
            kind="answer",
            answer=answer,
            citations=self._citations(loc, [d.id for d in drugs]),
            guardrails=["pharmacy.otc_suggestion"],
            drugs=[d.id for d in drugs],
        )

    def _complaint(self, norm: str) -> Complaint | None:
        best: tuple[int, Complaint] | None = None
        for complaint in self.book.complaints.values():
            for keyword in complaint.keywords:
                pos = norm.find(normalize(keyword))
                if pos >= 0 and (best is None or pos < best[0]):
                    best = (pos, complaint)
        return best[1] if best else None

    def _screen(self, loc: str, text: str, question: Question) -> PharmacyReply | None:
        screener = self.screener
        if screener is None:
            return None
        hits = list(screener.screen(text, age=question.age_years))
        return self._escalate(loc, hits) if hits else None

    def _escalate(self, loc: str, hits: list[Any]) -> PharmacyReply:
        top = max(hits, key=lambda h: URGENCY_RANK.get(str(getattr(h, "urgency", "")), 0))
        names = []
        for hit in hits:
            name_in = getattr(hit, "name_in", None)
            names.append(str(name_in(loc)) if callable(name_in) else str(getattr(hit, "name", hit)))
        flags = (", " if loc == "en" else "、").join(dict.fromkeys(names))
        return PharmacyReply(
            kind="escalation",
            answer=gettext(loc, _ESCALATION, flags=flags),
            urgency=str(getattr(top, "urgency", "urgent")),
            guardrails=["red_flag"],
        )

    def _handoff(self, loc: str, handoff: Handoff, channel: str = "kiosk") -> PharmacyReply:
        known = [d for d in handoff.drugs if d in self.book.drugs]
        return PharmacyReply(
            kind="handoff",
            answer=handoff_text(loc, self.book, handoff, channel),
            citations=self._citations(loc, known),
            guardrails=[f"pharmacy.{handoff.reason}"],
            drugs=known,
            handoff_reason=handoff.reason,
        )

    def _citations(self, loc: str, drug_ids: list[str]) -> list[Citation]:
        out = []
        for drug_id in dict.fromkeys(drug_ids):
            drug = self.book.drugs[drug_id]
            title = gettext(loc, _CITATION_TITLE, name=drug.name.get(loc), source=drug.source)
            out.append(Citation(id=f"drug:{drug_id}", title=title))
        return out
