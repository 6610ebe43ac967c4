"""Follow-ups -> standalone questions, deterministically: "what about college credit?" after a turn
about Welding becomes "Welding: what about college credit?"."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NotRequired, TypedDict

from cte_bot import lexicon
from cte_bot.knowledge import Glossary
from cte_bot.retrieval import Corpus
from cte_bot.understanding import mentioned_documents

FOLLOW_UP = re.compile(
    r"^((ok|okay|so|but|then|pues|entonces),? )?(and|also|what about|how about|what else|tell me more|more|same|y|"
    r"y que|que tal|ademas)\b"
    r"|\b(it|its|that|this|they|them|those|that one|this one|that program|this program|that class|"
    r"ese programa|este programa|eso|ahi|alli)\b"
)
FOLLOW_UP_WORDS = 3  # content words at most in a follow-up that is read with the question before it


class Turn(TypedDict):
    role: str  # "user" | "assistant"
    content: str
    sources: NotRequired[list[str]]  # document ids the assistant used


def last_topic(history: Sequence[Turn], corpus: Corpus, focus: str | None = None) -> str | None:
    """The program or partner most recently discussed; a counselor's link (`focus`) is the fallback."""
    documents = corpus.documents()
    for turn in reversed(history):
        if turn["role"] == "user":
            named = mentioned_documents(turn["content"], corpus)
            if named:
                return named[0]
        for doc_id in turn.get("sources", [])[:1]:
            if documents.get(doc_id) is not None and documents[doc_id].metadata.get("kind") in ("program", "partner"):
                return doc_id
    return focus if focus in documents else None


def subjects_of(text: str, glossary: Glossary) -> list[str]:
    """The centers and districts a message names, by their glossary keys ("ROC", "pasadena")."""
    return [*glossary.centers_in(text), *glossary.districts_in(text)]


def standalone_question(
    question: str,
    history: Sequence[Turn],
    corpus: Corpus,
    focus: str | None = None,
    *,
    glossary: Glossary | None = None,
    facet_of: Callable[[str], str] | None = None,
) -> str:
    """The follow-up as a question that stands alone. `glossary` names the centers and districts a turn is
    about; `facet_of` says what a question asks for (the facet model), so that a follow-up asking something new
    of the same place keeps only the place: "is there a bus for that one too?" after "what are the ROC session
    times?" asks about ROC's buses, not its session times again."""
    if mentioned_documents(question, corpus):
        return question
    plain = " ".join(lexicon.words(question))  # "¿y da créditos?" -> "y da creditos"
    says_follow_up = bool(FOLLOW_UP.search(plain))
    size = len(lexicon.content_words(question))
    if not says_follow_up and size > 1:
        return question
    topic = last_topic(history, corpus, focus)
    if topic is not None:
        return f"{corpus.documents()[topic].metadata['title']}: {question}"
    # No program to refer to: the question before it is the context.
    previous = next((t["content"] for t in reversed(history) if t["role"] == "user"), None)
    if previous is None or not says_follow_up:
        return question
    if glossary is not None and facet_of is not None:
        # a new facet of the place the question before named (and this one names none): the place carries over;
        # the facet model runs only then
        carried = subjects_of(previous, glossary)
        if carried and not subjects_of(question, glossary) and facet_of(question) != facet_of(previous):
            return f"{' '.join(carried)}: {question}"
    if size > FOLLOW_UP_WORDS:
        return question
    # a short follow-up ("and the afternoon one?", "what about CTEC?") asks the last question again
    return f"{previous.rstrip(' ?¿!')}; {question}"
