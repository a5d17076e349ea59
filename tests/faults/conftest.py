"""Fault tests' fixtures: the production-like topology (nginx, 2 gateways, 2 Rasa, 2 action
servers, PostgreSQL, Redis) started once, and a per-fault report written to results/faults.txt.

These tests kill and restart the machine's PostgreSQL and Redis; they run only when selected with
`-m faults` (`make test-faults`), never as part of a plain `pytest tests`.
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from preconsult.cli.launcher import MODEL, ROOT
from preconsult.cli.topology import PG_ADMIN_URL, Ports, Topology

REPORT = ROOT / "results" / "faults.txt"
_LINES: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "faults: kills and restarts services of the topology")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "faults" in (config.option.markexpr or ""):
        return
    here = Path(__file__).parent
    chosen = [i for i in items if here not in Path(str(i.path)).parents]
    if len(chosen) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in chosen])
        items[:] = chosen


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _LINES:
        terminalreporter.section("faults")
        for line in _LINES:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def fault_report() -> Iterator[list[str]]:
    """Append one line per fault; the file is rewritten after each so a crash keeps the rest."""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    header = f"{'fault':<22} {'acked':>5} {'stored':>6} {'1st reply max':>13} {'recovered':>9}"
    _LINES[:] = [header]
    REPORT.write_text(header + "\n", encoding="utf-8")

    class Report(list[str]):
        def append(self, line: str) -> None:
            super().append(line)
            _LINES.append(line)
            REPORT.write_text("\n".join(_LINES) + "\n", encoding="utf-8")

    yield Report()


# -- the machine's PostgreSQL and Redis --------------------------------------------------------
def _pg_cluster() -> list[str]:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]


def postgres_ready() -> bool:
    probe = ["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]
    return subprocess.run(probe, check=False).returncode == 0


def stop_postgres() -> None:
    subprocess.run([*_pg_cluster(), "stop", "-m", "immediate"], check=False, capture_output=True)


def start_postgres(timeout: float = 60) -> None:
    """Start the machine's PostgreSQL if it is not running; wait until it accepts connections."""
    if not postgres_ready():
        subprocess.run([*_pg_cluster(), "start"], check=False, capture_output=True)
    deadline = time.monotonic() + timeout
    while not postgres_ready():
        if time.monotonic() > deadline:
            raise TimeoutError("PostgreSQL did not come back on 127.0.0.1:5432")
        time.sleep(0.3)


def redis_ready() -> bool:
    probe = ["redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping"]
    result = subprocess.run(probe, check=False, capture_output=True, text=True)
    return result.stdout.strip() == "PONG"


def stop_redis() -> None:
    subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave"],
        check=False,
        capture_output=True,
    )


def start_redis(timeout: float = 30) -> None:
    """Start the machine's Redis the way CI does if it is not running."""
    if not redis_ready():
        subprocess.run(
            [
                "redis-server",
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "-::1",
                "--port",
                "6379",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                "/var/lib/redis",
                "--logfile",
                "/var/log/redis/ci.log",
            ],
            check=False,
            capture_output=True,
        )
    deadline = time.monotonic() + timeout
    while not redis_ready():
        if time.monotonic() > deadline:
            raise TimeoutError("Redis did not come back on 127.0.0.1:6379")
        time.sleep(0.2)


class MachineServices:
    """The machine's PostgreSQL and Redis, for tests that take them down (and bring them back)."""

    stop_postgres = staticmethod(stop_postgres)
    start_postgres = staticmethod(start_postgres)
    stop_redis = staticmethod(stop_redis)
    start_redis = staticmethod(start_redis)


@pytest.fixture(scope="session")
def machine() -> Iterator[MachineServices]:
    try:
        yield MachineServices()
    finally:  # other tests on this machine depend on them
        start_postgres()
        start_redis()


@pytest.fixture(scope="session")
def topology(
    tmp_path_factory: pytest.TempPathFactory, machine: MachineServices
) -> Iterator[Topology]:
    if not MODEL.exists():
        pytest.fail("no trained Rasa model: run `make train` first (make test-faults does)")
    start_postgres()
    start_redis()
    name = "preconsult_faults_" + uuid.uuid4().hex[:8]
    system = Topology(
        data_dir=tmp_path_factory.mktemp("prod-local"),
        ports=Ports.free(),
        database=name,
        tracker_database=name + "_rasa",
    )
    try:
        system.start(timeout=600)
        yield system
    finally:
        system.stop()
        start_postgres()
        start_redis()
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            for db in (system.database, system.tracker_database):
                admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
