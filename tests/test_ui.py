"""The Streamlit chat through AppTest: ask, see the answer and its sources, follow-ups, shared links, Spanish,
and the error paths.

The page runs on the fixture corpus, indexed and classified by the session's `fixture_bot`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cte_bot.config import REPO_ROOT
from cte_bot.ui import chat
from cte_bot.ui.links import MAX_LINK_QUESTION

pytestmark = pytest.mark.integration
APP = str(REPO_ROOT / "app.py")


def _assistant_text(at: AppTest) -> str:
    return "\n".join(
        block.value for message in at.chat_message if message.name == "assistant" for block in message.markdown
    )


def _sources_expanders(at: AppTest) -> list[str]:
    return [e.label for e in at.expander if e.label.startswith(("Sources", "Fuentes"))]


def test_starters_then_ask_and_see_sources(app: AppTest) -> None:
    app.run()
    assert not app.exception and not app.error
    assert len(app.button) >= 4  # starter questions
    app.chat_input[0].set_value("Are there morning and afternoon classes?").run()
    assert not app.exception
    answer = _assistant_text(app)
    assert "7:30–10:30 am" in answer and "afternoon" in answer
    assert _sources_expanders(app) == ["Sources (1)"]
    shown = "\n".join(m.value for e in app.expander if e.label == "Sources (1)" for m in e.markdown)
    assert "**Sessions and Hours**" in shown  # its readable title
    assert "sessions-and-hours.md" in shown and "(https://example.org/principal)" in shown  # a web source is a link


def test_starter_button_asks_its_question(app: AppTest) -> None:
    app.run()
    next(b for b in app.button if b.label == "Are there morning and afternoon classes?").click().run()
    assert [m.name for m in app.chat_message] == ["user", "assistant"]
    assert "7:30–10:30 am" in _assistant_text(app)
    labels = [b.label for b in app.button]
    assert "Are there morning and afternoon classes?" not in labels  # the starters give way to the conversation
    assert "Which program fits me if I like working with my hands?" not in labels


def test_history_is_kept_and_follow_ups_use_it(app: AppTest) -> None:
    app.run()
    app.chat_input[0].set_value("Tell me about Welding").run()
    app.chat_input[0].set_value("How many hours a day is it?").run()
    assert [m.name for m in app.chat_message] == ["user", "assistant", "user", "assistant"]
    # the program's name links to its page; not the general "Students attend class..."
    assert "[Welding](?program=welding) meets 3 hours a day" in _assistant_text(app)
    assert "Students attend class 3 hours a day" not in _assistant_text(app)


def test_counselor_link_focuses_a_program(app: AppTest) -> None:
    app.query_params["program"] = "welding"
    app.run()
    assert any("Welding" in t.value for t in app.title)  # the program's own page...
    assert any("Welding" in b.label for b in app.button)  # ...with a chat whose starters name it
    app.chat_input[0].set_value("How many hours a day is it?").run()  # a follow-up with nothing before it
    assert "[Welding](?program=welding) meets 3 hours a day" in _assistant_text(app)


def test_an_unknown_program_link_is_ignored(app: AppTest) -> None:
    app.query_params["program"] = "hvac"
    app.run()
    assert not app.exception
    assert [i.value for i in app.info] == ['We couldn\'t find a program called "hvac". Here is the main page instead.']
    assert "Are there morning and afternoon classes?" in [b.label for b in app.button]  # the general starters


def test_crisis_message_is_shown_as_a_warning(app: AppTest) -> None:
    app.run()
    app.chat_input[0].set_value("I don't want to be alive anymore").run()
    assert any("988" in w.value for w in app.warning)
    assert not app.expander  # no sources and no share link under a crisis reply
    assert [b.label for b in app.button] == ["Start over"]  # and no follow-up questions


def test_the_answer_streams_in(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    streamed: list[str] = []
    stream_words = chat.stream_words

    def spy(content: str, budget_s: float | None = None) -> Iterator[str]:
        for piece in stream_words(content, 0.0):
            streamed.append(piece)
            yield piece

    monkeypatch.setattr(chat, "stream_words", spy)
    app.run()
    app.chat_input[0].set_value("Are there morning and afternoon classes?").run()
    assert len(streamed) > 5  # word by word, not the whole answer at once
    assert "".join(streamed) == app.chat_message[1].markdown[0].value  # the whole answer, once
    assert "7:30–10:30 am" in _assistant_text(app)


def test_stream_words_join_back_to_the_answer() -> None:
    answer = "Welding meets 3 hours a day.\n\n- In Room W-12.\n\nPlease confirm with your counselor."
    pieces = list(chat.stream_words(answer, 0.0))
    assert "".join(pieces) == answer and len(pieces) == len(answer.split())


def test_follow_up_buttons_come_from_the_program_and_ask_their_question(app: AppTest) -> None:
    app.run()
    app.chat_input[0].set_value("Tell me about Welding").run()
    labels = [b.label for b in app.button]
    # Welding's own example questions on the topics not yet answered (its schedule and certifications), then
    # a general FAQ question on a topic not offered yet; never its overview again.
    assert labels[:3] == [
        "How many hours a day is welding?",
        "Can I get certified in welding?",
        "What time does the morning session start?",
    ]
    assert "Start over" in labels
    next(b for b in app.button if b.label == "Can I get certified in welding?").click().run()
    assert [m.name for m in app.chat_message] == ["user", "assistant", "user", "assistant"]
    assert app.chat_message[2].text[0].value == "Can I get certified in welding?"
    assert "Welding's certifications are not named in our sources" in _assistant_text(app)
    assert "Can I get certified in welding?" not in [b.label for b in app.button]  # asked: not offered again


def test_share_link_asks_the_question_again(app: AppTest) -> None:
    app.run()
    app.chat_input[0].set_value("How many hours a day is welding?").run()
    assert [e.label for e in app.expander if not e.label.startswith("Sources")] == ["Share this question"]
    assert [c.value for c in app.code] == ["?q=How+many+hours+a+day+is+welding%3F"]


def test_start_over_clears_the_conversation(app: AppTest) -> None:
    app.run()
    app.chat_input[0].set_value("Tell me about Welding").run()
    assert app.chat_message
    next(b for b in app.button if b.label == "Start over").click().run()
    assert not app.chat_message
    assert "Are there morning and afternoon classes?" in [b.label for b in app.button]  # the starters are back
    app.chat_input[0].set_value("How many hours a day is it?").run()
    assert "meets 3 hours a day" not in _assistant_text(app)  # nothing of Welding is remembered


CRAFTED = (
    "Are there morning and afternoon classes? ![tracker](https://evil.example/x.png) "
    "[click here](https://evil.example/login) <b>bold</b> <img src=x onerror=alert(1)> **loud**"
)


def test_question_link_is_answered_once_and_shown_as_plain_text(app: AppTest) -> None:
    app.query_params["q"] = CRAFTED
    app.run()
    assert not app.exception
    assert [m.name for m in app.chat_message] == ["user", "assistant"]
    user = app.chat_message[0]
    assert [t.value for t in user.text] == [CRAFTED]  # the literal characters, as plain text
    assert not user.markdown  # nothing in the user's bubble goes through markdown or HTML
    assert "evil.example" not in "\n".join(m.value for m in app.markdown)  # no link or image rendered anywhere
    assert "7:30–10:30 am" in _assistant_text(app)  # answered through the same bot
    app.run()
    assert [m.name for m in app.chat_message] == ["user", "assistant"]  # a rerun does not ask it again


def test_question_link_is_cut_to_the_limit(app: AppTest) -> None:
    app.query_params["q"] = "How many hours a day is welding? " + "x" * 2000
    app.run()
    assert not app.exception
    shown = app.chat_message[0].text[0].value
    assert len(shown) == MAX_LINK_QUESTION and shown.startswith("How many hours a day is welding? xxx")


def test_spanish_link_shows_the_page_in_spanish(app: AppTest) -> None:
    app.query_params["lang"] = "es"
    app.run()
    assert not app.exception
    labels = [b.label for b in app.button]
    assert "¿Hay clases en la mañana y en la tarde?" in labels
    assert "Are there morning and afternoon classes?" not in labels
    assert app.chat_input[0].placeholder == "Pregunte sobre programas, horarios, créditos..."
    assert any("Las respuestas vienen solo" in c.value for c in app.caption)
    app.chat_input[0].set_value("¿Cuántas horas al día es soldadura?").run()
    assert "Soldadura se reúne 3 horas al día" in _assistant_text(app)  # answered in Spanish
    assert _sources_expanders(app) == ["Fuentes (1)"]
    assert "Empezar de nuevo" in [b.label for b in app.button]
    assert "¿Soldadura da certificaciones?" in [b.label for b in app.button]  # Spanish follow-ups from the data


def test_unknown_language_link_shows_a_friendly_message(app: AppTest) -> None:
    app.query_params["lang"] = "xx"
    app.run()
    assert not app.exception
    assert [i.value for i in app.info] == ["That language isn't available yet; showing English."]
    assert "Are there morning and afternoon classes?" in [b.label for b in app.button]


def _focused_page() -> None:
    """A program page's conversation alone, as the program view embeds it."""
    from cte_bot.ui import chat
    from cte_bot.ui.links import Link
    from cte_bot.ui.resources import load_bot

    chat.conversation(load_bot(), Link(view="program", program="welding"), focus="welding")


@pytest.mark.usefixtures("app")  # its environment: the fixture corpus's index
def test_a_program_pages_conversation_stays_on_its_program() -> None:
    page = AppTest.from_function(_focused_page, default_timeout=120).run()
    assert not page.exception and not page.info  # no banner: the program page names the program itself
    labels = {b.label for b in page.button}
    assert {"What do students do in Welding?", "What careers can Welding lead to?"} <= labels
    page.chat_input[0].set_value("How many hours a day is it?").run()  # "it" is the page's program
    assert "[Welding](?program=welding) meets 3 hours a day" in _assistant_text(page)
    assert "Can I get certified in welding?" in [b.label for b in page.button]
    assert page.session_state["chat:welding:messages"]
    assert "chat:-:messages" not in page.session_state  # the main chat's conversation is a separate one


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
