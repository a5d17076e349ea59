"""The patient web chat in Debian chromium against the real system (rasa + actions + gateway)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


@pytest.fixture(scope="module")
def page_factory():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: apt-get install chromium (.ci/run does)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield lambda: browser.new_context(viewport={"width": 390, "height": 800}).new_page()
        browser.close()


def test_patient_sends_a_message_and_sees_the_reply(stack, page_factory) -> None:
    page = page_factory()
    page.goto(f"http://127.0.0.1:{stack.gateway_port}/?locale=zh-CN")
    expect(page.locator(".notice")).to_contain_text("不能代替医生诊断")
    expect(page.locator("#status")).to_have_text("已连接", timeout=30_000)
    page.fill("#input", "你好")
    page.keyboard.press("Enter")
    expect(page.locator(".msg.user").first).to_contain_text("你好")
    reply = page.locator(".msg.bot").first
    expect(reply).to_be_visible(timeout=60_000)
    assert re.search(r"[\u4e00-\u9fff]", reply.inner_text())
    expect(page.locator(".msg.user .meta").first).to_contain_text("✓")


def test_red_flag_shows_the_emergency_card(stack, page_factory) -> None:
    page = page_factory()
    page.goto(f"http://127.0.0.1:{stack.gateway_port}/?locale=zh-CN")
    expect(page.locator("#status")).to_have_text("已连接", timeout=30_000)
    page.fill("#input", "我爸胸口剧痛，一直出冷汗")
    page.click("#send")
    card = page.locator(".card.emergency").first
    expect(card).to_be_visible(timeout=60_000)
    expect(card.locator("a.call")).to_have_attribute("href", "tel:120")


def test_reload_resumes_the_conversation(stack, page_factory) -> None:
    page = page_factory()
    page.goto(f"http://127.0.0.1:{stack.gateway_port}/?locale=en")
    expect(page.locator("#status")).to_have_text("Connected", timeout=30_000)
    page.fill("#input", "hello")
    page.keyboard.press("Enter")
    expect(page.locator(".msg.bot").first).to_be_visible(timeout=60_000)
    page.reload()
    expect(page.locator("#status")).to_have_text("Connected", timeout=30_000)
    expect(page.locator(".msg.user").first).to_contain_text("hello", timeout=30_000)
    expect(page.locator(".msg.bot").first).to_be_visible()
