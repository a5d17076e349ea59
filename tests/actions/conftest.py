"""Test doubles for the action server: an in-code Tracker, a fake triage engine and router."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from rasa_sdk import Tracker

from actions import services

# Phrases the fake engine treats as red flags (the real rules live in knowledge/red_flags/).
FAKE_RED_FLAGS = {
    "喘不上气": ("dyspnea_severe", "严重呼吸困难", "emergency_ambulance"),
    "出冷汗": ("chest_pain_sweat", "胸痛伴出汗", "emergency_ambulance"),
    "说话不清": ("stroke_speech", "突发言语不清", "emergency_ambulance"),
    "高烧不退": ("high_fever", "持续高热", "urgent"),
}


@dataclass
class Hit:
    id: str
    name: str
    urgency: str
    guideline: str = "测试指南"


@dataclass
class Symptom:
    id: str
    name: str
    negated: bool = False
    uncertain: bool = False


@dataclass
class Department:
    code: str
    name: str
    category: str
    score: float
    reasons: list[str]


@dataclass
class Summary:
    chief_complaint: str


@dataclass
class Result:
    urgency: str
    red_flags: list[Hit]
    departments: list[Department]
    symptoms: list[Symptom]
    summary: Summary

    def to_api(self, locale: str = "zh-CN") -> dict[str, Any]:
        """Shaped like the real ``TriageResult.to_api`` (names already in ``locale``)."""
        return {
            "urgency": self.urgency,
            "red_flags": [{"id": h.id, "name": h.name} for h in self.red_flags],
            "departments": [
                {
                    "code": d.code,
                    "name": d.name,
                    "category": d.category,
                    "score": d.score,
                    "reasons": d.reasons,
                    "hospital": {"name": f"{d.name}门诊", "location": "2层"},
                }
                for d in self.departments
            ],  # fmt: skip
            "summary": {"chief_complaint": self.summary.chief_complaint},
            "disclaimer": "本结果不是诊断。",
            "locale": locale,
        }


@dataclass
class Request:
    text: str
    locale: str = "zh-CN"
    age: float | None = None
    sex: str | None = None
    pregnant: bool | None = None
    onset: str | None = None
    severity: str | None = None


@dataclass
class FakeEngine:
    """Recognises a few symptom words and the FAKE_RED_FLAGS phrases; records its calls."""

    result: Result | None = None
    screened: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    assessed: list[Request] = field(default_factory=list)
    semantic: list[bool] = field(default_factory=list)  # the semantic flag of each assess call

    def screen(self, text: str, **known: Any) -> list[Hit]:
        self.screened.append((text, known))
        return [Hit(*flag) for phrase, flag in FAKE_RED_FLAGS.items() if phrase in text]

    def assess(self, request: Request, *, semantic: bool = True) -> Result:
        self.assessed.append(request)
        self.semantic.append(semantic)
        if self.result is not None:
            return self.result
        words = {"头疼": "头痛", "咳嗽": "咳嗽", "发烧": "发热", "拉肚子": "腹泻"}
        symptoms = [
            Symptom(
                id=name,
                name=name,
                negated=f"不{word}" in request.text or f"没{word}" in request.text,
            )
            for word, name in words.items()
            if word in request.text
        ]
        return Result("routine", [], [], symptoms, Summary(request.text[:10]))


@dataclass
class Citation:
    id: str
    title: str


@dataclass
class Reply:
    kind: str
    answer: str
    citations: list[Citation] = field(default_factory=list)
    urgency: str | None = None
    guardrails: list[str] = field(default_factory=list)

    def to_api(self) -> dict[str, Any]:
        return {"kind": self.kind, "answer": self.answer, "urgency": self.urgency}


@dataclass
class FakeAssistant:
    reply: Reply
    asked: list[tuple[str, str, str]] = field(default_factory=list)

    def answer(self, question: str, locale: str = "zh-CN", channel: str = "web") -> Reply:
        self.asked.append((question, locale, channel))
        return self.reply


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    fake = FakeEngine()
    monkeypatch.setattr(services, "triage_engine", lambda: fake)
    monkeypatch.setattr(services, "triage_request", lambda **fields: Request(**fields))
    return fake


@pytest.fixture
def assistant(monkeypatch: pytest.MonkeyPatch) -> FakeAssistant:
    fake = FakeAssistant(
        Reply("answer", "高血压患者每天盐不超过5克。", [Citation("a1", "高血压饮食")])
    )
    monkeypatch.setattr(services, "assistant", lambda: fake)
    return fake


def make_tracker(
    text: str = "",
    intent: str = "inform",
    slots: dict[str, Any] | None = None,
    metadata: dict[str, Any] | None = None,
    requested_slot: str | None = None,
    active_loop: str | None = None,
) -> Tracker:
    """A tracker whose latest user message is ``text`` classified as ``intent``."""
    all_slots = {"locale": "zh-CN", "channel": "web", **(slots or {})}
    all_slots["requested_slot"] = requested_slot
    return Tracker(
        sender_id="test",
        slots=all_slots,
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "entities": [],
            "metadata": metadata if metadata is not None else {"locale": "zh-CN", "channel": "web"},
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )
