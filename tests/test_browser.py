"""A person's view: `streamlit run app.py` in headless Chromium, ask, read the answer and its sources."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cte_bot.config import Settings
from tests.chromium import CHROMIUM, CHROMIUM_FLAGS
from tests.conftest import free_port, wait_for_port

pytestmark = [pytest.mark.integration, pytest.mark.browser]


# Where screenshots go: a temporary folder, or docs/screenshots/ when refreshing the README's pictures
# (`SCREENSHOTS_DIR=docs/screenshots pytest tests/test_browser.py`).
SHOTS_ENV = "SCREENSHOTS_DIR"
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="module")
def streamlit_url(built_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "CTE_BOT_DATA_DIR": str(built_settings.data_dir),
        "HF_HUB_OFFLINE": "1",
        "CTE_BOT_KNOWLEDGE_DIR": str(built_settings.knowledge_dir),
    }
    log = (tmp_path_factory.mktemp("streamlit") / "streamlit.log").open("w")
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


@pytest.fixture(scope="module")
def browser(streamlit_url: str) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make install adds it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    target = Path(os.environ.get(SHOTS_ENV) or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


def _serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v.get("impact") in SERIOUS
    ]


def _open(browser: Any, url: str, width: int = 1100) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 1400})
    page.goto(url)
    return page


def test_question_in_the_browser_gets_an_answer_with_sources(browser: Any, streamlit_url: str, shots: Path) -> None:
    from playwright.sync_api import expect

    page = _open(browser, streamlit_url)
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
    page.wait_for_timeout(1500)  # the stream and the follow-up buttons settle
    page.screenshot(path=str(shots / "chat.png"), full_page=True)
    assert _serious_violations(page) == []
    page.close()


@pytest.mark.parametrize(
    ("query", "shown", "name"),
    [
        ("?program=welding", "Welding", "program"),
        ("?view=finder", "", "finder"),
        ("?view=schedule", "", "schedule"),
        ("?view=browse", "", "browse"),
        ("?program=welding&lang=es", "Soldadura", "program-es"),
    ],
)
def test_each_view_opens_from_its_link_with_no_serious_accessibility_violation(
    browser: Any, streamlit_url: str, shots: Path, query: str, shown: str, name: str
) -> None:
    """A counselor's link opens the same view in a fresh browser; axe-core finds nothing serious or critical."""
    from playwright.sync_api import expect

    page = _open(browser, streamlit_url + query)
    main = page.get_by_role("main")  # the page's main region (its test id changes between views)
    expect(main.locator("h1").first).to_be_visible(timeout=90_000)
    if shown:
        expect(main).to_contain_text(shown, timeout=30_000)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    assert _serious_violations(page) == []
    page.close()


def test_a_shared_question_link_is_answered_at_phone_width(browser: Any, streamlit_url: str, shots: Path) -> None:
    """A Spanish-speaking parent's link: `?q=` answers on load, in Spanish with its sources on a Spanish page,
    on a 375 px phone screen with no sideways scrolling."""
    from playwright.sync_api import expect

    page = _open(browser, streamlit_url + "?lang=es&q=%C2%BFHay%20clases%20en%20la%20tarde%3F", width=375)
    assistant = page.get_by_test_id("stChatMessage").nth(1)
    expect(assistant).to_contain_text("sesión de la tarde", timeout=90_000)
    expect(assistant.get_by_text("Fuentes (")).to_be_visible()
    expect(page.get_by_test_id("stChatInputTextArea")).to_be_visible()
    page.wait_for_timeout(1500)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    page.screenshot(path=str(shots / "phone-es.png"), full_page=True)
    assert _serious_violations(page) == []
    page.close()


def test_the_finder_ranks_veterinary_first_for_animals_and_science(
    browser: Any, streamlit_url: str, shots: Path
) -> None:
    """A student types their interests in the finder and sees Veterinary Technology first, with the why."""
    from playwright.sync_api import expect

    page = _open(browser, streamlit_url + "?view=finder")
    box = page.get_by_label("Or in your own words: what do you like to do?")
    expect(box).to_be_visible(timeout=90_000)
    box.fill("I like animals and science")
    page.get_by_role("button", name="Show programs that fit").click()
    results = page.get_by_role("main")
    expect(results).to_contain_text("Programs that may fit you", timeout=90_000)
    expect(results).to_contain_text("1. Veterinary Technology")  # first, with its why beneath
    page.wait_for_timeout(1000)
    page.screenshot(path=str(shots / "finder-results.png"), full_page=True)
    assert _serious_violations(page) == []
    page.close()
