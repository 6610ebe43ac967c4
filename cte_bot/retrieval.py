"""Hybrid retrieval: dense search in Chroma plus BM25 over the same chunks, fused by reciprocal rank.

BM25 runs in memory over the live collection's chunks (a few hundred), loaded once per index build.
Query words that are not in the corpus vocabulary are spelling-corrected against it first.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from rank_bm25 import BM25Okapi

from cte_bot import lexicon
from cte_bot.errors import StoreUnavailableError
from cte_bot.store import Store, StoredChunk, is_connection_error

RRF_K = 60
CANDIDATES = 24
Filter = dict[str, str | int | bool]


@dataclass(frozen=True)
class Hit:
    chunk: StoredChunk
    score: float  # fused reciprocal-rank score
    dense: float  # cosine similarity, 0 when dense search did not return it
    lexical: float  # BM25 score, 0 when BM25 did not return it

    @property
    def doc_id(self) -> str:
        return str(self.chunk.metadata["doc_id"])

    @property
    def meta(self) -> dict[str, Any]:
        return self.chunk.metadata


def reciprocal_rank_fusion(rankings: Iterable[list[str]], k: int = RRF_K) -> dict[str, float]:
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking):
            fused[key] = fused.get(key, 0.0) + 1.0 / (k + rank + 1)
    return fused


def _matches(metadata: dict[str, Any], where: Filter | None) -> bool:
    return where is None or all(metadata.get(key) == value for key, value in where.items())


def _chroma_where(where: Filter | None) -> dict[str, Any] | None:
    if not where:
        return None
    if len(where) == 1:
        return dict(where)
    return {"$and": [{key: value} for key, value in where.items()]}


@dataclass
class Corpus:
    """The live collection's chunks with the lexical structures built over them."""

    chunks: list[StoredChunk]
    vectors: list[list[float]]
    bm25: BM25Okapi = field(init=False)
    vocabulary: set[str] = field(init=False)
    idf: dict[str, float] = field(init=False)

    def __post_init__(self) -> None:
        tokenized = [lexicon.terms(c.text) for c in self.chunks]
        self.bm25 = BM25Okapi(tokenized)
        self.vocabulary = {w for c in self.chunks for w in lexicon.content_words(c.text)}
        n = len(tokenized)
        df: dict[str, int] = {}
        for tokens in tokenized:
            for token in set(tokens):
                df[token] = df.get(token, 0) + 1
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self._by_id = {c.id: c for c in self.chunks}
        self._profiles = {str(c.metadata["doc_id"]): c for c in self.chunks if c.metadata.get("section") == "Profile"}
        self._by_document: dict[str, list[StoredChunk]] = {}
        for chunk in self.chunks:
            self._by_document.setdefault(str(chunk.metadata["doc_id"]), []).append(chunk)
        self._row = {c.id: i for i, c in enumerate(self.chunks)}
        self._matrix = np.asarray(self.vectors, dtype=np.float32)
        self._correct = lru_cache(maxsize=4096)(self._correct_word)

    def similarity(self, query_vector: list[float], chunk_ids: list[str]) -> dict[str, float]:
        """Exact cosine similarity (vectors are normalized) for candidates BM25 found and Chroma did not."""
        rows = [self._row[c] for c in chunk_ids if c in self._row]
        if not rows:
            return {}
        scores = self._matrix[rows] @ np.asarray(query_vector, dtype=np.float32)
        return {self.chunks[r].id: float(s) for r, s in zip(rows, scores, strict=True)}

    def get(self, chunk_id: str) -> StoredChunk | None:
        return self._by_id.get(chunk_id)

    def documents(self) -> dict[str, StoredChunk]:
        """One chunk (the profile) per document, keyed by document id."""
        return self._profiles

    def chunks_of(self, doc_id: str) -> list[StoredChunk]:
        """A document's chunks in their stored order."""
        return self._by_document.get(doc_id, [])

    def _correct_word(self, word: str) -> str:
        if word in self.vocabulary or word in lexicon.STOPWORDS or word in lexicon.GLOSSARY or len(word) < 4:
            return word
        close = difflib.get_close_matches(word, self.vocabulary, n=1, cutoff=0.8 if len(word) < 8 else 0.7)
        return close[0] if close else word

    def unknown_names(self, question: str) -> list[str]:
        """Capitalized names and acronyms the knowledge base never mentions ("AWS", "Stockdale"): a question
        about them cannot be answered from it, however close the retrieved text looks."""
        found = []
        # Not the first word of a sentence: "Which", "Do", "Tell" are capitalized there for another reason.
        pattern = r"(?<![.?!¿¡]\s)(?<!^)(?<![¿¡])\b([A-Z][A-Za-z]+(?:-[A-Za-z]+)*|[A-Z]{2,})\b"
        for match in re.finditer(pattern, question.strip()):
            word = lexicon.fold(match.group(1))
            known = word in self.vocabulary or word in lexicon.STOPWORDS or word in lexicon.GLOSSARY
            if not known and self._correct(word) == word and word not in lexicon.SHORTHAND:
                found.append(match.group(1))
        return found

    def spell(self, query: str) -> str:
        """The question's words with typos fixed against the corpus vocabulary ("cosmotology")."""
        return " ".join(self._correct(w) for w in lexicon.words(query))

    def normalize_query(self, query: str) -> str:
        """Fix typos against the corpus vocabulary and add glossary translations."""
        fixed = self.spell(query).split()
        extra = [t for w in fixed for t in lexicon.GLOSSARY.get(w, ())]
        return " ".join(fixed + extra)

    def lexical_search(self, query: str, k: int, where: Filter | None = None) -> list[tuple[StoredChunk, float]]:
        tokens = lexicon.terms(query)
        if not tokens:
            return []
        scores = self.bm25.get_scores(tokens)
        ranked = sorted(range(len(self.chunks)), key=lambda i: -scores[i])
        out = [
            (self.chunks[i], float(scores[i]))
            for i in ranked
            if scores[i] > 0 and _matches(self.chunks[i].metadata, where)
        ]
        return out[:k]


class HybridSearch:
    """Dense + BM25 over one live collection."""

    def __init__(self, store: Store, collection: str, embeddings: Embeddings) -> None:
        self.embeddings = embeddings
        self.where = store.where()
        self.vectorstore = store.vectorstore(collection, embeddings)
        self.corpus = Corpus(*store.chunks(collection, include_embeddings=True))

    def dense_search(self, vector: list[float], k: int, where: Filter | None = None) -> list[tuple[StoredChunk, float]]:
        try:
            found = self.vectorstore.similarity_search_by_vector_with_relevance_scores(
                vector, k=k, filter=_chroma_where(where)
            )
        except Exception as exc:
            if is_connection_error(exc):
                raise StoreUnavailableError(f"Chroma at {self.where} is unreachable: {exc}") from exc
            raise
        out = []
        for doc, distance in found:  # langchain-chroma calls it a relevance score; it is the cosine distance
            chunk = self.corpus.get(str(doc.id)) or StoredChunk(
                id=str(doc.id), text=doc.page_content, metadata=doc.metadata
            )
            out.append((chunk, 1.0 - float(distance)))
        return out

    def search(self, query: str, k: int = 6, where: Filter | None = None, mode: str = "hybrid") -> list[Hit]:
        normalized = self.corpus.normalize_query(query)
        # Typo fixes and glossary words (Spanish, slang) help the dense side too; otherwise embed what was asked.
        vector = self.embeddings.embed_query(normalized if normalized != " ".join(lexicon.words(query)) else query)
        dense = self.dense_search(vector, CANDIDATES, where) if mode in ("hybrid", "dense") else []
        lexical = self.corpus.lexical_search(normalized, CANDIDATES, where) if mode in ("hybrid", "bm25") else []
        lexical_by_id = {c.id: s for c, s in lexical}
        fused = reciprocal_rank_fusion([[c.id for c, _ in dense], [c.id for c, _ in lexical]])
        chunks = {c.id: c for c, _ in [*dense, *lexical]}
        ranked = sorted(fused, key=lambda cid: -fused[cid])[:k]
        similarity = self.corpus.similarity(vector, ranked)
        return [
            Hit(
                chunk=chunks[cid], score=fused[cid], dense=similarity.get(cid, 0.0), lexical=lexical_by_id.get(cid, 0.0)
            )
            for cid in ranked
        ]


class HybridRetriever(BaseRetriever):
    """The LangChain face of HybridSearch: scores travel in each Document's metadata."""

    search: Any  # HybridSearch; Any keeps pydantic from validating it
    k: int = 6
    where: Filter | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        hits: list[Hit] = self.search.search(query, k=self.k, where=self.where)
        return [
            LCDocument(
                id=h.chunk.id,
                page_content=h.chunk.text,
                metadata={**h.meta, "rrf": h.score, "dense": h.dense, "lexical": h.lexical},
            )
            for h in hits
        ]
