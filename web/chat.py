"""One conversation turn through the gateway: store, screen, forward to Rasa, translate, store, send.

Every acknowledged user message is in the database before its ack is sent. When Rasa is down or
slow the patient gets a localized fallback with emergency advice at once; the message stays marked
undelivered and is forwarded as soon as Rasa answers again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.concurrency import run_in_threadpool

from preconsult.i18n import N_, gettext
from web.rasa_client import RasaClient, RasaUnavailable
from web.storage.transcripts import BotDraft, StoredMessage, TranscriptStore

__all__ = [
    "SILENT_REPLY_RETRIES",
    "STRUCTURED_TYPES",
    "ChatService",
    "Conversation",
    "FrameHook",
    "Send",
]

log = logging.getLogger(__name__)

Send = Callable[[dict[str, Any]], Awaitable[None]]

# custom payloads from the bot whose "type" becomes a frame type of its own
STRUCTURED_TYPES = frozenset({"triage_result", "answer", "emergency", "handoff"})

FALLBACK = N_(
    "抱歉，智能助手暂时无法回复。您的消息已保存，服务恢复后会继续为您处理。"
    "如有胸痛、呼吸困难、大出血、意识不清等紧急情况，请立即拨打120或前往最近医院的急诊。"
)
SLOW = N_(
    "正在为您处理，回复比平时慢一些，请稍候。"
    "如有胸痛、呼吸困难、大出血、意识不清等紧急情况，请立即拨打120或前往最近医院的急诊。"
)
EMERGENCY = N_(
    "您描述的情况可能很紧急（{flags}）。请立即拨打120或尽快前往最近医院的急诊，不要等待线上回复。"
)
# an empty reply is retried this often (every 3 s while connected) before it is taken as meant
SILENT_REPLY_RETRIES = 20
NOTICE = N_("本助手提供就医指引和健康科普，不能代替医生诊断。紧急情况请拨打120。")


@dataclass
class Conversation:
    """Per-connection state of one session."""

    session_id: str
    channel: str
    locale: str
    kiosk_id: str | None = None
    pending: bool = False  # some user message has not reached Rasa yet
    silent_turns: int = 0  # consecutive empty replies from Rasa
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


FrameHook = Callable[[Conversation, dict[str, Any]], Awaitable[None]]


class ChatService:
    def __init__(
        self,
        store: TranscriptStore,
        rasa: RasaClient,
        *,
        redact: Callable[[str], str],
        screen: Callable[[str], list[Any]] | None = None,
        fallback_after_s: float = 1.5,
    ) -> None:
        self.store = store
        self.rasa = rasa
        self.redact = redact
        self.screen = screen
        self.fallback_after_s = fallback_after_s
        # features (the kiosk's pharmacist handoff) see every stored user message and bot frame
        self.frame_hooks: list[FrameHook] = []

    # -- one user message -----------------------------------------------------------------
    async def handle_message(
        self, conv: Conversation, client_id: str, text: str, payload: str | None, send: Send
    ) -> None:
        raw = (payload or text).strip()
        shown = self.redact(text.strip() or raw)
        forwarded = payload or shown
        extra = {"payload": payload} if payload else None
        stored, created = await run_in_threadpool(
            self.store.add_user_message, conv.session_id, client_id, shown, extra
        )
        if created:
            await self._notify(
                conv, {"type": "user", "seq": stored.seq, "text": shown, **(extra or {})}
            )
        await send({"type": "ack", "client_id": client_id, "seq": stored.seq})
        if not created and stored.delivered:
            return  # a resend of something already answered: the ack is enough
        async with conv.lock:
            flushed = await self._flush_pending(conv, send, exclude_seq=stored.seq)
            answered = await self._turn(conv, stored.seq, forwarded, send, screen_text=shown)
            conv.pending = not (flushed and answered)

    async def retry_pending(self, conv: Conversation, send: Send) -> bool:
        """Forward undelivered messages (after an outage). True when nothing is left pending."""
        if not conv.pending:
            return True
        async with conv.lock:
            conv.pending = not await self._flush_pending(conv, send)
            return not conv.pending

    async def _flush_pending(self, conv: Conversation, send: Send, exclude_seq: int = -1) -> bool:
        if not conv.pending:
            return True
        pending = await run_in_threadpool(self.store.undelivered, conv.session_id)
        for message in pending:
            if message.seq == exclude_seq:
                continue
            text = (message.payload or {}).get("payload") or message.text
            if not await self._turn(conv, message.seq, text, send, screen_text=None, quiet=True):
                return False
        return True

    async def _turn(
        self,
        conv: Conversation,
        seq: int,
        text: str,
        send: Send,
        *,
        screen_text: str | None,
        quiet: bool = False,
    ) -> bool:
        """Forward one stored user message to Rasa. Returns True when Rasa answered."""
        metadata = {"channel": conv.channel, "locale": conv.locale, "kiosk_id": conv.kiosk_id}
        # Rasa starts on the message while the gateway screens it in a worker thread: the screen
        # costs the patient no time, and an emergency is still shown before Rasa's reply
        task = asyncio.ensure_future(self.rasa.send(conv.session_id, text, metadata))
        flags: list[Any] = []
        try:
            if self.screen and screen_text:
                flags = await run_in_threadpool(self.screen, screen_text)
            if flags:
                await self._emergency(conv, flags, send)
            if not quiet:  # background retries after an outage don't flash the typing indicator
                await send({"type": "typing", "on": True})
        except BaseException:
            task.cancel()  # the turn failed here (storage down, socket closed): the message
            raise  # stays undelivered and is forwarded again later
        fallback_sent = False
        try:
            done, _ = await asyncio.wait({task}, timeout=self.fallback_after_s)
            if not done:  # slow: reassure the patient now, keep waiting for the real answer
                fallback_sent = True
                if not quiet:
                    await self._fallback(conv, send, reason="slow")
            replies = await task
            silent = not any(_shows_something(reply) for reply in replies)
            conv.silent_turns = conv.silent_turns + 1 if silent else 0
            if silent and conv.silent_turns <= SILENT_REPLY_RETRIES:
                # Rasa's REST channel answers 200 with nothing when it fails inside (lock store,
                # tracker store or action server down): keep the message pending, retry later
                raise RasaUnavailable("empty reply")
        except RasaUnavailable as exc:
            log.warning("rasa unavailable for session %s: %s", conv.session_id[:8], exc)
            await run_in_threadpool(
                self.store.add_event, conv.session_id, "rasa_unavailable", {"error": str(exc)}
            )
            if not quiet:
                if not fallback_sent:
                    await self._fallback(conv, send, reason="down")
                await send({"type": "typing", "on": False})
            return False
        drafts = [draft for reply in replies for draft in self._drafts(conv, reply)]
        stored = await run_in_threadpool(
            self.store.add_bot_messages, conv.session_id, drafts, delivered_seq=seq
        )
        had_emergency = False
        for draft, row in zip(drafts, stored, strict=True):
            frame = _frame(draft, row.seq)
            had_emergency |= frame["type"] == "emergency"
            await self._notify(conv, frame)
            await send(frame)
        if flags and not had_emergency:
            await run_in_threadpool(
                self.store.add_event,
                conv.session_id,
                "red_flag_gateway",
                {"red_flags": [_flag_dict(f, conv.locale) for f in flags]},
            )
        if not quiet:
            await send({"type": "typing", "on": False})
        return True

    # -- frames ---------------------------------------------------------------------------
    async def _notify(self, conv: Conversation, frame: dict[str, Any]) -> None:
        for hook in self.frame_hooks:
            try:
                await hook(conv, frame)
            except Exception:  # a feature's failure never costs the patient the turn
                log.exception("frame hook failed")

    @staticmethod
    def _drafts(conv: Conversation, reply: dict[str, Any]) -> list[BotDraft]:
        """The messages one Rasa reply becomes: a structured frame and/or translated text."""
        drafts: list[BotDraft] = []
        custom = reply.get("custom")
        if isinstance(custom, dict) and custom.get("type") in STRUCTURED_TYPES:
            raw_data = custom.get("data")
            data: dict[str, Any] = raw_data if isinstance(raw_data, dict) else {}
            drafts.append(BotDraft(str(custom["type"]), "", {"data": data}, result=data))
        text = reply.get("text")
        buttons = [
            {"title": gettext(conv.locale, str(b.get("title", ""))), "payload": b.get("payload")}
            for b in reply.get("buttons") or []
            if isinstance(b, dict) and b.get("payload")
        ]
        if isinstance(text, str) and text.strip() or buttons:
            shown = gettext(conv.locale, text) if isinstance(text, str) else ""
            drafts.append(BotDraft("text", shown, {"buttons": buttons} if buttons else None))
        return drafts

    async def _fallback(self, conv: Conversation, send: Send, *, reason: str) -> None:
        template = SLOW if reason == "slow" else FALLBACK
        text = gettext(conv.locale, template)
        draft = BotDraft("fallback", text, {"reason": reason})
        [stored] = await run_in_threadpool(self.store.add_bot_messages, conv.session_id, [draft])
        await send({"type": "fallback", "seq": stored.seq, "text": text, "reason": reason})

    async def _emergency(self, conv: Conversation, flags: list[Any], send: Send) -> None:
        details = [_flag_dict(f, conv.locale) for f in flags]
        names = "、" if conv.locale != "en" else ", "
        text = gettext(conv.locale, EMERGENCY, flags=names.join(d["name"] for d in details))
        urgency = _worst([d.get("urgency") for d in details])
        data = {"urgency": urgency, "red_flags": details, "text": text, "source": "gateway"}
        draft = BotDraft("emergency", text, {"data": data}, result=data)
        [stored] = await run_in_threadpool(self.store.add_bot_messages, conv.session_id, [draft])
        await send(_frame(draft, stored.seq))

    # -- resume ---------------------------------------------------------------------------
    async def history(self, session_id: str, after_seq: int) -> list[dict[str, Any]]:
        rows: list[StoredMessage] = await run_in_threadpool(
            self.store.messages, session_id, after_seq
        )
        return [row.to_frame() for row in rows]


def _frame(draft: BotDraft, seq: int) -> dict[str, Any]:
    """The frame the patient's client gets for a stored bot message."""
    payload = draft.payload or {}
    if draft.kind == "text":
        frame: dict[str, Any] = {"type": "bot", "seq": seq, "text": draft.text}
        if payload.get("buttons"):
            frame["buttons"] = payload["buttons"]
        return frame
    frame = {"type": draft.kind, "seq": seq}
    if draft.text:  # the gateway's own emergency message carries its text
        frame["text"] = draft.text
    frame["data"] = payload.get("data", {})
    return frame


def _shows_something(reply: dict[str, Any]) -> bool:
    """Whether a bot message from Rasa becomes at least one frame for the patient."""
    text, custom = reply.get("text"), reply.get("custom")
    return bool(
        (isinstance(text, str) and text.strip())
        or reply.get("buttons")
        or (isinstance(custom, dict) and custom.get("type") in STRUCTURED_TYPES)
    )


_URGENCY_ORDER = ["self_care", "routine", "urgent", "emergency", "emergency_ambulance"]


def _worst(levels: list[Any]) -> str:
    known = [lvl for lvl in levels if lvl in _URGENCY_ORDER]
    return max(known, key=_URGENCY_ORDER.index) if known else "emergency"


def _flag_dict(flag: Any, locale: str) -> dict[str, Any]:
    """A red-flag hit from the triage engine as plain data, with its name in ``locale``."""
    if isinstance(flag, dict):
        data = dict(flag)
    elif hasattr(flag, "model_dump"):
        data = flag.model_dump()
    else:
        data = {k: getattr(flag, k, None) for k in ("id", "name", "urgency", "guideline")}
    name = data.get("name")
    if isinstance(name, dict):
        data["name"] = name.get(locale) or name.get("zh-CN") or next(iter(name.values()), "")
    data["name"] = str(data.get("name") or data.get("id") or "")
    return {k: data.get(k) for k in ("id", "name", "urgency", "guideline")}
