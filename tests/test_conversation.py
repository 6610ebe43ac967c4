import pytest

from cte_bot.conversation import Turn, mentioned_documents, standalone_question
from cte_bot.retrieval import Corpus

WELDING: list[Turn] = [
    {"role": "user", "content": "Tell me about Welding"},
    {"role": "assistant", "content": "Welding is one of the programs.", "sources": ["welding"]},
]


@pytest.mark.parametrize(
    ("question", "history", "expected"),
    [
        ("What about college credit?", WELDING, "Welding: What about college credit?"),
        ("Does it give certifications?", WELDING, "Welding: Does it give certifications?"),
        ("and the schedule?", WELDING, "Welding: and the schedule?"),
        ("What about Cosmetology?", WELDING, "What about Cosmetology?"),  # names its own topic
        ("How many hours a day are classes?", WELDING, "How many hours a day are classes?"),  # standalone
        ("What about college credit?", [], "What about college credit?"),  # nothing to refer to
        ("¿y da créditos universitarios?", WELDING, "Welding: ¿y da créditos universitarios?"),
        (
            "¿Es en el ROC?",
            [{"role": "user", "content": "¿Qué es Tecnología de Bomberos?"}],
            "Fire Technology: ¿Es en el ROC?",
        ),
    ],
)
def test_follow_ups_become_standalone(
    lexical_corpus: Corpus, question: str, history: list[Turn], expected: str
) -> None:
    assert standalone_question(question, history, lexical_corpus) == expected


def test_topic_comes_from_the_assistants_sources(lexical_corpus: Corpus) -> None:
    history: list[Turn] = [
        {"role": "user", "content": "I love animals"},
        {"role": "assistant", "content": "...", "sources": ["veterinary-technology"]},
    ]
    assert standalone_question("is it at ROC?", history, lexical_corpus).startswith("Veterinary Technology:")


def test_counselor_link_is_the_fallback_topic(lexical_corpus: Corpus) -> None:
    assert standalone_question("Does it give college credit?", [], lexical_corpus, focus="welding").startswith(
        "Welding:"
    )


def test_mentions_prefer_the_longest_name(lexical_corpus: Corpus) -> None:
    assert mentioned_documents("Is Nursing Assistant at CTEC?", lexical_corpus)[0] == "nursing-assistant"


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
    from cte_bot.chain import split_parts

    assert split_parts(question) == parts
