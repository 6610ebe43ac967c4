"""Split documents into section chunks with the metadata retrieval filters on.

Each chunk's text starts with a header line "<title> — <section>" so that a section retrieved alone
still says what it is about; the composer strips that line before quoting.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from cte_bot.knowledge import Document

CHUNKER_VERSION = "5"
SPANISH_HEADINGS = ("en español", "en espanol")
_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)

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


def _sections(document: Document) -> list[tuple[str, str]]:
    body = re.sub(r"^#\s+.+\n", "", document.body.strip(), count=1)
    parts = _HEADING.split(body)
    sections: list[tuple[str, str]] = []
    if parts[0].strip():
        sections.append(("Overview", parts[0].strip()))
    for heading, text in zip(parts[1::2], parts[2::2], strict=True):
        if text.strip():
            sections.append((heading.strip(), text.strip()))
    return sections


_CONNECTORS = {"de", "del", "y", "e", "la", "las", "los", "el", "en"}


def spanish_name(document: Document) -> str | None:
    """The Spanish name a section gives as "Asistente de Enfermería (Nursing Assistant)", if any."""
    marker = f"({document.title})"
    for heading, text in _sections(document):
        if heading.lower() not in SPANISH_HEADINGS or marker not in text:
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


def _key_facts(document: Document) -> str:
    """The front matter's facts as sentences that can be quoted alone: "Welding internships: ..."."""
    facts = [
        ("internships", document.internships),
        ("certifications", "; ".join(document.certifications)),
        ("college credit", document.college_credit),
        ("schedule", document.session),
        ("careers", ", ".join(document.careers)),
    ]
    return "\n".join(f"{document.title} {label}: {value.strip().rstrip('.')}." for label, value in facts if value)


def chunk_document(
    document: Document, knowledge_root_name: str = "knowledge", labels: dict[str, str] | None = None
) -> list[Chunk]:
    labels = labels or {}
    base: Metadata = {
        "doc_id": document.id,
        "kind": document.kind.value,
        "center": document.center,
        "sector": document.sector or "",
        "title": document.title,
        "source": document.sources[0],
        "source_label": labels.get(document.sources[0], document.sources[0]),
        "sources": " | ".join(document.sources),
        "path": f"{knowledge_root_name}/{document.path.parent.name}/{document.path.name}",
        "riasec": document.riasec,
        "aliases": " | ".join([*document.aliases, *filter(None, [spanish_name(document)])]),
        "keywords": " | ".join(document.keywords),
        "careers": " | ".join(document.careers),
        "verify": document.verify,
        "sample": False,
    }
    pieces: list[tuple[str, str, Metadata]] = [("Profile", _profile(document), {"lang": "en"})]
    if _key_facts(document):
        pieces.append(("Key facts", _key_facts(document), {"lang": "en"}))
    for heading, text in _sections(document):
        lang = "es" if heading.lower() in SPANISH_HEADINGS else "en"
        pieces.append((heading, text, {"lang": lang}))
    for fact in document.facts:
        extra: Metadata = {"lang": "en", "sample": fact.sample, "verify": fact.verify or document.verify}
        if fact.source:
            extra["source"] = fact.source
            extra["source_label"] = labels.get(fact.source, fact.source)
        pieces.append((f"Fact: {fact.topic}", fact.text, extra))

    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for position, (heading, text, extra) in enumerate(pieces):
        slug = _slug(heading)
        seen[slug] = seen.get(slug, 0) + 1
        chunk_id = f"{document.id}#{slug}" + (f"-{seen[slug]}" if seen[slug] > 1 else "")
        full = f"{document.title} — {heading}\n{text}"
        metadata: Metadata = {**base, **extra, "section": heading, "position": position}
        # The hash covers metadata too, so a changed center or source re-embeds nothing but still rebuilds.
        metadata["content_hash"] = hashlib.sha256((full + json.dumps(metadata, sort_keys=True)).encode()).hexdigest()[
            :16
        ]
        chunks.append(Chunk(id=chunk_id, text=full, metadata=metadata))
    return chunks


def chunk_all(documents: list[Document], labels: dict[str, str] | None = None) -> list[Chunk]:
    return [chunk for document in documents for chunk in chunk_document(document, labels=labels)]
