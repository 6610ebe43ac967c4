"""The interest finder: quiz answers -> RIASEC letters, `Bot.find_programs` on the fixture corpus (Welding,
Culinary Arts, Veterinary Technology), and the page through AppTest (`?view=finder`), in English and Spanish."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from cte_bot.chain import Bot
from cte_bot.ui.finder import ITEMS, strongest_letters
from cte_bot.ui.strings import STRINGS

_RESULT = re.compile(r"^\*\*(\d+)\. (.+)\*\*$")


# -- quiz answers -> letters (no model) ----------------------------------------------------------------------
def test_items_are_two_per_letter_with_both_languages() -> None:
    letters = [letter for letter, _ in ITEMS]
    assert sorted(letters) == sorted("RRIIAASSEECC")
    assert all(set(STRINGS[key]) == {"en", "es"} for _, key in ITEMS)
    assert len({key for _, key in ITEMS}) == len(ITEMS)


@pytest.mark.parametrize(
    ("answers", "letters"),
    [
        ({}, ""),
        ({"finder.item.i1": 2, "finder.item.i2": 2, "finder.item.r2": 2}, "IR"),
        ({"finder.item.r1": 2, "finder.item.r2": 2, "finder.item.i1": 1}, "R"),  # a weak third letter blurs
        ({"finder.item.c1": 1, "finder.item.a1": 1}, "AC"),  # ties keep RIASEC order
        ({key: 2 for _, key in ITEMS}, "RIA"),  # at most three letters
        ({"finder.item.s1": 2, "finder.item.e1": 2, "finder.item.e2": 1}, "ES"),  # strongest first
        ({"finder.item.s1": 9, "finder.item.e1": -3}, "S"),  # out-of-scale answers are clamped
    ],
)
def test_strongest_letters(answers: dict[str, int], letters: str) -> None:
    assert strongest_letters(answers) == letters


# -- Bot.find_programs ---------------------------------------------------------------------------------------
@pytest.mark.integration
def test_find_programs_from_letters_alone(fixture_bot: Bot) -> None:
    found = fixture_bot.find_programs(riasec="IR")
    assert [m.doc_id for m in found] == ["veterinary-technology", "welding", "culinary-arts"]  # I,R > R > A,R
    assert found[0].holland > found[1].holland > 0
    assert fixture_bot.find_programs(riasec="ar")[0].doc_id == "culinary-arts"  # any case


@pytest.mark.integration
@pytest.mark.parametrize(
    ("words", "first", "why"),
    [
        ("I love cooking", "culinary-arts", "cooking"),
        ("me gustan los animales", "veterinary-technology", "animals"),  # Spanish, through the reader
        ("my daughter loves dogs", "veterinary-technology", "dogs"),  # a parent's words, read for the interests
    ],
)
def test_find_programs_from_words(fixture_bot: Bot, words: str, first: str, why: str) -> None:
    found = fixture_bot.find_programs(words)
    assert found and found[0].doc_id == first
    assert why in found[0].why


@pytest.mark.integration
def test_find_programs_words_and_letters_both_count(fixture_bot: Bot) -> None:
    words_only = fixture_bot.find_programs("I love cooking")
    both = fixture_bot.find_programs("I love cooking", "IR")
    assert [m.doc_id for m in words_only] == ["culinary-arts"]
    assert both[0].doc_id == "culinary-arts"  # the words still lead...
    assert "veterinary-technology" in [m.doc_id for m in both]  # ...and the letters bring in their program
    assert both[0].score > words_only[0].score  # culinary's R counts too


@pytest.mark.integration
@pytest.mark.parametrize(("words", "letters"), [("", ""), ("   ", ""), ("", "xyz 123")])
def test_find_programs_with_nothing_to_go_on_is_empty(fixture_bot: Bot, words: str, letters: str) -> None:
    assert fixture_bot.find_programs(words, letters) == []


@pytest.mark.integration
def test_find_programs_respects_k(fixture_bot: Bot) -> None:
    assert len(fixture_bot.find_programs(riasec="IR", k=1)) == 1


# -- the page ------------------------------------------------------------------------------------------------
@pytest.fixture
def app(app: AppTest) -> AppTest:
    """The app (tests/conftest.py) opened on the finder."""
    app.query_params["view"] = "finder"
    return app


def _submit(app: AppTest, label: str = "Show programs that fit") -> AppTest:
    return next(b for b in app.button if b.label == label).click().run()


def _results(app: AppTest) -> list[str]:
    return [m.group(2) for block in app.markdown if (m := _RESULT.match(block.value))]


@pytest.mark.integration
def test_quiz_favouring_animals_and_science_ranks_veterinary_technology(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert app.radio(key="finder.item.r1").label == "Fix or build things with tools"
    for key in ("finder.item.i1", "finder.item.i2", "finder.item.r2"):
        app.radio(key=key).set_value(2)
    _submit(app)
    assert not app.exception and not app.error
    assert _results(app)[0] == "Veterinary Technology"
    captions = [c.value for c in app.caption]
    assert "Fits your answers: Thinker (science), Doer (hands-on)" in captions  # the why, from the letters
    shown = "\n".join(m.value for m in app.markdown)
    assert "**Center:** ROC" in shown and "**College credit:** Bakersfield College credit" in shown
    assert "**Sessions:** Morning or afternoon session, 3 hours a day" in shown  # Welding's session field
    assert "(?program=veterinary-technology)" in shown
    assert "(?view=chat&q=Tell+me+about+Veterinary+Technology)" in shown


@pytest.mark.integration
def test_free_text_cooking_puts_culinary_arts_first(app: AppTest) -> None:
    app.run()
    app.text_area(key="finder.words").input("I love cooking")
    _submit(app)
    assert _results(app)[0] == "Culinary Arts"
    assert any(c.value.startswith("Matches what you like: cooking") for c in app.caption)


@pytest.mark.integration
def test_nothing_chosen_gets_a_hint_not_an_error(app: AppTest) -> None:
    app.run()
    assert not app.info  # no hint before the student has tried
    _submit(app)
    assert not app.exception and not app.error
    assert [i.value for i in app.info] == [STRINGS["finder.empty"]["en"]]
    assert not _results(app)


@pytest.mark.integration
def test_words_that_match_nothing_say_so(app: AppTest) -> None:
    app.run()
    app.text_area(key="finder.words").input("quantum chromodynamics")
    _submit(app)
    assert not app.exception and not _results(app)
    assert [i.value for i in app.info] == [STRINGS["finder.none"]["en"]]


@pytest.mark.integration
def test_a_crisis_in_the_box_gets_the_crisis_reply_not_programs(app: AppTest) -> None:
    app.run()
    app.text_area(key="finder.words").input("I don't want to be alive anymore")
    _submit(app)
    assert any("988" in w.value for w in app.warning)
    assert not _results(app)


@pytest.mark.integration
def test_spanish_link_shows_spanish_items_and_keeps_the_language(app: AppTest) -> None:
    app.query_params["lang"] = "es"
    app.run()
    assert not app.exception
    assert app.radio(key="finder.item.r1").label == "Arreglar o construir cosas con herramientas"
    assert app.radio(key="finder.item.r1").options == ["No mucho", "Un poco", "Mucho"]
    app.text_area(key="finder.words").input("me gustan los animales")
    _submit(app, "Mostrar programas para mí")
    assert _results(app)[0] == "Veterinary Technology"
    shown = "\n".join(m.value for m in app.markdown)
    assert "**Centro:** ROC" in shown
    assert "(?program=veterinary-technology&lang=es)" in shown  # the program page, still in Spanish
    assert "[Preguntar en el chat](?view=chat&lang=es&q=" in shown
