"""The console contract. The real entry point runs in a subprocess where the process itself matters (stdout and
stderr as a script sees them, exit codes, `python -m`, signals); the rest calls `cli.main` in-process, which
parses the same arguments and prints the same output without paying a model load per check.

Commands that answer run on the fixture corpus, indexed and classified by the session's `fixture_bot`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cte_bot import cli
from cte_bot.chain import Bot
from cte_bot.config import Settings

pytestmark = pytest.mark.integration


Done = subprocess.CompletedProcess[str]


def _run(
    args: list[str], settings: Settings | None = None, stdin: str | None = None, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CTE_BOT_")}
    env["HF_HUB_OFFLINE"] = "1"
    if settings is not None:
        env["CTE_BOT_DATA_DIR"] = str(settings.data_dir)
        env["CTE_BOT_KNOWLEDGE_DIR"] = str(settings.knowledge_dir)
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "cte_bot.cli", *args], input=stdin, capture_output=True, text=True, env=env, timeout=300
    )


@pytest.fixture
def main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`cli.main(args)` in this process, with the environment a subprocess would get; returns its output."""

    def run(
        args: list[str], settings: Settings | None = None, extra_env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        for name in [k for k in os.environ if k.startswith("CTE_BOT_")]:
            monkeypatch.delenv(name)
        if settings is not None:
            monkeypatch.setenv("CTE_BOT_DATA_DIR", str(settings.data_dir))
            monkeypatch.setenv("CTE_BOT_KNOWLEDGE_DIR", str(settings.knowledge_dir))
        for name, value in (extra_env or {}).items():
            monkeypatch.setenv(name, value)
        capsys.readouterr()
        code = cli.main(args)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    return run


@pytest.fixture
def indexed(fixture_bot: Bot) -> Settings:
    """The fixture corpus with a live index and a trained classifier.npz beside it."""
    assert fixture_bot.settings.classifier_path.is_file()
    return fixture_bot.settings


def test_ask_json_single_question(indexed: Settings) -> None:
    done = _run(["ask", "--json", "How many hours a day are classes?"], indexed)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    out = json.loads(lines[0])
    assert {"question", "answer", "status", "sources", "latency_ms", "lead", "facts", "programs", "note"} <= out.keys()
    assert out["question"] == "How many hours a day are classes?" and out["language"] == "en"
    assert out["status"] == "answered" and "3 hours a day" in out["answer"] and "3 hours a day" in out["lead"]
    assert out["answer"].startswith(out["lead"]) and out["note"] in out["answer"]
    assert [s["id"] for s in out["sources"]] == ["sessions-and-hours"]
    assert all({"id", "title", "source", "kind", "path", "source_label"} <= s.keys() for s in out["sources"])
    assert out["sources"][0]["path"] == "knowledge/faq/sessions-and-hours.md"
    assert done.stderr == "", done.stderr  # nothing but the answer: no progress bars, no library chatter


def test_ask_program_flag_focuses_follow_ups(indexed: Settings, main: Callable[..., Done]) -> None:
    done = main(["ask", "--json", "--program", "welding", "How many hours a day is it?"], indexed)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["standalone_question"] == "Welding: How many hours a day is it?"
    assert "Welding meets 3 hours a day" in out["answer"] and [s["id"] for s in out["sources"]] == ["welding"]


def test_ask_json_lines_one_output_per_input_in_order(indexed: Settings) -> None:
    questions = [
        "Are there morning and afternoon classes?",
        "",
        "   ",
        "What programs are there? " * 200,
        "I love cooking",
        "¿Cuántas horas al día van los estudiantes al centro?",
        "What's the capital of France?",
        "I want to end my life",
    ]
    done = _run(["ask", "--json"], indexed, stdin="\n".join(questions) + "\n")
    assert done.returncode == 0, done.stderr
    outputs = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["question"] for o in outputs] == questions
    assert [o["status"] for o in outputs] == [
        "answered",
        "refused",
        "refused",
        "refused",
        "answered",
        "answered",
        "off_topic",
        "crisis",
    ]
    assert "Culinary" in outputs[4]["answer"] and "horas" in outputs[5]["answer"]
    assert outputs[4]["programs"][0] == {"id": "culinary-arts", "title": "Culinary Arts", "center": "ROC"}
    assert outputs[5]["language"] == "es" and "988" in outputs[7]["answer"]
    assert all(o["sources"] for o in outputs if o["status"] == "answered")
    assert not any(o["sources"] for o in outputs if o["status"] != "answered")


def test_ask_plain_text_lists_sources(indexed: Settings, main: Callable[..., Done]) -> None:
    done = main(["ask", "How many hours a day is welding?"], indexed)
    assert done.returncode == 0, done.stderr
    answer, _, sources = done.stdout.partition("\nSources:\n")
    assert "Welding meets 3 hours a day" in answer
    # each source: its title, the knowledge file, and a readable name for a seed file
    assert "  - Welding (knowledge/programs/welding.md; The district newsletter)" in sources.splitlines()


def test_eval_prints_failures_and_a_closing_line(indexed: Settings, tmp_path: Path, main: Callable[..., Done]) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        json.dumps(
            {"id": "ok", "question": "Tell me about welding", "expect_status": "answered", "expect_any": ["Welding"]}
        )
        + "\n"
        + json.dumps({"id": "bad", "question": "Tell me about welding", "expect_status": "off_topic"})
        + "\n"
    )
    done = main(["eval", str(questions)], indexed)
    assert "FAIL bad" in done.stdout and "FAIL ok" not in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "1 passed, 1 failed"
    assert done.returncode == 1


def test_missing_index_names_the_command_that_builds_it(tmp_path: Path) -> None:
    done = _run(["ask", "hello"], Settings(data_dir=tmp_path / "empty"))
    assert done.returncode == 4
    assert "cte-bot ingest" in done.stderr and "Traceback" not in done.stderr


def test_chroma_server_down_is_a_clear_error(tmp_path: Path) -> None:
    done = _run(["ask", "hello"], Settings(data_dir=tmp_path), extra_env={"CTE_BOT_CHROMA_URL": "http://127.0.0.1:9"})
    assert done.returncode == 5
    assert "unreachable" in done.stderr and "Traceback" not in done.stderr


def test_ingest_reports_bad_files_and_exits_nonzero(tmp_path: Path, fixture_copy: Path) -> None:
    bad = fixture_copy / "faq" / "transportation.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("sources:", "sauces:", 1), encoding="utf-8")
    done = _run(["ingest", "--quiet"], Settings(data_dir=tmp_path / "d", knowledge_dir=fixture_copy))
    assert done.returncode == 3
    assert "transportation.md" in done.stderr and "sources" in done.stderr and "Traceback" not in done.stderr


def test_python_m_ingest_builds_and_is_idempotent(tmp_path: Path, fixture_copy: Path) -> None:
    settings = Settings(data_dir=tmp_path / "d", knowledge_dir=fixture_copy)
    env = {
        "CTE_BOT_DATA_DIR": str(settings.data_dir),
        "CTE_BOT_KNOWLEDGE_DIR": str(fixture_copy),
        "HF_HUB_OFFLINE": "1",
        "PATH": os.environ.get("PATH", ""),
    }
    run = {"capture_output": True, "text": True, "env": env, "cwd": tmp_path}  # any working directory
    first = subprocess.run([sys.executable, "-m", "ingest", "--quiet"], **run)  # type: ignore[call-overload]
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Indexed ") and "documents" in first.stdout and "chunks" in first.stdout
    second = subprocess.run([sys.executable, "-m", "ingest", "--quiet"], **run)  # type: ignore[call-overload]
    assert "up to date" in second.stdout


@pytest.mark.slow
def test_train_makes_a_fresh_corpus_answerable(tmp_path: Path, fixture_copy: Path, main: Callable[..., Done]) -> None:
    settings = Settings(data_dir=tmp_path / "d", knowledge_dir=fixture_copy)
    assert not settings.classifier_path.exists()
    ingested = main(["ingest", "--quiet"], settings)
    assert ingested.returncode == 0, ingested.stderr
    assert "cte-bot train" in ingested.stdout  # the index is built; the classifier is still missing

    untrained = main(["ask", "How many hours a day are classes?"], settings)
    assert untrained.returncode == 3
    assert "cte-bot train" in untrained.stderr and "Traceback" not in untrained.stderr

    trained = main(["train"], settings)
    assert trained.returncode == 0, trained.stderr
    assert settings.classifier_path.is_file() and str(settings.classifier_path) in trained.stdout

    again = main(["ingest", "--quiet"], settings)
    assert "up to date" in again.stdout and "cte-bot train" not in again.stdout
    done = main(["ask", "--json", "How many hours a day are classes?"], settings)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["status"] == "answered" and "3 hours a day" in out["answer"]


def test_a_stale_classifier_is_noted_at_ingest(tmp_path: Path, fixture_bot: Bot, main: Callable[..., Done]) -> None:
    """classifier.npz trained on other examples than the folder has now: ingest says to retrain."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(fixture_bot.settings.knowledge_dir, knowledge)
    with (knowledge / "messages" / "smalltalk.txt").open("a", encoding="utf-8") as file:
        file.write("good morning!\n")
    done = main(["ingest", "--quiet"], Settings(data_dir=tmp_path / "d", knowledge_dir=knowledge))
    assert done.returncode == 0, done.stderr
    assert "classifier.npz" in done.stdout and "cte-bot train" in done.stdout


@pytest.mark.server
def test_stopping_serve_stops_the_server(tmp_path: Path) -> None:
    """`cte-bot serve` becomes Streamlit: SIGTERM to the process a supervisor started stops the server."""
    import signal
    import socket

    from tests.conftest import free_port, wait_for_port

    port = free_port()
    env = {**os.environ, "CTE_BOT_DATA_DIR": str(tmp_path / "d"), "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "cte_bot.cli", "serve", "--port", str(port), "--address", "127.0.0.1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)  # type: ignore[arg-type]
        process.send_signal(signal.SIGTERM)  # to the pid only, not its process group
        assert process.wait(timeout=30) is not None
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0, "Streamlit outlived `cte-bot serve`"
    finally:
        if process.poll() is None:
            process.kill()
