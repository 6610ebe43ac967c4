"""The knowledge-base document: one schema and one loader, shared by ingest and the bot.

A document is a Markdown file with YAML front matter under `knowledge/{programs,pathways,partners,faq}/`.
Every document names its `sources` (a seed file name or a URL). A detail that no source gives (a room,
an application date) is written as a `facts` entry with `sample: true`: the district replaces it, and
until then the bot never states it as fact.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import frontmatter  # type: ignore[import-untyped]
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from cte_bot.errors import KnowledgeError
from cte_bot.lexicon import detect_language, fold, words

FOLDERS = {"programs": "program", "pathways": "pathway", "partners": "partner", "faq": "faq"}
OVERVIEW = "Overview"  # the text before a document's first `##` heading
SPANISH_HEADINGS = ("en español", "en espanol")
_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)
_SPANISH_TWIN = re.compile(r"^###\s+en espa(?:ñ|n)ol\s*$", re.MULTILINE | re.IGNORECASE)
RIASEC = frozenset("RIASEC")
_SEED_NAME = re.compile(r"^[\w.-]+\.(txt|md|pdf)$")
_SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Kind(StrEnum):
    PROGRAM = "program"
    PATHWAY = "pathway"
    PARTNER = "partner"
    FAQ = "faq"


def _check_source(value: str) -> str:
    value = value.strip()
    if value.startswith(("https://", "http://")) or _SEED_NAME.match(value):
        return value
    raise ValueError(f"source {value!r} is neither a URL nor a seed file name")


Source = Annotated[str, Field(min_length=3)]


class Fact(BaseModel):
    """One stated detail with its own provenance: a source, or `sample: true` for placeholder data."""

    model_config = ConfigDict(extra="forbid")

    topic: str = Field(min_length=2)
    text: str = Field(min_length=3)
    source: str | None = None
    sample: bool = False
    verify: bool = False

    @field_validator("source")
    @classmethod
    def _source_shape(cls, value: str | None) -> str | None:
        return None if value is None else _check_source(value)

    @model_validator(mode="after")
    def _traceable(self) -> Fact:
        if not self.sample and not self.source:
            raise ValueError("a fact needs a `source`, or `sample: true` if it is placeholder data")
        return self


class SectionMeta(BaseModel):
    """What one `##` section answers: its facet (see knowledge/facets.yaml) and questions people ask for it.

    Example questions are embedded beside the section, so a parent's wording meets a question, not a passage.
    """

    model_config = ConfigDict(extra="forbid")

    facet: str = Field(min_length=2)
    also: list[str] = Field(default=[], description="other facets it answers: credit and certifications, say")
    questions: list[str] = Field(min_length=3, description="at least 3, in English and Spanish")
    sources: list[str] = Field(default=[], description="which of the document's sources this section comes from")
    verify: bool | None = Field(default=None, description="time-sensitive; unset: the document's `verify`")

    def facets(self) -> str:
        """The facets as chunk metadata stores them: "college_credit|certification"."""
        return "|".join(dict.fromkeys([self.facet, *self.also]))

    @field_validator("questions")
    @classmethod
    def _bilingual(cls, values: list[str]) -> list[str]:
        values = [v.strip() for v in values if v.strip()]
        if len(values) < 3:
            raise ValueError("give at least 3 example questions")
        languages = {detect_language(v) for v in values}
        if "es" not in languages:
            raise ValueError("give at least one example question in Spanish")
        if "en" not in languages:
            raise ValueError("give at least one example question in English")
        return values


class Section(BaseModel):
    """One `##` section of a document body, with its Spanish twin (a `### En español` inside it) if any."""

    heading: str
    text: str
    spanish: str = ""

    @property
    def is_spanish_summary(self) -> bool:
        return self.heading.lower() in SPANISH_HEADINGS


class Document(BaseModel):
    """A program, pathway map, partner or FAQ page, as a counselor would name it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=_SLUG)
    title: str = Field(min_length=2)
    kind: Kind
    center: str = Field(min_length=2, description="ROC, CTEC, ROC/CTEC, KHSD, or the partner's name")
    district: str | None = Field(default=None, description="a district in glossary.yaml; unset: its default")
    sector: str | None = None
    aliases: list[str] = []
    interests: list[str] = Field(default=[], description="RIASEC letters plus everyday keywords")
    careers: list[str] = []
    certifications: list[str] = []
    college_credit: str | None = None
    internships: str | None = None
    session: str | None = Field(default=None, description="session and schedule facts")
    grades: list[int] = []
    programs: list[str] = Field(default=[], description="ids of related programs (pathways, partners)")
    sources: list[Source] = Field(min_length=1)
    facts: list[Fact] = []
    verify: bool = Field(default=False, description="time-sensitive: answers add 'confirm with your counselor'")
    sections: dict[str, SectionMeta] = Field(default={}, description="per `##` heading: facet and example questions")
    body: str = Field(min_length=20)
    path: Path = Path()

    @field_validator("sources")
    @classmethod
    def _sources_shape(cls, values: list[str]) -> list[str]:
        return [_check_source(v) for v in values]

    @field_validator("grades")
    @classmethod
    def _grades_range(cls, values: list[int]) -> list[int]:
        bad = [g for g in values if not 9 <= g <= 12]
        if bad:
            raise ValueError(f"grades must be 9-12, got {bad}")
        return values

    @field_validator("interests")
    @classmethod
    def _interests_shape(cls, values: list[str]) -> list[str]:
        return [v.strip() for v in values if v.strip()]

    @model_validator(mode="after")
    def _sections_exist(self) -> Document:
        headings = {section.heading for section in self.body_sections()}
        unknown = sorted(set(self.sections) - headings)
        if unknown:
            raise ValueError(f"`sections` names headings the body does not have: {unknown}")
        uncited = sorted({s for meta in self.sections.values() for s in meta.sources} - set(self.sources))
        if uncited:
            raise ValueError(f"`sections` cite sources the document does not list: {uncited}")
        return self

    def body_sections(self) -> list[Section]:
        """The body as sections: text before the first `##` is the Overview; `### En español` is a twin."""
        body = re.sub(r"^#\s+.+\n", "", self.body.strip(), count=1)
        parts = _HEADING.split(body)
        raw = [(OVERVIEW, parts[0])] if parts[0].strip() else []
        raw += list(zip(parts[1::2], parts[2::2], strict=True))
        sections = []
        for heading, text in raw:
            english, *twin = _SPANISH_TWIN.split(text, maxsplit=1)
            if english.strip():
                sections.append(Section(heading=heading.strip(), text=english.strip(), spanish="".join(twin).strip()))
        return sections

    @property
    def riasec(self) -> str:
        return "".join(v for v in self.interests if len(v) == 1 and v in RIASEC)

    @property
    def keywords(self) -> list[str]:
        return [v for v in self.interests if not (len(v) == 1 and v in RIASEC)]


class Problem(BaseModel):
    """One reason a knowledge file is unusable, pointing at the file, line and field."""

    path: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.field}: {self.message}"


def _field_lines(text: str) -> dict[str, int]:
    """Line numbers of top-level front-matter keys, so a problem names the line to fix."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"^([A-Za-z_]\w*)\s*:", line)
        if match and match.group(1) not in lines:
            lines[match.group(1)] = number
        if number > 1 and line.strip() == "---":
            break
    return lines


def parse_file(path: Path, kind_hint: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Parse one file; return the document or the problems that stop it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(path=path, line=None, field="file", message=f"cannot read: {exc}")]
    if not text.startswith("---"):
        return None, [
            Problem(path=path, line=1, field="front matter", message="file must start with '---' YAML front matter")
        ]
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct starts (an unclosed bracket), usually the line to fix.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return None, [
            Problem(path=path, line=line, field="front matter", message=f"invalid YAML: {getattr(exc, 'problem', exc)}")
        ]
    meta: dict[str, Any] = dict(post.metadata)
    lines = _field_lines(text)
    problems: list[Problem] = []
    if kind_hint and meta.get("kind") not in (None, kind_hint):
        problems.append(
            Problem(
                path=path,
                line=lines.get("kind"),
                field="kind",
                message=f"files in this folder must have kind {kind_hint!r}",
            )
        )
    try:
        document = Document(**meta, body=post.content.strip(), path=path)
    except ValidationError as exc:
        for error in exc.errors():
            loc = [str(part) for part in error["loc"]]
            field = ".".join(loc) or "document"
            problems.append(
                Problem(path=path, line=lines.get(loc[0]) if loc else None, field=field, message=error["msg"])
            )
        return None, problems
    except TypeError as exc:
        return None, [Problem(path=path, line=1, field="front matter", message=str(exc))]
    if document.id != path.stem:
        problems.append(
            Problem(path=path, line=lines.get("id"), field="id", message=f"id must match the file name {path.stem!r}")
        )
    return (None, problems) if problems else (document, [])


def source_labels(root: Path) -> dict[str, str]:
    """Readable names for file sources, from `sources.yaml` beside the folders (optional)."""
    path = root / "sources.yaml"
    if not path.is_file():
        return {}
    try:
        labels = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path}: invalid YAML: {exc}") from exc
    if not isinstance(labels, dict):
        raise KnowledgeError(f"{path}: expected `file name: readable title` lines")
    return {str(k): str(v) for k, v in labels.items()}


class Facet(BaseModel):
    """One thing a question can ask for (knowledge/facets.yaml)."""

    model_config = ConfigDict(extra="forbid")

    description: str = Field(min_length=3)
    field: str | None = Field(default=None, description="the program front-matter field that answers it")
    says: dict[str, str] = Field(default={}, description='how an answer names it: {en: "the cost", es: "el costo"}')
    examples: list[str] = []
    topics: list[str] = Field(default=[], description="words of a fact's `topic` that mean this facet (room, shop)")

    def covers(self, name: str, topic: str) -> bool:
        """Whether a front-matter fact with this topic ("internship sites", "room") tells this facet."""
        words = set(topic.lower().split())
        return bool(words & {name, *(self.topics), *([self.field] if self.field else [])})


def offers(center_field: str, center: str) -> bool:
    """Whether a document's `center` ("ROC", "CTEC", "ROC/CTEC") names this center."""
    return center in center_field.split("/")


class _UniqueKeys(yaml.SafeLoader):
    """YAML that refuses a key written twice: a district adding `soldadura:` a second time would otherwise
    silently replace the first."""


def _mapping_without_duplicates(loader: _UniqueKeys, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"{key!r} is written twice (line {key_node.start_mark.line + 1})", key_node.start_mark
            )
        seen.add(key)
    return dict(loader.construct_mapping(node, deep=deep))


_UniqueKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def _read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeys)  # a SafeLoader subclass


def load_facets(root: Path) -> dict[str, Facet]:
    """The facets a question can ask for, with their example wordings."""
    path = root / "facets.yaml"
    try:
        raw = _read_yaml(path) or {}
        facets = {str(name): Facet(**(spec or {})) for name, spec in dict(raw["facets"]).items()}
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path}: cannot read the facets: {exc}") from exc
    unknown = {f.field for f in facets.values() if f.field} - set(Document.model_fields)
    if unknown:
        raise KnowledgeError(f"{path}: `field` names no document field: {sorted(unknown)}")
    return facets


def load_knowledge(root: Path) -> list[Document]:
    """Load every document under `root`, or raise KnowledgeError listing every bad file."""
    if not root.is_dir():
        raise KnowledgeError(f"knowledge folder not found: {root}")
    documents: list[Document] = []
    problems: list[Problem] = []
    for folder, kind in FOLDERS.items():
        for path in sorted((root / folder).glob("*.md")):
            document, found = parse_file(path, kind)
            problems.extend(found)
            if document is not None:
                documents.append(document)
    ids: dict[str, Path] = {}
    for document in documents:
        if document.id in ids:
            problems.append(
                Problem(path=document.path, line=None, field="id", message=f"duplicate id, also in {ids[document.id]}")
            )
        ids[document.id] = document.path
    facets = load_facets(root) if (root / "facets.yaml").is_file() else None
    for document in documents:
        for heading, meta in document.sections.items():
            for name in [meta.facet, *meta.also]:
                if facets is not None and name not in facets:
                    problems.append(
                        Problem(
                            path=document.path,
                            line=None,
                            field=f"sections.{heading}.{'facet' if name == meta.facet else 'also'}",
                            message=f"unknown facet {name!r}; known: {', '.join(facets)}",
                        )
                    )
        for program in document.programs:
            if program not in ids:
                problems.append(
                    Problem(path=document.path, line=None, field="programs", message=f"unknown program id {program!r}")
                )
    if problems:
        raise KnowledgeError(
            "invalid knowledge files:\n" + "\n".join(f"  {p}" for p in problems), problems=[str(p) for p in problems]
        )
    if not documents:
        raise KnowledgeError(f"no knowledge files found under {root}")
    return documents


def district_of(metadata: dict[str, Any], default: str) -> str:
    """A document's district: a file that names none belongs to the glossary's default district."""
    return str(metadata.get("district") or default)


class Glossary(BaseModel):
    """District words (knowledge/glossary.yaml): what the bot knows about a district's vocabulary beyond its files."""

    model_config = ConfigDict(extra="forbid")

    districts: dict[str, Any] = {}
    centers: dict[str, list[str]] = {}
    scopes: dict[str, list[str]] = {}
    audience: dict[str, list[str]] = {}
    riasec: dict[str, str] = {}
    shorthand: dict[str, str] = {}
    words: dict[str, list[str]] = {}

    @property
    def default_district(self) -> str:
        return str(self.districts.get("default", ""))

    def district_names(self) -> dict[str, list[str]]:
        return {k: [str(n) for n in v] for k, v in self.districts.items() if k != "default"}

    def normalize(self, text: str) -> str:
        """Folded words with texting shorthand spelled out ("wat time u start" -> "what time you start")."""
        return " ".join(self.shorthand.get(w, w) for w in words(text.replace("w/", "with ")))

    def expansions(self, text: str) -> list[str]:
        """Corpus words for the Spanish and slang words in `text` ("carros" -> "cars automotive")."""
        return [extra for w in words(text) for extra in self.words.get(w, ())]

    def named(self, text: str, table: dict[str, list[str]]) -> list[str]:
        """Keys of `table` whose names occur in `text` as whole words, in table order."""
        padded = f" {self.normalize(text)} "
        return [key for key, names in table.items() if any(f" {' '.join(words(n))} " in padded for n in names)]

    def districts_in(self, text: str) -> list[str]:
        return self.named(text, self.district_names())

    def centers_in(self, text: str) -> list[str]:
        return self.named(text, self.centers)

    def scopes_in(self, text: str) -> set[str]:
        return set(self.named(text, self.scopes))

    def without_audience(self, text: str) -> str:
        """The folded text with the phrases that say who is asking removed ("my son", "mi hija")."""
        folded = f" {fold(text)} "
        for names in self.audience.values():
            for name in sorted(names, key=len, reverse=True):
                folded = re.sub(rf"(?<![\w']){re.escape(name)}(?![\w'])", " ", folded)
        return " ".join(folded.split())

    def audience_of(self, text: str) -> str:
        found = self.named(text, self.audience)
        return found[0] if found else "student"


def load_glossary(root: Path) -> Glossary:
    path = root / "glossary.yaml"
    if not path.is_file():
        return Glossary()
    try:
        raw = _read_yaml(path) or {}
        return Glossary(**raw)
    except (yaml.YAMLError, TypeError, ValidationError) as exc:
        raise KnowledgeError(f"{path}: invalid glossary: {exc}") from exc
