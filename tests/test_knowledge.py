"""The knowledge base itself, and the schema's error reporting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cte_bot.errors import KnowledgeError
from cte_bot.knowledge import Kind, load_knowledge, parse_file
from tests.conftest import KNOWLEDGE

# Every figure in the two seeds, as written there: each must appear somewhere in knowledge/.
SEED_FIGURES = [
    "38",
    "19 comprehensive",
    "five alternative",
    "43,000",
    "three hours",
    "300",
    "500",
    "96%",
    "88%",
    "7,900",
    "$750 million",
    "March 20, 2023",
    "$850K",
    "Sept. 28, 2023",
    "May 9, 2024",
    "1985",
    "2020",
    "15 to 38",
    "800",
    "2,000",
    "97%",
    "8%",
    "941",
    "5,074",
    "81%",
    "1/3",
    "4,000",
    "April 29, 2024",
]


@pytest.fixture(scope="module")
def documents():  # type: ignore[no-untyped-def]
    return load_knowledge(KNOWLEDGE)


def test_every_kind_is_present_with_at_least_30_programs(documents) -> None:  # type: ignore[no-untyped-def]
    kinds = {kind: [d for d in documents if d.kind == kind] for kind in Kind}
    assert len(kinds[Kind.PROGRAM]) >= 30
    assert all(kinds[kind] for kind in Kind)


@pytest.mark.parametrize(
    "title",
    [
        "3D Animation",
        "Aviation",
        "Automotive Technology",
        "Ag/Diesel Mechanics",
        "Construction Trades",
        "Computer Technologies",
        "Culinary Arts",
        "Cosmetology",
        "Fire Technology",
        "Law Enforcement",
        "Fashion Merchandising",
        "Nursing Assistant",
        "Welding",
        "Sports Medicine",
        "Drone Operator",
        "Small Business Entrepreneurship",
        "Veterinary Technology",
        "Video Game Design",
        "Robotics Engineering",
    ],
)
def test_named_programs_have_documents(documents, title: str) -> None:  # type: ignore[no-untyped-def]
    assert title in {d.title for d in documents if d.kind == Kind.PROGRAM}


@pytest.mark.parametrize("figure", SEED_FIGURES)
def test_every_seed_figure_is_in_the_knowledge_base(figure: str) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in KNOWLEDGE.rglob("*.md"))
    assert figure.lower() in text.lower().replace("–", "-").replace("—", "-")


def test_every_document_is_traceable_and_has_spanish(documents) -> None:  # type: ignore[no-untyped-def]
    for document in documents:
        assert document.sources, document.id
        assert "## En español" in document.body, document.id
        for fact in document.facts:
            assert fact.source or fact.sample, (document.id, fact.topic)


def test_no_invented_contact_details(documents) -> None:  # type: ignore[no-untyped-def]
    phone = re.compile(r"\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}")
    email = re.compile(r"[\w.+-]+@[\w-]+\.\w+")
    for document in documents:
        assert not phone.search(document.body), document.id
        assert not email.search(document.body), document.id


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
