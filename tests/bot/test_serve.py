"""bot/serve.py: each fix to Rasa behaves exactly as Rasa does (run in .venv-rasa, both ways)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def run_in_rasa(script: str, *args: str) -> str:
    """Run ``script`` with .venv-rasa's Python from the repository root; its stdout (must exit 0)."""
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", script, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


CHECK = """
import sys
sys.path.insert(0, "bot")
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction
import serve

spec = RemoteAction.action_response_format_spec()
good = {"events": [{"event": "slot", "timestamp": None, "name": "age", "value": 42}],
        "responses": [{"text": "请问您的性别？", "buttons": [{"title": "男", "payload": "/x"}]}]}
bad = [{"events": "not a list"}, {"events": [{"no": "event"}]}, {"events": [{"event": 5}]},
       {"events": [{"event": "slot", "timestamp": "yesterday"}]}]

def upstream(result):
    try:
        validate(result, spec)
        return True
    except ValidationError:
        return False

assert upstream(good)
serve.install()
action = RemoteAction("action_x", None)
assert action._validate_action_result(good) is True
rejected = [result for result in bad if not upstream(result)]
assert len(rejected) >= 2, rejected
for result in rejected:
    try:
        action._validate_action_result(result)
    except ValidationError as e:
        assert "Failed to validate Action server response" in e.message
    else:
        raise AssertionError(f"accepted {result}")
# the point of serve.py: the schema is not checked again on every call (jsonschema.validate does)
from jsonschema import validators

def schema_rechecked(cls, schema):
    raise AssertionError("the schema was checked again")

validators.validator_for(spec).check_schema = classmethod(schema_rechecked)
assert action._validate_action_result(good) is True
try:
    upstream(good)
except AssertionError:
    pass
else:
    raise AssertionError("upstream validate() no longer re-checks the schema")
print("ok")
"""


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="the Rasa environment is not installed")
def test_precompiled_check_accepts_and_rejects_like_rasa() -> None:
    assert run_in_rasa(CHECK).strip().endswith("ok")


EVENT_TYPES = """
import sys
sys.path.insert(0, "bot")
import rasa.shared.utils.common
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, deserialise_events
import serve

upstream = Event.resolve_by_type
names = {cls.type_name for cls in rasa.shared.utils.common.all_subclasses(Event)}
assert len(names) > 20, names
expected = {name: upstream(name) for name in names}
serve.install()
assert Event.resolve_by_type is not upstream
for name in sorted(names):  # twice: the walk, then the remembered class
    assert Event.resolve_by_type(name) is expected[name], name
    assert Event.resolve_by_type(name) is expected[name], name
assert Event.resolve_by_type("topic") is None
assert Event.resolve_by_type("no_such_event", SlotSet) is SlotSet
try:
    Event.resolve_by_type("no_such_event")
except ValueError:
    pass
else:
    raise AssertionError("an unknown event name resolved")

def walk(cls):
    raise AssertionError("Event subclasses walked again for a known name")

rasa.shared.utils.common.all_subclasses = walk
events = deserialise_events(
    [{"event": "slot", "name": "age", "value": 42}, {"event": "action", "name": "action_listen"}]
)
assert events == [SlotSet("age", 42), ActionExecuted("action_listen")], events
print("ok")
"""


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="the Rasa environment is not installed")
def test_event_classes_resolve_like_rasa_without_walking_subclasses_again() -> None:
    assert run_in_rasa(EVENT_TYPES).strip().endswith("ok")


TRACKER_STORE = """
import asyncio, json, sys, tempfile
sys.path.insert(0, "bot")
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
import serve

FIXED = sys.argv[1] == "fixed"
if FIXED:
    serve.install()
counts = []
import sqlalchemy.orm
upstream_count = sqlalchemy.orm.Query.count
def count(self):
    counts.append(1)
    return upstream_count(self)
sqlalchemy.orm.Query.count = count

domain = Domain.load("bot/domain")
store = SQLTrackerStore(domain, dialect="sqlite", db=tempfile.mkdtemp() + "/t.db")
t0 = 1_700_000_000.0

def at(i, event):
    event.timestamp = t0 + i
    return event

async def run():
    tracker = store.init_tracker("p1")
    tracker.update_with_events([at(1, ActionExecuted("action_session_start")), at(2, SessionStarted()),
                                at(3, ActionExecuted("action_listen"))], domain, override_timestamp=False)
    await store.save(tracker)  # a new conversation: the store counts as upstream does
    log = {"new": len(counts)}
    tracker = await store.retrieve("p1")
    tracker.update_with_events([at(4, UserUttered("你好", {"name": "greet"})),
                                at(5, SlotSet("locale", "en")), at(6, ActionExecuted("action_listen"))], domain, override_timestamp=False)
    await store.save(tracker)
    log["turn"] = len(counts)
    tracker.update(at(7, SlotSet("channel", "web")), domain)
    await store.save(tracker)  # saved again: counted as upstream does
    log["again"] = len(counts)
    tracker = await store.retrieve("p1")  # a new session inside a turn
    tracker.update_with_events([at(8, ActionExecuted("action_session_start")), at(9, SessionStarted()),
                                at(10, ActionExecuted("action_listen")), at(11, UserUttered("hi"))], domain, override_timestamp=False)
    await store.save(tracker)
    full = await store.retrieve_full_tracker("p1")
    latest = await store.retrieve("p1")
    return log, [e.as_dict() for e in full.events], len(latest.events)

added = []
upstream_add = sqlalchemy.orm.Session.add
def add(self, instance, *args):
    added.append(1)
    return upstream_add(self, instance, *args)
sqlalchemy.orm.Session.add = add

log, events, latest = asyncio.run(run())
log["orm_adds"] = len(added)
with store.engine.connect() as connection:  # the rows themselves, every column
    rows = [list(r) for r in connection.execute(sqlalchemy.text("SELECT * FROM events ORDER BY id"))]
print(json.dumps({"log": log, "events": events, "latest": latest, "rows": rows}, ensure_ascii=False))
"""


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="the Rasa environment is not installed")
def test_sql_tracker_store_saves_what_rasa_saves_with_one_query_less_per_turn() -> None:
    import json

    runs = {}
    for mode in ("upstream", "fixed"):
        runs[mode] = json.loads(run_in_rasa(TRACKER_STORE, mode).strip().splitlines()[-1])
    upstream, fixed = runs["upstream"], runs["fixed"]
    assert fixed["events"] == upstream["events"]  # the same rows, none twice, none missing
    assert len(fixed["events"]) == 11 and fixed["latest"] == upstream["latest"] == 3
    assert fixed["rows"] == upstream["rows"]  # ids, senders, types, timestamps, names, data
    assert [row[0] for row in fixed["rows"]] == list(range(1, 12))
    assert upstream["log"] == {"new": 1, "turn": 2, "again": 3, "orm_adds": 11}
    # a read tracker is not counted; the events are inserted at once, not added to the ORM
    assert fixed["log"] == {"new": 1, "turn": 1, "again": 2, "orm_adds": 0}


ENDPOINT = r"""
import asyncio, json, sys, threading, time, zlib
sys.path.insert(0, "bot")
import aiohttp
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import ClientResponseError, EndpointConfig
import serve

FIXED = sys.argv[1] == "fixed"
if FIXED:
    serve.install()
seen = []  # (connection number, method, target, some headers, body) per request received
connections = 0
alive = set()  # open connections' writers: a stopped server (a killed process) closes them
STATUS = {"/s400": (400, b'{"action_name": "action_x", "error": "no"}'), "/s404": (404, b"gone"),
          "/s449": (449, b"retry with"), "/s500": (500, b"boom")}
OK = json.dumps({"events": [{"event": "slot", "name": "age", "value": 42}],
                 "responses": [{"text": "hi"}]}).encode()

async def read_body(reader, headers):
    if headers.get("transfer-encoding") == "chunked":
        body = b""
        while True:
            size = int((await reader.readline()).strip(), 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                return body
            body += chunk[:-2]
    return await reader.readexactly(int(headers.get("content-length", 0)))

async def handle(reader, writer):
    global connections
    connections += 1
    alive.add(writer)
    number, served = connections, 0
    while True:
        head = await reader.readuntil(b"\r\n\r\n") if not reader.at_eof() else b""
        if not head:
            break
        lines = head.decode().split("\r\n")
        method, target, _ = lines[0].split(" ")
        headers = {k.lower(): v for k, v in (l.split(": ", 1) for l in lines[1:] if l)}
        body = await read_body(reader, headers)
        if headers.get("content-encoding") == "deflate":
            body = zlib.decompress(body)
        picked = {k: headers.get(k) for k in ("authorization", "x-key", "content-type", "content-encoding", "cookie")}
        seen.append([number, method, target, picked, body.decode()])
        path = target.split("?")[0]
        served += 1
        if path == "/drop":
            writer.transport.abort()  # no response at all
            return
        status, payload = STATUS.get(path, (200, OK))
        kind = "text/plain" if path == "/text" else "application/json"
        writer.write(f"HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nSet-Cookie: s={number}\r\nContent-Length: {len(payload)}\r\n\r\n".encode() + payload)
        await writer.drain()
        if path == "/close-after":  # an idle connection the server closes a little later
            await asyncio.sleep(0.02)
            writer.close()
            return

def outcome(coro):
    async def run():
        try:
            return ["ok", await coro]
        except Exception as e:
            return [type(e).__name__, str(e), getattr(e, "status", None), getattr(e, "text", None)]
    return run()

# the stub runs in its own thread and event loop: Rasa's loop learns of a closed connection only
# when it gets to it, as with a real action server
server_loop = asyncio.new_event_loop()
threading.Thread(target=server_loop.run_forever, daemon=True).start()

def on_server(coro):  # blocks the caller's loop, as Rasa busy in DIET
    return asyncio.run_coroutine_threadsafe(coro, server_loop).result()

async def start(port=0):
    return await asyncio.start_server(handle, "127.0.0.1", port)

async def stop(server):  # a killed process: every connection goes
    server.close()
    for writer in list(alive):
        writer.transport.abort()
    alive.clear()
    await server.wait_closed()

async def main():
    server = on_server(start())
    port = server.sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    domain = Domain.load("bot/domain")
    tracker = DialogueStateTracker("p1", domain.slots)
    log = {}

    async def action(path):  # the events an action returned, or the error it raised
        endpoint = EndpointConfig(base + path)
        done = await outcome(RemoteAction("action_x", endpoint).run(None, None, tracker, domain))
        return ["ok", [e.type_name for e in done[1]]] if done[0] == "ok" else done[:2]

    # (a host name: aiohttp keeps no cookie set by an IP address)
    endpoint = EndpointConfig(f"http://localhost:{port}", headers={"X-Key": "k"}, params={"a": "1"}, token="t",
                              basic_auth={"username": "u", "password": "p"})
    log["calls"] = [await outcome(endpoint.request(json={"n": i}, subpath="/ok", params={"b": i}))
                    for i in range(4)]
    log["compressed"] = await outcome(endpoint.request(json={"z": 1}, subpath="/ok", compress=True))
    log["get"] = await outcome(endpoint.request(method="get", subpath="text", content_type=None))
    log["statuses"] = [await outcome(endpoint.request(json={}, subpath=p)) for p in STATUS]
    log["actions"] = [await action(p) for p in ("/ok", *STATUS)]
    log["connections_so_far"] = connections
    # the server closes the connection after each answer, while Rasa is busy (no await)
    closing = EndpointConfig(base + "/close-after")
    log["closed_after"] = []
    for i in range(3):
        log["closed_after"].append(await outcome(closing.request(json={"c": i})))
        time.sleep(0.1)
    # the server drops a request it received: raised, never sent again
    before = len(seen)
    fresh = EndpointConfig(base + "/drop", headers={"X-Other": "1"})
    log["dropped"] = (await outcome(fresh.request(json={})))[:1]
    log["drop_requests"] = len(seen) - before
    # the action server stops, then starts again on the same port
    again = EndpointConfig(base + "/webhook")
    log["before_restart"] = await action("/webhook"), await outcome(again.request(json={}))
    on_server(stop(server))
    await asyncio.sleep(0.1)
    log["stopped"] = [await action("/webhook"), (await outcome(again.request(json={})))[:1]]
    server = on_server(start(port))
    log["restarted"] = [await action("/webhook"), await outcome(again.request(json={}))]
    on_server(stop(server))  # and up again while Rasa was busy: it did not see its connections go
    server = on_server(start(port))
    log["restarted_at_once"] = [await action("/webhook"), await outcome(again.request(json={}))]
    on_server(stop(server))
    # Rasa's shutdown closes every session (none is left to warn "Unclosed client session")
    import gc
    from types import SimpleNamespace
    import rasa.core.run
    await rasa.core.run.close_resources(SimpleNamespace(ctx=SimpleNamespace()), None)
    gc.collect()
    log["open_sessions"] = sum(
        isinstance(o, aiohttp.ClientSession) and not o.closed for o in gc.get_objects()
    )
    log["requests"] = [s[1:] for s in seen]
    log["connections"] = connections
    return log

print(json.dumps(asyncio.run(main()), ensure_ascii=False, default=repr))
"""


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="the Rasa environment is not installed")
def test_endpoint_requests_reuse_connections_and_behave_like_rasa() -> None:
    import json
    import re

    runs = {}
    for mode in ("upstream", "fixed"):
        out = run_in_rasa(ENDPOINT, mode).strip().splitlines()[-1]
        runs[mode] = json.loads(re.sub(r"127\.0\.0\.1:\d+", "HOST", out))
    upstream, fixed = runs["upstream"], runs["fixed"]
    for key in upstream:
        if not key.startswith("connections"):
            assert fixed[key] == upstream[key], key
    # what upstream does, so what must not change: the statuses and the errors Rasa turns them into
    assert [s[0] for s in upstream["statuses"]] == ["ClientResponseError"] * 4
    assert [s[2] for s in upstream["statuses"]] == [400, 404, 449, 500]
    assert [a[0] for a in upstream["actions"]] == ["ok", "ActionExecutionRejection"] + [
        "RasaException"
    ] * 3
    assert upstream["calls"][0][1] == upstream["calls"][3][1] and upstream["calls"][0][0] == "ok"
    assert upstream["get"] == ["ok", None]  # not JSON
    assert upstream["requests"][0][1] == "/ok?a=1&token=t&b=0"
    assert upstream["requests"][0][2]["authorization"] == "Basic dTpw"
    assert {r[2]["cookie"] for r in upstream["requests"]} == {None}  # a cookie set is not sent
    assert upstream["requests"][4][2]["content-encoding"] == "deflate"
    assert upstream["closed_after"] == [upstream["calls"][0]] * 3
    assert upstream["dropped"] == ["ServerDisconnectedError"] and upstream["drop_requests"] == 1
    assert upstream["stopped"] == [
        ["RasaException", upstream["stopped"][0][1]],
        ["ClientConnectorError"],
    ]
    assert upstream["restarted"][0][0] == upstream["restarted"][1][0] == "ok"
    assert upstream["restarted_at_once"][0][0] == upstream["restarted_at_once"][1][0] == "ok"
    assert upstream["open_sessions"] == 0
    # the point of the fix: one connection per call upstream, kept alive with the fix
    assert upstream["connections_so_far"] == 15
    # (the response to the GET, its body unread, may close its connection)
    assert fixed["connections_so_far"] <= 3


FREEZE = """
import asyncio, gc, os, sys
sys.path.insert(0, "bot")
import rasa.core.run as run

async def load(*args, **kwargs):
    return "agent"

run.load_agent_on_start = load
os.environ["PRECONSULT_FREEZE_HEAP"] = sys.argv[1]
import serve
serve.freeze_heap_after_loading()
before = gc.get_freeze_count()
agent = asyncio.run(run.load_agent_on_start("model", None, None, None, None))
print(agent, before, gc.get_freeze_count())
"""


def test_heap_is_frozen_once_the_agent_is_loaded() -> None:
    agent, before, after = run_in_rasa(FREEZE, "true").split()
    assert agent == "agent" and before == "0"
    assert int(after) > 100_000  # Rasa, TensorFlow and the rest of start-up
    agent, _, after = run_in_rasa(FREEZE, "false").split()
    assert agent == "agent" and after == "0"
