"""A person's view: `streamlit run app.py` in headless Chromium, ask, read the answer and its sources."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cte_bot.config import Settings
from tests.conftest import free_port, wait_for_port

pytestmark = [pytest.mark.integration, pytest.mark.browser]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture
def streamlit_url(built_settings: Settings, tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "CTE_BOT_DATA_DIR": str(built_settings.data_dir),
        "HF_HUB_OFFLINE": "1",
        "CTE_BOT_KNOWLEDGE_DIR": str(built_settings.knowledge_dir),
    }
    log = (tmp_path / "streamlit.log").open("w")
    # Through the real `cte-bot serve`, in its own process group: serve starts streamlit as a child.
    process = subprocess.Popen(
        [sys.executable, "-m", "cte_bot.cli", "serve", "--port", str(port), "--address", "127.0.0.1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for_port(port, process)  # type: ignore[arg-type]
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (make install adds it)")
def test_question_in_the_browser_gets_an_answer_with_sources(streamlit_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        page.goto(streamlit_url)
        box = page.get_by_test_id("stChatInputTextArea")
        expect(box).to_be_visible(timeout=90_000)
        box.fill("Are there morning and afternoon classes?")
        box.press("Enter")
        assistant = page.get_by_test_id("stChatMessage").nth(1)
        expect(assistant).to_contain_text("afternoon", timeout=90_000)
        expect(assistant).to_contain_text("morning")
        sources = assistant.get_by_text("Sources (")
        expect(sources).to_be_visible()
        sources.click()
        expect(assistant).to_contain_text("sessions-and-hours.md")
        page.screenshot(path=str(tmp_path / "chat.png"), full_page=True)
        browser.close()
