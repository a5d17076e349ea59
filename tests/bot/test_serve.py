"""bot/serve.py: Rasa's action-response check, precompiled, accepts and rejects exactly as before."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"

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
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", CHECK],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("ok")
