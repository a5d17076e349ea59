"""`preconsult run-prod-local`: the production topology on one machine.

nginx in front of 2 gateways, 2 Rasa and 2 action servers; transcripts and Rasa's trackers in the
local PostgreSQL, Rasa's conversation locks (and the gateways' pub/sub) in the local Redis. Each
gateway/Rasa/action-server triple is a `launcher.Stack` whose Rasa and gateway talk to the other
tier through nginx, so any instance can die without losing a conversation.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

import typer

from preconsult.cli.launcher import (
    MODEL,
    ROOT,
    VENV_BIN,
    Process,
    Stack,
    free_port,
    write_endpoints,
)

__all__ = [
    "NGINX_TEMPLATE",
    "Ports",
    "Topology",
    "app",
    "ensure_database",
    "render_nginx_conf",
    "run_prod_local",
]

NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Ports:
    """Every listening port of the topology: nginx's three fronts and each instance."""

    public: int = 8080
    rasa_lb: int = 5004
    actions_lb: int = 5054
    gateways: tuple[int, ...] = (8001, 8002)
    rasa: tuple[int, ...] = (5006, 5007)
    actions: tuple[int, ...] = (5056, 5057)

    @classmethod
    def free(cls, instances: int = 2) -> Ports:
        """Unused ports (tests run beside other systems on the same machine)."""

        def some() -> tuple[int, ...]:
            return tuple(free_port() for _ in range(instances))

        return cls(free_port(), free_port(), free_port(), some(), some(), some())


class _ConfTemplate(Template):
    delimiter = "@"  # nginx itself uses $variables


def render_nginx_conf(ports: Ports, *, logs: Path, run: Path, host: str = "127.0.0.1") -> str:
    """nginx.conf for ``ports`` from deploy/nginx.conf.template."""

    def servers(numbers: tuple[int, ...]) -> str:
        return "\n".join(f"        server {host}:{n} max_fails=1 fail_timeout=3s;" for n in numbers)

    # the workers of a root master would run as "nobody" and could not write the temp dirs
    user_line = "user root;" if os.geteuid() == 0 else ""
    return _ConfTemplate(NGINX_TEMPLATE.read_text(encoding="utf-8")).substitute(
        user_line=user_line,
        logs=logs,
        run=run,
        host=host,
        public_port=ports.public,
        rasa_port=ports.rasa_lb,
        actions_port=ports.actions_lb,
        gateway_servers=servers(ports.gateways),
        rasa_servers=servers(ports.rasa),
        action_servers=servers(ports.actions),
    )


def ensure_database(admin_url: str, name: str) -> str:
    """Create database ``name`` on the server of ``admin_url`` if missing; return its URL."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base, _, _ = admin_url.rpartition("/")
    return f"{base}/{name}"


@dataclass
class Topology:
    """2 gateways + 2 Rasa + 2 action servers behind nginx, on PostgreSQL and Redis."""

    data_dir: Path = ROOT / "var" / "prod-local"  # configs and logs of this run
    shared_data_dir: Path = ROOT / "var"  # knowledge index (`make knowledge`), shared by all
    ports: Ports = field(default_factory=Ports)
    host: str = "127.0.0.1"
    pg_admin_url: str = PG_ADMIN_URL
    database: str = "preconsult"
    tracker_database: str = "preconsult_rasa"
    redis_url: str = "redis://127.0.0.1:6379/0"
    env: dict[str, str] = field(default_factory=dict)
    model: Path = MODEL

    def __post_init__(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.logs = self.data_dir / "logs"
        self.run_dir = self.data_dir / "run"
        self.logs.mkdir(exist_ok=True)
        self.run_dir.mkdir(exist_ok=True)
        base = self.pg_admin_url.rpartition("/")[0]
        self.database_url = f"{base}/{self.database}"
        self.tracker_url = f"{base}/{self.tracker_database}"
        self.public_url = f"http://{self.host}:{self.ports.public}"
        self.rasa_lb_url = f"http://{self.host}:{self.ports.rasa_lb}"
        self.actions_lb_url = f"http://{self.host}:{self.ports.actions_lb}"
        origins = [self.public_url, f"http://localhost:{self.ports.public}"]
        node_env = {
            "PRECONSULT_ENVIRONMENT": "production",
            "PRECONSULT_SECRET_KEY": secrets.token_urlsafe(32),  # shared: admin cookies
            "PRECONSULT_ALLOWED_ORIGINS": json.dumps(origins),
            "PRECONSULT_DATA_DIR": str(self.shared_data_dir),
            "PRECONSULT_DATABASE_URL": self.database_url,
            "PRECONSULT_AUTO_MIGRATE": "false",  # migrated once, before the gateways start
            "PRECONSULT_RASA_TRACKER_URL": self.tracker_url,
            "PRECONSULT_REDIS_URL": self.redis_url,
            "PRECONSULT_RASA_URL": self.rasa_lb_url,
            "PRECONSULT_ACTION_SERVER_URL": self.actions_lb_url,
            **self.env,
        }
        self.node_env = node_env
        self.nodes: list[Stack] = []
        for i, (gw, rasa, act) in enumerate(
            zip(self.ports.gateways, self.ports.rasa, self.ports.actions, strict=True), 1
        ):
            node = Stack(
                gateway_port=gw,
                rasa_port=rasa,
                action_port=act,
                host=self.host,
                data_dir=self.data_dir / f"node{i}",
                env=node_env,
                model=self.model,
            )
            # Rasa calls the action servers through nginx, not only its own node's.
            write_endpoints(
                node.data_dir / "endpoints.yml",
                action_url=f"{self.actions_lb_url}/webhook",
                tracker_url=self.tracker_url,
                redis_url=self.redis_url,
            )
            for process in node.processes:
                process.name = f"{process.name} {i}"
            self.nodes.append(node)
        self.nginx = Process(
            "nginx",
            [
                "nginx",
                "-p",
                str(self.run_dir),
                "-c",
                str(self._write_nginx_conf()),
                "-g",
                "daemon off;",
            ],
            f"{self.public_url}/nginx-health",
            log_path=self.logs / "nginx.log",
        )

    def _write_nginx_conf(self) -> Path:
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run_dir / sub).mkdir(exist_ok=True)
        path = self.data_dir / "nginx.conf"
        conf = render_nginx_conf(self.ports, logs=self.logs, run=self.run_dir, host=self.host)
        path.write_text(conf, encoding="utf-8")
        return path

    @property
    def gateways(self) -> list[Process]:
        return [node.gateway for node in self.nodes]

    @property
    def rasas(self) -> list[Process]:
        return [node.rasa for node in self.nodes]

    @property
    def action_servers(self) -> list[Process]:
        return [node.actions for node in self.nodes]

    @property
    def processes(self) -> list[Process]:
        return [self.nginx, *self.action_servers, *self.rasas, *self.gateways]

    def prepare(self) -> None:
        """Create both databases if missing and migrate the transcript database once."""
        ensure_database(self.pg_admin_url, self.database)
        ensure_database(self.pg_admin_url, self.tracker_database)
        subprocess.run(
            [str(VENV_BIN / "preconsult"), "db", "upgrade"],
            cwd=ROOT,
            env={**os.environ, **self.node_env},
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self, timeout: float = 300.0) -> None:
        self.prepare()
        self.nginx.start()
        self.nginx.wait_ready(30)
        # all at once: a gateway needs no Rasa to start, and Rasa's model load is the long pole
        instances = [*self.action_servers, *self.rasas, *self.gateways]
        for process in instances:
            process.start()
        for process in instances:
            process.wait_ready(timeout)
        for node in self.nodes:
            node.warm_up()

    def restart(self, process: Process, timeout: float = 300.0) -> None:
        """Start a stopped instance again and wait until it serves (Rasa: warmed up)."""
        process.start()
        process.wait_ready(timeout)
        for node in self.nodes:
            if process is node.rasa:
                node.warm_up()

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()


def run_prod_local(port: int = 8080) -> int:
    if not MODEL.exists():
        print("No trained model at models/preconsult.tar.gz: run `make train`.")
        return 2
    topology = Topology(ports=Ports(public=port))
    stopping = False

    def _stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    try:
        print(f"Starting nginx, 2 action servers, 2 Rasa, 2 gateways (logs in {topology.logs}) ...")
        topology.start()
        print(f"\n  Patient chat     http://localhost:{port}/")
        print(f"  Admin            http://localhost:{port}/admin")
        print(f"  Rasa (via nginx) {topology.rasa_lb_url}   actions {topology.actions_lb_url}")
        print(f"  Transcripts      {topology.database_url}   trackers {topology.tracker_url}")
        print(f"  Locks, pub/sub   {topology.redis_url}")
        print("\nAll services ready. Press Ctrl-C to stop.")
        while not stopping:
            for process in topology.processes:
                if not process.alive():
                    print(f"{process.name} stopped unexpectedly; see {process.log_path}")
                    return 1
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    except (RuntimeError, TimeoutError, OSError, subprocess.CalledProcessError) as exc:
        print(f"Start-up failed: {exc}")
        return 1
    finally:
        print("Stopping ...")
        with contextlib.suppress(KeyboardInterrupt):
            topology.stop()
    return 0


app = typer.Typer()


@app.callback(invoke_without_command=True)
def main(port: int = typer.Option(8080, help="nginx's public port.")) -> None:
    """2 gateways + 2 Rasa + 2 action servers behind nginx, on local PostgreSQL and Redis."""
    raise typer.Exit(run_prod_local(port))
