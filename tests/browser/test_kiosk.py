"""The pharmacy kiosk page in Debian chromium against a real gateway (uvicorn, temp SQLite, no Rasa:
the fallback path): pharmacy name, a question, the pharmacist button and the privacy idle reset;
and the pharmacist's live queue taking and handling a request."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect, sync_playwright

from web.admin.accounts import create_user
from web.admin.kiosks import issue_kiosk
from web.admin.settings import AdminSettings
from web.settings import REPO_ROOT
from web.storage.db import Database
from web.storage.migrate import upgrade
from web.storage.models import ChatSession

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
IDLE_S = 15
STAFF, PASSWORD = "lin", "Ph4rmacist-pass-word!"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    data_dir = tmp_path_factory.mktemp("kiosk-gateway")
    url = f"sqlite:///{data_dir / 'kiosk.db'}"
    upgrade(url)
    db = Database(url)
    with db.session() as s:
        token = issue_kiosk(s, "Counter", "仁心大药房", "test").token
        create_user(s, STAFF, PASSWORD, "reviewer", AdminSettings())
    port = _free_port()
    env = {
        **os.environ,
        "PRECONSULT_ENVIRONMENT": "development",  # admin cookies over plain http
        "PRECONSULT_DATA_DIR": str(data_dir),
        "PRECONSULT_DATABASE_URL": url,
        "PRECONSULT_RASA_URL": f"http://127.0.0.1:{_free_port()}",  # nothing listens: no Rasa
        "PRECONSULT_RASA_RETRIES": "0",
        "PRECONSULT_KIOSK_IDLE_SECONDS": str(IDLE_S),
    }
    log = (data_dir / "gateway.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "web.app:create_app",
         "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("gateway did not start: " + (data_dir / "gateway.log").read_text())
            time.sleep(0.3)
        yield {"base": base, "token": token, "db": db}
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
        db.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: apt-get install chromium (.ci/run does)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


def test_kiosk_question_pharmacist_and_idle_reset(gateway: dict[str, Any], browser: Any) -> None:
    page = browser.new_context(viewport={"width": 1080, "height": 1400}).new_page()
    page.goto(f"{gateway['base']}/kiosk?locale=zh-CN&token={gateway['token']}")
    expect(page.locator("#pharmacy-name")).to_have_text("仁心大药房", timeout=30_000)
    assert "token" not in page.url  # the token is kept on the device, not in the address bar
    expect(page.locator("#status")).to_have_text("已连接", timeout=30_000)
    expect(page.locator("#privacy")).to_contain_text(f"{IDLE_S} 秒")
    first_session = page.locator("#app").get_attribute("data-session-id")
    assert first_session

    page.fill("#input", "布洛芬怎么吃")
    page.click("#send")
    expect(page.locator(".msg.user").first).to_contain_text("布洛芬怎么吃")
    expect(page.locator(".msg.bot.fallback").first).to_be_visible(timeout=20_000)

    page.click("#ask-pharmacist")
    expect(page.locator("#handoff-banner")).to_have_text("药师马上就来", timeout=10_000)

    # no touching for IDLE_S seconds: a countdown, then a clean screen and a new session
    expect(page.locator("#idle-warning")).to_be_visible(timeout=(IDLE_S + 5) * 1000)
    expect(page.locator("#idle-text")).to_contain_text("秒后将清屏")
    expect(page.locator(".msg")).to_have_count(0, timeout=15_000)
    expect(page.locator("#handoff-banner")).to_be_hidden()
    expect(page.locator("#idle-warning")).to_be_hidden()
    expect(page.locator("#typing")).to_be_hidden()
    expect(page.locator("#status")).to_have_text("已连接", timeout=10_000)
    expect(page.locator("#app")).not_to_have_attribute("data-session-id", first_session)
    assert page.locator("#app").get_attribute("data-session-id")
    assert "布洛芬" not in page.locator("#app").inner_text()
    assert page.evaluate("sessionStorage.length") == 0
    with gateway["db"].session() as s:
        assert s.get(ChatSession, first_session).ended_at is not None


def test_revoked_or_unknown_token_shows_the_setup_screen(
    gateway: dict[str, Any], browser: Any
) -> None:
    page = browser.new_context().new_page()
    page.goto(f"{gateway['base']}/kiosk?locale=zh-CN&token=kiosk_not-issued")
    expect(page.locator("#setup-message")).to_contain_text("无效或已被停用", timeout=15_000)
    expect(page.locator("#ask-pharmacist")).to_be_hidden()
    page.fill("#setup-token", gateway["token"])
    page.click("#setup-form button")
    expect(page.locator("#pharmacy-name")).to_have_text("仁心大药房", timeout=15_000)
    expect(page.locator("#ask-pharmacist")).to_be_visible()


def test_pharmacist_takes_and_handles_a_request_live(gateway: dict[str, Any], browser: Any) -> None:
    staff = browser.new_context(locale="zh-CN").new_page()
    staff.goto(f"{gateway['base']}/admin/handoffs?locale=zh-CN")
    staff.fill("input[name=username]", STAFF)
    staff.fill("input[name=password]", PASSWORD)
    staff.click("button[type=submit]")
    expect(staff.locator("#queue-status")).to_have_text("实时更新中", timeout=15_000)

    kiosk = browser.new_context().new_page()
    kiosk.goto(f"{gateway['base']}/kiosk?locale=zh-CN&token={gateway['token']}")
    expect(kiosk.locator("#status")).to_have_text("已连接", timeout=30_000)
    session_id = kiosk.locator("#app").get_attribute("data-session-id")
    kiosk.fill("#input", "布洛芬")
    kiosk.click(".quick-q >> nth=1")  # 孕妇能吃吗, about the drug typed first
    expect(kiosk.locator(".msg.user").first).to_contain_text("布洛芬 孕妇能吃吗")
    kiosk.click("#ask-pharmacist")
    expect(kiosk.locator("#handoff-banner")).to_have_text("药师马上就来", timeout=10_000)

    card = staff.locator(f'.handoff[data-session="{session_id}"]')
    expect(card).to_be_visible(timeout=10_000)  # pushed, no reload
    expect(card).to_contain_text("仁心大药房")
    expect(card.locator(".transcript")).to_contain_text("布洛芬 孕妇能吃吗")
    card.locator("button.claim").click()
    expect(card).to_contain_text("药师已接手")
    expect(kiosk.locator("#handoff-banner")).to_have_text("药师已收到，正在过来", timeout=10_000)
    card.locator("button.handle").click()
    expect(kiosk.locator("#handoff-banner")).to_contain_text("药师已处理", timeout=10_000)
    expect(staff.locator(f'.handoff[data-session="{session_id}"]')).to_have_count(0, timeout=10_000)
