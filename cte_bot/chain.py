"""The one path a question travels, shared by the UI and the CLI: `Bot.answer(question, history)`.

read (embed once; message kind, facet, subject) -> screen (crisis, harm, injection, advice, off-topic)
-> for each part of the question: contextualize (follow-ups) -> read -> fit, catalog or retrieve + rank ->
compose (grounded) -> check grounding -> rephrase (optional LLM, grounding-checked).

The steps are plain typed functions composed as LangChain runnables; a step that settles the answer returns
a `Settled`, which the later steps pass through.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings
from langchain_core.runnables import RunnableLambda

from cte_bot import classifier, followups
from cte_bot.answer import Answer, SourceRef, Status
from cte_bot.compose import Composer, asked_unheard_words, asked_unknown_names
from cte_bot.config import Settings
from cte_bot.conversation import Turn, standalone_question
from cte_bot.grounding import is_grounded
from cte_bot.knowledge import RIASEC, load_facets, load_glossary
from cte_bot.lexicon import Lang, content_words
from cte_bot.llm import Rephraser, make_rephraser
from cte_bot.matching import ProgramMatch, match_programs
from cte_bot.programs import Logistics, ProgramSheet, load_logistics, load_programs, readable_sources
from cte_bot.ranking import Ranked, Ranker
from cte_bot.replies import say
from cte_bot.retrieval import Filter, Hit, HybridSearch
from cte_bot.safety import screen
from cte_bot.store import Store
from cte_bot.understanding import Reader, Understanding

MAX_PARTS = 3
FIT_SURE = 0.4  # the facet model says "which program fits me?" at least this likely: try interest matching
CATALOG_SURE = 0.5
# "...start and is there a bus?": a second question begins with a question word after "and"/"also"/"?".
_PARTS = re.compile(
    r"(?:\?|;)\s+|\s+(?:and also|and|also|plus|y|tambien)\s+"
    r"(?=(?:what|when|where|which|who|how|is|are|do|does|can|could|will|would|should|que|cuando|donde|hay)\b)",
    re.IGNORECASE,
)


def split_parts(question: str) -> list[str]:
    """A multi-part message as its questions; a single question stays whole."""
    parts = [p.strip(" ,.") for p in _PARTS.split(question.strip())]
    parts = [p for p in parts if content_words(p)]
    return parts if 2 <= len(parts) <= MAX_PARTS else [question.strip()]


@dataclass
class BotAnswer:
    question: str
    answer: Answer
    latency_ms: float = 0.0
    standalone: str = ""
    lang: Lang = "en"

    @property
    def status(self) -> Status:
        return self.answer.status

    @property
    def text(self) -> str:
        return self.answer.text

    @property
    def sources(self) -> list[SourceRef]:
        return self.answer.sources

    @property
    def ranking(self) -> list[str]:
        return list(self.answer.ranking)

    def as_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer.text,
            "status": self.status,
            "sources": [s.as_dict() for s in self.sources],
            "latency_ms": round(self.latency_ms, 1),
            "standalone_question": self.standalone,
            "language": self.lang,
            **self.answer.as_dict(),
        }


# -- the states between steps ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Asked:
    question: str
    history: list[Turn]
    focus: str | None
    where: Filter | None


@dataclass(frozen=True)
class Read:
    asked: Asked
    message: Understanding


@dataclass(frozen=True)
class Settled:
    """An answer is decided; later steps pass it through."""

    answer: Answer
    lang: Lang
    parts: list[str] = field(default_factory=list)


def _merge(parts: list[Answer]) -> Answer:
    """Part-by-part answers as one: each part in order, sources and ranking combined, one note."""
    if len(parts) == 1:
        return parts[0]
    notes = list(dict.fromkeys(p.note for p in parts if p.note))
    # "Real chef knives? What else do you learn?": one part the files cannot answer does not undo the others
    answered = any(p.status == "answered" for p in parts)
    status: Status = "answered" if answered else parts[0].status
    return Answer(
        status,
        # two parts answered by the same words are said once
        "\n\n".join(dict.fromkeys(p.render() if p.facts else p.lead for p in parts)),
        programs=tuple(dict.fromkeys(r for p in parts for r in p.programs)),
        note=" ".join(notes[-1:]),
        quotes=tuple(q for p in parts for q in (*p.quotes, *p.facts)),
        context="\n".join(p.context for p in parts),
        ranking=tuple(dict.fromkeys(d for p in parts for d in p.ranking)),
    )


class Bot:
    """Holds the loaded model, the live index, the trained classifiers and the chain. Build once; ask many times."""

    def __init__(
        self,
        settings: Settings,
        *,
        embeddings: Embeddings | None = None,
        store: Store | None = None,
        rephraser: Rephraser | None = None,
        classifiers: classifier.Classifiers | None = None,
    ) -> None:
        self.settings = settings
        self.store = store or Store(settings)
        self.index = self.store.require_live()
        if embeddings is None:
            from cte_bot.embeddings import PackagedEmbeddings

            embeddings = PackagedEmbeddings(settings.model_path, settings.device)
        root = settings.knowledge_dir
        self.glossary = load_glossary(root)
        self.facets = load_facets(root)
        self.classifiers = classifiers or classifier.load(settings.classifier_path)
        self.search = HybridSearch(self.store, self.index.collection, embeddings)
        self.corpus = self.search.corpus
        self.reader = Reader(self.corpus, self.glossary, self.classifiers, self.search.embed, self.search.embed_many)
        self.ranker = Ranker(self.corpus, self.glossary)
        self.composer = Composer(self.corpus, self.ranker, self.facets)
        self.rephraser = rephraser if rephraser is not None else make_rephraser(settings)
        self.chain = (
            RunnableLambda(self._read)
            | RunnableLambda(self._screen)
            | RunnableLambda(self._respond)
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
        settled: Settled = self.chain.invoke(Asked(question, list(history), focus, where))
        return BotAnswer(
            question=question,
            answer=settled.answer,
            latency_ms=(time.perf_counter() - started) * 1000,
            standalone=" | ".join(settled.parts),
            lang=settled.lang,
        )

    def program_ids(self) -> list[str]:
        """Every program in the live index, by id (what `?program=` links may name)."""
        return [doc_id for doc_id, p in self.corpus.documents().items() if p.metadata.get("kind") == "program"]

    def follow_ups(
        self, answer: BotAnswer, k: int = 3, *, focus: str | None = None, asked: Sequence[str] = ()
    ) -> list[str]:
        """Up to `k` suggested next questions for an answer, from the knowledge files' example questions on the
        topics it did not cover, in the answer's language (none under a crisis, refusal or off-topic reply)."""
        examples = self._follow_up_examples[answer.lang]
        return followups.follow_ups(
            self.corpus, answer.answer, answer.lang, k, focus=focus, asked=asked, examples=examples
        )

    @cached_property
    def _follow_up_examples(self) -> dict[Lang, dict[str, list[followups.Example]]]:
        """Each language's example questions by document, worked out once rather than on every answer."""
        return {lang: followups.examples_by_document(self.corpus, lang) for lang in ("en", "es")}

    @cached_property
    def _program_sheets(self) -> dict[str, ProgramSheet]:
        """Built once per Bot (one live index): the program, browse and schedule pages read these records."""
        labels = readable_sources(self.corpus, self.settings.knowledge_dir)
        return {sheet.id: sheet for sheet in load_programs(self.corpus, labels)}

    def programs(self) -> list[ProgramSheet]:
        """Every program's sheet (fields, sections with Spanish twins, sources), by title."""
        return list(self._program_sheets.values())

    def program(self, program_id: str) -> ProgramSheet | None:
        """One program's sheet, or None for an id the live index does not have."""
        return self._program_sheets.get(program_id)

    @cached_property
    def _logistics(self) -> Logistics:
        return load_logistics(self.corpus, readable_sources(self.corpus, self.settings.knowledge_dir))

    def logistics(self) -> Logistics:
        """The FAQ sections on sessions, hours, eligibility, transportation, applying and cost, with sources."""
        return self._logistics

    def find_programs(self, interests: str = "", riasec: str = "", k: int = 5) -> list[ProgramMatch]:
        """The finder: a student's own words ("I like fixing cars and drawing", Spanish too) and/or RIASEC letters
        (an interest quiz's strongest, e.g. "IR") -> programs, best first, each with the interests that matched.

        The same matching as a fit question in the chat (`match_programs`); words and letters together both count
        (neither outranks the other). Nothing to go on -> []."""
        letters = "".join(dict.fromkeys(ch for ch in riasec.upper() if ch in RIASEC))
        if not interests.strip():
            if not letters:
                return []
            # Letters alone: no words, so nothing for meaning to compare (a zero vector); the letters decide.
            blank = np.zeros(len(self.corpus.vectors[0]), dtype=np.float32)
            quiz = Understanding(text="", words="", lang="en", audience="student", vector=blank, riasec=letters)
            return match_programs(quiz, self.corpus, k)
        read = self._interests(self.reader.read(interests, screening=False))  # the finder screens it first
        named = "".join(dict.fromkeys(letters + read.riasec))
        return match_programs(replace(read, riasec=named), self.corpus, k, letters_first=not letters)

    # -- chain steps ---------------------------------------------------------------------------------------
    def _read(self, asked: Asked) -> Read:
        return Read(asked, self.reader.read(asked.question))

    def _screen(self, read: Read) -> Read | Settled:
        verdict = screen(read.message)
        if verdict is None:
            return read
        return Settled(Answer(verdict.status, verdict.reply), read.message.lang)

    def _respond(self, step: Read | Settled) -> Settled:
        if isinstance(step, Settled):
            return step
        asked, message = step.asked, step.message
        # A later part's "it" means the first part's topic: each part sees the ones before it as turns.
        history = list(asked.history)
        parts: list[str] = []
        answers: list[Answer] = []
        split = split_parts(asked.question)
        for part in split:
            standalone = standalone_question(
                part, history, self.corpus, asked.focus, glossary=self.glossary, facet_of=self.reader.facet_of
            )
            parts.append(standalone)
            history.append({"role": "user", "content": part})
            read = message if standalone == asked.question else self.reader.read(standalone, screening=False)
            if len(split) > 1:
                read = replace(read, lang=message.lang, audience=message.audience)
            answers.append(self._checked(self._answer_part(read, asked.where), message.lang))
        return Settled(_merge(answers), message.lang, parts)

    def _answer_part(self, question: Understanding, where: Filter | None) -> Answer:
        if question.facet == "comparison" and len(question.documents) >= 2:
            return self.composer.compare(question)
        scope = self._where(question, where)
        hits = self.search.search(question.vector, question.lexical_query, self.settings.top_k, scope)
        ranked = self.ranker.rank(question, self._with_named_units(question, hits))
        if self._wants_fit(question, ranked):
            matches = match_programs(
                self._interests(question), self.corpus, default_district=self.glossary.default_district
            )
            if matches:
                return self.composer.fit(question, matches)
        wants_list = question.facet == "catalog" or question.facets.get("catalog", 0.0) >= CATALOG_SURE
        own_list = self._answers_word_for_word(ranked) and "catalog" in ranked[0].hit.facets
        # ...but "does ROC offer an HVAC program?" asks after something the files never name: no list answers it
        asks_unknown = bool(asked_unknown_names(question) or asked_unheard_words(question))
        if wants_list and not question.documents and not own_list and not asks_unknown:
            listed = self.composer.catalog(question, scope)  # every program, unless a page's own list answers
            if listed is not None:
                return listed
        return self.composer.compose(question, ranked)

    def _wants_fit(self, question: Understanding, ranked: list[Ranked]) -> bool:
        """Fit is scored, not a phrase: the facet model hears "which program fits me" (or a quiz result is named)
        and no section answers the question word for word ("is there a free interest quiz?" has its own)."""
        if question.documents:
            return False
        if question.riasec:
            return True
        fit = question.facets.get("fit", 0.0)
        if question.facet != "fit" and fit < FIT_SURE:
            return False
        return not self._answers_word_for_word(ranked)

    def _interests(self, question: Understanding) -> Understanding:
        """A parent's "my son plays soccer..." is about soccer, not about children: the interests are read
        without the words that say who is asking."""
        if question.audience != "parent":
            return question
        return replace(question, vector=self.search.embed(self.glossary.without_audience(question.text)))

    def _answers_word_for_word(self, ranked: list[Ranked]) -> bool:
        """The best unit has an example question this close: that section answers, whatever else the question
        sounds like (the composer's own threshold for the same judgement)."""
        return bool(ranked) and ranked[0].hit.asked >= self.composer.limits.asked_sure

    def _with_named_units(self, question: Understanding, hits: list[Hit]) -> list[Hit]:
        """A named program's own units of the asked facet are always candidates ("Where is Sports Medicine?" ->
        its center), however the passage's wording scored."""
        if not question.documents or not question.facet:
            return hits
        have = {h.chunk.id for h in hits}
        extra = [
            self.search.hit(question.vector, unit)
            for doc_id in question.documents[:2]
            for unit in self.corpus.units_of(doc_id)
            if unit.id not in have and question.facet in str(unit.metadata.get("facet", "")).split("|")
        ]
        return hits + extra

    def _where(self, question: Understanding, where: Filter | None) -> Filter | None:
        """A question that names one district gets that district's documents only."""
        if len(question.districts) == 1:
            return {**(where or {}), "district": question.districts[0]}
        return where

    def _checked(self, answer: Answer, lang: Lang) -> Answer:
        if answer.status == "answered" and not is_grounded(answer.text, answer.context):
            return Answer("no_answer", say("no_answer", lang), ranking=answer.ranking)
        return answer

    def _rephrase(self, settled: Settled) -> Settled:
        if self.rephraser is not None and settled.answer.status == "answered":
            question = " | ".join(settled.parts)
            return replace(settled, answer=self.rephraser.rephrase(question, settled.lang, settled.answer))
        return settled
