"""What a message is and what it asks: read once, before anything is looked up.

A message is embedded once. That one vector feeds the learned message model (a question about the programs,
small talk, harm, crisis...), the facet model (what the question asks for: hours, cost, college credit...)
and dense retrieval. The words give the subject: the programs, centers, districts and narrow offerings the
question names, and names the knowledge files never mention.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from cte_bot import lexicon
from cte_bot.classifier import QUESTION, Classifiers
from cte_bot.config import MAX_QUESTION_CHARS
from cte_bot.knowledge import Glossary, district_of
from cte_bot.lexicon import Lang
from cte_bot.retrieval import Corpus

# Capitalized words and acronyms, not at the start of a sentence ("Which", "Do" are capitalized for another reason).
# How far the question's meaning moves when a word the files never use is left out: at least this far, that word
# is what the question asks about ("do they have lockers?"), not slang or filler ("ngl", "tryna", "afterwards").
# Calibrated on eval/questions.jsonl and the table in tests/test_chain.py (bench: the weights printed there).
UNHEARD_WEIGHT = 0.125
# A message's sentences and clauses: a cry for help can hide in a school question ("I only eat 300 calories a
# day, will that help me pass the fitness test?"), and the whole message's vector averages it away.
_CLAUSE = re.compile(r"(?<=[.!?;:])\s+|,\s+|\s+(?:but|pero|though|aunque)\s+", re.IGNORECASE)
MAX_CLAUSES = 6
# The weight of the name-free reading in the facet probabilities (0.3 and 0.5 were tried on the tuned sets:
# 0.5 lets a bare "do they fingerprint kids?" lose its program's eligibility reading).
UNFRAMED_FACET_SHARE = 0.3
_NAME = re.compile(r"(?<![.?!¿¡]\s)(?<!^)(?<![¿¡])\b([A-Z][A-Za-z]+(?:-[A-Za-z]+)*|[A-Z]{2,})\b")


@dataclass(frozen=True)
class Understanding:
    text: str  # as typed
    words: str  # folded, shorthand spelled out, typos fixed
    lang: Lang
    audience: str  # "student" or "parent"
    vector: np.ndarray = field(repr=False, compare=False)
    message: dict[str, float] = field(default_factory=dict)  # message-kind probabilities
    clauses: tuple[dict[str, float], ...] = ()  # the same, for each clause of a message of more than one
    unframed: dict[str, float] = field(default_factory=dict)  # the same, with the programs and centers it names
    plain: np.ndarray | None = field(default=None, repr=False, compare=False)  # ...and that reading's vector
    # left out: "what in the vet tech lab can get you high" is no question about Veterinary Technology
    facets: dict[str, float] = field(default_factory=dict)  # facet probabilities
    documents: tuple[str, ...] = ()  # programs and partners the question names, longest name first
    centers: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    scopes: frozenset[str] = frozenset()
    unknown: tuple[str, ...] = ()  # names no knowledge file mentions ("AWS", "Shafter")
    unheard: tuple[str, ...] = ()  # words no knowledge file uses that carry the question ("lockers", "scrubs")
    riasec: str = ""  # Holland letters a quiz result names ("my code is Social" -> "S")
    expansions: tuple[str, ...] = ()  # glossary words for its Spanish and slang
    readable: bool = True  # at least one word the knowledge files, the glossary or everyday language know

    @property
    def facet(self) -> str:
        return max(self.facets, key=self.facets.__getitem__) if self.facets else ""

    @property
    def kind(self) -> str:
        return max(self.message, key=self.message.__getitem__) if self.message else QUESTION

    def facet_share(self, names: list[str]) -> float:
        """The probability that the question asks for any of these facets."""
        return sum(self.facets.get(n, 0.0) for n in set(names))

    @property
    def lexical_query(self) -> str:
        return " ".join([self.words, *self.expansions])


def names_in(text: str, corpus: Corpus) -> Iterator[tuple[str, str]]:
    """(name, document id) for each title or alias of a document that appears in the text: the text's own word
    sequences are looked up, so the cost does not grow with the corpus. A name's last word may be plural where
    the file's is singular, or the other way round ("a video game class" names "video games")."""
    tokens = lexicon.words(text)
    for size in range(1, corpus.longest_name + 1):
        for start in range(len(tokens) - size + 1):
            key = " ".join(tokens[start : start + size])
            number = key[:-1] if key.endswith("s") else f"{key}s"
            for doc_id in dict.fromkeys([*corpus.names.get(key, []), *corpus.names.get(number, [])]):
                yield key, doc_id


def mentioned_documents(text: str, corpus: Corpus, kinds: tuple[str, ...] = ("program", "partner")) -> list[str]:
    """Document ids whose title or an alias appears in the text, longest names first."""
    documents = corpus.documents()
    longest: dict[str, int] = {}
    for key, doc_id in names_in(text, corpus):
        if documents[doc_id].metadata.get("kind") in kinds:
            longest[doc_id] = max(longest.get(doc_id, 0), len(key))
    return [doc_id for doc_id, _ in sorted(longest.items(), key=lambda pair: (pair[1], pair[0]), reverse=True)]


def clauses_of(text: str) -> list[str]:
    """The clauses of a message of more than one, each with at least two content words (at most MAX_CLAUSES)."""
    found = [c.strip() for c in _CLAUSE.split(text[:MAX_QUESTION_CHARS])]
    found = [c for c in found if len(lexicon.content_words(c)) >= 2]
    return found[:MAX_CLAUSES] if len(found) >= 2 else []


class Reader:
    """Turns a message into an Understanding. Holds what reading needs: the corpus's words, the glossary, the
    trained classifiers and the embedding model."""

    def __init__(
        self,
        corpus: Corpus,
        glossary: Glossary,
        classifiers: Classifiers,
        embed: Callable[[str], np.ndarray],
        embed_many: Callable[[list[str]], list[np.ndarray]] | None = None,
    ) -> None:
        self.corpus = corpus
        self.glossary = glossary
        self.classifiers = classifiers
        self._embed = embed
        self._embed_many = embed_many or (lambda texts: [embed(t) for t in texts])

    def words(self, text: str) -> str:
        return self.corpus.spell(self.glossary.normalize(text))

    def read(self, text: str, vector: np.ndarray | None = None, *, screening: bool = True) -> Understanding:
        """`screening=False` for a message the safety screen has already passed (a part of it, a follow-up
        rewritten, interests for the finder): its clauses and unframed reading are not needed again."""
        lang = lexicon.detect_language(text)
        words = self.words(text)
        letters = self.riasec_letters(words)
        names = self.unknown_names(text)
        districts = self.glossary.districts_in(words)
        documents = self.named_documents(words, districts)
        centers = self.glossary.centers_in(words)
        unframed = self.unframe(text, words, documents, centers) if screening else ""
        clauses = clauses_of(text) if screening else []
        # the message (a longer one is refused; its tail says nothing), its clauses and its unframed reading, in
        # one model call
        asked = [] if vector is not None else [text[:MAX_QUESTION_CHARS]]
        vectors = self._embed_many([*asked, *clauses, *([unframed] if unframed else [])])
        if vector is None:
            vector = vectors[0]
        clause_vectors = vectors[len(asked) : len(asked) + len(clauses)]
        plain = vectors[-1] if unframed else None
        return Understanding(
            text=text,
            words=words,
            lang=lang,
            audience=self.glossary.audience_of(text),
            vector=vector,
            message=self.classifiers.message.probabilities(text, vector),
            clauses=tuple(
                self.classifiers.message.probabilities(c, v) for c, v in zip(clauses, clause_vectors, strict=True)
            ),
            unframed=self.classifiers.message.probabilities(unframed, plain) if plain is not None else {},
            plain=plain,
            facets=self._facets(text, vector, unframed, plain),
            documents=tuple(documents),
            centers=tuple(centers),
            districts=tuple(districts),
            scopes=frozenset(self.glossary.scopes_in(words)),
            unknown=tuple(names),
            unheard=tuple(self.unheard_words(text, vector, names)),
            riasec=letters,
            expansions=tuple(self.glossary.expansions(words)),
            readable=any(self.corpus.known(w) or w in self.glossary.words for w in words.split() if len(w) > 1),
        )

    def _facets(self, text: str, vector: np.ndarray, unframed: str, plain: np.ndarray | None) -> dict[str, float]:
        """What is asked, read from the message and (at a smaller weight) from it without the names it holds: a
        program's name pulls any question about it towards "what is it" ("¿Qué requisitos pide el programa de
        Asistente de Enfermería?" is about requirements)."""
        framed = self.classifiers.facet.probabilities(text, vector)
        if plain is None:
            return framed
        bare = self.classifiers.facet.probabilities(unframed, plain)
        share = UNFRAMED_FACET_SHARE
        return {facet: (1 - share) * p + share * bare.get(facet, 0.0) for facet, p in framed.items()}

    def facet_of(self, text: str) -> str:
        """What a question asks for, by the facet model alone: a follow-up is compared with the question before."""
        probabilities = self.classifiers.facet.probabilities(text, self._embed(text))
        return max(probabilities, key=probabilities.__getitem__) if probabilities else ""

    def named_documents(self, words: str, districts: list[str]) -> list[str]:
        """The programs and partners a message names, within the districts it names: in "paid summer welding
        training around Pasadena", welding is a trade asked about in Pasadena, not Kern's Welding program."""
        found = mentioned_documents(words, self.corpus)
        if not districts:
            return found
        default = self.glossary.default_district
        profiles = self.corpus.documents()
        return [d for d in found if district_of(profiles[d].metadata, default) in districts]

    def unframe(self, text: str, words: str, documents: list[str], centers: list[str]) -> str:
        """The message as typed (lowercase, no typo fixing) without the programs, partners and centers it names,
        or "" when it names none: a program's name makes any message look like a question about the program."""
        if not documents and not centers:
            return ""
        text = text[:MAX_QUESTION_CHARS]
        padded = f" {' '.join(lexicon.words(text))} "
        # names as typed, or as read ("dental assistants" names Dental Assistant once its plural is read)
        named = [key for key, doc_id in names_in(text, self.corpus) if doc_id in documents]
        named += [key for key, doc_id in names_in(words, self.corpus) if doc_id in documents]
        named += [n for c in centers for n in self.glossary.centers[c]]
        for name in sorted(set(named), key=len, reverse=True):
            plural = r"\s".join(re.escape(w) + "(?:e?s)?" for w in lexicon.words(name))
            padded = re.sub(rf"(?<=\s){plural}(?=\s)", " ", padded)
        return " ".join(padded.split())

    def riasec_letters(self, words: str) -> str:
        found = [
            self.glossary.riasec[w] for w in words.replace("social media", "").split() if w in self.glossary.riasec
        ]
        return "".join(dict.fromkeys(found))

    def unheard_words(self, text: str, vector: np.ndarray, names: list[str]) -> list[str]:
        """Everyday words no knowledge file uses (nor the glossary, nor a typo of a known word) whose absence
        changes what the question means: the files cannot answer a question about them."""
        folded = lexicon.fold(text[:MAX_QUESTION_CHARS])
        named = {lexicon.fold(n) for n in names}  # capitalized names are answered as unknown names instead
        candidates = [
            w
            for w in dict.fromkeys(lexicon.content_words(folded))
            if len(w) >= 3 and w.isalpha() and w not in named and not self._known(w)
        ]
        if not candidates:
            return []
        base = vector / (np.linalg.norm(vector) or 1.0)
        found = []
        withouts = self._embed_many([re.sub(rf"\b{re.escape(word)}\b", " ", folded) for word in candidates])
        for word, without in zip(candidates, withouts, strict=True):
            moved = 1.0 - float(base @ without) / (float(np.linalg.norm(without)) or 1.0)
            if moved >= UNHEARD_WEIGHT:
                found.append(word)
        return found

    def _known(self, word: str) -> bool:
        return self.corpus.known(word) or word in self.glossary.words or word in self.glossary.shorthand

    def unknown_names(self, text: str) -> list[str]:
        """Capitalized names and acronyms that no knowledge file mentions, even with a typo forgiven."""
        found = []
        for match in _NAME.finditer(text.strip()):
            if not self._known(lexicon.fold(match.group(1))):
                found.append(match.group(1))
        return found
