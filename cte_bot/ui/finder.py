"""The finder (`?view=finder`): a dozen quick interest questions (two per RIASEC letter) and a box for a
student's own words ("I like fixing cars and drawing", in Spanish too), ending in programs that may fit.

Each program comes with why (the interests that matched, the RIASEC letters it shares), its center, sessions,
college credit and certifications, and links to its page or to the chat. The matching is the chat's own
(`Bot.find_programs` -> `match_programs`); this page only turns answers into letters and shows the result.
Nothing here asks who the student is, and nothing entered is saved.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from cte_bot.chain import Bot
from cte_bot.lexicon import Lang
from cte_bot.matching import ProgramMatch
from cte_bot.safety import screen
from cte_bot.ui.links import Link, link_to
from cte_bot.ui.strings import text

# The quick questions as data: (RIASEC letter, strings key). Two per letter, each an everyday activity.
ITEMS: tuple[tuple[str, str], ...] = (
    ("R", "finder.item.r1"),
    ("R", "finder.item.r2"),
    ("I", "finder.item.i1"),
    ("I", "finder.item.i2"),
    ("A", "finder.item.a1"),
    ("A", "finder.item.a2"),
    ("S", "finder.item.s1"),
    ("S", "finder.item.s2"),
    ("E", "finder.item.e1"),
    ("E", "finder.item.e2"),
    ("C", "finder.item.c1"),
    ("C", "finder.item.c2"),
)
SCALE = (0, 1, 2)  # not really, a little, a lot
MAX_LETTERS = 3  # a Holland code is two or three letters; more would match everything a little
MAX_WORDS_CHARS = 300  # a few sentences about oneself; the reader's own limit is far above
RESULTS = 5
_ASKED = "finder.asked"  # session flag: the form was sent once, so results stay on a rerun (a language switch)


def strongest_letters(answers: Mapping[str, int], most: int = MAX_LETTERS) -> str:
    """Quiz answers (item key -> 0, 1 or 2) as the student's strongest RIASEC letters, strongest first.

    A letter counts when it has at least half the points of the strongest: one "a little" beside two "a lot"
    answers would only blur the match. Ties keep RIASEC order, so the same answers always give the same letters.
    """
    points: dict[str, int] = {}
    for letter, key in ITEMS:
        points[letter] = points.get(letter, 0) + max(0, min(answers.get(key, 0), max(SCALE)))
    top = max(points.values(), default=0)
    if top == 0:
        return ""
    ranked = sorted((letter for letter in points if 2 * points[letter] >= top), key=lambda c: -points[c])
    return "".join(ranked[:most])


def _markdown(value: str) -> str:
    """A quoted value as Streamlit markdown shows it literally ("$15" is money, not the start of math)."""
    return value.replace("$", "\\$")


def _letters(letters: str, lang: Lang) -> str:
    return ", ".join(text(f"finder.letter.{c}", lang) for c in letters)


def _why(match: ProgramMatch, shared: str, lang: Lang) -> str:
    """One line: the program's interests that matched the words, and the letters it shares with the quiz."""
    reasons = []
    if match.why:
        reasons.append(text("finder.why_interests", lang, interests=", ".join(match.why)))
    if shared:
        reasons.append(text("finder.why_letters", lang, letters=_letters(shared, lang)))
    return " · ".join(reasons)


def _program(bot: Bot, match: ProgramMatch, letters: str, number: int, lang: Lang) -> None:
    sheet = bot.program(match.doc_id)
    codes = sheet.riasec[:3] if sheet else ""
    shared = "".join(c for c in letters if c in codes)
    missing = text("finder.not_listed", lang)
    facts = {
        "finder.center": sheet.center if sheet else match.center,
        "finder.session": sheet.session if sheet else "",
        "finder.credit": sheet.college_credit if sheet else "",
        "finder.certifications": "; ".join(sheet.certifications) if sheet else "",
    }
    question = text("finder.ask_question", lang, title=match.title)
    with st.container(border=True):
        st.markdown(f"**{number}. {match.title}**")
        why = _why(match, shared, lang)
        if why:
            st.caption(why)
        st.markdown("\n".join(f"- **{text(k, lang)}:** {_markdown(v) if v else missing}" for k, v in facts.items()))
        st.markdown(
            f"[{text('finder.open', lang)}]({link_to(program=match.doc_id, lang=lang)}) · "
            f"[{text('finder.ask', lang)}]({link_to(view='chat', lang=lang, q=question)})"
        )


def render(bot: Bot, link: Link) -> None:
    lang = link.lang
    st.title(text("finder.title", lang))
    st.caption(text("finder.intro", lang))
    # A form: twelve choices and a box are sent together, not one rerun per click.
    with st.form("finder"):
        st.markdown(f"**{text('finder.quiz', lang)}**")
        answers = {
            key: int(
                st.radio(
                    text(key, lang),
                    SCALE,
                    format_func=lambda v: text(f"finder.scale.{v}", lang),
                    horizontal=True,
                    key=key,  # the item's strings key: stable across languages
                )
                or 0
            )
            for _, key in ITEMS
        }
        words = st.text_area(
            text("finder.free", lang),
            placeholder=text("finder.free_placeholder", lang),
            max_chars=MAX_WORDS_CHARS,
            key="finder.words",
        )
        if st.form_submit_button(text("finder.submit", lang), type="primary"):
            st.session_state[_ASKED] = True
    if not st.session_state.get(_ASKED):
        return
    letters, words = strongest_letters(answers), words.strip()
    if not letters and not words:
        st.info(text("finder.empty", lang))
        return
    if words:
        # The box takes anything a student types: a crisis or a harmful message gets the chat's reply, not programs.
        verdict = screen(bot.reader.read(words))
        if verdict is not None and verdict.status == "crisis":
            st.warning(verdict.reply)
            return
        if verdict is not None and verdict.reason in ("harmful", "injection"):
            st.info(verdict.reply)
            return
    matches = bot.find_programs(words, letters, k=RESULTS)
    if letters:
        st.caption(text("finder.your_letters", lang, letters=_letters(letters, lang)))
    if not matches:
        st.info(text("finder.none", lang))
        return
    st.subheader(text("finder.results", lang))
    for number, match in enumerate(matches, start=1):
        _program(bot, match, letters, number, lang)
