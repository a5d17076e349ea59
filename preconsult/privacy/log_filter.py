"""A logging filter that redacts personal identifiers from every record before any handler sees it."""

from __future__ import annotations

import logging

__all__ = ["RedactingFilter"]


class RedactingFilter(logging.Filter):
    """Install on a handler (or logger) to log ``[电话]`` instead of the number.

    The message is formatted with its args first, so identifiers passed as ``%s`` args are
    redacted too; the exception text is redacted as well. The record is never dropped.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        from preconsult.privacy.pii import redact  # pii re-exports this class

        try:
            message = record.getMessage()
        except Exception:  # a broken format string: still log it, redacted
            message = str(record.msg)
        record.msg = redact(message).text
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text).text
        return True
