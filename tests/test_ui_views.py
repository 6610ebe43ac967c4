"""The program page, browse and compare, and the schedule view: their records (cte_bot/programs.py, read from
chunks of the fixture corpus, no model) and the pages through Streamlit's AppTest on the fixture bot."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cte_bot.config import REPO_ROOT
from cte_bot.knowledge import load_facets, load_knowledge, source_labels
from cte_bot.programs import (
    Logistics,
    ProgramSheet,
    load_logistics,
    load_programs,
    readable_sources,
)
from cte_bot.retrieval import Corpus
from cte_bot.store import StoredChunk
from cte_bot.ui.browse import compare_table, filter_programs
from cte_bot.ui.program import key_facts, sheet_html
from cte_bot.ui.schedule import session_table
from ingest.chunking import chunk_all
from tests.conftest import FIXTURE


# -- records, from the fixture's chunks (what ingest stores) -----------------------------------------------
@pytest.fixture(scope="module")
def corpus() -> Corpus:
    chunks = chunk_all(load_knowledge(FIXTURE), source_labels(FIXTURE), load_facets(FIXTURE))
    stored = [StoredChunk(c.id, c.text, dict(c.metadata)) for c in chunks]
    return Corpus(stored, [[1.0, 0.0] for _ in stored])


@pytest.fixture(scope="module")
def programs(corpus: Corpus) -> dict[str, ProgramSheet]:
    return {p.id: p for p in load_programs(corpus, readable_sources(corpus, FIXTURE))}


@pytest.fixture(scope="module")
def logistics(corpus: Corpus) -> Logistics:
    return load_logistics(corpus, readable_sources(corpus, FIXTURE))


def test_program_sheet_quotes_the_fields_and_sections_in_order(programs: dict[str, ProgramSheet]) -> None:
    assert list(programs) == ["culinary-arts", "veterinary-technology", "welding"]  # by title
    welding = programs["welding"]
    assert (welding.title, welding.center, welding.sector) == ("Welding", "ROC", "Manufacturing")
    assert welding.session == "Morning or afternoon session, 3 hours a day"
    assert welding.grades == (11, 12) and welding.careers == ("Welder", "Fabricator")
    assert welding.college_credit == "" and welding.certifications == ()  # the file names none: stays empty
    assert "Soldadura" in welding.aliases  # the Spanish name the Spanish text gives
    assert welding.path == "knowledge/programs/welding.md"
    assert [s.heading for s in welding.sections] == ["Overview", "Schedule", "College credit and certifications"]
    assert welding.spanish_summary.startswith("Soldadura (Welding) es un programa del ROC")
    assert programs["culinary-arts"].college_credit == "Bakersfield College credit"


def test_sections_carry_their_spanish_twin_sources_and_flags(programs: dict[str, ProgramSheet]) -> None:
    overview, schedule, credit = programs["welding"].sections
    assert schedule.text == "Welding meets 3 hours a day in a morning or afternoon session."  # header stripped
    assert schedule.text_in("es") == "Soldadura se reúne 3 horas al día, en sesión de mañana o de tarde."
    assert [(s.source, s.label) for s in schedule.sources] == [("newsletter.txt", "The district newsletter")]
    assert schedule.verify and schedule.confirm and not overview.confirm
    assert overview.sources[0].url == "https://example.org/welding"
    assert credit.text_in("es") == credit.text and not credit.has("es")  # no twin: English, and says so
    (room,) = programs["welding"].facts
    assert room.heading == "room" and room.sample and room.confirm


def test_times_of_day_and_search_read_the_programs_own_words(programs: dict[str, ProgramSheet]) -> None:
    welding, vet = programs["welding"], programs["veterinary-technology"]
    assert welding.times_of_day == ("morning", "afternoon") and vet.times_of_day == ()
    assert welding.matches("metal shop") and welding.matches("FABRICATOR") and not welding.matches("animals")
    assert vet.matches("animals") and vet.matches("tecnologia")  # accents folded: "Tecnología Veterinaria"


def test_filters_narrow_the_list(programs: dict[str, ProgramSheet]) -> None:
    every = list(programs.values())
    ids = lambda shown: [p.id for p in shown]  # noqa: E731
    assert ids(filter_programs(every)) == ids(every)
    assert ids(filter_programs(every, center="ROC")) == ids(every)
    assert ids(filter_programs(every, center="CTEC")) == []
    assert ids(filter_programs(every, college_credit="yes")) == ["culinary-arts"]
    assert ids(filter_programs(every, college_credit="no")) == ["veterinary-technology", "welding"]
    assert ids(filter_programs(every, time_of_day="morning")) == ["welding"]
    assert ids(filter_programs(every, query="animals", sector="Agriculture")) == ["veterinary-technology"]
    assert ids(filter_programs(every, query="animals", sector="Manufacturing")) == []


def test_compare_table_says_what_the_sources_leave_out(programs: dict[str, ProgramSheet]) -> None:
    table = compare_table([programs["welding"], programs["culinary-arts"]], "en")
    assert list(table) == ["Key fact", "Welding", "Culinary Arts"]
    row = table["Key fact"].index("College credit")
    assert table["Welding"][row] == "Not in our sources — ask your counselor"
    assert table["Culinary Arts"][row] == "Bakersfield College credit"
    assert table["Welding"][-1] == "The district newsletter, https://example.org/welding"  # its sources


def test_key_facts_in_spanish_use_spanish_labels(programs: dict[str, ProgramSheet]) -> None:
    facts = key_facts(programs["welding"], "es")
    assert facts["Sesiones"] == "Morning or afternoon session, 3 hours a day"  # quoted as the file says it
    assert facts["Crédito universitario"] == "No está en nuestras fuentes — pregunte a su consejero"


def test_logistics_are_the_faq_sections_by_topic(logistics: Logistics) -> None:
    (times, evening) = logistics.about("session_times")
    assert times.section.text.startswith("The morning session runs 7:30–10:30 am")
    assert times.section.text_in("es").startswith("La sesión de mañana es de 7:30")
    assert [s.source for s in times.section.sources] == ["https://example.org/principal"] and times.section.verify
    assert evening.section.heading == "Are there evening classes?"
    assert [a.section.heading for a in logistics.about("hours_per_year")] == ["How long do programs last?"]
    assert [a.doc_id for a in logistics.about("transport")] == ["transportation", "transportation"]
    assert logistics.about("cost") == ()  # the fixture has no cost page: the view says "not in our sources"


def test_session_table_lists_each_program_by_center(programs: dict[str, ProgramSheet]) -> None:
    table = session_table(list(programs.values()), "en")
    assert table["Program"] == ["Culinary Arts", "Veterinary Technology", "Welding"]
    assert table["Session"][2] == "Morning or afternoon session, 3 hours a day"
    assert table["Session"][0] == "Not in our sources — ask your counselor"
    assert table["Sources"][2] == "The district newsletter"


def test_printable_sheet_is_self_contained_in_each_language(programs: dict[str, ProgramSheet]) -> None:
    url = "https://cte.example.org/?program=welding"
    english = sheet_html(programs["welding"], "en", url)
    spanish = sheet_html(programs["welding"], "es", url + "&lang=es")
    assert english.startswith("<!doctype html>") and '<html lang="en">' in english and "@media print" in english
    assert "Welding meets 3 hours a day" in english and "Soldadura se reúne" not in english
    assert 'src="data:image/png;base64,' in english and 'alt="QR code that opens the Welding page"' in english
    assert '<a href="https://example.org/welding">' in english and "The district newsletter" in english
    assert "Please confirm with your counselor" in english  # the Schedule section is time-sensitive
    assert "Room W-12" not in english and "<strong>room:</strong> not confirmed" in english  # a sample fact
    schedule = '<h2>Schedule</h2><p>Welding meets 3 hours a day in a morning or afternoon session.</p>'
    assert schedule + '<p class="source">Sources: [1]</p>' in english  # the newsletter, by its number in the list
    assert '<ol class="source"><li>The district newsletter</li><li><a href="https://example.org/welding">' in english
    assert '<html lang="es">' in spanish and "Soldadura se reúne 3 horas al día" in spanish
    assert "Horario" in spanish and "Nuestras fuentes tienen esta parte solo en inglés." in spanish


def test_printable_sheet_escapes_document_text(programs: dict[str, ProgramSheet]) -> None:
    from dataclasses import replace

    sheet = replace(programs["welding"], title="Welding <script>alert(1)</script>")
    assert "<script>" not in sheet_html(sheet, "en", "?program=welding")


# -- the pages, through AppTest on the fixture bot ---------------------------------------------------------
def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def _open(app: AppTest, **params: str) -> AppTest:
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


@pytest.mark.integration
def test_program_page_shows_fields_sections_sources_qr_and_print(app: AppTest) -> None:
    _open(app, program="welding")
    assert app.title[0].value == "Welding"
    shown, captions = _markdown(app), _captions(app)
    assert "**Sessions:** Morning or afternoon session, 3 hours a day" in shown
    assert "**Careers:** Welder, Fabricator" in shown
    assert "**College credit:** Not in our sources — ask your counselor" in shown
    assert "Welding meets 3 hours a day in a morning or afternoon session." in shown
    assert "[example.org](https://example.org/welding)" in shown  # a web source: its site, linked to the page
    assert "The district newsletter" in shown  # a file source by its readable name
    assert "Please confirm with your counselor" in captions  # the Schedule section is time-sensitive
    assert "Room W-12" not in shown and "not confirmed in our sources yet" in shown  # the sample fact
    assert [c.value for c in app.code] == ["?program=welding"]  # the link to copy
    (qr,) = app.image
    assert qr.captions == ["QR code that opens the Welding page"] and qr.value
    assert [b.label for b in app.download_button] == [
        "Download the program sheet (English)",
        "Download the program sheet (Spanish)",
    ]


@pytest.mark.integration
def test_program_page_in_spanish_quotes_the_twins(app: AppTest) -> None:
    _open(app, program="welding", lang="es")
    shown = _markdown(app)
    assert "Soldadura se reúne 3 horas al día, en sesión de mañana o de tarde." in shown
    assert "Los estudiantes de Soldadura (Welding) aprenden a unir metal" in shown
    assert "Welding meets 3 hours a day" not in shown
    assert "Horario" in [h.value for h in app.subheader]
    assert "**Crédito universitario:** No está en nuestras fuentes — pregunte a su consejero" in shown
    assert [c.value for c in app.code] == ["?program=welding&lang=es"]


@pytest.mark.integration
def test_program_page_chat_stays_on_the_program(app: AppTest) -> None:
    _open(app, program="welding")
    app.chat_input[0].set_value("How many hours a day is it?").run()  # a follow-up with nothing before it
    assert not app.exception
    answers = "\n".join(
        block.value for message in app.chat_message if message.name == "assistant" for block in message.markdown
    )
    assert "[Welding](?program=welding) meets 3 hours a day" in answers  # the program name links to its page


@pytest.mark.integration
def test_an_unknown_program_link_says_so_and_shows_the_main_page(app: AppTest) -> None:
    _open(app, program="hvac")
    assert any('"hvac"' in i.value for i in app.info)
    assert app.chat_input and not app.code and not app.image  # the chat, not a program page


@pytest.mark.integration
def test_browse_filters_narrow_the_list_and_link_each_program(app: AppTest) -> None:
    _open(app, view="browse", lang="es")
    listed = _markdown(app)
    for program_id in ("welding", "culinary-arts", "veterinary-technology"):
        assert f"(?program={program_id}&lang=es)" in listed  # each row links to its page, in the same language
    app.selectbox(key="browse-session").set_value("morning").run()
    listed = _markdown(app)
    assert "(?program=welding&lang=es)" in listed and "culinary-arts" not in listed
    assert "Programas que se muestran: 1" in _captions(app)
    app.selectbox(key="browse-session").set_value("").run()
    app.text_input(key="browse-search").set_value("animals").run()
    listed = _markdown(app)
    assert "veterinary-technology" in listed and "welding" not in listed


@pytest.mark.integration
def test_browse_compares_two_programs_side_by_side(app: AppTest) -> None:
    _open(app, view="browse")
    assert not app.table
    app.multiselect(key="browse-compare").set_value(["welding", "culinary-arts"]).run()
    (table,) = app.table
    frame = table.value
    assert list(frame.columns) == ["Key fact", "Welding", "Culinary Arts"]
    credit = frame[frame["Key fact"] == "College credit"]
    assert credit["Welding"].item() == "Not in our sources — ask your counselor"
    assert credit["Culinary Arts"].item() == "Bakersfield College credit"


@pytest.mark.integration
def test_schedule_shows_session_times_with_their_source(app: AppTest) -> None:
    _open(app, view="schedule")
    shown = _markdown(app)
    assert "> The morning session runs 7:30–10:30 am and the afternoon session runs 11:45 am–2:45 pm." in shown
    assert "[example.org](https://example.org/principal)" in shown
    assert "Buses run every school day" in shown
    (table,) = app.table
    assert "Morning or afternoon session, 3 hours a day" in table.value["Session"].tolist()


@pytest.mark.integration
def test_schedule_in_spanish_quotes_the_twins(app: AppTest) -> None:
    _open(app, view="schedule", lang="es")
    shown = _markdown(app)
    assert "La sesión de mañana es de 7:30 a 10:30 a. m." in shown
    assert "The morning session runs" not in shown


def test_views_hold_no_literal_ui_text() -> None:
    """Every word a view shows comes from the strings table: no quoted English sentence in the view code."""
    import re

    for name in ("program", "browse", "schedule"):
        source = Path(REPO_ROOT / "cte_bot" / "ui" / f"{name}.py").read_text(encoding="utf-8")
        code = re.sub(r'""".*?"""', "", source, flags=re.DOTALL)
        code = "\n".join(line.split("#")[0] for line in code.splitlines())
        sentences = re.findall(r'"([A-Z][a-z]+(?: [a-z]+){2,}[^"]*)"', code)
        assert not sentences, (name, sentences)
