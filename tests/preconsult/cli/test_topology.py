"""The generated nginx config of `preconsult run-prod-local`: valid for nginx, every instance in."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from preconsult.cli.topology import Ports, render_nginx_conf

PORTS = Ports(
    public=18080,
    rasa_lb=15004,
    actions_lb=15054,
    gateways=(18001, 18002),
    rasa=(15006, 15007),
    actions=(15056, 15057),
)


def test_every_instance_is_an_upstream_and_websockets_are_upgraded(tmp_path: Path) -> None:
    conf = render_nginx_conf(PORTS, logs=tmp_path, run=tmp_path)
    for port in (*PORTS.gateways, *PORTS.rasa, *PORTS.actions):
        assert f"server 127.0.0.1:{port} " in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "proxy_set_header Connection $connection_upgrade;" in conf
    assert "listen 127.0.0.1:18080;" in conf and "@{" not in conf


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx not installed (apt nginx-light)")
def test_nginx_accepts_the_config(tmp_path: Path) -> None:
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / sub).mkdir()
    path = tmp_path / "nginx.conf"
    path.write_text(render_nginx_conf(PORTS, logs=tmp_path, run=tmp_path), encoding="utf-8")
    check = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(path)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
