"""The versioned WebSocket protocol (v1) between chat clients/kiosks and the gateway.

See docs/protocol.md. Client frames are validated here; anything else gets a typed error frame.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from preconsult.i18n import N_, gettext

__all__ = [
    "ERROR_MESSAGES",
    "PROTOCOL_VERSION",
    "ClientFrame",
    "EndFrame",
    "ErrorCode",
    "FrameError",
    "MessageFrame",
    "PingFrame",
    "SyncFrame",
    "error_frame",
    "parse_client_frame",
]

PROTOCOL_VERSION = 1

ErrorCode = Literal[
    "bad_frame",
    "unsupported_version",
    "message_too_long",
    "frame_too_large",
    "empty_message",
    "rate_limited",
    "service_unavailable",
    "unknown_session",
    "session_ended",
    "unauthorized",
    "origin_not_allowed",
    "internal_error",
]

ERROR_MESSAGES: dict[str, str] = {
    "bad_frame": N_("消息格式不正确，请刷新页面后重试。"),
    "unsupported_version": N_("客户端版本过旧，请刷新页面。"),
    "message_too_long": N_("消息太长了（最多{limit}个字），请分几次发送。"),
    "frame_too_large": N_("消息太大了，请缩短后再发送。"),
    "empty_message": N_("消息是空的，请输入内容后再发送。"),
    "rate_limited": N_("发送太频繁了，请稍等几秒再试。"),
    "service_unavailable": N_("服务暂时不可用，您的消息会自动重发。{advice}"),
    "unknown_session": N_("会话已失效，已为您开始新的对话。"),
    "session_ended": N_("本次会话已结束。"),
    "unauthorized": N_("设备未授权，请联系管理员。"),
    "origin_not_allowed": N_("不允许从该来源连接。"),
    "internal_error": N_("系统出了点问题，请稍后再试。"),
}

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=False)


class MessageFrame(BaseModel):
    """A patient's message (typed text or a quick-reply button's payload)."""

    model_config = _STRICT
    type: Literal["message"]
    client_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
    text: Annotated[str, Field(max_length=20000)]
    payload: Annotated[str | None, Field(max_length=512)] = None


class PingFrame(BaseModel):
    model_config = _STRICT
    type: Literal["ping"]
    ts: float | int | None = None


class SyncFrame(BaseModel):
    """Ask for every stored message after ``after_seq`` (resume after a reconnect)."""

    model_config = _STRICT
    type: Literal["sync"]
    after_seq: Annotated[int, Field(ge=0)] = 0


class EndFrame(BaseModel):
    """End the session (kiosk idle reset, or the patient closes the chat)."""

    model_config = _STRICT
    type: Literal["end"]


ClientFrame = Annotated[
    MessageFrame | PingFrame | SyncFrame | EndFrame, Field(discriminator="type")
]
_ADAPTER: TypeAdapter[MessageFrame | PingFrame | SyncFrame | EndFrame] = TypeAdapter(ClientFrame)


class FrameError(Exception):
    """A client frame that cannot be accepted; carries the typed error code."""

    def __init__(self, code: str, detail: str = "", client_id: str | None = None, **params: Any):
        super().__init__(code)
        self.code = code
        self.detail = detail
        self.client_id = client_id
        self.params = params


def parse_client_frame(
    raw: str | bytes, *, max_frame_bytes: int, max_message_chars: int
) -> MessageFrame | PingFrame | SyncFrame | EndFrame:
    """Validate one client frame or raise FrameError with the right code."""
    if isinstance(raw, bytes):
        raise FrameError("bad_frame", "binary frames are not accepted")
    if len(raw.encode("utf-8", errors="surrogatepass")) > max_frame_bytes:
        raise FrameError("frame_too_large", f"frame exceeds {max_frame_bytes} bytes")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise FrameError("bad_frame", f"invalid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise FrameError("bad_frame", "a frame is a JSON object")
    version = data.pop("v", PROTOCOL_VERSION)
    if version != PROTOCOL_VERSION:
        raise FrameError("unsupported_version", f"protocol version {version!r} is not supported")
    client_id = data.get("client_id") if isinstance(data.get("client_id"), str) else None
    try:
        frame = _ADAPTER.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise FrameError("bad_frame", f"{where}: {first.get('msg')}", client_id=client_id) from None
    if isinstance(frame, MessageFrame):
        text = frame.text.strip()
        if "\x00" in text or any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
            raise FrameError("bad_frame", "text contains invalid characters", client_id=client_id)
        if len(text) > max_message_chars:
            raise FrameError("message_too_long", client_id=client_id, limit=max_message_chars)
        if not text and not frame.payload:
            raise FrameError("empty_message", client_id=client_id)
    return frame


def error_frame(
    code: str, locale: str, *, detail: str = "", client_id: str | None = None, **params: Any
) -> dict[str, Any]:
    """A typed, localized error frame."""
    template = ERROR_MESSAGES.get(code, ERROR_MESSAGES["internal_error"])
    if code == "service_unavailable":
        params.setdefault("advice", "")
    message = gettext(locale, template, **params).strip()
    frame: dict[str, Any] = {"type": "error", "code": code, "message": message}
    if detail:
        frame["detail"] = detail
    if client_id:
        frame["client_id"] = client_id
    return frame
