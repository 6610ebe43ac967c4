"""Follow-ups become standalone questions, names in a message are found, and multi-part questions split.

The pure functions run on the fixture corpus indexed with fake embeddings (they read names, not vectors); the
last tests ask the whole bot on the fixture corpus."""

from __future__ import annotations

import shutil

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from cte_bot.chain import Bot, split_parts
from cte_bot.config import Settings
from cte_bot.conversation import Turn, last_topic, standalone_question
from cte_bot.knowledge import load_glossary
from cte_bot.retrieval import Corpus
from cte_bot.store import Store
from cte_bot.understanding import mentioned_documents
from ingest import run_ingest
from tests.conftest import FIXTURE

WELDING: list[Turn] = [
    {"role": "user", "content": "Tell me about Welding"},
    {"role": "assistant", "content": "Welding is one of the programs.", "sources": ["welding"]},
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("conversation")
    knowledge = root / "knowledge"
    shutil.copytree(FIXTURE, knowledge)
    settings = Settings(knowledge_dir=knowledge, data_dir=root / "data")
    run_ingest(settings, embeddings=DeterministicFakeEmbedding(size=32), progress=False)
    store = Store(settings)
    chunks, vectors = store.chunks(store.require_live().collection)
    return Corpus(chunks, vectors)


@pytest.mark.parametrize(
    ("question", "history", "expected"),
    [
        ("What about college credit?", WELDING, "Welding: What about college credit?"),
        ("Does it give certifications?", WELDING, "Welding: Does it give certifications?"),
        ("and the schedule?", WELDING, "Welding: and the schedule?"),
        ("tell me more", WELDING, "Welding: tell me more"),
        ("What about Culinary Arts?", WELDING, "What about Culinary Arts?"),  # names its own topic
        ("What about the cooking class?", WELDING, "What about the cooking class?"),  # ...by an alias
        ("How many hours a day are classes?", WELDING, "How many hours a day are classes?"),  # standalone
        ("What about college credit?", [], "What about college credit?"),  # nothing to refer to
        (  # no program to refer to: a short follow-up is read with the question before it
            "ok and the afternoon one??",
            [{"role": "user", "content": "What time is the morning session at ROC?"}],
            "What time is the morning session at ROC; ok and the afternoon one??",
        ),
        (  # ...but a whole new question is not
            "How many hours a day are classes at CTEC?",
            [{"role": "user", "content": "What time is the morning session at ROC?"}],
            "How many hours a day are classes at CTEC?",
        ),
        ("¿y da créditos universitarios?", WELDING, "Welding: ¿y da créditos universitarios?"),
        (
            "¿Es en el ROC?",
            [{"role": "user", "content": "¿Qué es Tecnología Veterinaria?"}],  # the Spanish name of the program
            "Veterinary Technology: ¿Es en el ROC?",
        ),
        (
            "does it offer dual enrollment?",
            [{"role": "user", "content": "What does PCC do?"}],  # a partner, by its alias
            "Pasadena City College: does it offer dual enrollment?",
        ),
    ],
)
def test_follow_ups_become_standalone(corpus: Corpus, question: str, history: list[Turn], expected: str) -> None:
    assert standalone_question(question, history, corpus) == expected


# What the facet model would say of each question (a stand-in: these tests read names, not vectors).
FACETS = {
    "What are the ROC session times?": "session",
    "Is there a bus for that one too?": "transport",
    "ok and the afternoon one??": "session",
    "what about CTEC?": "session",
    "and the certifications?": "certification",
    "¿Cuál es la tasa de graduación del ROC?": "outcomes",
}


@pytest.mark.parametrize(
    ("question", "previous", "expected"),
    [
        # a new facet of the same place: the place carries over, the old question does not
        (
            "Is there a bus for that one too?",
            "What are the ROC session times?",
            "ROC: Is there a bus for that one too?",
        ),
        ("and the certifications?", "¿Cuál es la tasa de graduación del ROC?", "ROC: and the certifications?"),
        # the same facet again, or a new place: the question before is asked again of it
        (
            "ok and the afternoon one??",
            "What are the ROC session times?",
            "What are the ROC session times; ok and the afternoon one??",
        ),
        ("what about CTEC?", "What are the ROC session times?", "What are the ROC session times; what about CTEC?"),
    ],
)
def test_a_follow_up_keeps_the_place_it_was_asked_about(
    corpus: Corpus, question: str, previous: str, expected: str
) -> None:
    history: list[Turn] = [{"role": "user", "content": previous}, {"role": "assistant", "content": "..."}]
    glossary = load_glossary(FIXTURE)
    assert standalone_question(question, history, corpus, glossary=glossary, facet_of=FACETS.__getitem__) == expected


def test_the_latest_topic_wins(corpus: Corpus) -> None:
    history: list[Turn] = [
        *WELDING,
        {"role": "user", "content": "And Culinary Arts?"},
        {"role": "assistant", "content": "...", "sources": ["culinary-arts"]},
    ]
    assert last_topic(history, corpus) == "culinary-arts"
    assert standalone_question("is it at ROC?", history, corpus) == "Culinary Arts: is it at ROC?"


def test_topic_comes_from_the_assistants_sources(corpus: Corpus) -> None:
    history: list[Turn] = [
        {"role": "user", "content": "I love animals"},
        {"role": "assistant", "content": "...", "sources": ["veterinary-technology"]},
    ]
    assert standalone_question("is it at ROC?", history, corpus) == "Veterinary Technology: is it at ROC?"


def test_an_faq_source_is_not_a_topic(corpus: Corpus) -> None:
    history: list[Turn] = [
        {"role": "user", "content": "How many hours a day are classes?"},
        {"role": "assistant", "content": "...", "sources": ["sessions-and-hours"]},
    ]
    assert last_topic(history, corpus) is None
    # ...so the follow-up is read with the question before it instead
    expected = "How many hours a day are classes; is it the same at CTEC?"
    assert standalone_question("is it the same at CTEC?", history, corpus) == expected


def test_counselor_link_is_the_fallback_topic(corpus: Corpus) -> None:
    assert (
        standalone_question("Does it give college credit?", [], corpus, focus="welding")
        == "Welding: Does it give college credit?"
    )
    # the conversation's own topic comes first; an unknown focus is ignored
    history: list[Turn] = [{"role": "user", "content": "Tell me about Culinary Arts"}]
    assert standalone_question("Does it give college credit?", history, corpus, focus="welding").startswith(
        "Culinary Arts:"
    )
    assert standalone_question("Does it give college credit?", [], corpus, focus="hvac") == (
        "Does it give college credit?"
    )


@pytest.mark.parametrize(
    ("text", "documents"),
    [
        ("Is Welding or Veterinary Technology better?", ["veterinary-technology", "welding"]),  # longest first
        ("i wanna be a welder", ["welding"]),  # an alias
        ("¿Qué hace PCC?", ["city-college"]),  # a partner's alias
        ("What are the Sessions and Hours?", []),  # FAQ titles are not programs or partners
        ("Is there a bus?", []),
    ],
)
def test_mentioned_documents(corpus: Corpus, text: str, documents: list[str]) -> None:
    assert mentioned_documents(text, corpus) == documents


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "What time does the morning session start and is there a bus?",
            ["What time does the morning session start", "is there a bus?"],
        ),
        (
            "Which center has Veterinary Technology, and who teaches it?",
            ["Which center has Veterinary Technology", "who teaches it?"],
        ),
        ("How do I apply? When is the deadline?", ["How do I apply", "When is the deadline?"]),
        ("Are there morning and afternoon classes?", ["Are there morning and afternoon classes?"]),
        ("I like cooking and baking", ["I like cooking and baking"]),
        ("¿Cuántas horas son y hay autobús?", ["¿Cuántas horas son", "hay autobús?"]),
    ],
)
def test_multi_part_questions_split(question: str, parts: list[str]) -> None:
    assert split_parts(question) == parts


# -- the whole bot on the fixture corpus -------------------------------------------------------------------
@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "history", "focus"),
    [
        ("How many hours a day is it?", WELDING, None),
        ("How many hours a day is it?", [], "welding"),
    ],
)
def test_follow_up_is_answered_about_the_topic(
    fixture_bot: Bot, question: str, history: list[Turn], focus: str | None
) -> None:
    result = fixture_bot.answer(question, history, focus=focus)
    assert result.standalone == f"Welding: {question}"
    assert result.status == "answered" and "Welding meets 3 hours a day" in result.text
    assert [s.id for s in result.sources] == ["welding"]


@pytest.mark.integration
def test_without_a_topic_the_same_words_get_the_general_answer(fixture_bot: Bot) -> None:
    result = fixture_bot.answer("How many hours a day is it?")
    assert result.standalone == "How many hours a day is it?"
    assert result.status == "answered" and [s.id for s in result.sources] == ["sessions-and-hours"]


@pytest.mark.integration
def test_multi_part_question_is_answered_part_by_part(fixture_bot: Bot) -> None:
    result = fixture_bot.answer("What time does the morning session start and is there a bus?")
    assert result.standalone == "What time does the morning session start | is there a bus?"
    assert result.status == "answered"
    assert "7:30" in result.text and "bus" in result.text.lower()
    assert [s.id for s in result.sources] == ["sessions-and-hours", "transportation"]
