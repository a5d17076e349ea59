"""Kill and restart each service of the production topology in the middle of live conversations.

For every fault: each acknowledged patient message is in PostgreSQL, every patient heard back
within 2 s (the real answer, or the localized fallback with emergency advice, or during a database
outage the typed `service_unavailable` error with the advice and no ack), and after recovery the
same sessions go on with real bot answers. One report line per fault goes to results/faults.txt.

The tests run in file order and share the patients' conversations.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import psycopg
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from preconsult.cli.launcher import Process
from preconsult.cli.topology import Topology

pytestmark = pytest.mark.faults

REPLIES = {"bot", "fallback", "emergency", "triage_result", "answer", "handoff"}
REAL = REPLIES - {"fallback"}
PATIENTS = 4
DEADLINE_S = 2.0  # the patient hears back within this, whatever is down
# what patients say during the run: symptoms (triage form: custom actions) and small talk
LINES = ["你好", "我头疼两天了", "有点发烧", "中等", "谢谢", "我嗓子疼", "咳嗽三天了", "你好"]


@dataclass
class Turn:
    client_id: str
    text: str
    acked_seq: int | None = None
    first_reply_s: float | None = None
    kinds: list[str] = field(default_factory=list)
    frames: list[dict[str, Any]] = field(default_factory=list)

    @property
    def error(self) -> dict[str, Any] | None:
        return next((f for f in self.frames if f["type"] == "error"), None)


class Patient:
    """One live conversation through nginx; remembers every ack it got."""

    def __init__(self, topology: Topology, name: str) -> None:
        self.topology = topology
        self.name = name
        self.counter = 0
        self.acked: dict[str, tuple[int, str]] = {}  # client_id -> (seq, text)
        self.unacked: list[tuple[str, str]] = []  # (client_id, text) to resend after an outage
        self.session_id = ""
        self.ws = self._connect()

    def _connect(self, session_id: str = "") -> ClientConnection:
        url = self.topology.public_url.replace("http://", "ws://") + "/ws?locale=zh-CN"
        if session_id:
            url += f"&session_id={session_id}"
        ws = connect(url, open_timeout=30)
        hello = json.loads(ws.recv(timeout=30))
        assert hello["type"] == "session", hello
        if session_id:
            assert hello["session_id"] == session_id and hello["resumed"], hello
        self.session_id = hello["session_id"]
        return ws

    def reconnect(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()
        self.ws = self._connect(self.session_id)

    def alive(self) -> bool:
        try:
            self.ws.send(json.dumps({"type": "ping", "ts": 1}))
            while json.loads(self.ws.recv(timeout=10))["type"] != "pong":
                pass
            return True
        except (ConnectionClosed, TimeoutError, OSError):
            return False

    def say(self, text: str, client_id: str = "", timeout: float = 60) -> Turn:
        """Send one message; read until the gateway's turn for it is over."""
        if not client_id:
            self.counter += 1
            client_id = f"{self.name}-{self.counter}"
        turn = Turn(client_id, text)
        started = time.monotonic()
        self.ws.send(json.dumps({"type": "message", "client_id": client_id, "text": text}))
        mine = False  # frames before our ack belong to an earlier, retried message
        while True:
            try:
                frame = json.loads(self.ws.recv(timeout=timeout))
            except TimeoutError:
                if mine:
                    return turn
                raise
            turn.frames.append(frame)
            kind = frame["type"]
            if kind == "ack" and frame["client_id"] == client_id:
                mine = True
                turn.acked_seq = frame["seq"]
                self.acked[client_id] = (frame["seq"], text)
            elif kind == "error" and frame.get("client_id") == client_id:
                mine = True
                turn.first_reply_s = turn.first_reply_s or time.monotonic() - started
                self.unacked.append((client_id, text))
            elif mine and kind in REPLIES:
                turn.first_reply_s = turn.first_reply_s or time.monotonic() - started
                turn.kinds.append(kind)
            elif mine and frame == {"type": "typing", "on": False}:
                if turn.first_reply_s is not None:
                    return turn
                # the end of a background retry's turn, or a turn that really said nothing
                timeout = min(timeout, 5.0)

    def resend_unacked(self) -> list[Turn]:
        pending, self.unacked = self.unacked, []
        return [self.say(text, client_id) for client_id, text in pending]

    def next_line(self) -> str:
        return LINES[self.counter % len(LINES)]


@pytest.fixture(scope="module")
def patients(topology: Topology) -> Iterator[list[Patient]]:
    group = [Patient(topology, f"p{i}") for i in range(PATIENTS)]
    for patient in group:  # the conversations are live before the first fault
        assert REAL & set(patient.say("你好").kinds)
    yield group
    for patient in group:
        with contextlib.suppress(Exception):
            patient.ws.close()


def kill(process: Process) -> None:
    """A crash, not a shutdown: SIGKILL to the whole process group."""
    assert process.popen is not None and process.alive(), process.name
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.popen.pid, signal.SIGKILL)
    process.popen.wait(10)


def stored_user_messages(topology: Topology, session_id: str) -> dict[str, tuple[int, str]]:
    with psycopg.connect(topology.database_url, connect_timeout=5) as con:
        rows = con.execute(
            "SELECT client_id, seq, text FROM message WHERE session_id = %s AND sender = 'user'",
            (session_id,),
        ).fetchall()
    return {client_id: (seq, text) for client_id, seq, text in rows}


def recover(patient: Patient, timeout: float = 120) -> bool:
    """Unacked messages are resent; then a new message must get a real answer (same session)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            patient.resend_unacked()
            turn = patient.say(patient.next_line())
        except (ConnectionClosed, TimeoutError, OSError):
            patient.reconnect()
            continue
        if REAL & set(turn.kinds) and turn.acked_seq is not None:
            return True
        time.sleep(1)
    return False


def check_fault(
    name: str,
    topology: Topology,
    patients: list[Patient],
    report: list[str],
    *,
    inject: Callable[[], None],
    restore: Callable[[], None],
    expect: str,
) -> None:
    """Inject, talk during the outage, restore, recover, and compare acks with the database.

    ``expect``: "answer" (the other instance takes over), "fallback", "answer_or_fallback"
    (what Rasa can say without the failed piece it says) or "unavailable".
    """
    acked_before = {p.name: len(p.acked) for p in patients}
    turns: list[Turn] = []
    try:
        inject()
        for patient in patients:
            try:
                turns.append(patient.say(patient.next_line()))
            except (ConnectionClosed, OSError):  # its gateway died: reconnect via nginx, resend
                patient.reconnect()
                turns.append(patient.say(patient.next_line()))
    finally:
        restore()
    recovered = all(recover(p) for p in patients)
    acked = stored = 0
    for patient in patients:
        in_db = stored_user_messages(topology, patient.session_id)
        acked += len(patient.acked) - acked_before[patient.name]
        stored += sum(1 for cid, row in patient.acked.items() if in_db.get(cid) == row)
        missing = {cid: row for cid, row in patient.acked.items() if in_db.get(cid) != row}
        assert not missing, f"{name}: acked but not stored: {missing}"
    stored -= sum(acked_before.values())
    latencies = [t.first_reply_s for t in turns]
    worst = max((s for s in latencies if s is not None), default=float("nan"))
    report.append(
        f"{name:<22} {acked:>5} {stored:>6} {worst:>12.2f}s {'yes' if recovered else 'no':>9}"
    )
    late = [t.frames for t in turns if t.first_reply_s is None or t.first_reply_s > DEADLINE_S]
    assert not late, (name, latencies, late)
    for turn in turns:
        if expect == "unavailable":
            error = turn.error
            assert error and error["code"] == "service_unavailable", turn.frames
            assert "120" in error["message"] and turn.acked_seq is None, turn.frames
        elif expect == "fallback" or (
            expect == "answer_or_fallback" and not REAL & set(turn.kinds)
        ):
            fallback = [f for f in turn.frames if f["type"] == "fallback"]
            assert turn.acked_seq is not None and fallback, turn.frames
            assert "120" in fallback[0]["text"], fallback
        else:
            assert turn.acked_seq is not None and turn.kinds, turn.frames
    assert recovered, f"{name}: a conversation did not continue after recovery"


def test_one_rasa_instance_killed(topology: Topology, patients, fault_report) -> None:
    rasa1 = topology.rasas[0]
    # the killed instance restarts in the background; the next fault waits for it
    check_fault(
        "rasa (one instance)",
        topology,
        patients,
        fault_report,
        inject=lambda: kill(rasa1),
        restore=rasa1.start,
        expect="answer",
    )


def test_both_rasa_instances_killed(topology: Topology, patients, fault_report) -> None:
    rasa1, rasa2 = topology.rasas

    def inject() -> None:
        if rasa1.alive():  # still loading after the previous fault: kill it again
            kill(rasa1)
        kill(rasa2)

    def restore() -> None:
        for process in (rasa1, rasa2):
            process.start()
        for process in (rasa1, rasa2):
            process.wait_ready(600)
        for node in topology.nodes:
            node.warm_up()

    check_fault(
        "rasa (both)",
        topology,
        patients,
        fault_report,
        inject=inject,
        restore=restore,
        expect="fallback",
    )


def test_action_servers_killed(topology: Topology, patients, fault_report) -> None:
    servers = topology.action_servers

    def inject() -> None:
        for process in servers:
            kill(process)

    def restore() -> None:
        for process in servers:
            process.start()
        for process in servers:
            process.wait_ready(300)

    check_fault(
        "action servers",
        topology,
        patients,
        fault_report,
        inject=inject,
        restore=restore,
        expect="answer_or_fallback",
    )


def test_redis_killed(topology: Topology, patients, fault_report, machine) -> None:
    check_fault(
        "redis",
        topology,
        patients,
        fault_report,
        inject=machine.stop_redis,
        restore=machine.start_redis,
        expect="fallback",
    )


def test_postgres_killed(topology: Topology, patients, fault_report, machine) -> None:
    check_fault(
        "postgresql",
        topology,
        patients,
        fault_report,
        inject=machine.stop_postgres,
        restore=machine.start_postgres,
        expect="unavailable",
    )


def test_one_gateway_killed(topology: Topology, patients, fault_report) -> None:
    gateway1 = topology.gateways[0]
    on_gateway1: list[Patient] = []

    def inject() -> None:
        kill(gateway1)
        on_gateway1.extend(p for p in patients if not p.alive())

    def restore() -> None:
        gateway1.start()
        gateway1.wait_ready(300)

    sessions = {p.name: p.session_id for p in patients}
    check_fault(
        "gateway (one instance)",
        topology,
        patients,
        fault_report,
        inject=inject,
        restore=restore,
        expect="answer",
    )
    assert on_gateway1, "no patient was connected to the killed gateway"
    assert {p.name: p.session_id for p in patients} == sessions
