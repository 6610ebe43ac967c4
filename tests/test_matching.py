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
        ("is there a class where u work w/ dogs n cats fr", "veterinary-technology"),
        ("which program u learn bout money n taxes", "banking-finance"),
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
        ("what classes r at roc for ppl who like art", True),
        ("How many hours a day are classes?", False),
        ("Do students get internships?", False),
    ],
)
def test_fit_questions_are_recognized(question: str, fit: bool) -> None:
    assert is_fit_question(question) is fit


@pytest.mark.parametrize(
    "question",
    ["the and of", "Who can I talk to if I can't decide which program to pick?", "Do you have a class at ROC?"],
)
def test_weak_or_generic_words_match_nothing(lexical_corpus: Corpus, question: str) -> None:
    assert match_programs(question, lexical_corpus) == []


@pytest.mark.parametrize(
    ("question", "letter"),
    [("My quiz says I'm Enterprising", "E"), ("soy artística", "A"), ("My Holland code is Social", "S")],
)
def test_riasec_quiz_results_match_programs_by_their_codes(lexical_corpus: Corpus, question: str, letter: str) -> None:
    matches = match_programs(question, lexical_corpus)
    assert matches
    profile = lexical_corpus.documents()[matches[0].doc_id]
    assert str(profile.metadata["riasec"]).startswith(letter)


@pytest.mark.parametrize(
    ("words", "same"),
    [
        (("certified", "certification", "certifications"), True),
        (("trained", "training", "train"), True),
        (("freshmen", "freshman"), True),
        (("colleges", "college"), True),
        (("need", "ne"), False),
    ],
)
def test_stemming_meets_word_forms(words: tuple[str, ...], same: bool) -> None:
    from cte_bot.lexicon import stem

    assert (len({stem(w) for w in words}) == 1) is same
