"""The last gate before an answer is shown: every figure and proper name in it must appear in the
retrieved text it was built from. The composer only quotes, so it passes by construction; an LLM's
rephrasing is held to the same rule, and an answer that fails is never shown."""

from __future__ import annotations

import re

from cte_bot import lexicon

# Numbers with their units or shapes: 7:30, 96%, $750 million, 5,074, 1/3, 2024.
_FIGURE = re.compile(r"\b\d+/\d+\b|\$?\d[\d,]*(?:\.\d+)?(?::\d\d)?%?")  # "1/3" before "1"
_NAME = re.compile(r"\b([A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)+)\b")  # a name never spans lines
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
]
# Frame words the composer may add; they carry no facts.
_FRAME_ALLOWED = {"988", "911", "988lifeline.org"}


def _normalize_number(token: str) -> str:
    return token.replace(",", "").replace("$", "").rstrip(".")


def figures(text: str) -> set[str]:
    return {_normalize_number(m) for m in _FIGURE.findall(text) if any(ch.isdigit() for ch in m)}


def proper_names(text: str) -> set[str]:
    """Runs of capitalized words ("Fresno State University"), leading function words dropped ("The ...")."""
    names = set()
    for match in _NAME.findall(re.sub(r"[*_`#]", "", text)):
        words = match.split()
        while words and lexicon.fold(words[0]) in lexicon.STOPWORDS | {"yes", "yo", "at", "in", "on"}:
            words.pop(0)
        if len(words) >= 2:
            names.add(" ".join(words))
    return names


def ungrounded(answer: str, context: str) -> list[str]:
    """Figures, dates and multi-word proper names in `answer` that `context` does not contain."""
    context_figures = figures(context)
    context_folded = lexicon.fold(re.sub(r"[*_`#]", "", context))
    problems = [f for f in figures(answer) if f not in context_figures and f not in _FRAME_ALLOWED]
    problems += [n for n in proper_names(answer) if lexicon.fold(n) not in context_folded]
    answer_folded = lexicon.fold(answer)
    problems += [m for m in _MONTHS if re.search(rf"\b{m}\b", answer_folded) and m not in context_folded]
    return problems


def is_grounded(answer: str, context: str) -> bool:
    return not ungrounded(answer, context)
