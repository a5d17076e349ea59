"""Client frame validation: every malformed frame gets the right typed, localized error."""

from __future__ import annotations

import json

import pytest

from web.protocol import (
    FrameError,
    MessageFrame,
    PingFrame,
    SyncFrame,
    error_frame,
    parse_client_frame,
)


def parse(raw: str | bytes, limit: int = 50):
    return parse_client_frame(raw, max_frame_bytes=4096, max_message_chars=limit)


def code_of(raw: str | bytes, limit: int = 50) -> str:
    with pytest.raises(FrameError) as info:
        parse(raw, limit)
    return info.value.code


def test_valid_frames_parse() -> None:
    frame = parse(json.dumps({"type": "message", "client_id": "c-1", "text": "我头疼"}))
    assert isinstance(frame, MessageFrame) and frame.text == "我头疼"
    assert isinstance(parse('{"type":"ping","ts":1}'), PingFrame)
    sync = parse('{"type":"sync","after_seq":7,"v":1}')
    assert isinstance(sync, SyncFrame) and sync.after_seq == 7


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("not json", "bad_frame"),
        ("[1,2]", "bad_frame"),
        ("{}", "bad_frame"),
        ('{"type":"message","text":"hi"}', "bad_frame"),
        ('{"type":"message","client_id":"c1","text":5}', "bad_frame"),
        ('{"type":"message","client_id":"has space","text":"hi"}', "bad_frame"),
        ('{"type":"message","client_id":"c1","text":"hi","extra":1}', "bad_frame"),
        ('{"type":"teleport"}', "bad_frame"),
        ('{"type":"sync","after_seq":-1}', "bad_frame"),
        ('{"type":"ping","v":2}', "unsupported_version"),
        ('{"type":"message","client_id":"c1","text":"   "}', "empty_message"),
        (b"\x00\x01binary", "bad_frame"),
    ],
)
def test_bad_frames_are_typed(raw: str | bytes, code: str) -> None:
    assert code_of(raw) == code


def test_too_long_message_and_oversized_frame() -> None:
    long_text = json.dumps({"type": "message", "client_id": "c1", "text": "痛" * 51})
    assert code_of(long_text) == "message_too_long"
    huge = json.dumps({"type": "message", "client_id": "c1", "text": "a" * 5000})
    assert code_of(huge) == "frame_too_large"


def test_client_id_is_echoed_in_errors() -> None:
    with pytest.raises(FrameError) as info:
        parse(json.dumps({"type": "message", "client_id": "c9", "text": "痛" * 60}))
    frame = error_frame(
        info.value.code, "zh-CN", client_id=info.value.client_id, **info.value.params
    )
    assert frame["client_id"] == "c9"
    assert "50" in frame["message"]


def test_error_messages_are_localized() -> None:
    zh = error_frame("rate_limited", "zh-CN")["message"]
    en = error_frame("rate_limited", "en")["message"]
    tw = error_frame("rate_limited", "zh-TW")["message"]
    assert "频繁" in zh
    assert en != zh and en.isascii()
    assert tw != zh
