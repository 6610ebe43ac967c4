"""The grounding gate: every figure, date and proper name an answer states must be in the text it came from."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from cte_bot.chain import Bot
from cte_bot.grounding import figures, is_grounded, proper_names, ungrounded
from cte_bot.llm import Rephraser

CONTEXT = (
    "Sessions and Hours — Schedule\nROC's morning session runs 7:30–10:30 am. 96% of ROC/CTEC seniors graduate. "
    "Over 7,900 college credits were earned last year. Partnerships with Bakersfield College and CSU Bakersfield. "
    "Applications open in early November."
)


@pytest.mark.parametrize(
    "answer",
    [
        "ROC's morning session runs 7:30–10:30 am.",
        "96% of ROC/CTEC seniors graduate. Over 7,900 college credits were earned last year.",
        "Students can earn credit with **Bakersfield College**. Call or text 988 any time.",
        "Applications open in early November.",
    ],
)
def test_supported_answers_pass(answer: str) -> None:
    assert is_grounded(answer, CONTEXT), ungrounded(answer, CONTEXT)


@pytest.mark.parametrize(
    ("answer", "invented"),
    [
        ("ROC's morning session runs 7:00–10:30 am.", "7:00"),  # a changed time
        ("97% of ROC/CTEC seniors graduate.", "97%"),  # a changed percentage
        ("Over 8,000 college credits were earned last year.", "8000"),  # a changed figure
        ("Tuition is $450 per semester.", "450"),  # an invented price
        ("The welding teacher is Maria Gonzalez.", "Maria Gonzalez"),  # an invented person
        ("Students can transfer to Fresno State University.", "Fresno State University"),  # an invented partner
        ("Applications close in February.", "february"),  # an invented month
    ],
)
def test_adversarial_answers_are_caught(answer: str, invented: str) -> None:
    problems = ungrounded(answer, CONTEXT)
    assert invented in problems, problems


def test_figures_and_names_are_read_as_the_check_needs() -> None:
    assert figures("$750 million, 5,074 students, 7:30 am, 96% of seniors, in 2024.") == {
        "750",
        "5074",
        "7:30",
        "96%",
        "2024",
    }
    assert proper_names("The **Fresno State University** campus. Yes Maria Gonzalez said so.") == {
        "Fresno State University",
        "Maria Gonzalez",
    }


# -- the gate in the chain, on the fixture corpus with the real model ----------------------------------------
@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "How many hours a day are classes?",
        "What time does the morning session start?",
        "I love animals",
        "Tell me about Welding",
        "What does PCC do?",
        "¿Cuántas horas al día son las clases?",
        "What time does the morning session start and is there a bus?",
    ],
)
def test_every_composed_answer_is_grounded_in_its_own_context(fixture_bot: Bot, question: str) -> None:
    """The whole rendered answer (lead, facts and note) must pass the check against the text it came from."""
    result = fixture_bot.answer(question)
    assert result.status == "answered" and result.sources
    assert result.answer.context
    assert is_grounded(result.text, result.answer.context), ungrounded(result.text, result.answer.context)


def _with_rephraser(fixture_bot: Bot, reply: str) -> Bot:
    return Bot(
        fixture_bot.settings,
        store=fixture_bot.store,
        embeddings=fixture_bot.search.embeddings,
        classifiers=fixture_bot.classifiers,
        rephraser=Rephraser(FakeListChatModel(responses=[reply]), 5.0),
    )


@pytest.mark.integration
def test_an_ungrounded_rewording_never_reaches_the_user(fixture_bot: Bot) -> None:
    question = "How many hours a day are classes?"
    plain = fixture_bot.answer(question)
    invented = _with_rephraser(fixture_bot, "Students attend class 4 hours a day at Fresno State University.")
    result = invented.answer(question)
    assert result.text == plain.text and result.sources == plain.sources
    assert "Fresno" not in result.text and "4 hours" not in result.text


@pytest.mark.integration
def test_a_grounded_rewording_is_shown_with_the_same_sources(fixture_bot: Bot) -> None:
    question = "How many hours a day are classes?"
    plain = fixture_bot.answer(question)
    reply = "Good question! Students attend class 3 hours a day, in a morning or an afternoon session."
    result = _with_rephraser(fixture_bot, reply).answer(question)
    assert result.status == "answered" and result.text == reply
    assert result.sources == plain.sources
