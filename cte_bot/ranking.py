"""Re-ranking retrieved units for one question: which section answers what was asked, about what was named.

One score per unit, a weighted sum of signals; all weights live in `Weights`, calibrated by
bench/calibrate.py on eval/questions.jsonl (never on eval/fresh.jsonl).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cte_bot import lexicon
from cte_bot.knowledge import Glossary
from cte_bot.retrieval import Corpus, Hit
from cte_bot.understanding import Understanding


@dataclass(frozen=True)
class Weights:
    asked: float = 1.0  # similarity of the closest example question: MiniLM is best question-to-question
    unnamed: float = 0.3  # share of that similarity read without the program's name, for a named program's units
    passage: float = 0.5  # similarity of the passage itself
    coverage: float = 0.4  # share of the question's (IDF-weighted) words the unit contains
    heading: float = 0.2  # ... that its heading contains
    fused: float = 0.1  # reciprocal-rank fusion of dense and BM25, relative to the best
    facet: float = 0.6  # probability that the question asks for the unit's facet
    named: float = 0.35  # a unit of a program or partner the question names
    other_program: float = -0.5  # a program's unit when the question names a different one
    other_page: float = -0.1  # a general page when the question names a program
    general: float = 0.1  # a general page when the question names no program
    scope_clash: float = -0.6  # "a bus to ROC?" is not answered by "Is there a bus to CTEC?"
    scope_match: float = 0.2  # "classes at night?" is answered by the evening section before the day's sessions
    narrow: float = -0.15  # a general question prefers the general answer to the Early College one
    other_district: float = -0.1  # a general question prefers the default district


WEIGHTS = Weights()

# What evidence implies beyond its words: a clock time answers "what time", a dollar figure "how much".
_IMPLIED = [
    (re.compile(r"\d{1,2}:\d\d|\b\d{1,2}\s?(am|pm)\b", re.I), ("time", "hour", "start", "begin", "end")),
    (re.compile(r"\$\s?\d|\bfree\b", re.I), ("cost", "price", "pay", "fee")),
]


def evidence_terms(text: str) -> set[str]:
    """A passage's terms, plus what its evidence implies: "7:30" answers "what time", "$68 million" "cost"."""
    found = set(lexicon.terms(text))
    for pattern, implied in _IMPLIED:
        if pattern.search(text):
            found.update(lexicon.terms(" ".join(implied)))
    return found


@dataclass(frozen=True)
class Ranked:
    hit: Hit
    score: float

    @property
    def doc_id(self) -> str:
        return self.hit.doc_id


class Ranker:
    def __init__(self, corpus: Corpus, glossary: Glossary, weights: Weights = WEIGHTS) -> None:
        self.corpus = corpus
        self.glossary = glossary
        self.weights = weights
        self._scopes: dict[str, frozenset[str]] = {}

    def weight(self, terms: set[str]) -> float:
        return sum(self.corpus.idf.get(t, 0.5) for t in terms)

    def coverage(self, terms: set[str], hit: Hit) -> float:
        """Share of the question's (IDF-weighted) terms that the unit, heading included, contains.

        Program fields repeat the title, so there only the words beyond the title count: "What does Fire
        Technology teach?" must not land on "Fire Technology college credit: ...".
        """
        if hit.meta.get("role") == "field":
            terms = terms - set(lexicon.terms(str(hit.meta.get("title", ""))))
        total = self.weight(terms)
        return self.weight(terms & evidence_terms(hit.chunk.text)) / total if total else 0.0

    def scopes(self, hit: Hit) -> frozenset[str]:
        """Centers and narrow offerings a unit's heading names ("Is there a bus to CTEC?" -> CTEC)."""
        key = hit.chunk.id
        if key not in self._scopes:
            heading = str(hit.meta.get("section", ""))
            self._scopes[key] = frozenset([*self.glossary.scopes_in(heading), *self.glossary.centers_in(heading)])
        return self._scopes[key]

    def rank(self, question: Understanding, hits: list[Hit]) -> list[Ranked]:
        w = self.weights
        terms = set(lexicon.terms(question.lexical_query))
        total = self.weight(terms) or 1.0
        top = max((h.score for h in hits), default=0.0) or 1.0
        asked_scopes = question.scopes | set(question.centers)
        narrow = set(self.glossary.scopes)
        named = set(question.documents)
        scored = []
        for hit in hits:
            if question.lang == "en" and hit.meta.get("lang") == "es":
                continue  # a Spanish summary never leads an English answer; a Spanish reader gets the twins
            heading = set(lexicon.terms(hit.chunk.text.split("\n", 1)[0]))
            asked = hit.asked
            if asked and question.plain is not None and hit.doc_id in named:
                # every example question of a named program shares its name with the question: what tells its
                # sections apart is the rest ("¿requisitos para asistente de enfermería?" is no "¿le conviene?")
                asked += w.unnamed * (self.corpus.asked_similarity(question.plain, hit.chunk) - asked)
            score = (
                # a unit without example questions (a program field, a fact) is matched on its own words
                w.asked * (asked or hit.dense)
                + w.passage * hit.dense
                + w.coverage * self.coverage(terms, hit)
                + w.heading * self.weight(terms & heading) / total
                + w.fused * hit.score / top
                + w.facet * question.facet_share(hit.facets)
            )
            unit_scopes = self.scopes(hit)
            if asked_scopes and unit_scopes and not asked_scopes & unit_scopes:
                score += w.scope_clash
            elif question.scopes & unit_scopes and not question.districts:  # (a district's own filter does that)
                score += w.scope_match
            elif not asked_scopes and unit_scopes & narrow:
                score += w.narrow
            if named:
                if hit.doc_id in named:
                    score += w.named
                elif hit.meta.get("kind") in ("program", "partner"):
                    score += w.other_program
                else:
                    score += w.other_page
            elif hit.meta.get("kind") in ("faq", "pathway"):
                score += w.general
            if not question.districts and hit.meta.get("district") not in ("", self.glossary.default_district):
                score += w.other_district
            scored.append(Ranked(hit, score))
        return sorted(scored, key=lambda r: -r.score)
