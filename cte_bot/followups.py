"""Suggested next questions, taken from the knowledge files' own example questions.

After an answer about Welding's schedule, a student is offered Welding's questions on *other* topics
(college credit, careers), in their language; when the answered page has nothing more to offer, the general
FAQ pages' example questions fill in. The suggestions are data a district edits, never strings in code, and
each one is a question the knowledge base is known to answer (it is an example question of a section).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cte_bot.answer import Answer, Status
from cte_bot.lexicon import Lang
from cte_bot.retrieval import Corpus
from cte_bot.store import StoredChunk

# Crisis, refusal and off-topic replies are not the start of a topic to explore.
OFFERED: frozenset[Status] = frozenset({"answered", "no_answer"})
GENERAL_KIND = "faq"
QUOTE_PREFIX = 80  # enough of a quote to find the section it came from, however its sentences were joined


@dataclass(frozen=True)
class Example:
    """One example question of a section, as a follow-up candidate."""

    doc_id: str
    facets: frozenset[str]
    text: str
    plain: str = ""  # the text as compared (`_plain`), worked out once


def _plain(text: str) -> str:
    """Text compared without case, spacing or question marks ("¿Cuántas horas?" == "cuántas horas")."""
    return " ".join(re.sub(r"[¿?¡!.]", " ", text).casefold().split())


def _facets(chunk: StoredChunk) -> frozenset[str]:
    return frozenset(f for f in str(chunk.metadata.get("facet", "")).split("|") if f)


def examples_by_document(corpus: Corpus, lang: Lang) -> dict[str, list[Example]]:
    """Every document's example questions in `lang`, in the order the file lists them. A pass over the whole
    corpus (about 10 ms): a Bot works it out once per language and passes it to `follow_ups`."""
    by_document: dict[str, list[Example]] = {}
    for chunk in corpus.chunks:
        meta = chunk.metadata
        if meta.get("role") == "question" and meta.get("lang") == lang:
            doc_id = str(meta["doc_id"])
            text = chunk.text.strip()
            by_document.setdefault(doc_id, []).append(Example(doc_id, _facets(chunk), text, _plain(text)))
    return by_document


def answered_documents(corpus: Corpus, answer: Answer) -> list[str]:
    """The documents an answer quotes or names, the one its lead quotes first."""
    known = corpus.documents()
    ids = [q.source.id for q in (*answer.quotes, *answer.facts)] + [p.id for p in answer.programs]
    return [doc_id for doc_id in dict.fromkeys(ids) if doc_id in known]


def answered_facets(corpus: Corpus, answer: Answer, documents: Iterable[str]) -> frozenset[str]:
    """The topics the answer already covered: the facets of the sections (or their Spanish twins) it quotes."""
    quoted = [_plain(q.text)[:QUOTE_PREFIX] for q in (*answer.quotes, *answer.facts)]
    quoted = [q for q in quoted if q]
    covered: set[str] = set()
    for doc_id in documents:
        for chunk in corpus.chunks_of(doc_id):
            body = _plain(chunk.text)
            if any(q in body for q in quoted):
                covered |= _facets(chunk)
    return frozenset(covered)


def follow_ups(
    corpus: Corpus,
    answer: Answer,
    lang: Lang,
    k: int = 3,
    *,
    focus: str | None = None,
    asked: Iterable[str] = (),
    examples: Mapping[str, list[Example]] | None = None,
) -> list[str]:
    """Up to `k` example questions on topics the answer did not cover, one per topic, in `lang`.

    Drawn first from the answered document, then from the focused program (a program page's chat), then from
    the general FAQ pages; never a question already asked (`asked`), nor its topic when it is one of these
    example questions, and never under a crisis or refusal. `examples`: `examples_by_document(corpus, lang)`,
    when the caller keeps it.
    """
    if answer.status not in OFFERED or k <= 0:
        return []
    documents = answered_documents(corpus, answer)
    covered = answered_facets(corpus, answer, documents)
    general = sorted(d for d, p in corpus.documents().items() if p.metadata.get("kind") == GENERAL_KIND)
    order = list(dict.fromkeys([*documents[:1], *([focus] if focus else []), *general]))
    if examples is None:
        examples = examples_by_document(corpus, lang)
    seen = {_plain(q) for q in asked}
    # An example question already asked (a clicked follow-up) means its topic is done, not just its wording.
    asked_topics = {f for found in examples.values() for e in found if e.plain in seen for f in e.facets}
    offered_topics: set[str] = set(covered) | asked_topics
    chosen: list[str] = []
    for doc_id in order:
        for example in examples.get(doc_id, []):
            if len(chosen) == k:
                return chosen
            if not example.facets or example.facets & offered_topics or example.plain in seen:
                continue
            offered_topics |= example.facets
            seen.add(example.plain)
            chosen.append(example.text[:1].upper() + example.text[1:])
    return chosen
