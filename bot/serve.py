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
4. ``EndpointConfig.request`` (every custom action, form validation included) opens a new aiohttp
   session, hence a new TCP connection, per call and closes it after: ~10 % of Rasa's CPU per
   turn. One session (a keep-alive connection pool without a size limit) per event loop and per
   endpoint headers and basic auth (all a session holds of an endpoint) is kept and reused
   instead; the request itself (URL, headers, auth, parameters, timeout, compression, the
   ``ClientResponseError`` on a status >= 400) is built exactly as upstream builds it. A request
   is never sent twice, no cookie is kept: instead of a retry, a kept connection is checked (a non-blocking peek at
   its socket) when it is taken from the pool, and one the server has closed meanwhile (an
   action-server restart while Rasa was busy) is dropped for a new connection, as upstream
   would have used. The sessions are closed when Rasa's server stops.
5. ``SQLTrackerStore.save`` adds each new event to the ORM session as an object and lets the unit
   of work flush them one by one: ~6 % of Rasa's CPU per turn. The same rows (same columns, same
   values, in the same order, in the same transaction) are written with one Core ``INSERT``.
6. Once the model is loaded, the heap holds ~690,000 objects (TensorFlow, the model, the
   domain) that live as long as the process. Python's full garbage collection walks all of them:
   measured with ``gc.callbacks`` while Rasa served a benchmark, one full collection took 0.76 s
   (1.5 s on a loaded machine), which the turn being served waits for; frozen, it took 5 ms.
   After loading, what start-up left behind is collected and the rest is frozen
   (``gc.freeze``): collections skip it; objects created later are collected as before.
   ``PRECONSULT_FREEZE_HEAP=false`` turns this off (as it does for the gateway).

    .venv-rasa/bin/python bot/serve.py run --enable-api --model models/preconsult.tar.gz
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

__all__ = [
    "count_stored_events_once",
    "freeze_heap_after_loading",
    "index_event_types",
    "insert_events_at_once",
    "install",
    "main",
    "pool_endpoint_connections",
    "precompile_response_check",
]


def install() -> None:
    """Install the fixes (see the module docstring)."""
    precompile_response_check()
    index_event_types()
    count_stored_events_once()
    pool_endpoint_connections()
    insert_events_at_once()
    freeze_heap_after_loading()


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


def pool_endpoint_connections() -> None:
    """Make ``EndpointConfig.request`` reuse one session (and its connections) per event loop."""
    import asyncio
    import os
    import socket
    import ssl
    import weakref

    import aiohttp
    import rasa.core.run
    from aiohttp.client_exceptions import ContentTypeError
    from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
    from rasa.shared.exceptions import FileNotFoundException
    from rasa.utils.endpoints import ClientResponseError, EndpointConfig, concat_url

    class Connector(aiohttp.TCPConnector):
        """aiohttp's pool, which also drops a kept plain-HTTP connection the peer has closed
        (its FIN or RST arrived while the event loop was busy, e.g. in DIET)."""

        def _get(self, key: Any) -> Any:
            while True:
                proto = super()._get(key)
                if proto is None or key.is_ssl or peer_still_there(proto.transport):
                    return proto
                proto.close()

    def peer_still_there(transport: Any) -> bool:
        sock = transport.get_extra_info("socket") if transport is not None else None
        if sock is None:
            return False
        try:
            with sock.dup() as probe:
                probe.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except BlockingIOError:
            return True  # nothing to read: open, idle
        except OSError:
            return False  # reset
        return False  # end of stream, or bytes nobody asked for

    # per event loop, one session per (headers, basic auth): all a session holds of an endpoint
    sessions: weakref.WeakKeyDictionary[Any, dict[str, aiohttp.ClientSession]]
    sessions = weakref.WeakKeyDictionary()

    def pooled_session(self: EndpointConfig) -> aiohttp.ClientSession:
        pool = sessions.setdefault(asyncio.get_running_loop(), {})
        key = repr((sorted(self.headers.items()), sorted(self.basic_auth.items())))
        session = pool.get(key)
        if session is not None and not session.closed:
            return session
        # what EndpointConfig.session() builds, on a pool without a connection limit (upstream
        # opens one connection per request, never waits for one) and without cookies (upstream's
        # fresh session never sends back a cookie the server set)
        auth = None
        if self.basic_auth:
            auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
        pool[key] = session = aiohttp.ClientSession(
            connector=Connector(limit=0),
            cookie_jar=aiohttp.DummyCookieJar(),
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        )
        return session

    async def request(
        self: EndpointConfig,
        method: str = "post",
        subpath: str | None = None,
        content_type: str | None = "application/json",
        compress: bool = False,
        **kwargs: Any,
    ) -> Any | None:
        # upstream's code, but for the session
        headers = {}
        if content_type:
            headers["Content-Type"] = content_type
        if "headers" in kwargs:
            headers.update(kwargs["headers"])
            del kwargs["headers"]
        if self.headers:
            headers.update(self.headers)
        url = concat_url(self.url, subpath)
        sslcontext = None
        if self.cafile:
            try:
                sslcontext = ssl.create_default_context(cafile=self.cafile)
            except FileNotFoundError as e:
                raise FileNotFoundException(
                    f"Failed to find certificate file, "
                    f"'{os.path.abspath(self.cafile)}' does not exist."
                ) from e
        async with pooled_session(self).request(
            method,
            url,
            headers=headers,
            params=self.combine_parameters(kwargs),
            compress=compress,
            ssl=sslcontext,
            **kwargs,
        ) as response:
            if response.status >= 400:
                raise ClientResponseError(
                    response.status, response.reason, await response.content.read()
                )
            try:
                return await response.json()
            except ContentTypeError:
                return None

    EndpointConfig.request = request  # type: ignore[method-assign]

    close_resources = rasa.core.run.close_resources

    async def close_resources_and_sessions(app: Any, loop: Any) -> None:
        """Rasa's shutdown (after the server stopped), then the sessions kept for its loop."""
        try:
            await close_resources(app, loop)
        finally:
            for session in sessions.pop(asyncio.get_running_loop(), {}).values():
                await session.close()

    rasa.core.run.close_resources = close_resources_and_sessions


def insert_events_at_once() -> None:
    """Make ``SQLTrackerStore.save`` write its new events with one Core ``INSERT``."""
    import json
    import logging

    import sqlalchemy as sa
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.nlu.constants import INTENT_NAME_KEY

    logger = logging.getLogger("rasa.core.tracker_store")

    async def save(self: SQLTrackerStore, tracker: Any) -> None:
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = []
            for event in self._additional_events(session, tracker):  # upstream's values
                data = event.as_dict()
                rows.append(
                    {
                        "sender_id": tracker.sender_id,
                        "type_name": event.type_name,
                        "timestamp": data.get("timestamp"),
                        "intent_name": data.get("parse_data", {})
                        .get("intent", {})
                        .get(INTENT_NAME_KEY),
                        "action_name": data.get("name"),
                        "data": json.dumps(data),
                    }
                )
            if rows:
                session.execute(sa.insert(self.SQLEvent.__table__), rows)
            session.commit()
        logger.debug(f"Tracker with sender_id '{tracker.sender_id}' stored to database")

    SQLTrackerStore.save = save  # type: ignore[method-assign]


def freeze_heap_after_loading() -> None:
    """Collect, then ``gc.freeze()``, once the agent is loaded at server start."""
    import gc
    import logging
    import os

    import rasa.core.run as run

    if os.environ.get("PRECONSULT_FREEZE_HEAP", "").lower() in ("0", "false", "no", "off"):
        return
    load_agent = run.load_agent_on_start

    async def load_then_freeze(*args: Any, **kwargs: Any) -> Any:
        loaded = await load_agent(*args, **kwargs)
        gc.collect()
        gc.freeze()
        logging.getLogger(__name__).info(
            "start-up heap frozen: %d objects out of the collector's reach", gc.get_freeze_count()
        )
        return loaded

    run.load_agent_on_start = load_then_freeze  # type: ignore[assignment]


def main() -> None:
    install()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    # bot/ holds data folders (data/, domain/, tests/) that must not shadow importable packages
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    main()
