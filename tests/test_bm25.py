"""The sparse BM25 scores exactly as rank_bm25's BM25Okapi (the reference it replaced), on the fixture corpus's
passages and on edge cases: repeated query words, unknown words, a word in most passages (the IDF floor)."""

from __future__ import annotations

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from cte_bot import lexicon
from cte_bot.bm25 import SparseBM25
from cte_bot.knowledge import load_knowledge
from tests.conftest import FIXTURE


def _passages() -> list[list[str]]:
    return [
        lexicon.terms(section.text)
        for document in load_knowledge(FIXTURE)
        for section in document.body_sections()
        if section.text.strip()
    ]


@pytest.mark.parametrize(
    "query",
    [
        "how many hours a day is welding",
        "welding welding sparks",  # a repeated word counts twice
        "bus transportation home high school",
        "zzz unknownword",  # nothing known: all zeros
        "students program",  # words in most passages: the IDF floor
        "",
    ],
)
def test_scores_equal_the_reference(query: str) -> None:
    passages = _passages()
    tokens = lexicon.terms(query)
    reference = BM25Okapi(passages).get_scores(tokens) if tokens else np.zeros(len(passages))
    assert np.allclose(SparseBM25(passages).get_scores(tokens), reference)


def test_empty_corpus_scores_nothing() -> None:
    assert SparseBM25([]).get_scores(["welding"]).shape == (0,)


def test_a_word_in_most_passages_gets_the_reference_floor() -> None:
    passages = [["common", "weld"], ["common", "bus"], ["common", "cook"], ["hours"]]
    assert BM25Okapi(passages).idf["common"] > 0  # the floor replaced a negative IDF
    for query in (["common"], ["common", "weld"], ["hours", "hours"]):
        assert np.allclose(SparseBM25(passages).get_scores(query), BM25Okapi(passages).get_scores(query))
