"""The real knowledge base in knowledge/: complete, traceable, bilingual, and ready for the learned models."""

from __future__ import annotations

import re

import pytest

from cte_bot.knowledge import Document, Kind, load_facets, load_glossary, load_knowledge
from cte_bot.lexicon import detect_language
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
def documents() -> list[Document]:
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


def test_every_section_says_what_it_answers_with_example_questions(documents: list[Document]) -> None:
    """Each section names its facet and carries example questions in English and Spanish."""
    facets = load_facets(KNOWLEDGE)
    missing = []
    for document in documents:
        for section in document.body_sections():
            if section.is_spanish_summary:
                continue
            meta = document.sections.get(section.heading)
            if meta is None:
                missing.append(f"{document.id}: {section.heading}")
                continue
            assert meta.facet in facets, (document.id, section.heading)
            languages = {detect_language(q) for q in meta.questions}
            assert languages == {"en", "es"}, (document.id, section.heading, meta.questions)
    assert not missing, missing


def test_every_section_has_a_spanish_twin(documents: list[Document]) -> None:
    missing = [
        f"{d.id}: {s.heading}"
        for d in documents
        for s in d.body_sections()
        if not s.is_spanish_summary and not s.spanish
    ]
    assert not missing, missing


GRADE_WORDS = {"freshm": "9", "sophomore": "10", "junior": "11", "senior": "12"}


def test_spanish_twins_add_no_figure(documents: list[Document]) -> None:
    """A translation invents no number: every figure in a twin is in its document's English text or front
    matter (a twin may write "juniors" as "11.º grado", which the front matter's grades give)."""
    number = re.compile(r"\d+")
    for document in documents:
        english = " ".join(s.text for s in document.body_sections()) + document.model_dump_json(exclude={"body"})
        grades = {g for word, g in GRADE_WORDS.items() if word in english.lower()}
        for section in document.body_sections():
            extra = set(number.findall(section.spanish)) - set(number.findall(english)) - grades
            assert not extra, (document.id, section.heading, extra)


def test_glossary_names_the_default_district_and_every_document_district(documents: list[Document]) -> None:
    glossary = load_glossary(KNOWLEDGE)
    known = set(glossary.district_names())
    assert glossary.default_district in known
    assert {d.district for d in documents if d.district} <= known
