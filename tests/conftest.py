"""Shared fixtures. Code tests use the small fixture corpus in tests/fixtures/knowledge/; tests of the real
knowledge base and of the whole bot use knowledge/ and the real packaged model, loaded once per session.
Every path is relative to this file, never to the working directory; every index lives in tmp_path."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding, Embeddings

from cte_bot.config import REPO_ROOT, Settings

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"

KNOWLEDGE = REPO_ROOT / "knowledge"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "knowledge"
EVAL = REPO_ROOT / "eval"
DATA = Path(__file__).resolve().parent / "data"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], deadline_s: float = 60.0) -> None:
    """Readiness poll, bounded: a server is ready when its port accepts a connection."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on port {port}")


@pytest.fixture
def fake_embeddings() -> Embeddings:
    return DeterministicFakeEmbedding(size=32)


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture corpus."""
    target = tmp_path / "knowledge"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture(scope="session")
def real_embeddings() -> Embeddings:
    from cte_bot.embeddings import PackagedEmbeddings

    return PackagedEmbeddings()


@pytest.fixture(scope="session")
def fixture_bot(tmp_path_factory: pytest.TempPathFactory, real_embeddings: Embeddings) -> object:
    """The whole bot on the fixture corpus, with the real model and classifiers trained on the fixture."""
    from cte_bot import classifier
    from cte_bot.chain import Bot
    from ingest import run_ingest

    root = tmp_path_factory.mktemp("fixture")
    knowledge = root / "knowledge"
    shutil.copytree(FIXTURE, knowledge)
    settings = Settings(knowledge_dir=knowledge, data_dir=root / "data")
    run_ingest(settings, embeddings=real_embeddings, progress=False)
    classifier.save(classifier.train(knowledge, real_embeddings), settings.classifier_path)
    return Bot(settings, embeddings=real_embeddings)


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory, real_embeddings: Embeddings) -> Settings:
    """A real Chroma index of the real knowledge base, built once with the real model."""
    from ingest import run_ingest

    settings = Settings(knowledge_dir=KNOWLEDGE, data_dir=tmp_path_factory.mktemp("index"))
    run_ingest(settings, embeddings=real_embeddings, progress=False)
    return settings


@pytest.fixture(scope="session")
def bot(built_settings: Settings, real_embeddings: Embeddings) -> Iterator[object]:
    from cte_bot.chain import Bot

    yield Bot(built_settings, embeddings=real_embeddings)


@pytest.fixture
def app(fixture_bot: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The Streamlit app (`app.py`) through AppTest on the fixture bot's index, streaming without pauses."""
    from streamlit.testing.v1 import AppTest

    from cte_bot.ui import chat

    for name in ("CTE_BOT_CHROMA_URL", "CTE_BOT_LLM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CTE_BOT_DATA_DIR", str(fixture_bot.settings.data_dir))
    monkeypatch.setenv("CTE_BOT_KNOWLEDGE_DIR", str(fixture_bot.settings.knowledge_dir))
    monkeypatch.setattr(chat, "STREAM_BUDGET_S", 0.0)  # the page runs in this process: stream without pauses
    return AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
