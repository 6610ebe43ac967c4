"""Program sheets and the parents' logistics, as typed records read from the live index.

The program page, the browse and compare table and the schedule page show these records. Every text in them is
quoted from a stored chunk (a section, a program field, a fact) with the sources that chunk cites; nothing is
added, and a field the documents leave out stays empty so the page can say "not in our sources".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from cte_bot.knowledge import OVERVIEW, offers, source_labels
from cte_bot.lexicon import Lang, fold
from cte_bot.retrieval import Corpus
from cte_bot.store import StoredChunk

# The labels ingest gives program fields in their "Key facts: <label>" chunks (ingest/chunking.py _FIELD_LABELS).
FIELD_LABELS = {
    "session": "schedule",
    "college_credit": "college credit",
    "certifications": "certifications",
    "internships": "internships",
    "grades": "grades",
}
TimeOfDay = Literal["morning", "afternoon", "evening", "full_day"]
TIMES_OF_DAY: tuple[TimeOfDay, ...] = get_args(TimeOfDay)
# How a session field names a time of day ("Morning (AM) or afternoon (PM) session", "Full school day").
_TIME_WORDS: dict[TimeOfDay, re.Pattern[str]] = {
    "morning": re.compile(r"(?i:\bmorning\b)|\bAM\b"),
    "afternoon": re.compile(r"(?i:\bafternoon\b)|\bPM\b"),
    "evening": re.compile(r"\bevening\b|\bnight\b", re.IGNORECASE),
    "full_day": re.compile(r"\bfull (?:school )?day\b", re.IGNORECASE),
}

# What parents ask about logistics, as the facets (knowledge/facets.yaml) whose FAQ sections answer it.
Topic = Literal["session_times", "daily_hours", "hours_per_year", "eligibility", "transport", "apply", "cost"]
TOPICS: tuple[Topic, ...] = get_args(Topic)
TOPIC_FACETS: dict[Topic, str] = {
    "session_times": "session_times",
    "daily_hours": "daily_hours",
    "hours_per_year": "program_length",
    "eligibility": "eligibility",
    "transport": "transport",
    "apply": "apply",
    "cost": "cost",
}


@dataclass(frozen=True)
class SourceLink:
    """One cited source: a web page (linked) or a seed file (shown by its readable name)."""

    source: str
    label: str

    @property
    def url(self) -> str | None:
        return self.source if self.source.startswith(("http://", "https://")) else None


@dataclass(frozen=True)
class SheetSection:
    """One quoted passage (a `##` section or a fact) with its Spanish twin, sources and confirm flags."""

    heading: str
    text: str  # English, as the document says it
    spanish: str  # the document's Spanish twin; "" when the document has none
    facet: str
    sources: tuple[SourceLink, ...]
    verify: bool  # time-sensitive: "please confirm with your counselor"
    sample: bool = False  # placeholder data the district has not confirmed: never stated as fact

    @property
    def confirm(self) -> bool:
        return self.verify or self.sample

    def text_in(self, lang: Lang) -> str:
        """The passage in `lang` when the document has it, else in English."""
        return self.spanish if lang == "es" and self.spanish else self.text

    def has(self, lang: Lang) -> bool:
        return lang == "en" or bool(self.spanish)


@dataclass(frozen=True)
class ProgramSheet:
    """What a counselor needs on one page about a program, all quoted from its document in the live index."""

    id: str
    title: str
    center: str
    district: str
    sector: str
    session: str  # "" when the program file names no session
    grades: tuple[int, ...]
    college_credit: str
    certifications: tuple[str, ...]
    internships: str
    careers: tuple[str, ...]
    aliases: tuple[str, ...]
    keywords: tuple[str, ...]
    riasec: str
    verify: bool
    sections: tuple[SheetSection, ...]  # the body's `##` sections, in order
    facts: tuple[SheetSection, ...]  # front-matter facts (sample ones flagged)
    spanish_summary: str  # the document's `## En español` section
    sources: tuple[SourceLink, ...]  # the document's sources, which its key facts come from
    path: str  # the knowledge file

    @property
    def times_of_day(self) -> tuple[TimeOfDay, ...]:
        """The times of day the session field names (empty when it names none)."""
        return tuple(t for t in TIMES_OF_DAY if _TIME_WORDS[t].search(self.session))

    def offered_at(self, center: str) -> bool:
        return offers(self.center, center)

    def matches(self, query: str) -> bool:
        """Whether every word of a search appears in the title, aliases, careers or interests (accents folded)."""
        haystack = fold(" ".join([self.title, *self.aliases, *self.careers, *self.keywords, self.sector]))
        return all(word in haystack for word in fold(query).split())


@dataclass(frozen=True)
class FaqAnswer:
    """One FAQ section that answers a logistics topic, and the FAQ page it is on."""

    doc_id: str
    title: str
    center: str
    path: str
    section: SheetSection


@dataclass(frozen=True)
class Logistics:
    """The FAQ sections parents read before signing up, by topic, in the documents' order."""

    topics: dict[Topic, tuple[FaqAnswer, ...]]

    def about(self, topic: Topic) -> tuple[FaqAnswer, ...]:
        return self.topics.get(topic, ())


# -- reading chunks ----------------------------------------------------------------------------------------
def _body(chunk: StoredChunk) -> str:
    """A chunk's text without the "<title> — <section>" header line ingest puts on it."""
    title = str(chunk.metadata.get("title", ""))
    first, _, rest = chunk.text.partition("\n")
    return rest.strip() if first.startswith(f"{title} — ") else chunk.text.strip()


def _split(value: object) -> tuple[str, ...]:
    return tuple(v.strip() for v in str(value or "").split("|") if v.strip())


def _sources(meta: Mapping[str, object], labels: Mapping[str, str]) -> tuple[SourceLink, ...]:
    cited = _split(meta.get("sources")) or _split(meta.get("source"))
    return tuple(SourceLink(s, labels.get(s, s)) for s in cited)


def _section(unit: StoredChunk, twin: StoredChunk | None, labels: Mapping[str, str]) -> SheetSection:
    meta = unit.metadata
    heading = str(meta.get("section", ""))
    return SheetSection(
        heading=heading.removeprefix("Fact: ") if meta.get("role") == "fact" else heading,
        text=_body(unit),
        spanish=_body(twin) if twin is not None else "",
        facet=str(meta.get("facet", "")),
        sources=_sources(meta, labels),
        verify=bool(meta.get("verify")),
        sample=bool(meta.get("sample")),
    )


def _field(unit: StoredChunk) -> tuple[str, str] | None:
    """A program field chunk ("Welding schedule: Morning or afternoon session.") as (field, value)."""
    heading = str(unit.metadata.get("section", "")).removeprefix("Key facts: ")
    field = next((f for f, label in FIELD_LABELS.items() if label == heading), None)
    if field is None:
        return None
    prefix = f"{unit.metadata.get('title', '')} {heading}: "
    body = _body(unit)
    value = body.removeprefix(prefix).strip() if body.startswith(prefix) else ""
    return field, value.removesuffix(".")


def readable_sources(corpus: Corpus, knowledge_dir: Path | None = None) -> dict[str, str]:
    """Readable names for cited files: what the live index stored, then `sources.yaml` for any it has not."""
    labels = dict(source_labels(knowledge_dir)) if knowledge_dir is not None else {}
    for chunk in corpus.chunks:
        source, label = str(chunk.metadata.get("source", "")), str(chunk.metadata.get("source_label", ""))
        if source and label and label != source:
            labels[source] = label
    return labels


def _units(corpus: Corpus, doc_id: str) -> list[StoredChunk]:
    return sorted(corpus.units_of(doc_id), key=lambda c: int(c.metadata.get("position", 0)))


def _grades(value: str) -> tuple[int, ...]:
    return tuple(int(g) for g in re.findall(r"\d+", value))


def program_sheet(corpus: Corpus, doc_id: str, labels: Mapping[str, str]) -> ProgramSheet:
    """One program's sheet from its chunks in the live index."""
    meta = corpus.documents()[doc_id].metadata
    fields: dict[str, str] = {}
    sections: list[SheetSection] = []
    facts: list[SheetSection] = []
    spanish_summary = ""
    for unit in _units(corpus, doc_id):
        role, lang = unit.metadata.get("role"), unit.metadata.get("lang")
        if role == "field":
            found = _field(unit)
            if found:
                fields[found[0]] = found[1]
        elif role == "fact":
            facts.append(_section(unit, None, labels))
        elif lang == "es":  # a Spanish section with no English parent is the document's Spanish summary
            spanish_summary = _body(unit)
        else:
            sections.append(_section(unit, corpus.twin(unit), labels))
    return ProgramSheet(
        id=doc_id,
        title=str(meta.get("title", doc_id)),
        center=str(meta.get("center", "")),
        district=str(meta.get("district", "")),
        sector=str(meta.get("sector", "")),
        session=fields.get("session", ""),
        grades=_grades(fields.get("grades", "")),
        college_credit=fields.get("college_credit", ""),
        certifications=tuple(c.strip() for c in fields.get("certifications", "").split(";") if c.strip()),
        internships=fields.get("internships", ""),
        careers=_split(meta.get("careers")),
        aliases=_split(meta.get("aliases")),
        keywords=_split(meta.get("keywords")),
        riasec=str(meta.get("riasec", "")),
        verify=bool(meta.get("verify")),
        sections=tuple(sections),
        facts=tuple(facts),
        spanish_summary=spanish_summary,
        sources=_sources(meta, labels),
        path=str(meta.get("path", "")),
    )


def load_programs(corpus: Corpus, labels: Mapping[str, str]) -> list[ProgramSheet]:
    """Every program in the live index, by title."""
    ids = [d for d, profile in corpus.documents().items() if profile.metadata.get("kind") == "program"]
    return sorted((program_sheet(corpus, d, labels) for d in ids), key=lambda p: p.title.lower())


def load_logistics(corpus: Corpus, labels: Mapping[str, str]) -> Logistics:
    """The FAQ sections that answer each logistics topic (a section answers the topic its facet names)."""
    by_facet = {facet: topic for topic, facet in TOPIC_FACETS.items()}
    found: dict[Topic, list[FaqAnswer]] = {topic: [] for topic in TOPICS}
    faqs = sorted(
        (d for d, p in corpus.documents().items() if p.metadata.get("kind") == "faq"),
        key=lambda d: str(corpus.documents()[d].metadata.get("path", d)),
    )
    for doc_id in faqs:
        meta = corpus.documents()[doc_id].metadata
        for unit in _units(corpus, doc_id):
            if unit.metadata.get("role") != "section" or unit.metadata.get("lang") != "en":
                continue
            topic = by_facet.get(str(unit.metadata.get("facet", "")))
            if topic is None:
                continue
            heading = str(unit.metadata.get("section", ""))
            if heading != OVERVIEW and any(a.section.heading == heading for a in found[topic]):
                continue  # the same question on two FAQ pages ("Do adults pay?"): the first page answers it
            answer = FaqAnswer(
                doc_id=doc_id,
                title=str(meta.get("title", doc_id)),
                center=str(meta.get("center", "")),
                path=str(meta.get("path", "")),
                section=_section(unit, corpus.twin(unit), labels),
            )
            found[topic].append(answer)
    return Logistics({topic: tuple(answers) for topic, answers in found.items()})
