"""Supervised start of the three processes (action server, rasa, gateway) with readiness checks.

Used by `preconsult run` and by the integration tests, which start and stop single processes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import yaml

__all__ = ["Process", "Stack", "free_port", "run_all", "write_endpoints"]

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
# Rasa's CLI with its per-call JSON-schema compilation fixed (see bot/serve.py)
RASA_SERVE = [str(ROOT / ".venv-rasa" / "bin" / "python"), str(ROOT / "bot" / "serve.py")]
MODEL = ROOT / "models" / "preconsult.tar.gz"


def write_endpoints(
    path: Path,
    *,
    action_url: str,
    tracker_url: str = "",
    redis_url: str = "",
    tracker_sqlite: Path | None = None,
) -> Path:
    """Rasa's endpoints file for this run: SQL tracker store, lock store, action server."""
    tracker: dict[str, object]
    if tracker_url:
        from sqlalchemy.engine import make_url

        url = make_url(tracker_url)
        tracker = {
            "type": "SQL",
            "dialect": "postgresql",
            "url": url.host or "127.0.0.1",
            "port": url.port or 5432,
            "db": url.database,
            "username": url.username or "",
            "password": url.password or "",
        }
    else:
        tracker = {
            "type": "SQL",
            "dialect": "sqlite",
            "db": str(tracker_sqlite or path.parent / "rasa_tracker.db"),
        }
    lock: dict[str, object] = {"type": "in_memory"}
    if redis_url:
        from urllib.parse import urlsplit

        parts = urlsplit(redis_url)
        lock = {
            "type": "redis",
            "url": parts.hostname or "127.0.0.1",
            "port": parts.port or 6379,
            "db": int((parts.path or "/0").lstrip("/") or 0),
            "key_prefix": "preconsult",
        }
    data = {"action_endpoint": {"url": action_url}, "tracker_store": tracker, "lock_store": lock}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (for tests, benchmarks and local topologies)."""
    import socket

    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _get(url: str, timeout: float = 2.0) -> int:
    try:
        with urlopen(url, timeout=timeout) as response:  # noqa: S310 - local URLs only
            return int(response.status)
    except URLError:
        return 0
    except Exception:
        return 0


@dataclass
class Process:
    name: str
    args: list[str]
    ready_url: str
    cwd: Path = ROOT
    env: dict[str, str] = field(default_factory=dict)
    log_path: Path | None = None
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, **self.env}
        out = open(self.log_path, "ab") if self.log_path else None  # noqa: SIM115
        self.popen = subprocess.Popen(
            self.args,
            cwd=self.cwd,
            env=env,
            stdout=out or None,
            stderr=subprocess.STDOUT if out else None,
            start_new_session=True,
        )

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def ready(self) -> bool:
        return self.alive() and _get(self.ready_url) == 200

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ready():
                return
            if self.popen is not None and self.popen.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with code {self.popen.returncode}; see {self.log_path}"
                )
            time.sleep(0.3)
        raise TimeoutError(f"{self.name} not ready after {timeout:.0f}s ({self.ready_url})")

    def stop(self, timeout: float = 15.0) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(5)


@dataclass
class Stack:
    """The three processes of one deployment on this machine."""

    gateway_port: int = 8000
    rasa_port: int = 5005
    action_port: int = 5055
    host: str = "127.0.0.1"
    data_dir: Path = ROOT / "var"
    env: dict[str, str] = field(default_factory=dict)
    model: Path = MODEL

    def __post_init__(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        base_env = {
            "PRECONSULT_DATA_DIR": str(self.data_dir),
            # the answer index is content-addressed: every system on this checkout shares the one
            # `make knowledge` built instead of embedding all articles again
            "PRECONSULT_INDEX_DIR": str(ROOT / "var" / "index"),
            "PRECONSULT_RASA_URL": f"http://{self.host}:{self.rasa_port}",
            "PRECONSULT_ACTION_SERVER_URL": f"http://{self.host}:{self.action_port}",
            "PYTHONUNBUFFERED": "1",
            "SANIC_HOST": self.host,  # rasa-sdk's action server binds here (default 0.0.0.0)
            "TF_CPP_MIN_LOG_LEVEL": "3",
            **self.env,
        }
        endpoints = write_endpoints(
            self.data_dir / "endpoints.yml",
            action_url=f"http://{self.host}:{self.action_port}/webhook",
            tracker_url=base_env.get("PRECONSULT_RASA_TRACKER_URL", ""),
            redis_url=base_env.get("PRECONSULT_REDIS_URL", ""),
        )
        logs = self.data_dir / "logs"
        logs.mkdir(exist_ok=True)
        self.actions = Process(
            "action server",
            [
                str(VENV_BIN / "python"),
                "-m",
                "actions.serve",
                "--actions",
                "actions",
                "--port",
                str(self.action_port),
            ],
            f"http://{self.host}:{self.action_port}/health",
            env=base_env,
            log_path=logs / "actions.log",
        )
        self.rasa = Process(
            "rasa",
            [
                *RASA_SERVE,
                "run",
                "--enable-api",
                "--model",
                str(self.model),
                "--port",
                str(self.rasa_port),
                "--interface",
                self.host,
                "--endpoints",
                str(endpoints),
                "--credentials",
                str(ROOT / "bot" / "credentials.yml"),
            ],
            f"http://{self.host}:{self.rasa_port}/status",
            cwd=ROOT / "bot",
            env=base_env,
            log_path=logs / "rasa.log",
        )
        self.gateway = Process(
            "gateway",
            [
                str(VENV_BIN / "uvicorn"),
                "--factory",
                "web.app:create_app",
                "--host",
                self.host,
                "--port",
                str(self.gateway_port),
                "--no-access-log",
                # chat frames are a few hundred bytes: compressing them costs CPU, saves nothing
                "--ws-per-message-deflate",
                "false",
            ],
            f"http://{self.host}:{self.gateway_port}/healthz",
            env=base_env,
            log_path=logs / "gateway.log",
        )

    @classmethod
    def on_free_ports(cls, data_dir: Path, env: dict[str, str] | None = None) -> Stack:
        """A system on ports nobody uses, with its own data dir (tests and benchmarks)."""
        return cls(
            gateway_port=free_port(),
            rasa_port=free_port(),
            action_port=free_port(),
            data_dir=data_dir,
            env=env or {},
        )

    @property
    def processes(self) -> list[Process]:
        return [self.actions, self.rasa, self.gateway]

    def start(self, timeout: float = 240.0, *, with_rasa: bool = True) -> None:
        chosen = self.processes if with_rasa else [self.gateway]
        for process in chosen:
            process.start()
        for process in chosen:
            process.wait_ready(timeout)
        if with_rasa:
            self.warm_up()

    def warm_up(self) -> None:
        """One real turn through Rasa and the action server (conversation ``__warmup__``), so the
        first patient does not wait for graph tracing and first-call set-up."""
        import json
        from urllib.request import Request

        body = {"sender": "__warmup__", "message": "你好", "metadata": {"locale": "zh-CN"}}
        request = Request(
            f"http://{self.host}:{self.rasa_port}/webhooks/rest/webhook",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with contextlib.suppress(Exception), urlopen(request, timeout=120):  # noqa: S310
            pass

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()


def run_all(*, with_rasa: bool = True) -> int:
    from web.settings import get_settings

    settings = get_settings()
    if with_rasa and not MODEL.exists():
        print("No trained model at models/preconsult.tar.gz: run `make train` (or `make run`).")
        return 2
    stack = Stack(gateway_port=settings.port, host=settings.host, data_dir=settings.data_dir)
    stopping = False

    def _stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    try:
        print(
            "Starting action server, rasa and gateway (logs in %s) ..."
            % (settings.data_dir / "logs")
        )
        stack.start(with_rasa=with_rasa)
        url = f"http://{'localhost' if settings.host in ('127.0.0.1', '0.0.0.0') else settings.host}:{settings.port}"
        print()
        print(f"  Patient chat     {url}/")
        print(f"  Pharmacy kiosk   {url}/kiosk")
        print(f"  Admin            {url}/admin")
        print(f"  API docs         {url}/docs")
        print(
            f"  Rasa             http://{settings.host}:{stack.rasa_port}  action server :{stack.action_port}"
        )
        print("\nAll services ready. Press Ctrl-C to stop.")
        while not stopping:
            for process in stack.processes if with_rasa else [stack.gateway]:
                if not process.alive():
                    print(f"{process.name} stopped unexpectedly; see {process.log_path}")
                    return 1
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    except (RuntimeError, TimeoutError) as exc:
        print(f"Start-up failed: {exc}")
        return 1
    finally:
        print("Stopping ...")
        stack.stop()
    return 0
