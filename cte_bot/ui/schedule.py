"""The parents' view: when classes meet, for how long, who can go, how students get there, how to apply and
what it costs, in the FAQ pages' own words (each with its source), and each program's session in a table.
"""

from __future__ import annotations

import streamlit as st

from cte_bot.chain import Bot
from cte_bot.knowledge import OVERVIEW
from cte_bot.lexicon import Lang
from cte_bot.programs import TOPICS, FaqAnswer, ProgramSheet
from cte_bot.ui.links import Link
from cte_bot.ui.program import markdown_safe, source_markdown
from cte_bot.ui.strings import text


def session_table(programs: list[ProgramSheet], lang: Lang) -> dict[str, list[str]]:
    """Each program's session and grades by center, as its file states them, with the source it cites."""
    missing = text("program.not_in_sources", lang)
    ordered = sorted(programs, key=lambda p: (p.center, p.title.lower()))
    return {
        text("schedule.col.center", lang): [p.center or missing for p in ordered],
        text("schedule.col.program", lang): [p.title for p in ordered],
        text("schedule.col.session", lang): [p.session or missing for p in ordered],
        text("schedule.col.grades", lang): [", ".join(str(g) for g in p.grades) or missing for p in ordered],
        text("program.sources", lang): [p.sources[0].label if p.sources else missing for p in ordered],
    }


def _answer(answer: FaqAnswer, lang: Lang) -> None:
    section = answer.section
    if lang == "en":  # FAQ questions are written in English; a Spanish reader gets the answer's twin alone
        st.markdown(f"**{answer.title if section.heading == OVERVIEW else section.heading}**")
    quoted = markdown_safe(section.text_in(lang)).replace("\n", "\n> ")
    st.markdown(f"> {quoted}")
    if not section.has(lang):
        st.caption(text("program.english_only", lang))
    # Plain markdown, not a caption: faded caption text would take the links below WCAG contrast.
    st.markdown(f"{text('program.sources', lang)}: {source_markdown(section.sources)} · {answer.path}")
    if section.confirm:
        st.caption(f"⚠️ {text('program.confirm', lang)}")


def render(bot: Bot, link: Link) -> None:
    lang = link.lang
    st.title(text("schedule.title", lang))
    st.markdown(text("schedule.intro", lang))
    logistics = bot.logistics()
    for topic in TOPICS:
        st.subheader(text(f"schedule.topic.{topic}", lang))
        answers = logistics.about(topic)
        if not answers:
            st.caption(text("program.not_in_sources", lang))
        for answer in answers:
            _answer(answer, lang)
    st.subheader(text("schedule.by_program", lang))
    st.caption(text("schedule.by_program_help", lang))
    st.table(session_table(bot.programs(), lang), hide_index=True, alt=text("schedule.table_alt", lang))
