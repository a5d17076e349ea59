"""bot/serve.py: Rasa's action-response check, precompiled, accepts and rejects exactly as before."""

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

log, events, latest = asyncio.run(run())
print(json.dumps({"log": log, "events": events, "latest": latest}, ensure_ascii=False))
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
    assert upstream["log"] == {"new": 1, "turn": 2, "again": 3}
    assert fixed["log"] == {"new": 1, "turn": 1, "again": 2}  # a read tracker is not counted
