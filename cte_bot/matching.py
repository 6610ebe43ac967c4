"""Interests -> programs: "I play soccer and want to help injured teammates" should land on Sports Medicine.

Each program lists everyday interest words in its front matter ("animals", "sports injuries", "drawing"),
embedded at ingest. A student's words are compared with them by meaning (the question's embedding against
each interest's), by the words themselves (IDF-weighted, with the Spanish and slang glossary), and by
Holland/RIASEC letters when a quiz result is named. The interests that matched are the "why".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cte_bot import lexicon
from cte_bot.knowledge import district_of, offers
from cte_bot.retrieval import Corpus
from cte_bot.understanding import Understanding


@dataclass(frozen=True)
class MatchWeights:
    meaning: float = 1.0  # the closest interest, by embedding
    breadth: float = 0.5  # the second closest: a program that matches in two ways beats a single coincidence
    fit_question: float = 0.6  # the closest "who it fits" example question of the program
    words: float = 0.08  # IDF-weighted interest words the question uses (Spanish and slang via the glossary)
    holland: float = 0.12  # per point of RIASEC agreement (first letter 3, second 2, third 1)
    minimum: float = 0.95  # the best program must score this to be offered at all
    runner_up: float = 0.85  # others are offered when they score this share of the best
    why: float = 0.42  # an interest counts as a reason when this similar to the question


MATCH = MatchWeights()


@dataclass(frozen=True)
class ProgramMatch:
    doc_id: str
    title: str
    center: str
    score: float
    why: tuple[str, ...]  # the program's interests that matched the question
    holland: float = 0.0  # agreement with a named quiz result (first letter 3, second 2, third 1)


def _name_words(metadata: dict[str, object]) -> set[str]:
    """The words a program is called by: its title, aliases and keywords."""
    fields = ("title", "aliases", "keywords")
    return {t for name in fields for t in lexicon.terms(str(metadata.get(name, "")).replace("|", " "))}


def match_programs(
    question: Understanding,
    corpus: Corpus,
    k: int = 3,
    weights: MatchWeights = MATCH,
    *,
    letters_first: bool = True,
    default_district: str = "",
) -> list[ProgramMatch]:
    """The programs whose interests (and RIASEC letters) the question describes, best first.

    `letters_first`: a named quiz result outranks the words (the chat: "my code is Social" is not about "code").
    False when the words are interests in their own right beside the letters (the finder's quiz and free text):
    then the letters add to each program's score and both count.
    `default_district`: the district of a program whose file names none; a question that names districts is
    matched to their programs only ("my kid at Pasadena High loves coding" is no question about Kern's)."""
    vector = question.vector
    terms = set(lexicon.terms(question.lexical_query))
    scored: list[ProgramMatch] = []
    for doc_id, profile in corpus.documents().items():
        if profile.metadata.get("kind") != "program":
            continue
        if question.districts and district_of(profile.metadata, default_district) not in question.districts:
            continue
        rows = corpus.interest_rows(doc_id)
        sims = corpus.similarities(vector, rows)
        order = np.argsort(-sims, kind="stable") if len(sims) else np.zeros(0, dtype=int)
        best = float(sims[order[0]]) if len(order) else 0.0
        second = float(sims[order[1]]) if len(order) > 1 else 0.0
        fit_sections = [c for c in corpus.chunks_of(doc_id) if c.metadata.get("facet") == "fit"]
        fit_asked = max((corpus.asked_similarity(vector, c) for c in fit_sections), default=0.0)
        shared = terms & _name_words(profile.metadata)
        words = sum(corpus.idf.get(t, 1.0) for t in shared)
        codes = str(profile.metadata.get("riasec", ""))
        holland = sum(3.0 - codes.index(letter) for letter in question.riasec if letter in codes[:3])
        score = (
            weights.meaning * best
            + weights.breadth * second
            + weights.fit_question * fit_asked
            + weights.words * words
            + weights.holland * holland
        )
        why = [corpus.text_of_row(rows[i]) for i in order[:3] if sims[i] >= weights.why]
        keywords = str(profile.metadata.get("keywords", "")).split(" | ")
        why += [kw for kw in keywords if set(lexicon.terms(kw)) & shared and kw not in why]
        scored.append(
            ProgramMatch(
                doc_id=doc_id,
                title=str(profile.metadata["title"]),
                center=str(profile.metadata["center"]),
                score=score,
                why=tuple(why[:3]),
                holland=holland,
            )
        )
    if len(question.centers) == 1:  # "which ROC program fits me?" offers ROC's programs
        scored = [m for m in scored if offers(m.center, question.centers[0])]
    # A named quiz result ("my code is Social") outranks what its words happen to resemble ("code").
    scored.sort(key=lambda m: (-m.holland if question.riasec and letters_first else 0.0, -m.score, m.title))
    # A named quiz result is evidence enough on its own; words alone must clear the minimum.
    if not scored or (scored[0].score < weights.minimum and not question.riasec):
        return []
    if question.riasec and not letters_first:  # a program is offered for its words or for its letters
        return [m for m in scored[:k] if m.holland > 0 or m.score >= weights.runner_up * scored[0].score]
    if question.riasec:
        return [m for m in scored[:k] if m.holland > 0] or scored[:k]
    return [m for m in scored[:k] if m.score >= weights.runner_up * scored[0].score]
