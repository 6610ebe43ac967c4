import pytest

from cte_bot.matching import is_fit_question, match_programs
from cte_bot.retrieval import Corpus


@pytest.mark.parametrize(
    ("question", "program"),
    [
        ("I love cooking and baking", "culinary-arts"),
        ("I want to work with animals", "veterinary-technology"),
        ("I like drawing and making characters move", "3d-animation"),
        ("I'm always fixing cars with my dad", "automotive-technology"),
        ("I want to become a nurse someday", "nursing-assistant"),
        ("something for future firefighters", "fire-technology"),
        ("I want to be a cop", "law-enforcement"),
        ("I like doing hair and makeup", "cosmetology"),
        ("I play video games all day", "video-game-design"),
        ("I like flying drones", "drone-operator"),
        ("a mi hija le gusta cocinar", "culinary-arts"),
        ("me gustan los animales", "veterinary-technology"),
    ],
)
def test_interests_match_the_expected_program_first(lexical_corpus: Corpus, question: str, program: str) -> None:
    matches = match_programs(question, lexical_corpus)
    assert matches, question
    assert matches[0].doc_id == program, [m.doc_id for m in matches]


@pytest.mark.parametrize(
    ("question", "fit"),
    [
        ("I love cooking and baking. What program fits me?", True),
        ("Is there something for future firefighters?", True),
        ("I want to become a nurse someday", True),
        ("A mi hija le gusta cocinar, ¿qué programa le recomiendan?", True),
        ("How many hours a day are classes?", False),
        ("Do students get internships?", False),
    ],
)
def test_fit_questions_are_recognized(question: str, fit: bool) -> None:
    assert is_fit_question(question) is fit


def test_no_interest_words_no_match(lexical_corpus: Corpus) -> None:
    assert match_programs("the and of", lexical_corpus) == []
