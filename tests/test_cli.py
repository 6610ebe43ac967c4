"""The console contract, through the real entry point in a subprocess (models load once per process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cte_bot.config import Settings

pytestmark = pytest.mark.integration


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


def test_ask_json_single_question(built_settings: Settings) -> None:
    done = _run(["ask", "--json", "How many hours a day are students at the career center?"], built_settings)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    out = json.loads(lines[0])
    assert {"question", "answer", "status", "sources", "latency_ms"} <= out.keys()
    assert out["status"] == "answered" and "3 hours" in out["answer"]
    assert all({"id", "title", "source"} <= s.keys() for s in out["sources"]) and out["sources"]


def test_ask_json_lines_one_output_per_input_in_order(built_settings: Settings) -> None:
    questions = [
        "Are there morning and afternoon classes?",
        "",
        "   ",
        "What programs are there? " * 200,
        "I love cooking",
        "¿Cuántas horas al día van los estudiantes al centro?",
        "What's the capital of France?",
    ]
    done = _run(["ask", "--json"], built_settings, stdin="\n".join(questions) + "\n")
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
    ]
    assert "Culinary" in outputs[4]["answer"] and "horas" in outputs[5]["answer"]


def test_ask_plain_text_lists_sources(built_settings: Settings) -> None:
    done = _run(["ask", "Do students get internships?"], built_settings)
    assert done.returncode == 0
    assert "internship" in done.stdout.lower() and "Sources:" in done.stdout


def test_eval_prints_failures_and_a_closing_line(built_settings: Settings, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        json.dumps(
            {"id": "ok", "question": "Do you have a drone class?", "expect_status": "answered", "expect_any": ["Drone"]}
        )
        + "\n"
        + json.dumps({"id": "bad", "question": "Do you have a drone class?", "expect_status": "off_topic"})
        + "\n"
    )
    done = _run(["eval", str(questions)], built_settings)
    assert "FAIL bad" in done.stdout
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


def test_ingest_reports_bad_files_and_exits_nonzero(tmp_path: Path, knowledge_copy: Path) -> None:
    bad = knowledge_copy / "faq" / "cost.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("sources:", "sauces:", 1))
    done = _run(["ingest", "--quiet"], Settings(data_dir=tmp_path / "d", knowledge_dir=knowledge_copy))
    assert done.returncode == 3
    assert "cost.md" in done.stderr and "sources" in done.stderr and "Traceback" not in done.stderr


def test_python_m_ingest_builds_and_is_idempotent(tmp_path: Path, knowledge_copy: Path) -> None:
    settings = Settings(data_dir=tmp_path / "d", knowledge_dir=knowledge_copy)
    env = {
        "CTE_BOT_DATA_DIR": str(settings.data_dir),
        "CTE_BOT_KNOWLEDGE_DIR": str(knowledge_copy),
        "HF_HUB_OFFLINE": "1",
        "PATH": os.environ.get("PATH", ""),
    }
    first = subprocess.run([sys.executable, "-m", "ingest", "--quiet"], capture_output=True, text=True, env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Indexed ") and "documents" in first.stdout and "chunks" in first.stdout
    second = subprocess.run([sys.executable, "-m", "ingest", "--quiet"], capture_output=True, text=True, env=env)
    assert "up to date" in second.stdout
