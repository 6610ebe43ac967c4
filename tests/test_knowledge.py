"""The knowledge schema and loader on the fixture corpus: sections, facets, glossary and error reporting."""

from __future__ import annotations

from pathlib import Path

import pytest

from cte_bot.errors import KnowledgeError
from cte_bot.knowledge import load_facets, load_glossary, load_knowledge, parse_file
from tests.conftest import FIXTURE

GOOD = """---
id: {id}
title: Welding
kind: program
center: ROC
sources: [000_d24d9721910a9fda.txt]
---
# Welding

Welding students learn to join metal safely.
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "field", "line"),
    [
        (GOOD.format(id="welding").replace("center: ROC\n", ""), "center", None),
        (GOOD.format(id="welding").replace("kind: program", "kind: course"), "kind", 4),
        (GOOD.format(id="welding").replace("sources: [000_d24d9721910a9fda.txt]", "sources: [my uncle]"), "sources", 6),
        (GOOD.format(id="welding").replace("title: Welding", "title: [unclosed"), "front matter", 3),
        (GOOD.format(id="other"), "id", 2),
        (GOOD.format(id="welding").replace("center: ROC", "center: ROC\ngrades: [7]"), "grades", 6),
        (
            GOOD.format(id="welding").replace("center: ROC", "center: ROC\nfacts:\n  - topic: room\n    text: Room 4"),
            "facts.0",
            6,
        ),
        ("no front matter here", "front matter", 1),
    ],
)
def test_bad_files_name_the_file_field_and_line(tmp_path: Path, text: str, field: str, line: int | None) -> None:
    path = _write(tmp_path / "programs", "welding.md", text)
    document, problems = parse_file(path, "program")
    assert document is None
    assert any(p.field.startswith(field) for p in problems), problems
    if line is not None:
        assert any(p.line == line for p in problems), problems
    assert all(p.path == path for p in problems)


def test_loader_reports_every_bad_file_at_once(tmp_path: Path) -> None:
    _write(tmp_path / "programs", "welding.md", GOOD.format(id="welding"))
    _write(tmp_path / "programs", "a.md", GOOD.format(id="b"))
    _write(tmp_path / "faq", "c.md", GOOD.format(id="c"))  # kind program in faq/
    _write(
        tmp_path / "pathways",
        "p.md",
        GOOD.format(id="p")
        .replace("kind: program", "kind: pathway")
        .replace("center: ROC", "center: ROC\nprograms: [no-such-program]"),
    )
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(tmp_path)
    message = str(raised.value)
    assert "a.md" in message and "c.md" in message and "no-such-program" in message
    assert len(raised.value.problems) >= 3


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="not found"):
        load_knowledge(tmp_path / "nope")


SECTIONED = GOOD.format(id="welding").replace(
    "sources: [000_d24d9721910a9fda.txt]",
    """sources: [000_d24d9721910a9fda.txt]
sections:
  Overview:
    facet: about
    questions: [what is welding, tell me about welding, ¿Qué es soldadura?]""",
)


def test_sections_parse_with_their_spanish_twins() -> None:
    document = next(d for d in load_knowledge(FIXTURE) if d.id == "welding")
    sections = {s.heading: s for s in document.body_sections()}
    assert list(sections) == ["Overview", "Schedule", "College credit and certifications", "En español"]
    assert sections["Schedule"].text.startswith("Welding meets 3 hours")
    assert sections["Schedule"].spanish.startswith("Soldadura se reúne")
    assert "### En español" not in sections["Schedule"].text
    assert sections["En español"].is_spanish_summary
    assert document.sections["Schedule"].facet == "daily_hours"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("  Overview:\n", "  Nowhere:\n"), "document"),  # a heading the body does not have
        (
            ("questions: [what is welding, tell me about welding, ¿Qué es soldadura?]", "questions: [what is welding]"),
            "sections",
        ),
        (("¿Qué es soldadura?", "what is it"), "sections"),  # no Spanish example
        (("    facet: about\n", "    facet: about\n    sources: [https://other.example]\n"), "document"),
    ],
)
def test_bad_sections_are_reported(tmp_path: Path, change: tuple[str, str], field: str) -> None:
    path = _write(tmp_path / "programs", "welding.md", SECTIONED.replace(*change))
    document, problems = parse_file(path, "program")
    assert document is None and any(p.field.startswith(field) for p in problems), problems


def test_unknown_facet_names_the_file_and_section(fixture_copy: Path) -> None:
    path = fixture_copy / "programs" / "welding.md"
    path.write_text(path.read_text(encoding="utf-8").replace("facet: daily_hours", "facet: vibes"), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"welding.md.*sections.Schedule.facet.*vibes"):
        load_knowledge(fixture_copy)


def test_facets_and_glossary_load() -> None:
    facets = load_facets(FIXTURE)
    assert facets["college_credit"].field == "college_credit" and facets["cost"].says["es"]
    glossary = load_glossary(FIXTURE)
    assert glossary.default_district == "kern"
    assert glossary.districts_in("is PCC in Pasadena?") == ["pasadena"]
    assert glossary.centers_in("a bus to the ROC") == ["ROC"]
    assert glossary.audience_of("Mi hija quiere cocinar") == "parent"
    assert glossary.normalize("wat time u start") == "what time you start"
    assert glossary.expansions("me gusta cocinar") == ["cooking"]


def test_broken_facets_file_is_a_clear_error(fixture_copy: Path) -> None:
    (fixture_copy / "facets.yaml").write_text("facets: [oops", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"facets\.yaml"):
        load_facets(fixture_copy)


@pytest.mark.parametrize(
    ("name", "again"), [("glossary.yaml", "words:\n  soldadura: [welding]\n"), ("facets.yaml", "facets: {}\n")]
)
def test_a_key_written_twice_is_an_error_naming_it(fixture_copy: Path, name: str, again: str) -> None:
    """YAML keeps the last of two equal keys without a word; a district's second `words:` must not erase the first."""
    path = fixture_copy / name
    path.write_text(path.read_text(encoding="utf-8") + "\n" + again, encoding="utf-8")
    load = load_glossary if name == "glossary.yaml" else load_facets
    with pytest.raises(KnowledgeError, match="written twice"):
        load(fixture_copy)
