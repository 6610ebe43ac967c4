"""The deployment in deploy/ with real processes on loopback: one `chroma run`, two `cte-bot serve` replicas,
one ingest. Both replicas answer; a re-ingest while both serve never shows an error, and every answer comes
whole from one index (the old wording or the new one, never a mix); afterwards both answer from the new one."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.embeddings import Embeddings

from cte_bot.chain import Bot
from cte_bot.config import Settings
from cte_bot.ui.resources import LIVE_CHECK_S
from ingest import run_ingest
from tests.chromium import CHROMIUM, CHROMIUM_FLAGS
from tests.conftest import free_port, wait_for_port
from tests.test_server import _start_chroma

pytestmark = [pytest.mark.integration, pytest.mark.server, pytest.mark.browser, pytest.mark.slow]
QUESTION = "How many hours a day is welding?"
OLD = "Welding meets 3 hours a day in a morning or afternoon session."
NEW = "Welding meets 4 hours a day in a morning or afternoon session."  # the district's edit


@pytest.fixture
def topology(tmp_path: Path, fixture_bot: Bot, real_embeddings: Embeddings) -> Iterator[tuple[Settings, list[str]]]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make install adds it)")
    knowledge = tmp_path / "knowledge"
    shutil.copytree(fixture_bot.settings.knowledge_dir, knowledge)  # with the classifier trained beside it
    port = free_port()
    chroma = _start_chroma(tmp_path / "chroma", port)
    settings = Settings(knowledge_dir=knowledge, data_dir=tmp_path / "data", chroma_url=f"http://127.0.0.1:{port}")
    run_ingest(settings, embeddings=real_embeddings, progress=False)  # the ingest job
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CTE_BOT_")},
        "HF_HUB_OFFLINE": "1",
        "CTE_BOT_CHROMA_URL": str(settings.chroma_url),
        "CTE_BOT_KNOWLEDGE_DIR": str(knowledge),
    }
    replicas: list[subprocess.Popen[bytes]] = []
    urls = []
    try:
        for number in range(2):
            app_port = free_port()
            replicas.append(
                subprocess.Popen(
                    [sys.executable, "-m", "cte_bot.cli", "serve", "--port", str(app_port), "--address", "127.0.0.1"],
                    env={**env, "CTE_BOT_DATA_DIR": str(tmp_path / f"replica-{number}")},  # stateless: own scratch
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
            wait_for_port(app_port, replicas[-1])
            urls.append(f"http://127.0.0.1:{app_port}")
        yield settings, urls
    finally:
        for replica in replicas:
            os.killpg(replica.pid, signal.SIGTERM)
            replica.wait(timeout=30)
        chroma.terminate()
        chroma.wait(timeout=30)


def _ask(page: Any, question: str, turn: int) -> str:
    """Ask in an open chat page; the text of the `turn`-th answer (0-based)."""
    from playwright.sync_api import expect

    box = page.get_by_test_id("stChatInputTextArea")
    expect(box).to_be_visible(timeout=90_000)
    box.fill(question)
    box.press("Enter")
    answer = page.get_by_test_id("stChatMessage").nth(2 * turn + 1)
    expect(answer.get_by_text("Sources (")).to_be_visible(timeout=90_000)  # the whole answer is in
    assert page.get_by_test_id("stException").count() == 0
    return str(answer.inner_text())


def test_two_replicas_answer_through_a_reingest(
    topology: tuple[Settings, list[str]], real_embeddings: Embeddings
) -> None:
    from playwright.sync_api import sync_playwright

    settings, urls = topology
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        pages = [browser.new_page() for _ in urls]
        for page, url in zip(pages, urls, strict=True):
            page.goto(url)
        assert all(OLD in _ask(page, QUESTION, 0) for page in pages)  # both replicas answer

        path = settings.knowledge_dir / "programs" / "welding.md"
        path.write_text(path.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
        ingest = threading.Thread(target=run_ingest, args=(settings,), kwargs={"embeddings": real_embeddings})
        ingest.start()
        turn = 1
        during = []
        while ingest.is_alive() or turn < 3:  # keep asking both replicas while the new index is built and flipped
            during += [_ask(page, QUESTION, turn) for page in pages]
            turn += 1
        ingest.join()
        assert all((OLD in text) != (NEW in text) for text in during), during  # each whole, from one index
        time.sleep(LIVE_CHECK_S + 0.5)  # a replica reads the live pointer at most this often
        after = [_ask(page, QUESTION, turn) for page in pages]
        assert all(NEW in text and OLD not in text for text in after), after  # both replicas moved over
        browser.close()
