"""Server mode against a real `chroma run` on loopback: ingest, answer, and a clear error when it stops."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from cte_bot.chain import Bot
from cte_bot.config import Settings
from cte_bot.errors import StoreUnavailableError
from ingest import run_ingest
from tests.conftest import free_port, wait_for_port

pytestmark = [pytest.mark.integration, pytest.mark.server]


def _start_chroma(path: Path, port: int) -> subprocess.Popen[bytes]:
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    assert chroma, "the chroma CLI ships with chromadb"
    process = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, process)
    return process


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    process = _start_chroma(tmp_path / "server", port)
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_server_mode_end_to_end(
    chroma_server: tuple[str, subprocess.Popen[bytes]], tmp_path: Path, fixture_bot: Bot, real_embeddings: Embeddings
) -> None:
    """The fixture corpus (with the classifier fixture_bot trained beside it) indexed into the server."""
    url, process = chroma_server
    knowledge = fixture_bot.settings.knowledge_dir
    settings = Settings(knowledge_dir=knowledge, data_dir=tmp_path / "data", chroma_url=url)
    assert run_ingest(settings, embeddings=real_embeddings, progress=False).changed
    assert not run_ingest(settings, embeddings=real_embeddings, progress=False).changed
    assert not (tmp_path / "data" / "chroma").exists()  # nothing was written to the embedded store

    bot = Bot(settings, embeddings=real_embeddings)
    result = bot.answer("Are there morning and afternoon classes?")
    assert result.status == "answered" and "7:30–10:30 am" in result.text
    assert [s.id for s in result.sources] == ["sessions-and-hours"]

    process.terminate()
    process.wait(timeout=30)
    with pytest.raises(StoreUnavailableError, match="unreachable"):
        bot.answer("Which colleges give credit?")

    # Back on the same port and data: the same running bot answers again, with no restart of the app.
    restarted = _start_chroma(tmp_path / "server", int(url.rsplit(":", 1)[1]))
    try:
        again = bot.answer("Are there morning and afternoon classes?")
        assert again.status == "answered" and [s.id for s in again.sources] == ["sessions-and-hours"]
    finally:
        restarted.terminate()
        restarted.wait(timeout=30)


def test_unreachable_server_is_reported_at_start(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreUnavailableError, match="CTE_BOT_CHROMA_URL"):
        Bot(settings)
