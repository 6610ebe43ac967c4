"""Interests -> programs: "I love cooking" should land on Culinary Arts.

A program's profile lists RIASEC letters and everyday interest keywords. A question's terms are
matched against each program's keywords, title, aliases and careers (IDF-weighted, so "animals"
counts for more than "students"), then blended with the program's retrieval rank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cte_bot import lexicon
from cte_bot.retrieval import Corpus, Hit

FIT_PATTERNS = re.compile(
    "|".join(
        (
            r"\b(fits?|suits?|match(es)?|right for|good for|best for|recommend\w*)\b",
            r"\bi (really )?(love|like|enjoy|want to|wanna|dream|am into|'m into|am good at|'m good at)\b",
            r"\bi'?m (always|really|kind of|kinda|super|into|interested|good at)\b",
            r"\binterested in\b",
            r"\bsomething for (future|people|someone|students|kids)\b",
            r"\bwhat (program|class|pathway) should\b",
            r"\bwhich (program|class|pathway) (should|would|is best)\b",
            r"\bbecome an? \w+\b",
            r"\bwork with\b",
            r"\b(people|ppl|someone|students|kids|a student) who (like|likes|love|loves|enjoy|enjoys|are into)\b",
            r"\bwants? to (be|become|work)\b",
            r"\bwhat should (i|he|she|they|we|my \w+) (take|pick|choose|sign up for)\b",
            r"\b(is|are) there (a|an|any) (class|classes|program|programs|course)\b"
            r".{0,12}\b(where|for|about|with|that)\b",
            r"\bwhich (program|class|course|pathway)\b(?! (give|gives|offer|offers|has|have|are|is)\b)",
            r"\b(le|me|te) gusta\b",
            r"\b(recomiendan|recomienda|recomiendas)\b",
            r"\bquiero ser\b",
            r"\bque programa\b",
        )
    )
)

# A program named in the question outranks one that merely lists the word among its interests.
_FIELDS = {"title": 2.0, "aliases": 2.0, "keywords": 1.0, "careers": 0.5}


@dataclass(frozen=True)
class ProgramMatch:
    doc_id: str
    title: str
    center: str
    score: float
    matched: tuple[str, ...]


CATALOG = re.compile(
    r"\b(what|which|list|all|show)( \w+)? (programs|classes|courses|pathways)( \w+)? "
    r"(are there|do you have|are (offered|available)|are at|are in|at|in|does \w+ (have|offer)|can i take|exist)\b|"
    r"\blist (of |all )?(the )?programs\b|"
    r"\bque (programas|clases|cursos) (hay|tienen|ofrecen)\b"
)


def catalog_center(text: str) -> tuple[bool, str | None]:
    """Is this a request for the list of programs, and for which center (ROC, CTEC, or all)?"""
    folded = " ".join(lexicon.words(text))
    if not CATALOG.search(folded):
        return False, None
    centers = [c.upper() for c in ("roc", "ctec") if c in folded.split()]
    return True, centers[0] if len(centers) == 1 else None


def is_fit_question(text: str) -> bool:
    return bool(FIT_PATTERNS.search(lexicon.fold(text).replace("’", "'")))


def _program_terms(metadata: dict[str, object]) -> dict[str, float]:
    """Each term of a program's profile with the weight of the strongest field it appears in."""
    weights: dict[str, float] = {}
    for name, weight in _FIELDS.items():
        for term in lexicon.terms(str(metadata.get(name, "")).replace("|", " ")):
            weights[term] = max(weights.get(term, 0.0), weight)
    return weights


# Holland/RIASEC type names, as an interest quiz (O*NET's Interest Profiler) reports them.
RIASEC_NAMES = {
    "realistic": "R",
    "realista": "R",
    "investigative": "I",
    "investigador": "I",
    "investigadora": "I",
    "artistic": "A",
    "artistico": "A",
    "artistica": "A",
    "social": "S",
    "enterprising": "E",
    "emprendedor": "E",
    "emprendedora": "E",
    "conventional": "C",
    "convencional": "C",
}
_QUIZ_WORDS = {"code", "codes", "quiz", "test", "type", "holland", "riasec", "result", "results", "profiler"}
MIN_SCORE = 4.0  # one everyday interest word ("animals", "drones") clears it; "talk" or "work" alone does not
RUNNER_UP = 0.35  # others are offered only when they match at least this share of the best match


def riasec_letters(question: str) -> str:
    found = [RIASEC_NAMES[w] for w in lexicon.words(question.replace("social media", "")) if w in RIASEC_NAMES]
    return "".join(dict.fromkeys(found))


def match_programs(question: str, corpus: Corpus, hits: list[Hit] | None = None, k: int = 3) -> list[ProgramMatch]:
    # Words every page shares ("program", "class", "ROC") say nothing about a student's interests.
    letters = riasec_letters(question)
    if letters:  # "my Holland code is Social": the quiz's words are not interests ("code" is not coding)
        question = " ".join(w for w in lexicon.words(question) if w not in _QUIZ_WORDS and w not in RIASEC_NAMES)
    query = set(lexicon.terms(corpus.normalize_query(question))) - lexicon.DOMAIN
    if not query and not letters:
        return []
    rank_bonus: dict[str, float] = {}
    for rank, hit in enumerate(hits or []):
        rank_bonus.setdefault(hit.doc_id, 1.0 / (rank + 2))
    scored: list[ProgramMatch] = []
    for doc_id, profile in corpus.documents().items():
        if profile.metadata.get("kind") != "program":
            continue
        weights = _program_terms(profile.metadata)
        matched = tuple(sorted(query & weights.keys()))
        lexical = sum(weights[t] * corpus.idf.get(t, 1.0) for t in matched)
        codes = str(profile.metadata.get("riasec", ""))
        # A program's first RIASEC letter is its strongest: 3 points, then 2, then 1.
        holland = sum(3.0 - codes.index(letter) for letter in letters if letter in codes[:3])
        score = lexical + 2.0 * holland + 2.0 * rank_bonus.get(doc_id, 0.0)
        if matched or holland:
            matched = matched or tuple(letters)
            scored.append(
                ProgramMatch(
                    doc_id=doc_id,
                    title=str(profile.metadata["title"]),
                    center=str(profile.metadata["center"]),
                    score=score,
                    matched=matched,
                )
            )
    scored.sort(key=lambda m: (-m.score, m.title))
    if not scored or scored[0].score < MIN_SCORE:
        return []
    return [m for m in scored[:k] if m.score >= RUNNER_UP * scored[0].score]
