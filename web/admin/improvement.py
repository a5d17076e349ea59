"""The improvement loop: turn reviewed conversations into Rasa test-story and NLU candidates.

Conversations a reviewer judged right become regression test stories; those judged wrong become
stories to fix, annotated with the department/urgency the reviewer gave. User messages (already
PII-redacted; any still holding a placeholder are skipped) become NLU examples under the intent the
conversation suggests. Everything is a *candidate*: the team reviews it before it enters bot/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from preconsult.privacy.spans import PLACEHOLDERS
from web.admin.models import Annotation
from web.storage.models import ChatSession, Message

__all__ = ["Candidates", "build_candidates", "render_nlu", "render_stories"]

_BUTTON = re.compile(r"^/([a-z_]+)")
_ACTION_FOR_KIND = {
    "triage_result": "action_triage_result",
    "answer": "action_answer",
    "handoff": "action_handoff",
    "emergency": "action_triage_result",
}
_INTENT_FOR_KIND = {
    "triage_result": "describe_symptom",
    "emergency": "describe_symptom",
    "answer": "ask_health_question",
    "handoff": "request_human",
}


@dataclass
class Story:
    session_id: str
    steps: list[tuple[str, str, str]]  # ("user", text, intent) | ("action", name, "")
    note: str = ""


@dataclass
class Candidates:
    passing: list[Story] = field(default_factory=list)
    to_fix: list[Story] = field(default_factory=list)
    nlu: dict[str, list[str]] = field(default_factory=dict)


def _intent(message: Message, following: list[Message]) -> str:
    payload = (message.payload or {}).get("payload")
    if isinstance(payload, str) and (m := _BUTTON.match(payload)):
        return m.group(1)
    for reply in following:
        if reply.sender == "user":
            break
        if reply.kind in _INTENT_FOR_KIND:
            data = (reply.payload or {}).get("data") or {}
            if (
                reply.kind == "answer"
                and isinstance(data, dict)
                and data.get("source") == "pharmacy"
            ):
                return "ask_medication"
            return _INTENT_FOR_KIND[reply.kind]
    return "inform"


def _story(session: ChatSession, note: str) -> tuple[Story, list[tuple[str, str]]]:
    steps: list[tuple[str, str, str]] = []
    examples: list[tuple[str, str]] = []
    messages = list(session.messages)
    for index, message in enumerate(messages):
        if message.sender == "user":
            intent = _intent(message, messages[index + 1 :])
            steps.append(("user", message.text, intent))
            if not any(p in message.text for p in PLACEHOLDERS.values()):
                examples.append((intent, message.text))
        elif message.sender == "bot" and message.kind in _ACTION_FOR_KIND:
            action = _ACTION_FOR_KIND[message.kind]
            if not steps or steps[-1][:2] != ("action", action):
                steps.append(("action", action, ""))
    return Story(session.id, steps, note), examples


def build_candidates(db: Session, limit: int = 1000) -> Candidates:
    """Candidates from the latest annotation of up to ``limit`` reviewed conversations."""
    latest: dict[str, Annotation] = {}
    for row in db.scalars(select(Annotation).order_by(Annotation.created_at, Annotation.id)):
        latest[row.session_id] = row
    out = Candidates()
    seen: set[tuple[str, str]] = set()
    for session_id in list(latest)[-limit:]:
        session = db.get(ChatSession, session_id)
        if session is None:
            continue
        note = latest[session_id]
        verdicts = [note.routing_correct, note.urgency_correct, note.answer_correct]
        wrong = any(v is False for v in verdicts)
        expected = ", ".join(
            part
            for part in (
                f"department {note.correct_department}" if note.correct_department else "",
                f"urgency {note.correct_urgency}" if note.correct_urgency else "",
            )
            if part
        )
        story, examples = _story(session, expected)
        if not story.steps:
            continue
        (out.to_fix if wrong else out.passing).append(story)
        for intent, text in examples:
            if (intent, text) not in seen:
                seen.add((intent, text))
                out.nlu.setdefault(intent, []).append(text)
    return out


def _block(text: str, indent: str) -> str:
    return "\n".join(indent + line for line in (text.splitlines() or [""]))


def render_stories(stories: list[Story], title: str) -> str:
    lines = [
        f"# {title}",
        "# Candidates from reviewed conversations: check intents and actions before moving to bot/tests.",
        'version: "3.1"',
        "",
        "stories:",
    ]
    for story in stories:
        lines.append(f"  - story: reviewed {story.session_id}")
        if story.note:
            lines.append(f"    # reviewer expected: {story.note}")
        lines.append("    steps:")
        for kind, value, intent in story.steps:
            if kind == "user":
                lines += [
                    "      - user: |",
                    _block(value, "          "),
                    f"        intent: {intent}",
                ]
            else:
                lines.append(f"      - action: {value}")
    if not stories:
        lines[-1] = "stories: []"
    return "\n".join(lines) + "\n"


def render_nlu(nlu: dict[str, list[str]]) -> str:
    lines = [
        "# NLU candidates from reviewed conversations (PII-redacted): review before adding to bot/data.",
        'version: "3.1"',
        "",
        "nlu:",
    ]
    for intent in sorted(nlu):
        lines += [f"  - intent: {intent}", "    examples: |"]
        lines += [f"      - {' '.join(text.split())}" for text in nlu[intent]]
    if not nlu:
        lines[-1] = "nlu: []"
    return "\n".join(lines) + "\n"
