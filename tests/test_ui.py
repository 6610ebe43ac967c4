"""The Streamlit chat through AppTest: ask, see the answer and its sources, and the error paths.

The page runs on the fixture corpus, indexed and classified by the session's `fixture_bot`."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cte_bot.chain import Bot
from cte_bot.config import REPO_ROOT

pytestmark = pytest.mark.integration
APP = str(REPO_ROOT / "app.py")


@pytest.fixture
def app(fixture_bot: Bot, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    for name in ("CTE_BOT_CHROMA_URL", "CTE_BOT_LLM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CTE_BOT_DATA_DIR", str(fixture_bot.settings.data_dir))
    monkeypatch.setenv("CTE_BOT_KNOWLEDGE_DIR", str(fixture_bot.settings.knowledge_dir))
    return AppTest.from_file(APP, default_timeout=120)


def _assistant_text(at: AppTest) -> str:
    return "\n".join(
        block.value for message in at.chat_message if message.name == "assistant" for block in message.markdown
    )


def test_starters_then_ask_and_see_sources(app: AppTest) -> None:
    app.run()
    assert not app.exception and not app.error
    assert len(app.button) >= 4  # starter questions
    app.chat_input[0].set_value("Are there morning and afternoon classes?").run()
    assert not app.exception
    answer = _assistant_text(app)
    assert "7:30–10:30 am" in answer and "afternoon" in answer
    assert [e.label for e in app.expander] == ["Sources (1)"]
    shown = "\n".join(m.value for e in app.expander for m in e.markdown)
    assert "sessions-and-hours.md" in shown and "(https://example.org/principal)" in shown  # a web source is a link


def test_starter_button_asks_its_question(app: AppTest) -> None:
    app.run()
    next(b for b in app.button if b.label == "Are there morning and afternoon classes?").click().run()
    assert [m.name for m in app.chat_message] == ["user", "assistant"]
    assert "7:30–10:30 am" in _assistant_text(app)
    assert not app.button  # the starters give way to the conversation


def test_history_is_kept_and_follow_ups_use_it(app: AppTest) -> None:
    app.run()
    app.chat_input[0].set_value("Tell me about Welding").run()
    app.chat_input[0].set_value("How many hours a day is it?").run()
    assert [m.name for m in app.chat_message] == ["user", "assistant", "user", "assistant"]
    assert "Welding meets 3 hours a day" in _assistant_text(app)  # not the general "Students attend class..."
    assert "Students attend class 3 hours a day" not in _assistant_text(app)


def test_counselor_link_focuses_a_program(app: AppTest) -> None:
    app.query_params["program"] = "welding"
    app.run()
    assert any("Welding" in i.value for i in app.info)
    assert any("Welding" in b.label for b in app.button)
    app.chat_input[0].set_value("How many hours a day is it?").run()  # a follow-up with nothing before it
    assert "Welding meets 3 hours a day" in _assistant_text(app)


def test_an_unknown_program_link_is_ignored(app: AppTest) -> None:
    app.query_params["program"] = "hvac"
    app.run()
    assert not app.exception and not app.info
    assert "Are there morning and afternoon classes?" in [b.label for b in app.button]  # the general starters


def test_crisis_message_is_shown_as_a_warning(app: AppTest) -> None:
    app.run()
    app.chat_input[0].set_value("I don't want to be alive anymore").run()
    assert any("988" in w.value for w in app.warning)
    assert not app.expander  # no sources under a crisis reply


def test_missing_index_shows_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTE_BOT_DATA_DIR", str(tmp_path / "empty"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.error and "cte-bot ingest" in at.error[0].value


def test_unreachable_chroma_shows_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTE_BOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CTE_BOT_CHROMA_URL", "http://127.0.0.1:9")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.error and "unreachable" in at.error[0].value
