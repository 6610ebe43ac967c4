"""Reading a message: its clauses, each read alone by the message model as well as the whole."""

from __future__ import annotations

from cte_bot.lexicon import words
from cte_bot.retrieval import Corpus
from cte_bot.store import StoredChunk
from cte_bot.understanding import clauses_of, mentioned_documents


def test_a_longer_message_is_read_clause_by_clause() -> None:
    assert clauses_of("My son left a goodbye letter. He's in welding at ROC, what do I do now?") == [
        "My son left a goodbye letter.",
        "He's in welding at ROC",
    ]  # "what do I do now?" has no two content words: it says nothing alone
    assert clauses_of("i only eat 300 calories a day, will that help me pass the fitness test") == [
        "i only eat 300 calories a day",
        "will that help me pass the fitness test",
    ]
    assert clauses_of("what time does the morning session start") == []  # one clause: the message itself


def test_a_possessive_is_read_as_its_name() -> None:
    # "ROC's", "Pasadena’s" name the center and the district; other apostrophes stay as typed
    assert words("ROC's address") == ["roc", "address"]
    assert words("Pasadena’s CTE pilot") == ["pasadena", "cte", "pilot"]
    assert words("don't") == ["don't"]


def _one_section(text: str) -> Corpus:
    """A corpus of one section: its words are the vocabulary."""
    return Corpus([StoredChunk("c", text, {"role": "section", "doc_id": "c"})], [[1.0, 0.0]])


def test_a_typo_is_fixed_but_a_short_everyday_word_is_not_stretched() -> None:
    """A short word is one letter off at most: "beat" (how to beat a game) is no "beauty", which would name
    Cosmetology and keep an off-topic message in scope; "cosmotology" is still Cosmetology."""
    corpus = _one_section("Cosmetology is beauty training; check the weather.")
    assert corpus.spell("how do i beat the water temple") == "how do i beat the water temple"
    assert corpus.spell("cosmotology hours") == "cosmetology hours"
    assert corpus.spell("beuty school") == "beauty school"


def test_a_name_is_heard_in_the_singular_or_the_plural() -> None:
    """"a video game class" names the program whose alias is "video games"; "welders" names "welder"."""
    profile = {"role": "profile", "doc_id": "vgd", "kind": "program", "title": "Video Game Design"}
    welding = {"role": "profile", "doc_id": "w", "kind": "program", "title": "Welding", "aliases": "welder"}
    corpus = Corpus(
        [
            StoredChunk("vgd", "Video Game Design", {**profile, "aliases": "video games | game design"}),
            StoredChunk("w", "Welding", welding),
        ],
        [[1.0, 0.0], [0.0, 1.0]],
    )
    assert mentioned_documents("is there a video game class", corpus) == ["vgd"]
    assert mentioned_documents("do welders need math", corpus) == ["w"]
    assert mentioned_documents("is there a class about games", corpus) == []


def test_a_known_word_with_a_prefix_is_known() -> None:
    """"retrain" and "reapply" are "train" and "apply" again: no word the files never use. A prefix does not make
    a typo of a known word known ("relaxer" is no "re-later")."""
    corpus = _one_section("Adults can train later; apply online.")
    assert corpus.known("retrain") and corpus.known("reapply")
    assert not corpus.known("relaxer")
