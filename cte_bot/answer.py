"""The structured answer the chain returns and the UI and CLI render: a lead, supporting facts, the programs it
names, a note, and the source of every quoted fact."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["answered", "no_answer", "off_topic", "crisis", "refused"]


@dataclass(frozen=True)
class SourceRef:
    """Where a quoted fact comes from: the knowledge file and the public source it cites."""

    id: str  # document id
    title: str
    source: str  # a URL or a seed file name
    kind: str
    path: str  # the knowledge file
    label: str = ""  # a readable name for `source` when it is a file, not a web page

    @property
    def url(self) -> str | None:
        return self.source if self.source.startswith(("http://", "https://")) else None

    @property
    def readable(self) -> str:
        return self.label or self.source

    def as_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "kind": self.kind,
            "path": self.path,
            "source_label": self.readable,
        }


@dataclass(frozen=True)
class ProgramRef:
    """A program an answer names: the UI links it to its page, the CLI prints its title."""

    id: str
    title: str
    center: str


@dataclass(frozen=True)
class Quote:
    """Sentences quoted from one knowledge section, with the source they come from."""

    text: str
    source: SourceRef


@dataclass(frozen=True)
class Answer:
    status: Status
    lead: str  # answers the question that was asked, first
    facts: tuple[Quote, ...] = ()  # supporting facts, each from its own source
    programs: tuple[ProgramRef, ...] = ()
    note: str = ""  # "please confirm with your counselor", when a quoted fact is time-sensitive
    quotes: tuple[Quote, ...] = ()  # what the lead quotes, with sources
    context: str = field(default="", repr=False)  # the retrieved text it came from: the grounding check reads it
    ranking: tuple[str, ...] = ()  # document ids, best first: what evaluation scores

    @property
    def sources(self) -> list[SourceRef]:
        seen: dict[tuple[str, str], SourceRef] = {}
        for quote in (*self.quotes, *self.facts):
            seen.setdefault((quote.source.id, quote.source.source), quote.source)
        return list(seen.values())

    def render(self, name: Callable[[ProgramRef], str] = lambda p: p.title) -> str:
        """The answer as text; `name` renders each program reference (a link in the UI, a title in the CLI)."""
        lead = self.lead
        for program in self.programs:
            if program.title in lead:
                lead = lead.replace(program.title, name(program), 1)
        parts = [lead]
        if self.facts:
            parts.append("\n".join(f"- {fact.text}" for fact in self.facts))
        if self.note:
            parts.append(self.note)
        return "\n\n".join(p for p in parts if p)

    @property
    def text(self) -> str:
        return self.render()

    def as_dict(self) -> dict[str, Any]:
        return {
            "lead": self.lead,
            "facts": [{"text": f.text, "source": f.source.as_dict()} for f in self.facts],
            "programs": [{"id": p.id, "title": p.title, "center": p.center} for p in self.programs],
            "note": self.note,
        }
