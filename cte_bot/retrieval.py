"""Hybrid retrieval: dense search in Chroma plus BM25 over the same passages, gathered into answerable units.

Chroma holds passages (sections, program fields, facts) and, beside them, each section's example questions.
A question is embedded once; dense search returns passages and example questions alike, and an example
question stands for the section it belongs to. So one candidate unit (a section) carries three signals:
how close the question is to one of its example questions (`asked`), to its text (`dense`), and its BM25 rank.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from cte_bot import lexicon
from cte_bot.bm25 import SparseBM25
from cte_bot.errors import StoreUnavailableError
from cte_bot.store import Store, StoredChunk, is_connection_error

RRF_K = 60
DENSE_CANDIDATES = 48  # passages and example questions together
LEXICAL_CANDIDATES = 24
SHORT_WORD = 6  # letters: a shorter word's typo is at most one letter longer or shorter
QUOTABLE = ("section", "field", "fact")
Filter = dict[str, str | int | bool]


@dataclass(frozen=True)
class Hit:
    """One answerable unit (a section, a program field or a fact) and how well it matches the question."""

    chunk: StoredChunk
    score: float  # fused reciprocal-rank score
    dense: float  # cosine similarity of the passage (or its Spanish twin)
    lexical: float  # BM25 score, 0 when BM25 did not return it
    asked: float = 0.0  # cosine similarity of the closest example question, 0 when it has none

    @property
    def doc_id(self) -> str:
        return str(self.chunk.metadata["doc_id"])

    @property
    def meta(self) -> dict[str, Any]:
        return self.chunk.metadata

    @property
    def facets(self) -> list[str]:
        return [f for f in str(self.meta.get("facet", "")).split("|") if f]


def reciprocal_rank_fusion(rankings: Iterable[list[str]], k: int = RRF_K) -> dict[str, float]:
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking):
            fused[key] = fused.get(key, 0.0) + 1.0 / (k + rank + 1)
    return fused


def matches_filter(metadata: dict[str, Any], where: Filter | None) -> bool:
    return where is None or all(metadata.get(key) == value for key, value in where.items())


def _chroma_where(where: Filter | None) -> dict[str, Any] | None:
    if not where:
        return None
    if len(where) == 1:
        return dict(where)
    return {"$and": [{key: value} for key, value in where.items()]}


_PREFIXES = ("re", "un", "pre", "non")


@dataclass
class Corpus:
    """The live collection's chunks, their vectors, and the lexical structures built over them."""

    chunks: list[StoredChunk]
    vectors: list[list[float]] | np.ndarray
    bm25: SparseBM25 = field(init=False)
    vocabulary: set[str] = field(init=False)
    idf: dict[str, float] = field(init=False)

    def __post_init__(self) -> None:
        self._by_id = {c.id: c for c in self.chunks}
        self._row = {c.id: i for i, c in enumerate(self.chunks)}
        self._matrix = np.asarray(self.vectors, dtype=np.float32)
        self._profiles: dict[str, StoredChunk] = {}
        self._by_document: dict[str, list[StoredChunk]] = {}
        self._children: dict[str, list[int]] = {}  # a unit -> rows of its example questions
        self._twin: dict[str, StoredChunk] = {}  # an English section -> its Spanish twin
        self._interests: dict[str, list[int]] = {}
        self.units: list[StoredChunk] = []
        for row, chunk in enumerate(self.chunks):
            role, doc_id, parent = (
                chunk.metadata.get("role"),
                str(chunk.metadata["doc_id"]),
                chunk.metadata.get("parent"),
            )
            if role == "profile":
                self._profiles[doc_id] = chunk
            elif role == "question" and parent:
                self._children.setdefault(str(parent), []).append(row)
            elif role == "interest":
                self._interests.setdefault(doc_id, []).append(row)
            elif role in QUOTABLE and parent:
                self._twin[str(parent)] = chunk
            elif role in QUOTABLE:
                self.units.append(chunk)
            if role in (*QUOTABLE, "profile"):
                self._by_document.setdefault(doc_id, []).append(chunk)
        # BM25 reads a unit's text, its example questions and its Spanish twin: a parent's words may be in any.
        tokenized = [lexicon.terms(self._lexical_text(u)) for u in self.units]
        self.bm25 = SparseBM25(tokenized)
        self.vocabulary = {w for c in self.chunks for w in lexicon.content_words(c.text)}
        self._stems = {lexicon.stem(w) for w in self.vocabulary}  # "signing up" is known where "sign" is
        # Spelling candidates by first letter and length: a typo keeps both (roughly), and comparing a word with
        # only those keeps correction flat as the vocabulary grows with the corpus.
        self._spellings: dict[tuple[str, int], list[str]] = {}
        for word in sorted(self.vocabulary):
            self._spellings.setdefault((word[0], len(word)), []).append(word)
        # Program and partner names (titles and aliases) as word sequences: a question's names are found by
        # looking up its own word sequences, not by scanning every document.
        self.names: dict[str, list[str]] = {}
        for doc_id, profile in self._profiles.items():
            titles = [str(profile.metadata["title"]), *str(profile.metadata.get("aliases", "")).split(" | ")]
            for title in titles:
                key = " ".join(lexicon.words(title))
                if len(key) >= 3 and doc_id not in self.names.get(key, []):
                    self.names.setdefault(key, []).append(doc_id)
        self.longest_name = max((len(k.split()) for k in self.names), default=0)
        n = len(tokenized)
        df: dict[str, int] = {}
        for tokens in tokenized:
            for token in set(tokens):
                df[token] = df.get(token, 0) + 1
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}

        self._correct = lru_cache(maxsize=4096)(self._correct_word)

    @cached_property
    def stated(self) -> set[str]:
        """The terms the files state, as opposed to what their example questions ask: "Can students earn the FAA
        Part 107 license?" is asked beside a section that does not say, so "faa" is heard but never stated.
        Built on first use (a rare answer needs it), not at start-up."""
        stating = [c for c in self.chunks if c.metadata.get("role") in (*QUOTABLE, "profile")]
        return {t for c in stating for t in lexicon.terms(c.text)}

    def _lexical_text(self, unit: StoredChunk) -> str:
        questions = [self.chunks[r].text for r in self._children.get(unit.id, [])]
        twin = self._twin.get(unit.id)
        return "\n".join([unit.text, *questions, twin.text if twin else ""])

    # -- lookups -------------------------------------------------------------------------------------------
    def get(self, chunk_id: str) -> StoredChunk | None:
        return self._by_id.get(chunk_id)

    def documents(self) -> dict[str, StoredChunk]:
        """One chunk (the profile) per document, keyed by document id."""
        return self._profiles

    def chunks_of(self, doc_id: str) -> list[StoredChunk]:
        """A document's quotable chunks (and profile) in their stored order."""
        return self._by_document.get(doc_id, [])

    def units_of(self, doc_id: str) -> list[StoredChunk]:
        """A document's English answerable units (sections, fields, facts)."""
        chunks = self.chunks_of(doc_id)
        return [c for c in chunks if c.metadata.get("role") in QUOTABLE and not c.metadata.get("parent")]

    def twin(self, unit: StoredChunk) -> StoredChunk | None:
        """A section's Spanish twin, if the file has one."""
        return self._twin.get(unit.id)

    def unit_of(self, chunk: StoredChunk) -> StoredChunk:
        """The answerable unit a chunk stands for: an example question or a Spanish twin -> its section."""
        parent = chunk.metadata.get("parent")
        return self._by_id.get(str(parent), chunk) if parent else chunk

    def interest_rows(self, doc_id: str) -> list[int]:
        return self._interests.get(doc_id, [])

    def text_of_row(self, row: int) -> str:
        return self.chunks[row].text

    # -- similarity ----------------------------------------------------------------------------------------
    def similarities(self, vector: np.ndarray, rows: list[int]) -> np.ndarray:
        """Exact cosine similarity (vectors are normalized) of the given rows."""
        if not rows:
            return np.zeros(0, dtype=np.float32)
        return np.asarray(self._matrix[rows] @ vector, dtype=np.float32)

    def passage_similarity(self, vector: np.ndarray, unit: StoredChunk) -> float:
        rows = [self._row[unit.id]]
        twin = self._twin.get(unit.id)
        if twin is not None:
            rows.append(self._row[twin.id])
        return float(self.similarities(vector, rows).max())

    def asked_similarity(self, vector: np.ndarray, unit: StoredChunk) -> float:
        rows = self._children.get(unit.id, [])
        return float(self.similarities(vector, rows).max()) if rows else 0.0

    # -- words ---------------------------------------------------------------------------------------------
    def _correct_word(self, word: str) -> str:
        if word in self.vocabulary or word in lexicon.STOPWORDS or len(word) < 4 or not word.isalpha():
            return word
        # A typo keeps its first letter and roughly its length: "dress" is not a misspelled "address", and a short
        # word is one letter off at most ("beat" is no "beauty", "water" no "weather")
        slack = 1 if len(word) < SHORT_WORD else 2
        candidates = [
            w for n in range(len(word) - slack, len(word) + slack + 1) for w in self._spellings.get((word[0], n), [])
        ]
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.8 if len(word) < 8 else 0.7)
        return close[0] if close else word

    def known(self, word: str) -> bool:
        return (
            word in self.vocabulary
            or word in lexicon.STOPWORDS
            or lexicon.stem(word) in self._stems
            or self._correct(word) != word
            # a known word with a prefix that only repeats or negates it: "retrain", "reapply", "unpaid"
            or any(
                word.startswith(prefix)
                and len(word) - len(prefix) >= 4
                and lexicon.stem(word[len(prefix) :]) in self._stems
                for prefix in _PREFIXES
            )
        )

    def spell(self, text: str) -> str:
        """The text's words with typos fixed against the corpus vocabulary ("cosmotology")."""
        return " ".join(self._correct(w) for w in lexicon.words(text))

    def lexical_search(self, query: str, k: int, where: Filter | None = None) -> list[tuple[StoredChunk, float]]:
        tokens = lexicon.terms(query)
        if not tokens:
            return []
        scores = self.bm25.get_scores(tokens)
        scored = np.flatnonzero(scores > 0)  # only passages with a query word: the sort stays small
        out: list[tuple[StoredChunk, float]] = []
        for i in scored[np.argsort(-scores[scored], kind="stable")]:
            if len(out) >= k:
                break
            if matches_filter(self.units[i].metadata, where):
                out.append((self.units[i], float(scores[i])))
        return out


class HybridSearch:
    """Dense + BM25 over one live collection."""

    def __init__(self, store: Store, collection: str, embeddings: Embeddings) -> None:
        self.embeddings = embeddings
        self.where = store.where()
        self.collection = store.collection(collection)
        chunks, vectors = store.chunks(collection, include_embeddings=True)
        self.corpus = Corpus(chunks, vectors)

    def embed(self, text: str) -> np.ndarray:
        return np.asarray(self.embeddings.embed_query(text), dtype=np.float32)

    def embed_many(self, texts: list[str]) -> list[np.ndarray]:
        """Several texts in one model call: on a CPU, three short texts together cost little more than one."""
        if len(texts) == 1:
            return [self.embed(texts[0])]  # (a lone question keeps the query cache)
        return [np.asarray(v, dtype=np.float32) for v in self.embeddings.embed_documents(texts)] if texts else []

    def dense_search(self, vector: np.ndarray, k: int, where: Filter | None = None) -> list[StoredChunk]:
        """The nearest chunks of any role (passages and example questions), best first."""
        try:
            found = self.collection.query(
                query_embeddings=[vector.tolist()], n_results=k, where=_chroma_where(where), include=[]
            )
        except Exception as exc:
            if is_connection_error(exc):
                raise StoreUnavailableError(f"Chroma at {self.where} is unreachable: {exc}") from exc
            raise
        return [c for c in (self.corpus.get(i) for i in found["ids"][0]) if c is not None]

    def search(self, vector: np.ndarray, lexical_query: str, k: int = 16, where: Filter | None = None) -> list[Hit]:
        """Candidate units for a question, by fused rank; `lexical_query` is the spelled-out, expanded text."""
        dense_units = list(
            dict.fromkeys(
                self.corpus.unit_of(c).id
                for c in self.dense_search(vector, DENSE_CANDIDATES, where)
                if c.metadata.get("role") in (*QUOTABLE, "question")
            )
        )
        lexical = self.corpus.lexical_search(lexical_query, LEXICAL_CANDIDATES, where)
        lexical_by_id = {c.id: s for c, s in lexical}
        fused = reciprocal_rank_fusion([dense_units, [c.id for c, _ in lexical]])
        ranked = sorted(fused, key=lambda cid: -fused[cid])[:k]
        return [self.hit(vector, self.corpus._by_id[cid], fused[cid], lexical_by_id.get(cid, 0.0)) for cid in ranked]

    def hit(self, vector: np.ndarray, unit: StoredChunk, fused: float = 0.0, lexical: float = 0.0) -> Hit:
        return Hit(
            chunk=unit,
            score=fused,
            dense=self.corpus.passage_similarity(vector, unit),
            lexical=lexical,
            asked=self.corpus.asked_similarity(vector, unit),
        )
