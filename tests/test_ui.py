"""The Streamlit chat through AppTest: ask, see the answer and its sources, and the error paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cte_bot.config import REPO_ROOT, Settings

pytestmark = pytest.mark.integration
APP = str(REPO_ROOT / "app.py")


@pytest.fixture
def app(built_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("CTE_BOT_DATA_DIR", str(built_settings.data_dir))
    monkeypatch.setenv("CTE_BOT_KNOWLEDGE_DIR", str(built_settings.knowledge_dir))
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
    assert "morning" in answer and "afternoon" in answer
    assert any(e.label.startswith("Sources") for e in app.expander)
    assert "sessions-and-hours.md" in "\n".join(m.value for e in app.expander for m in e.markdown)


def test_starter_button_asks_its_question(app: AppTest) -> None:
    app.run()
    next(b for b in app.button if b.label == "Are there morning and afternoon classes?").click().run()
    assert [m.name for m in app.chat_message] == ["user", "assistant"]
    assert "morning" in _assistant_text(app)
    assert not app.button  # the starters give way to the conversation


def test_history_is_kept_and_follow_ups_use_it(app: AppTest) -> None:
    app.run()
    app.chat_input[0].set_value("Tell me about Nursing Assistant").run()
    app.chat_input[0].set_value("What certifications does it give?").run()
    assert [m.name for m in app.chat_message] == ["user", "assistant", "user", "assistant"]
    assert "CPR" in _assistant_text(app)


def test_counselor_link_focuses_a_program(app: AppTest) -> None:
    app.query_params["program"] = "welding"
    app.run()
    assert any("Welding" in i.value for i in app.info)
    assert any("Welding" in b.label for b in app.button)


def test_crisis_message_is_shown_as_a_warning(app: AppTest) -> None:
    app.run()
    app.chat_input[0].set_value("I don't want to be alive anymore").run()
    assert any("988" in w.value for w in app.warning)


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
