"""Split documents into the chunks retrieval searches, with the metadata the composer needs.

One document becomes:
- `section` chunks: each `##` section (and the Overview before the first one), quoted by the composer, and its
  Spanish twin (`### En español` inside the section) as a section chunk in Spanish;
- `field` chunks: one quotable sentence per program front-matter field ("Welding college credit: ...");
- `fact` chunks: the front matter's `facts` (sample facts are never quoted);
- `question` chunks: the example questions a section carries, pointing at that section (`parent`), so a
  parent's wording meets a question rather than a passage;
- `interest` chunks: a program's interest words, so "I play soccer and want to help injured players" meets
  "sports injuries" by meaning;
- one `profile` chunk per document: its name, aliases and interests (never quoted).

Each chunk's text starts with a header line "<title> — <section>" so a section retrieved alone still says what
it is about; the composer strips that line before quoting.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from cte_bot.knowledge import Document, Facet
from cte_bot.lexicon import detect_language

CHUNKER_VERSION = "7"
Metadata = dict[str, str | int | bool]


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str
    metadata: Metadata

    @property
    def content_hash(self) -> str:
        return str(self.metadata["content_hash"])


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48] or "section"


_CONNECTORS = {"de", "del", "y", "e", "la", "las", "los", "el", "en"}


def spanish_name(document: Document) -> str | None:
    """The Spanish name a Spanish text gives as "Asistente de Enfermería (Nursing Assistant)", if any."""
    marker = f"({document.title})"
    texts = [s.text for s in document.body_sections() if s.is_spanish_summary]
    texts += [s.spanish for s in document.body_sections()]
    for text in texts:
        if marker not in text:
            continue
        name: list[str] = []
        for word in reversed(text[: text.index(marker)].split()):
            if word[:1].isupper() or (word in _CONNECTORS and name):
                name.insert(0, word)
            else:
                break
        while name and name[0] in _CONNECTORS:
            name.pop(0)
        candidate = " ".join(name).strip(" ,.;:")
        if candidate and candidate.lower() != document.title.lower() and len(candidate.split()) <= 5:
            return candidate
    return None


def _profile(document: Document) -> str:
    """Who a document is for and what it is called: what retrieval and matching lean on (never quoted)."""
    lines = [f"{document.title} ({document.center})."]
    if document.aliases:
        lines.append(f"Also called: {', '.join(document.aliases)}.")
    if document.sector:
        lines.append(f"Sector: {document.sector}.")
    if document.keywords:
        lines.append(f"A fit for students who like: {', '.join(document.keywords)}.")
    if document.grades:
        lines.append(f"Grades: {', '.join(str(g) for g in document.grades)}.")
    return "\n".join(lines)


# A program field as a sentence that can be quoted alone, and its heading.
_FIELD_LABELS = {
    "session": "schedule",
    "college_credit": "college credit",
    "certifications": "certifications",
    "internships": "internships",
    "careers": "careers",
    "center": "center",
    "grades": "grades",
}


def _field_text(document: Document, field: str) -> str:
    value = getattr(document, field)
    if field == "grades":
        value = ", ".join(str(g) for g in value) if value else ""
    elif isinstance(value, list):
        value = ("; " if field == "certifications" else ", ").join(value)
    text = str(value or "").strip().rstrip(".")
    return f"{document.title} {_FIELD_LABELS[field]}: {text}." if text else ""


def _facets_by_field(facets: dict[str, Facet]) -> dict[str, list[str]]:
    by_field: dict[str, list[str]] = {}
    for name, facet in facets.items():
        if facet.field:
            by_field.setdefault(facet.field, []).append(name)
    return by_field


def chunk_document(
    document: Document,
    knowledge_root_name: str = "knowledge",
    labels: dict[str, str] | None = None,
    facets: dict[str, Facet] | None = None,
    default_district: str = "",
) -> list[Chunk]:
    labels = labels or {}

    def cite(sources: list[str]) -> Metadata:
        first = sources[0] if sources else document.sources[0]
        return {"source": first, "source_label": labels.get(first, first), "sources": " | ".join(sources)}

    base: Metadata = {
        "doc_id": document.id,
        "kind": document.kind.value,
        "center": document.center,
        "district": document.district or default_district,
        "sector": document.sector or "",
        "title": document.title,
        **cite(document.sources),
        "path": f"{knowledge_root_name}/{document.path.parent.name}/{document.path.name}",
        "riasec": document.riasec,
        "aliases": " | ".join([*document.aliases, *filter(None, [spanish_name(document)])]),
        "keywords": " | ".join(document.keywords),
        "careers": " | ".join(document.careers),
        "verify": document.verify,
        "sample": False,
        "facet": "",
        "parent": "",
    }
    # (heading, text, metadata) in document order; ids follow from the heading and the role.
    pieces: list[tuple[str, str, Metadata]] = [("Profile", _profile(document), {"role": "profile", "lang": "en"})]
    if document.kind.value == "program":
        for field, facet_names in _facets_by_field(facets or {}).items():
            text = _field_text(document, field)
            if text:
                heading = f"Key facts: {_FIELD_LABELS[field]}"
                pieces.append((heading, text, {"role": "field", "lang": "en", "facet": "|".join(facet_names)}))
    for section in document.body_sections():
        if section.is_spanish_summary:
            pieces.append((section.heading, section.text, {"role": "section", "lang": "es", "facet": "about"}))
            continue
        meta = document.sections.get(section.heading)
        extra: Metadata = {"role": "section", "lang": "en", "facet": meta.facets() if meta else ""}
        if meta is not None:
            extra.update(cite(meta.sources or document.sources))
            extra["verify"] = document.verify if meta.verify is None else meta.verify
        pieces.append((section.heading, section.text, extra))
        if section.spanish:
            pieces.append(
                (f"{section.heading} (es)", section.spanish, {**extra, "lang": "es", "twin": section.heading})
            )
    for fact in document.facts:
        told = "|".join(name for name, facet in (facets or {}).items() if facet.covers(name, fact.topic))
        extra = {
            "role": "fact",
            "lang": "en",
            "sample": fact.sample,
            "verify": fact.verify or document.verify,
            "facet": told,
        }
        if fact.source:
            extra.update(cite([fact.source]))
        pieces.append((f"Fact: {fact.topic}", fact.text, extra))

    chunks: list[Chunk] = []
    seen: dict[str, int] = {}

    def add(heading: str, text: str, extra: Metadata, position: int, chunk_id: str = "") -> str:
        """Store one chunk; example questions and interests (given an id) are stored as written, no header."""
        if not chunk_id:
            slug = _slug(heading)
            seen[slug] = seen.get(slug, 0) + 1
            chunk_id = f"{document.id}#{slug}" + (f"-{seen[slug]}" if seen[slug] > 1 else "")
        full = text if extra["role"] in ("question", "interest") else f"{document.title} — {heading}\n{text}"
        metadata: Metadata = {**base, **extra, "section": heading, "position": position}
        # The hash covers metadata too, so a changed center or source re-embeds nothing but still rebuilds.
        digest = hashlib.sha256((full + json.dumps(metadata, sort_keys=True)).encode()).hexdigest()
        metadata["content_hash"] = digest[:16]
        chunks.append(Chunk(id=chunk_id, text=full, metadata=metadata))
        return chunk_id

    english: dict[str, str] = {}  # section heading -> its chunk id, for Spanish twins and example questions
    for position, (heading, text, extra) in enumerate(pieces):
        if "twin" in extra:
            extra = {**extra, "parent": english[str(extra["twin"])]}
        chunk_id = add(heading, text, extra, position)
        english.setdefault(heading, chunk_id)
        meta = document.sections.get(heading) if extra.get("lang") == "en" else None
        for number, question in enumerate(meta.questions if meta else [], start=1):
            lang = detect_language(question)
            role: Metadata = {
                **{k: v for k, v in extra.items() if k in ("source", "source_label", "sources", "verify")},
                "role": "question",
                "lang": lang,
                "parent": chunk_id,
                "facet": meta.facets() if meta else "",
            }
            add(heading, question, role, position, chunk_id=f"{chunk_id}~q{number}")
    if document.kind.value == "program":
        for number, interest in enumerate(document.keywords, start=1):
            add("Interests", interest, {"role": "interest", "lang": "en"}, 0, chunk_id=f"{document.id}~i{number}")
    return chunks


def chunk_all(
    documents: list[Document],
    labels: dict[str, str] | None = None,
    facets: dict[str, Facet] | None = None,
    default_district: str = "",
) -> list[Chunk]:
    return [
        chunk
        for document in documents
        for chunk in chunk_document(document, labels=labels, facets=facets, default_district=default_district)
    ]
