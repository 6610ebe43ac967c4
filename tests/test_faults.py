"""Faults that must leave nothing broken: a real `cte-bot ingest` killed with SIGKILL in the middle of
embedding a larger corpus."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from cte_bot.chain import Bot
from cte_bot.config import Settings
from cte_bot.store import Store
from ingest import run_ingest

pytestmark = [pytest.mark.integration, pytest.mark.slow]
EXTRA_PROGRAMS = 30  # enough text that embedding takes several seconds, so the kill lands mid-build


def _ingest(settings: Settings, *extra: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CTE_BOT_")}
    env.update(
        HF_HUB_OFFLINE="1",
        CTE_BOT_DATA_DIR=str(settings.data_dir),
        CTE_BOT_KNOWLEDGE_DIR=str(settings.knowledge_dir),
    )
    command = [sys.executable, "-m", "cte_bot.cli", "ingest", *extra]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _grow(knowledge: Path) -> None:
    """Copies of the welding page under new ids: a corpus several times larger."""
    text = (knowledge / "programs" / "welding.md").read_text(encoding="utf-8")
    for n in range(EXTRA_PROGRAMS):
        page = text.replace("id: welding", f"id: welding-{n}").replace("title: Welding", f"title: Welding {n}")
        page = page.replace("Welding students", f"Cohort {n} welding students")
        (knowledge / "programs" / f"welding-{n}.md").write_text(page, encoding="utf-8")


def test_ingest_killed_mid_embedding_leaves_the_old_index_live(
    fixture_copy: Path, tmp_path: Path, real_embeddings: Embeddings, fixture_bot: Bot
) -> None:
    settings = Settings(knowledge_dir=fixture_copy, data_dir=tmp_path / "data")
    run_ingest(settings, embeddings=real_embeddings, progress=False)  # the index that is live before the fault
    live = Store(settings).require_live()
    # the classifier trained on these same fixture examples, so the bot can answer from the old index
    shutil.copy(fixture_bot.settings.classifier_path, settings.classifier_path)

    _grow(fixture_copy)
    killed = _ingest(settings)  # with its progress bar, which says when embedding has begun
    seen = bytearray()

    def pump() -> None:  # the progress bar arrives in pieces; read them as they come
        assert killed.stderr is not None
        while piece := os.read(killed.stderr.fileno(), 4096):
            seen.extend(piece)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + 120
    while b"Embedding" not in seen and killed.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert killed.poll() is None, "ingest finished before it could be killed: grow the corpus"
    time.sleep(1.0)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)

    store = Store(settings)
    assert store.require_live() == live  # the half-built index never went live
    answer = Bot(settings, embeddings=real_embeddings).answer("How many hours a day is welding?")
    assert answer.status == "answered" and [s.id for s in answer.sources] == ["welding"]

    run_ingest(settings, embeddings=real_embeddings, progress=False)  # the next ingest completes
    rebuilt = Store(settings).require_live()
    assert rebuilt != live and rebuilt.documents == live.documents + EXTRA_PROGRAMS
    # the killed build is gone; the index live before it stays one round for readers still using it
    assert sorted(Store(settings).build_names()) == sorted([rebuilt.collection, live.collection])
