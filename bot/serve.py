"""Rasa's own CLI (``rasa run ...``, run with .venv-rasa's Python) with upstream slownesses fixed.

1. Rasa 3.6 checks every action-server response with ``jsonschema.validate``, which validates the
   *schema* again before the response on every call: ~20 ms of CPU per custom action here, more
   than the rest of a turn. This uses a validator built once from the same schema, so a response
   is checked exactly as before and a bad one fails with the same error.
2. Every event read back (the whole conversation, from the SQL tracker store, on every turn, and
   every event an action returns) finds its class with ``Event.resolve_by_type``, which walks all
   Event subclasses (recursively, with ``inspect.isabstract``) for each event: ~10 % of Rasa's
   CPU per turn. This remembers the class each type name resolved to.
3. The SQL tracker store reads a conversation's events at the start of a turn, and at its end
   *counts* them again (a second query) to know which events are new: ~9 % of Rasa's CPU per turn.
   The conversation is locked for the whole turn (lock store), so the count cannot change in
   between: the number read is kept on the tracker and used once instead of the second query.

    .venv-rasa/bin/python bot/serve.py run --enable-api --model models/preconsult.tar.gz
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

__all__ = [
    "count_stored_events_once",
    "index_event_types",
    "install",
    "main",
    "precompile_response_check",
]


def install() -> None:
    """Install the fixes (see the module docstring)."""
    precompile_response_check()
    index_event_types()
    count_stored_events_once()


def precompile_response_check() -> None:
    """Replace ``RemoteAction._validate_action_result`` with a precompiled-schema equivalent."""
    from jsonschema import ValidationError, validators
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    spec = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(spec)
    cls.check_schema(spec)  # what jsonschema.validate does on every call, done once
    validator = cls(spec)

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        try:
            validator.validate(result)
            return True
        except ValidationError as e:  # same message as Rasa's own
            e.message += (
                f". Failed to validate Action server response from API, "
                f"make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise e

    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]


def index_event_types() -> None:
    """Make ``Event.resolve_by_type`` a dict lookup after the first walk for each type name.

    Only a class the upstream walk found *for that name* is remembered; unknown names, ``topic``
    and ``default`` fall through to the upstream function every time, so they behave as before.
    """
    from rasa.shared.core.events import Event

    upstream = Event.resolve_by_type
    found: dict[str, type[Event]] = {}

    def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
        cls = found.get(type_name)
        if cls is None:
            cls = upstream(type_name, default)
            if cls is not None and getattr(cls, "type_name", None) == type_name:
                found[type_name] = cls
        return cls

    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign,assignment]


# where count_stored_events_once keeps, on a tracker read from the SQL store, how many of its
# events the store holds
STORED_EVENTS = "_preconsult_stored_events"


def count_stored_events_once() -> None:
    """Let ``SQLTrackerStore.save`` use the event count read by ``retrieve`` (once) instead of a
    count query. A tracker the store did not read (new, copied, or saved a second time) is counted
    by the upstream query as before."""
    from rasa.core.tracker_store import SQLTrackerStore

    retrieve = SQLTrackerStore._retrieve
    additional_events = SQLTrackerStore._additional_events

    async def _retrieve(
        self: SQLTrackerStore, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> Any:
        tracker = await retrieve(self, sender_id, fetch_events_from_all_sessions)
        if tracker is not None and not fetch_events_from_all_sessions:
            setattr(tracker, STORED_EVENTS, len(tracker.events))  # the latest session's events
        return tracker

    def _additional_events(self: SQLTrackerStore, session: Any, tracker: Any) -> Any:
        stored = tracker.__dict__.pop(STORED_EVENTS, None)
        if stored is None:
            return additional_events(self, session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))

    SQLTrackerStore._retrieve = _retrieve  # type: ignore[method-assign]
    SQLTrackerStore._additional_events = _additional_events  # type: ignore[method-assign]


def main() -> None:
    install()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    # bot/ holds data folders (data/, domain/, tests/) that must not shadow importable packages
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    main()
