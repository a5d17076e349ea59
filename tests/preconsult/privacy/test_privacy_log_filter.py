"""The gateway's log filter: identifiers never reach a log line, whether in the message or its args."""

from __future__ import annotations

import io
import logging

from preconsult.privacy import RedactingFilter


def _logger(stream: io.StringIO) -> logging.Logger:
    logger = logging.getLogger(f"test.redacting.{id(stream)}")
    logger.propagate = False
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return logger


def test_message_and_args_are_redacted() -> None:
    stream = io.StringIO()
    _logger(stream).info("user said %s (session %s)", "我叫张伟，手机13800138000", "abc")
    assert stream.getvalue().strip() == "user said 我叫[姓名]，手机[电话] (session abc)"


def test_exception_text_is_redacted() -> None:
    stream = io.StringIO()
    logger = _logger(stream)
    try:
        raise ValueError("bad email zw@163.com")
    except ValueError:
        logger.exception("failed")
    output = stream.getvalue()
    assert "zw@163.com" not in output
    assert "[邮箱]" in output


def test_records_are_never_dropped() -> None:
    stream = io.StringIO()
    _logger(stream).info("血压140/90")
    assert stream.getvalue().strip() == "血压140/90"
