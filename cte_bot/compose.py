"""Grounded answers composed only from retrieved text: the lead answers the facet that was asked.

The composer quotes whole sentences from the best-ranked unit whose facet is the one asked (hours, cost,
college credit...). When no retrieved unit addresses that facet, or the unit says the detail is not in the
sources, it says so plainly, adds the nearest useful fact and points to a counselor. It never writes a fact of
its own; the only words it adds are the frames in replies.py.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from cte_bot import lexicon
from cte_bot.answer import Answer, ProgramRef, Quote, SourceRef, Status
from cte_bot.knowledge import Facet, offers
from cte_bot.lexicon import Lang
from cte_bot.matching import ProgramMatch
from cte_bot.ranking import Ranked, Ranker, evidence_terms
from cte_bot.replies import say
from cte_bot.retrieval import Corpus, Filter, Hit, matches_filter
from cte_bot.store import StoredChunk
from cte_bot.understanding import Understanding


@dataclass(frozen=True)
class ComposeLimits:
    lead_sentences: int = 3
    facts: int = 1
    facet_sure: float = 0.35  # below this, the facet model is unsure and any facet may lead
    asked_sure: float = 0.8  # a unit whose example question is this close answers it, whatever its facet...
    facet_certain: float = 0.6  # ...unless the question certainly asks for a facet the unit does not tell
    unsure_floor: float = 0.66  # when the facet model is unsure, a lead must be this close (asked or passage)...
    unsure_facet_floor: float = 0.5  # ...or this close and of the likeliest facet, if that is at least
    unsure_facet_min: float = 0.25  # this likely ("CTEC bell schedule?" is 0.14 location: no facet at all)
    facet_min: float = 0.12  # a unit leads only if the question asks for its facet at least this likely
    lead_margin: float = 0.35  # a unit of the asked facet may replace a better-scored one within this margin
    positive_margin: float = 0.05  # ...and a unit that states the fact one that says it is unknown, within this
    gap_asked: float = 0.75  # a section saying the detail is not in our sources, whose example question is this
    gap_margin: float = 0.1  # close and this much closer than the lead's, answers instead ("starting pay for a CNA?")
    nearest: float = 0.9  # a "nearest fact" must score this much to be offered beside "I don't have that"
    fact_margin: float = 0.12  # a supporting fact scores within this of the lead
    fact_facet: float = 0.3  # ...and the question asks for its facet at least this likely
    common_program_word: float = 0.25  # a word in more than this share of program and pathway profiles is no one's own


LIMITS = ComposeLimits()

# Split after . ! ? unless the period ends an initial or an abbreviation ("501 S. Mt. Vernon Ave").
_SENTENCE = re.compile(
    r"(?<=[.!?])(?<!\s[A-Z]\.)(?<!\b(?:Mt|St|Rd|Dr|Mr|Ms|No|Jr|Sr|vs)\.)(?<!\b(?:Ave|Mrs|etc|Inc)\.)(?<!Sept\.)(?<!Asst\.)"
    r"(?<!\b[ap]\. m\.)\s+(?=[A-Z¿¡\"(0-9])"
)
# "X is not named in our sources": honest when X was asked about, noise as a related fact.
_UNKNOWN = re.compile(
    r"\b(not|no)\b[^.]{0,60}\b(in our sources|our sources)\b|\bour sources (do|does) not\b|"
    r"\bno (est[aá]n?|aparece|se indica)\b[^.]{0,40}\bnuestras fuentes\b|\bnuestras fuentes no\b",
    re.I,
)
_CLAUSE = re.compile(r";|, but | but |: ")
_TIME_FRAMES = frozenset(lexicon.terms("year years yr this next current currently now today week month ano"))
_COUNSELOR = re.compile(r"counselor|consejer", re.I)
_TIME_SENSITIVE = re.compile(
    r"\d|\b(January|February|March|April|May|June|July|August|September|October|November|December)\b", re.I
)
# A place a question comes from ("a bus from Shafter", "at Stockdale High"): an unknown name there is context,
# not what is asked about.
_PLACE = re.compile(r"\b(from|at|in|near|de|desde|en|cerca de)\s+(the\s+)?$", re.I)


def _comes_from(text: str, word: str) -> bool:
    """Whether a word names where the question comes from ("a bus from Shafter", "at dustwillow high")."""
    folded = lexicon.fold(text)
    found = re.search(rf"(?<!\w){re.escape(lexicon.fold(word))}(?!\w)", folded)
    return found is not None and bool(_PLACE.search(folded[: found.start()]))


def asked_unknown_names(question: Understanding) -> list[str]:
    """The names no knowledge file mentions that the question asks about (not where it comes from)."""
    return [n for n in question.unknown if not _comes_from(question.text, n)]


def asked_unheard_words(question: Understanding) -> list[str]:
    """The everyday words no knowledge file uses that the question asks about: for an interest question they
    are interests ("...people who want to hack computers legally"), and a place is where it comes from."""
    if question.facet == "fit":
        return []
    return [w for w in question.unheard if not _comes_from(question.text, w)]


# What a question asks for that only a specific kind of evidence can answer: a general rule per class of
# detail (a person's name, a phone number, an email, a room, a price, a date, a clock time), applied when the
# question asks for one of the facets beside it.
DETAILS: list[tuple[tuple[str, ...], re.Pattern[str], re.Pattern[str], dict[Lang, str]]] = [
    (
        ("staff", "contact"),
        re.compile(
            r"\b(names? of|name is|called)\b.{0,30}\b(teacher|instructor|principal|coordinator|counselor|chef)|"
            r"\b(teacher|instructor|principal|coordinator|counselor|chef)'?s? name\b|"
            r"\bwho is the (teacher|instructor|principal|coordinator)\b|\bnombre del? (maestr|profesor|director)"
        ),
        re.compile(r"\b(Mr|Ms|Mrs|Dr)\.? [A-Z][a-z]+"),
        {"en": "the person's name", "es": "el nombre de esa persona"},
    ),
    (
        ("contact",),
        re.compile(r"\b(phone|telephone|number to call|telefono)\b"),
        re.compile(r"\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}"),
        {"en": "a phone number", "es": "un teléfono"},
    ),
    (
        ("contact",),
        re.compile(r"\b(email|e-mail|correo)\b"),
        re.compile(r"[\w.+-]+@[\w-]+\.\w+"),
        {"en": "an email address", "es": "un correo electrónico"},
    ),
    (
        ("location",),
        # (in English a "salon" is Cosmetology's; a Spanish "salón" is a classroom only in these phrases)
        re.compile(r"\b(room|classroom number|(en )?que salon|numero de salon|salon de clases?)\b"),
        re.compile(r"\b[Rr]oom\s+[A-Z]?-?\d+"),
        {"en": "the room", "es": "el salón"},
    ),
    (
        ("cost",),
        re.compile(r"\b(how much|exactly how much|price|cuanto cuesta|cuanto cobran|precio)\b"),
        re.compile(r"\$\s?\d|\bfree\b|\bno (cost|fees?|tuition)\b|\bgratis\b|\bgratuit", re.IGNORECASE),
        {"en": "the cost", "es": "el costo"},
    ),
    (
        ("apply", "session_times", "program_length", "outcomes"),
        re.compile(
            r"\b(deadline|what date|which date|due date|exact date|until when|fecha (limite|exacta)|hasta cuando)\b|"
            r"\bwhen (does|do|is) .{0,30}\b(close|closes|open|opens|due)\b"
        ),
        re.compile(
            r"\b(January|February|March|April|May|June|July|August|September|October|November|December|"
            r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b|\d{1,2}/\d{1,2}"
        ),
        {"en": "that date", "es": "esa fecha"},
    ),
    (
        ("session_times", "daily_hours", "transport", "location", "contact"),
        re.compile(r"\b(what time|at what time|(opening|business|office) hours|a que hora|horario de atencion)\b"),
        re.compile(r"\d{1,2}:\d\d|\b\d{1,2}\s?(am|pm|a\.\s?m\.|p\.\s?m\.)", re.IGNORECASE),
        {"en": "that time", "es": "esa hora"},
    ),
]


def missing_detail(question: Understanding, evidence: str) -> dict[Lang, str] | None:
    """The specific detail the question needs and the evidence lacks (a name, a phone number...), if any."""
    folded = lexicon.fold(question.text)
    for facets, asks, found, what in DETAILS:
        if question.facet_share(list(facets)) >= 0.1 and asks.search(folded) and not found.search(evidence):
            return what
    return None


# "How many seats...?", "¿Cuántos estudiantes...?": a count is answered by a number beside the thing counted, not by
# any number ("38 programs" does not say how many computers a lab has).
_HOW_MANY = re.compile(r"\b(?:how many|cuant[oa]s)\s+(\w+(?:\s+\w+){0,2})")
_COUNT = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundreds?|thousands?|"
    r"uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|cien|mil)\b",
    re.IGNORECASE,
)


def missing_count(question: Understanding, evidence: str, expand: Callable[[str], list[str]]) -> str | None:
    """The thing a "how many" question counts, when the evidence gives no number of it."""
    match = _HOW_MANY.search(question.words)  # (shorthand spelled out: "how many ppl" counts people)
    if match is None:
        return None
    counted = list(itertools.takewhile(lambda w: w not in lexicon.STOPWORDS, match.group(1).split()))
    if not counted:
        return None
    wanted = {t for w in counted for t in lexicon.terms(" ".join([w, *expand(w)]))}
    told = any(_COUNT.search(s) and wanted & set(lexicon.terms(s)) for s in sentences(evidence))
    return None if told else counted[0]


def _only_unknown(sentence: str) -> bool:
    """Every clause of the sentence says something is not in our sources ("X is not named in our sources")."""
    clauses = [c for c in re.split(_CLAUSE, sentence) if lexicon.content_words(c)]
    return bool(clauses) and all(_UNKNOWN.search(c) for c in clauses)


# Pages about one program or one pathway: their units answer a general question only with their own words in it.
_ONE_SUBJECT = ("program", "pathway")


def body_of(chunk: StoredChunk) -> str:
    return chunk.text.split("\n", 1)[1] if "\n" in chunk.text else chunk.text


def sentences(text: str) -> list[str]:
    lines = (re.sub(r"\*\*(.+?)\*\*", r"\1", line).strip().lstrip("-*• ").strip() for line in text.splitlines())
    flat = " ".join(line for line in lines if line)
    return [s.strip() for s in _SENTENCE.split(flat) if len(s.strip()) > 2]


def source_ref(chunk: StoredChunk) -> SourceRef:
    meta = chunk.metadata
    return SourceRef(
        id=str(meta["doc_id"]),
        title=str(meta["title"]),
        source=str(meta["source"]),
        kind=str(meta["kind"]),
        path=str(meta.get("path", "")),
        label=str(meta.get("source_label", "")),
    )


def program_ref(profile: StoredChunk) -> ProgramRef:
    return ProgramRef(str(profile.metadata["doc_id"]), str(profile.metadata["title"]), str(profile.metadata["center"]))


class Composer:
    """Turns ranked units into a short answer a person would write, quoting the knowledge files."""

    def __init__(
        self, corpus: Corpus, ranker: Ranker, facets: dict[str, Facet], limits: ComposeLimits = LIMITS
    ) -> None:
        self.corpus = corpus
        self.ranker = ranker
        self.facets = facets
        self.limits = limits

    # -- words ---------------------------------------------------------------------------------------------
    def _terms(self, question: Understanding) -> set[str]:
        return set(lexicon.terms(question.lexical_query))

    def _lead_sentences(self, terms: set[str], chunk: StoredChunk) -> list[str]:
        found = sentences(body_of(chunk))
        if not found:
            return []
        if chunk.metadata.get("role") == "field":
            return found[:1]
        scores = [self.ranker.weight(terms & evidence_terms(s)) for s in found]
        first = 0
        if "|" in str(chunk.metadata.get("facet", "")):
            # A section of two facets ("College credit and certifications") answers the one asked with its own
            # sentence first: "what certs?" leads with "Certifications include...", not with the units.
            # (the program's own name is in every sentence's favour, so it does not count)
            asked = terms - set(lexicon.terms(str(chunk.metadata.get("title", ""))))
            first = max(range(len(found)), key=lambda i: (self.ranker.weight(asked & evidence_terms(found[i])), -i))
        # Otherwise sections are written answer-first, so the first sentence leads; the best others follow.
        others = sorted((i for i in range(len(found)) if i != first and scores[i] > 0), key=lambda i: (-scores[i], i))
        return [found[i] for i in [first, *sorted(others[: self.limits.lead_sentences - 1])]]

    def _says_unknown(self, question: Understanding, chunk: StoredChunk) -> str | None:
        """The unit's closest sentence to the question, when that says "X is not in our sources" and no positive
        sentence matches as well: the honest answer is then that we do not know. A sentence about another
        center than the one asked ("ROC's afternoon session..." for CTEC) answers nothing here."""
        terms = self._terms(question)
        asked = set(question.centers)
        unknown: list[tuple[float, str]] = []
        known: list[float] = []
        for sentence in sentences(body_of(chunk)):
            weight = self.ranker.weight(terms & evidence_terms(sentence))
            clauses = [c for c in re.split(_CLAUSE, sentence) if terms & evidence_terms(c)]
            if clauses and all(_UNKNOWN.search(c) for c in clauses):
                unknown.append((weight, sentence))
            else:
                named = set(self.ranker.glossary.centers_in(sentence))
                if not (asked and named and not asked & named):
                    known.append(weight)
        if not unknown:
            return None
        weight, sentence = max(unknown, key=lambda pair: pair[0])
        return sentence if weight > 0 and weight > max(known, default=0.0) else None

    # -- choosing the lead ---------------------------------------------------------------------------------
    @cached_property
    def _distinctive_words(self) -> dict[str, frozenset[str]]:
        """Each program's and pathway's own words (title, aliases, interests, careers, sector from its profile),
        without the words most of them share ("program", "students", "career")."""
        profiles = {d: p for d, p in self.corpus.documents().items() if p.metadata.get("kind") in _ONE_SUBJECT}
        words = {d: set(lexicon.terms(p.text)) for d, p in profiles.items()}
        spread = Counter(t for found in words.values() for t in found)
        common = {t for t, n in spread.items() if n > len(words) * self.limits.common_program_word}
        return {d: frozenset(found - common) for d, found in words.items()}

    def _stray(self, terms: set[str], question: Understanding, hit: Hit) -> bool:
        """A program's (or pathway's) unit for a question that names no program and none of its own words: "Who do
        I contact to enroll my daughter?" is not answered by "Pharmacy Technician is open to juniors and seniors"."""
        if question.documents or hit.meta.get("kind") not in _ONE_SUBJECT:
            return False
        return not terms & self._distinctive_words.get(hit.doc_id, frozenset())

    def _addresses(self, question: Understanding, hit: Hit) -> bool:
        """Whether a unit answers the facet asked, about the center asked (a unit about ROC only does not
        answer a question about CTEC)."""
        named = set(self.ranker.glossary.centers_in(body_of(hit.chunk)))
        if question.centers and named and not named & set(question.centers):
            return False
        if question.facets.get(question.facet, 0.0) < self.limits.facet_sure or not hit.facets:
            # unsure what is asked, or a unit that says no facet: only a close match answers, or a unit of the
            # likeliest facet that is a fair match
            close = max(hit.asked, hit.dense)
            likeliest = question.facets.get(question.facet, 0.0) >= self.limits.unsure_facet_min
            return close >= self.limits.unsure_floor or (
                likeliest and question.facet in hit.facets and close >= self.limits.unsure_facet_floor
            )
        share = question.facet_share(hit.facets)
        if hit.asked >= self.limits.asked_sure:
            # close in words is not the same question when "when can I apply?" meets "what is the pilot?"
            return share >= self.limits.facet_min or question.facets[question.facet] < self.limits.facet_certain
        return share >= self.limits.facet_min

    def _lead(self, question: Understanding, ranked: list[Ranked]) -> Ranked | None:
        # a unit of the program the question is about, or of none, before one of a program it never mentions
        # (whose boilerplate may still be the only unit that tells a general fact: "300-500 hours"), if it surely
        # tells the facet asked
        terms = self._terms(question)
        strays = [self._stray(terms, question, r.hit) for r in ranked]
        own = [r for r, stray in zip(ranked, strays, strict=True) if not stray]
        sure = [
            r
            for r, stray in zip(ranked, strays, strict=True)
            if not stray or question.facet_share(r.hit.facets) >= self.limits.facet_certain
        ]
        return self._pick_lead(question, ranked[0], own) or self._pick_lead(question, ranked[0], sure)

    def _pick_lead(self, question: Understanding, best: Ranked, allowed: list[Ranked]) -> Ranked | None:
        """The lead among `allowed`, scored against the best-ranked unit of all."""
        best_share = question.facet_share(best.hit.facets)
        for candidate in allowed:  # a unit that states the fact beats one that says it is not known, if close
            if candidate.score < best.score - self.limits.positive_margin:
                break
            if (
                question.facet_share(candidate.hit.facets) >= best_share  # ...and tells the asked facet as well
                and self._addresses(question, candidate.hit)
                and self._positive(question, candidate.hit.chunk)
            ):
                return candidate
        for candidate in allowed:
            if candidate.score < best.score - self.limits.lead_margin:
                break
            if self._addresses(question, candidate.hit):
                return candidate
        return None

    def _with_detail(
        self, question: Understanding, ranked: list[Ranked], terms: set[str]
    ) -> tuple[Ranked, list[str]] | None:
        """The best unit within the lead margin that addresses the question and gives the specific detail it asks
        for (a clock time, a date, a price...)."""
        for candidate in ranked:
            if candidate.score < ranked[0].score - self.limits.lead_margin:
                break
            if not self._addresses(question, candidate.hit):
                continue
            quoted = self._lead_sentences(terms, candidate.hit.chunk)
            if quoted and missing_detail(question, " ".join(quoted)) is None:
                return candidate, quoted
        return None

    def _asked_gap(
        self, question: Understanding, lead: Ranked | None, ranked: list[Ranked]
    ) -> tuple[StoredChunk, str] | None:
        """A section that says the asked detail is not in our sources, and whose example question is much closer
        to this one than the lead's: the detail itself is the known gap ("what's the starting pay for a CNA?"
        meets "How much do jobs pay after a program?" closer than the program's careers)."""
        floor = max(self.limits.gap_asked, (lead.hit.asked if lead else 0.0) + self.limits.gap_margin)
        for candidate in ranked:
            if candidate is lead or candidate.hit.asked < floor or candidate.doc_id in question.documents:
                continue  # (a named program's own gaps are weighed when its units lead)
            if question.facet_share(candidate.hit.facets) >= self.limits.facet_sure:
                sentence = self._says_unknown(question, candidate.hit.chunk)
                if sentence is not None:
                    return candidate.hit.chunk, sentence
        if question.plain is None or not question.documents:
            return None
        # A program's name pulls the question toward that program's own sections: "what GPA do you need for Video
        # Game Design?" is matched to the known gaps as "what GPA do you need for?" as well.
        plain = question.plain
        lead_asked = self.corpus.asked_similarity(plain, lead.hit.chunk) if lead else 0.0
        floor = max(self.limits.gap_asked, lead_asked + self.limits.gap_margin)
        unsure = question.facets.get(question.facet, 0.0) < self.limits.facet_certain
        for unit, gap in self._gaps:
            if str(unit.metadata["doc_id"]) in question.documents:
                continue
            asked = self.corpus.asked_similarity(plain, unit)
            if asked < floor:
                continue
            share = question.facet_share(str(unit.metadata.get("facet", "")).split("|"))
            if share >= self.limits.facet_sure or (
                asked >= self.limits.asked_sure and unsure and share >= self.limits.facet_min
            ):
                return unit, gap  # its example question is the one asked: its gap is the answer
        return None

    @cached_property
    def _gaps(self) -> list[tuple[StoredChunk, str]]:
        """Every FAQ section whose first sentence says a detail is not in our sources, with that sentence: the
        known gaps."""
        found = []
        for doc_id, profile in self.corpus.documents().items():
            if profile.metadata.get("kind") != "faq":  # (a program's or a pathway's gaps are about it alone)
                continue
            for unit in self.corpus.units_of(doc_id):
                first = sentences(body_of(unit))[:1]
                if unit.metadata.get("role") == "section" and first and _UNKNOWN.search(first[0]):
                    found.append((unit, first[0]))
        return found

    def _positive(self, question: Understanding, chunk: StoredChunk) -> bool:
        return self._says_unknown(question, chunk) is None

    def _subject(self, question: Understanding) -> str:
        if question.documents:
            profile = self.corpus.documents().get(question.documents[0])
            if profile is not None:
                return str(profile.metadata["title"])
        return " / ".join(question.centers)

    def _what(self, question: Understanding) -> str:
        facet = self.facets.get(question.facet)
        return (facet.says.get(question.lang) if facet else None) or say("no_answer", question.lang)

    # -- answers -------------------------------------------------------------------------------------------
    def not_found(
        self,
        question: Understanding,
        ranked: list[Ranked],
        what: str = "",
        ranking: tuple[str, ...] = (),
        missing: str = "",
    ) -> Answer:
        """ "I don't have X" (a facet of the subject, or the `missing` sentence when it is already said), the
        nearest useful fact when there is one, and the counselor."""
        lang = question.lang
        subject = self._subject(question)
        if missing:
            lead = missing
        elif what:
            lead = (
                say("missing_about", lang, what=what, subject=subject) if subject else say("missing", lang, what=what)
            )
        else:
            lead = say("no_answer", lang)
        facts: tuple[Quote, ...] = ()
        near = ranked[0] if ranked else None
        if near is not None and near.score >= self.limits.nearest and self._positive(question, near.hit.chunk):
            chunk = self._in_language(near.hit.chunk, lang)
            quoted = " ".join(self._lead_sentences(self._terms(question), chunk)[:1])
            if quoted and not _UNKNOWN.search(quoted):
                facts = (Quote(quoted, source_ref(chunk)),)
                lead = f"{lead} {say('nearest', lang)}"
        note = say("ask_counselor", lang, question.audience)
        context = near.hit.chunk.text + "\n" + self._in_language(near.hit.chunk, lang).text if near and facts else ""
        return Answer("no_answer", lead, facts=facts, note=note, context=context, ranking=ranking)

    def _in_language(self, chunk: StoredChunk, lang: Lang) -> StoredChunk:
        if lang == "es" and chunk.metadata.get("lang") != "es":
            twin = self.corpus.twin(chunk)
            if twin is not None:
                return twin
        return chunk

    def _spanish_quote(
        self, question: Understanding, chunk: StoredChunk, english: list[str]
    ) -> tuple[StoredChunk, list[str]] | None:
        """For a Spanish reader: the unit's Spanish twin, or the sentences of the document's Spanish summary
        that carry the English lead's figures or the question's words."""
        twin = self.corpus.twin(chunk)
        if twin is not None:
            return twin, self._lead_sentences(self._terms(question), twin)
        summary = next(
            (
                c
                for c in self.corpus.chunks_of(str(chunk.metadata["doc_id"]))
                if c.metadata.get("lang") == "es" and not c.metadata.get("parent")
            ),
            None,
        )
        if summary is None:
            return None
        figures = set(re.findall(r"\d+", " ".join(english)))
        words = set(lexicon.terms(question.words))
        scored = []
        for sentence in sentences(body_of(summary)):
            shared = len(figures & set(re.findall(r"\d+", sentence))) * 2 + len(words & set(lexicon.terms(sentence)))
            scored.append((shared, sentence))
        best = [s for score, s in sorted(scored, key=lambda p: -p[0]) if score >= 2][:2]
        return (summary, best) if best else None

    def compose(self, question: Understanding, ranked: list[Ranked]) -> Answer:
        lang, audience = question.lang, question.audience
        ranking = tuple(dict.fromkeys(r.doc_id for r in ranked))
        unknown = asked_unknown_names(question)
        if unknown:
            answer = self.not_found(question, [], ranking=ranking)
            return Answer("no_answer", say("unknown_name", lang, name=unknown[0]), note=answer.note, ranking=ranking)
        # "do they have lockers?": the files never speak of lockers; the nearest fact helps. An interest question's
        # unusual words are interests, not things asked about ("...people who want to hack computers legally")
        unheard = asked_unheard_words(question)
        if unheard:
            missing = say("unknown_name", lang, name=unheard[0])
            return self.not_found(question, ranked, ranking=ranking, missing=missing)
        if ranked and ranked[0].hit.meta.get("sample"):
            # the best match is placeholder data (a sample room, a sample date): never stated, so the honest
            # answer is that the files do not have it yet
            return self.not_found(question, [], self._what(question), ranking)
        ranked = [r for r in ranked if not r.hit.meta.get("sample")]
        if not ranked:
            return self.not_found(question, ranked, ranking=ranking)
        lead = self._lead(question, ranked)
        gap = self._asked_gap(question, lead, ranked)
        if gap is not None:
            return self._honest_gap(question, gap[0], gap[1], ranking)
        if lead is None:
            counted = missing_count(question, "", self.ranker.glossary.expansions)  # "how many seats...?"
            if counted is not None:
                missing = say("unknown_count", lang, name=counted)
                return self.not_found(question, ranked, ranking=ranking, missing=missing)
            return self.not_found(question, ranked, self._what(question), ranking)
        terms = self._terms(question)
        quoted = self._lead_sentences(terms, lead.hit.chunk)
        what = missing_detail(question, " ".join(quoted))
        if what is not None:
            if lead.hit.asked >= self.limits.asked_sure and quoted and _only_unknown(quoted[0]):
                # the lead's example question is this one, and it says the detail is not known: that is the answer
                # ("how much does ROC cost?" -> no tuition price is given), not another unit's figure ("no fees"
                # for dual enrollment)
                return self._honest_gap(question, lead.hit.chunk, quoted[0], ranking)
            # "Automotive's morning session: what time does it start?" -> the program's schedule field has no clock
            # time, the general session times do: another unit that addresses the question and has the detail leads
            detailed = self._with_detail(question, ranked, terms)
            if detailed is None:
                return self.not_found(question, [], what[lang], ranking)
            lead, quoted = detailed
        chunk = lead.hit.chunk
        twin = self.corpus.twin(chunk)
        evidence = " ".join([*quoted, body_of(twin) if twin else ""])
        counted = missing_count(question, evidence, self.ranker.glossary.expansions)
        if counted is not None and lead.hit.asked < self.limits.asked_sure:
            missing = say("unknown_count", lang, name=counted)
            return self.not_found(question, ranked, ranking=ranking, missing=missing)
        unknown_sentence = self._says_unknown(question, chunk)
        if unknown_sentence is not None:
            return self._honest_gap(question, chunk, unknown_sentence, ranking)
        # "Yes, the café is open to the public. Hours for these are not in our sources." answers "what are the café
        # hours?" only in part: quoted whole, but not as answered.
        # ...and an answer whose first sentence says the detail is not in our sources has not answered it, unless
        # the rest speaks to the question and no word of it is one the files never state ("Can I get certified in
        # welding?" is answered by "all offer industry certifications"; "...the FAA Part 107 license?" is not).
        gap_first = bool(quoted) and _only_unknown(quoted[0])
        partial = self._leaves_out(terms, quoted) or (
            gap_first and (not any(terms & evidence_terms(s) for s in quoted[1:]) or bool(terms - self.corpus.stated))
        )
        used = [chunk]
        if lang == "es":
            spanish = self._spanish_quote(question, chunk, quoted)
            if spanish is not None:
                chunk, quoted = spanish
                used.append(chunk)
            else:
                quoted = [say("only_english", lang), *quoted]
        text = " ".join(quoted)
        if question.unknown:
            text = f"{say('unknown_but', lang, name=question.unknown[0])} {text}"
        quotes = (Quote(" ".join(q for q in quoted if q != say("only_english", lang)), source_ref(chunk)),)
        facts = self._supporting(question, lead, ranked)
        context = "\n".join(c.text for c in used) + "\n" + "\n".join(f.text for f in facts)
        note = ""
        if partial and not _COUNSELOR.search(text):
            note = say("ask_counselor", lang, audience)
        elif (
            any(c.metadata.get("verify") for c in used)
            and _TIME_SENSITIVE.search(text + " ".join(f.text for f in facts))
            and not _COUNSELOR.search(text)
        ):
            note = say("verify", lang, audience)
        programs = tuple(
            program_ref(p)
            for p in (self.corpus.documents().get(d) for d in dict.fromkeys([lead.doc_id, *question.documents]))
            if p is not None and p.metadata.get("kind") == "program"
        )
        status: Status = "no_answer" if partial else "answered"
        return Answer(
            status, text, facts=facts, programs=programs, note=note, quotes=quotes, context=context, ranking=ranking
        )

    def _leaves_out(self, terms: set[str], quoted: list[str]) -> bool:
        """The quote says that something the question asks about is not in our sources, and nothing else in it
        tells that ("...CTEC times are not published" leaves out nothing when ROC's times answer "what time")."""
        clauses = [c for s in quoted for c in re.split(_CLAUSE, s)]
        # "Exact dates for this year are not in our sources" leaves out the dates, not the year: a time frame
        # the question names is no detail left out
        missing = {t for c in clauses if _UNKNOWN.search(c) for t in terms & evidence_terms(c)} - _TIME_FRAMES
        told = {t for c in clauses if not _UNKNOWN.search(c) for t in evidence_terms(c)}
        return bool(missing - told)

    def _honest_gap(
        self, question: Understanding, chunk: StoredChunk, sentence: str, ranking: tuple[str, ...]
    ) -> Answer:
        """The unit says the detail is not in our sources: quote that, in the reader's language, and the counselor."""
        lang = question.lang
        quoted = sentence
        shown = chunk
        if lang == "es":
            twin = self.corpus.twin(chunk)
            gap = next((s for s in sentences(body_of(twin)) if _UNKNOWN.search(s)), None) if twin else None
            if twin is not None and gap is not None:
                quoted, shown = gap, twin
        note = "" if _COUNSELOR.search(quoted) else say("ask_counselor", lang, question.audience)
        return Answer(
            "no_answer",
            quoted,
            note=note,
            quotes=(Quote(quoted, source_ref(shown)),),
            context=shown.text,
            ranking=ranking,
        )

    def _supporting(self, question: Understanding, lead: Ranked, ranked: list[Ranked]) -> tuple[Quote, ...]:
        """At most one more fact: another document's unit of the same facet, nearly as good as the lead."""
        if question.lang != "en":
            return ()
        terms = self._terms(question)
        said = set(lexicon.terms(" ".join(self._lead_sentences(terms, lead.hit.chunk))))
        facts: list[Quote] = []
        for other in ranked[1:6]:
            if len(facts) >= self.limits.facts or other.score < lead.score - self.limits.fact_margin:
                break
            if other.doc_id == lead.doc_id or question.facet_share(other.hit.facets) < self.limits.fact_facet:
                continue
            if question.documents and other.doc_id not in question.documents:
                continue
            best = self._lead_sentences(terms, other.hit.chunk)[:1]
            if not best or _UNKNOWN.search(best[0]):
                continue
            gist = set(lexicon.terms(best[0]))
            if gist and len(gist & said) / len(gist) >= 0.5:
                continue
            facts.append(Quote(best[0], source_ref(other.hit.chunk)))
        return tuple(facts)

    # -- other shapes of answer ----------------------------------------------------------------------------
    def fit(self, question: Understanding, matches: list[ProgramMatch]) -> Answer:
        """An interest question: the best program with why, one quoted sentence about it, and two more names."""
        lang = question.lang
        first = matches[0]
        profiles = self.corpus.documents()
        chunks = self.corpus.chunks_of(first.doc_id)
        about = next(
            (c for c in chunks if c.metadata.get("role") == "section" and c.metadata.get("facet") == "about"),
            None,
        ) or next((c for c in chunks if c.metadata.get("role") == "section"), None)
        lead = say("fit_lead", lang, question.audience, name=first.title, center=first.center)
        lead += say("fit_why", lang, why=", ".join(first.why)) if first.why else "."
        facts: list[Quote] = []
        used = [profiles[first.doc_id]]
        if about is not None:
            shown = self._in_language(about, lang)
            quoted = sentences(body_of(shown))[:1]
            if quoted:
                facts.append(Quote(quoted[0], source_ref(shown)))
                used.append(shown)
        programs = tuple(program_ref(profiles[m.doc_id]) for m in matches)
        if len(matches) > 1:
            more = ", ".join(f"{m.title} ({m.center})" for m in matches[1:])
            lead += f" {say('fit_more', lang)} {more}."
        used += [profiles[m.doc_id] for m in matches[1:]]
        ranking = tuple(m.doc_id for m in matches)
        quotes = tuple(Quote(m.title, source_ref(profiles[m.doc_id])) for m in matches)
        context = "\n".join(c.text for c in used)
        return Answer(
            "answered", lead, facts=tuple(facts), programs=programs, quotes=quotes, context=context, ranking=ranking
        )

    def compare(self, question: Understanding) -> Answer:
        """Two or three named programs side by side: what each is, in the files' own first sentence."""
        lang = question.lang
        profiles = self.corpus.documents()
        facts: list[Quote] = []
        used: list[StoredChunk] = []
        for doc_id in question.documents[:3]:
            sections = [c for c in self.corpus.chunks_of(doc_id) if c.metadata.get("role") == "section"]
            about = next((c for c in sections if c.metadata.get("facet") == "about"), sections[0] if sections else None)
            if about is None:
                continue
            shown = self._in_language(about, lang)
            first = sentences(body_of(shown))[:1]
            if first:
                facts.append(Quote(first[0], source_ref(shown)))
                used.append(shown)
        refs = tuple(program_ref(profiles[d]) for d in question.documents[:3] if d in profiles)
        return Answer(
            "answered",
            say("compare", lang),
            facts=tuple(facts),
            programs=refs,
            context="\n".join(c.text for c in used),
            ranking=tuple(question.documents[:3]),
        )

    def catalog(self, question: Understanding, scope: Filter | None = None) -> Answer | None:
        """ "What programs are there (at CTEC)?": every program, grouped by the center its sources name. None when
        the district asked about has no program pages ("which Pasadena high schools have academies?" is answered
        from that district's own pages)."""
        lang = question.lang
        center = question.centers[0] if len(question.centers) == 1 else None
        programs = sorted(
            (
                p
                for p in self.corpus.documents().values()
                if p.metadata.get("kind") == "program" and matches_filter(p.metadata, scope)
            ),
            key=lambda p: str(p.metadata["title"]),
        )
        if not programs:
            return None
        groups: dict[str, list[StoredChunk]] = {}
        for profile in programs:
            where = str(profile.metadata["center"])
            if center is None or offers(where, center):
                groups.setdefault(where if where in ("ROC", "CTEC") else "unconfirmed", []).append(profile)
        if not groups:
            return self.not_found(question, [])
        lines = [say("catalog", lang)]
        for where in ("ROC", "CTEC", "unconfirmed"):
            if where in groups:
                label = say("catalog_unconfirmed", lang) if where == "unconfirmed" else where
                lines.append(f"- {label}: " + ", ".join(str(p.metadata["title"]) for p in groups[where]))
        used = [p for group in groups.values() for p in group]
        refs = tuple(program_ref(p) for p in used)
        quotes = tuple(Quote(str(p.metadata["title"]), source_ref(p)) for p in used)
        return Answer(
            "answered",
            "\n".join(lines),
            programs=refs,
            note=say("verify", lang, question.audience),
            quotes=quotes,
            context="\n".join(p.text for p in used),
            ranking=tuple(r.id for r in refs),
        )
