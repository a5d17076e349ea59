"""Browser test of the admin on Debian chromium: sign in, filter, open, annotate, export; and an
unauthenticated browser is sent to the login page. The gateway runs under uvicorn on a free port
with a temp SQLite database (no Rasa needed for the admin)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
REPO = Path(__file__).resolve().parents[2]
USERNAME, PASSWORD = "rita", "Br0wser-pass-word!"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _seed(url: str) -> None:
    from web.admin.accounts import create_user
    from web.admin.settings import AdminSettings
    from web.storage.db import Database
    from web.storage.migrate import upgrade
    from web.storage.models import ChatSession, Message

    upgrade(url)
    db = Database(url)
    now = datetime.now(UTC)
    with db.session() as s:
        create_user(s, USERNAME, PASSWORD, "reviewer", AdminSettings())
        s.add_all(
            [
                ChatSession(id="b-chest", channel="web", locale="zh-CN", urgency="emergency",
                            department_code="EM", red_flag=True, created_at=now - timedelta(hours=1)),
                ChatSession(id="b-rash", channel="kiosk", locale="zh-CN", kiosk_id="k-9",
                            pharmacy="康宁药店", urgency="routine", department_code="DERM",
                            created_at=now - timedelta(hours=3)),
            ]
        )  # fmt: skip
        s.flush()
        for sid, user_text, bot_text in (
            ("b-chest", "胸口疼，出冷汗", "请立即去急诊。"),
            ("b-rash", "手臂起了红疹，很痒", "建议到皮肤科门诊就诊。"),
        ):
            s.add(Message(session_id=sid, seq=1, sender="user", text=user_text, client_id="c1"))
            s.add(Message(session_id=sid, seq=2, sender="bot", text=bot_text))
        s.commit()
    db.dispose()


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: apt-get install -y chromium")
    folder = tmp_path_factory.mktemp("admin-browser")
    url = f"sqlite:///{folder / 'gateway.db'}"
    _seed(url)
    port = _free_port()
    env = {
        **os.environ,
        "PRECONSULT_ENVIRONMENT": "development",
        "PRECONSULT_DATABASE_URL": url,
        "PRECONSULT_DATA_DIR": str(folder),
        "PRECONSULT_RASA_URL": "http://127.0.0.1:9",
    }
    command = [sys.executable, "-m", "uvicorn", "web.app:create_app", "--factory",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]  # fmt: skip
    server = subprocess.Popen(command, cwd=REPO, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("the gateway did not start")
            time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def browser_page(gateway: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking",
                  "--disable-component-update", "--disable-gpu"],
        )  # fmt: skip
        context = browser.new_context(accept_downloads=True, locale="zh-CN")
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()


def test_unauthenticated_browser_is_sent_to_login(gateway: str, browser_page: object) -> None:
    page = browser_page
    page.goto(gateway + "/admin/transcripts")  # type: ignore[attr-defined]
    assert "/admin/login" in page.url  # type: ignore[attr-defined]
    assert page.locator("input[name=password]").is_visible()  # type: ignore[attr-defined]


def test_login_filter_open_annotate_export(
    gateway: str, browser_page: object, tmp_path: Path
) -> None:
    from playwright.sync_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]
    page.goto(gateway + "/admin/transcripts")
    page.fill("input[name=username]", USERNAME)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(gateway + "/admin/transcripts")
    expect(page.locator("#result-count")).to_contain_text("共 2 条对话")

    page.fill("input[name=q]", "红疹")
    page.click("#filters button[type=submit]")
    expect(page.locator("#result-count")).to_contain_text("共 1 条对话")
    expect(page.locator("table.list")).to_contain_text("手臂起了红疹")
    expect(page.locator("table.list")).not_to_contain_text("胸口疼")

    page.click("td.snippet a")
    expect(page.locator("section.chat")).to_contain_text("手臂起了红疹，很痒")
    expect(page.locator("section.chat")).to_contain_text("建议到皮肤科门诊就诊。")
    page.check("input[name=routing][value=right]")
    page.check("input[name=urgency][value=wrong]")
    page.select_option("select[name=correct_urgency]", "urgent")
    page.fill("textarea[name=note]", "皮疹扩散快，应当天就诊")
    page.click("#annotate button[type=submit]")
    expect(page.locator("p.ok")).to_contain_text("审核意见已保存")
    expect(page.locator(".annotation")).to_contain_text("皮疹扩散快，应当天就诊")
    page.screenshot(path=str(tmp_path / "transcript.png"), full_page=True)

    page.goto(gateway + "/admin/transcripts")
    page.select_option("#f-annotated", "yes")
    page.click("#filters button[type=submit]")
    expect(page.locator("#result-count")).to_contain_text("共 1 条对话")
    with page.expect_download() as download_info:
        page.click("#export-csv")
    saved = tmp_path / "export.csv"
    download_info.value.save_as(saved)
    exported = saved.read_text(encoding="utf-8-sig")
    assert "b-rash" in exported and "b-chest" not in exported
    assert "手臂起了红疹，很痒" in exported

    page.goto(gateway + "/admin")
    assert page.locator("svg.chart").count() >= 5
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
