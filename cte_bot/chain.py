"""The one path a question travels, shared by the UI and the CLI: `Bot.answer(question, history)`.

guard (safety) -> contextualize (split parts, rewrite follow-ups) -> retrieve (hybrid) -> compose (grounded)
-> rephrase (optional LLM, grounding-checked). Each step is an LCEL runnable over a state dict; a step that
settles the answer sets `composed` and later steps pass it through.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.documents import Document as LCDocument
from langchain_core.embeddings import Embeddings
from langchain_core.runnables import Runnable, RunnableLambda

from cte_bot import lexicon, safety
from cte_bot.answer import FRAME, Composed, Composer, SourceRef
from cte_bot.config import Settings
from cte_bot.conversation import Turn, standalone_question
from cte_bot.grounding import is_grounded
from cte_bot.lexicon import Lang
from cte_bot.llm import Rephraser, make_rephraser
from cte_bot.matching import catalog_center, is_fit_question, match_programs
from cte_bot.retrieval import Filter, Hit, HybridRetriever, HybridSearch
from cte_bot.safety import Status
from cte_bot.store import Store, StoredChunk

# Below both, retrieval found nothing that supports an answer (calibrated on eval/questions.jsonl with
# bench/calibrate.py: the pair that keeps every answerable item while catching the unanswerable ones).
MIN_DENSE = 0.42
MIN_COVERAGE = 0.5
MAX_PARTS = 3
# "...start and is there a bus?": a second question begins with a question word after "and"/"also"/"?".
_PARTS = re.compile(
    r"(?:\?|;)\s+|\s+(?:and also|and|also|plus|y|tambien)\s+"
    r"(?=(?:what|when|where|which|who|how|is|are|do|does|can|could|will|would|should|que|cuando|donde|hay)\b)",
    re.IGNORECASE,
)


def split_parts(question: str) -> list[str]:
    """A multi-part message as its questions; a single question stays whole."""
    parts = [p.strip(" ,.") for p in _PARTS.split(question.strip())]
    parts = [p for p in parts if lexicon.content_words(p)]
    return parts if 2 <= len(parts) <= MAX_PARTS else [question.strip()]


@dataclass
class BotAnswer:
    question: str
    answer: str
    status: Status
    sources: list[SourceRef] = field(default_factory=list)
    latency_ms: float = 0.0
    standalone: str = ""
    lang: Lang = "en"
    ranking: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "status": self.status,
            "sources": [s.as_dict() for s in self.sources],
            "latency_ms": round(self.latency_ms, 1),
            "standalone_question": self.standalone,
            "language": self.lang,
        }


def _hits(documents: list[LCDocument]) -> list[Hit]:
    hits = []
    for doc in documents:
        meta = {k: v for k, v in doc.metadata.items() if k not in ("rrf", "dense", "lexical")}
        hits.append(
            Hit(
                chunk=StoredChunk(id=str(doc.id), text=doc.page_content, metadata=meta),
                score=float(doc.metadata["rrf"]),
                dense=float(doc.metadata["dense"]),
                lexical=float(doc.metadata["lexical"]),
            )
        )
    return hits


def _merge(parts: list[Composed]) -> Composed:
    """Part-by-part answers as one: each part's answer in order, sources and ranking combined."""
    if len(parts) == 1:
        return parts[0]
    answered = [p for p in parts if p.status == "answered"] or parts[:1]
    sources = list({s.id: s for p in answered for s in p.sources}.values())
    ranking = list(dict.fromkeys(d for p in parts for d in p.ranking))
    # One "please confirm" line at the end, not one per part.
    notes = [FRAME["verify"][lang] for lang in ("en", "es") if any(FRAME["verify"][lang] in p.text for p in parts)]
    texts = [p.text for p in parts]
    for note in notes:
        texts = [t.replace(f"\n\n{note}", "").replace(note, "").strip() for t in texts]
    text = "\n\n".join([*texts, *notes])
    status: Status = "answered" if any(p.status == "answered" for p in parts) else parts[0].status
    return Composed(text, status, sources, context="\n".join(p.context for p in parts), ranking=ranking)


class Bot:
    """Holds the loaded model, the live index and the chain. Build once; ask many times."""

    def __init__(
        self,
        settings: Settings,
        *,
        embeddings: Embeddings | None = None,
        store: Store | None = None,
        rephraser: Rephraser | None = None,
    ) -> None:
        self.settings = settings
        self.store = store or Store(settings)
        self.index = self.store.require_live()
        if embeddings is None:
            from cte_bot.embeddings import PackagedEmbeddings

            embeddings = PackagedEmbeddings(settings.model_path)
        self.search = HybridSearch(self.store, self.index.collection, embeddings)
        self.corpus = self.search.corpus
        self.composer = Composer(self.corpus)
        self.rephraser = rephraser if rephraser is not None else make_rephraser(settings)
        self.topic_terms = lexicon.DOMAIN | {t for c in self.corpus.documents().values() for t in lexicon.terms(c.text)}
        self.chain: Runnable[dict[str, Any], dict[str, Any]] = (
            RunnableLambda(self._guard)
            | RunnableLambda(self._contextualize)
            | RunnableLambda(self._retrieve)
            | RunnableLambda(self._compose)
            | RunnableLambda(self._rephrase)
        )

    def answer(
        self,
        question: str,
        history: Sequence[Turn] = (),
        *,
        focus: str | None = None,
        where: Filter | None = None,
    ) -> BotAnswer:
        started = time.perf_counter()
        state = self.chain.invoke({"question": question, "history": list(history), "focus": focus, "where": where})
        composed: Composed = state["composed"]
        return BotAnswer(
            question=question,
            answer=composed.text,
            status=composed.status,
            sources=composed.sources,
            latency_ms=(time.perf_counter() - started) * 1000,
            standalone=" | ".join(state.get("parts", [])),
            lang=state["lang"],
            ranking=composed.ranking,
        )

    def retriever(self, where: Filter | None = None) -> HybridRetriever:
        return HybridRetriever(search=self.search, k=self.settings.top_k, where=where)

    def on_topic(self, question: str) -> bool:
        return bool(set(lexicon.terms(self.corpus.normalize_query(question))) & self.topic_terms)

    # -- chain steps ---------------------------------------------------------------------------------------
    def _guard(self, state: dict[str, Any]) -> dict[str, Any]:
        question = str(state["question"])
        lang = lexicon.detect_language(question)
        verdict = safety.check(question, lang)
        state["lang"] = lang
        if verdict is not None:
            state["composed"] = Composed(verdict.reply, verdict.status)
        return state

    def _contextualize(self, state: dict[str, Any]) -> dict[str, Any]:
        if "composed" not in state:
            # A later part's "it" means the first part's topic: each part sees the ones before it as turns.
            history: list[Turn] = list(state["history"])
            state["parts"] = []
            for part in split_parts(state["question"]):
                state["parts"].append(standalone_question(part, history, self.corpus, state["focus"]))
                history.append({"role": "user", "content": part})
        return state

    def _retrieve(self, state: dict[str, Any]) -> dict[str, Any]:
        if "composed" not in state:
            retriever = self.retriever(state["where"])
            state["hits"] = [_hits(retriever.invoke(part)) for part in state["parts"]]
        return state

    def _compose(self, state: dict[str, Any]) -> dict[str, Any]:
        if "composed" not in state:
            parts = [
                self._compose_part(p, state["lang"], h) for p, h in zip(state["parts"], state["hits"], strict=True)
            ]
            state["composed"] = _merge(parts)
        return state

    def _compose_part(self, question: str, lang: Lang, hits: list[Hit]) -> Composed:
        # Interests first: "classes at ROC for people who like art" wants a match, not the whole list.
        matches = match_programs(question, self.corpus, hits) if is_fit_question(question) else []
        if matches:
            return self._checked(self.composer.compose_fit(question, lang, matches, hits), lang)
        wants_list, center = catalog_center(question)
        if wants_list:
            return self._checked(self.composer.compose_catalog(lang, center), lang)
        unknown = self.corpus.unknown_names(question)
        if unknown:
            return Composed(FRAME["unknown_name"][lang].format(name=unknown[0]), "no_answer")
        terms = self.composer.query_terms(question)
        best_dense = max((h.dense for h in hits), default=0.0)
        best_coverage = max((self.composer.coverage(terms, h) for h in hits), default=0.0)
        if not hits or (best_dense < MIN_DENSE and best_coverage < MIN_COVERAGE):
            if self.on_topic(question):
                return Composed(FRAME["no_answer"][lang], "no_answer")
            return Composed(safety.OFF_TOPIC_REPLY[lang], "off_topic")
        return self._checked(self.composer.compose(question, lang, hits), lang)

    def _checked(self, composed: Composed, lang: Lang) -> Composed:
        if composed.status == "answered" and not is_grounded(composed.text, composed.context):
            return Composed(FRAME["no_answer"][lang], "no_answer", ranking=composed.ranking)
        return composed

    def _rephrase(self, state: dict[str, Any]) -> dict[str, Any]:
        composed: Composed = state["composed"]
        if self.rephraser is not None and composed.status == "answered":
            state["composed"] = self.rephraser.rephrase(state["question"], state["lang"], composed)
        return state
