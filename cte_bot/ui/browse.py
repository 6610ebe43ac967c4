"""Browse every program with filters and a search, each linked to its page; compare two or three side by side.

Filters read the programs' own fields: a program whose file names no college credit is "not in our sources",
never "no". The compare table is an HTML table (readable by screen readers) whose cells wrap on a phone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, get_args

import streamlit as st

from cte_bot.chain import Bot
from cte_bot.lexicon import Lang
from cte_bot.programs import TIMES_OF_DAY, ProgramSheet, TimeOfDay
from cte_bot.ui.links import Link, link_to
from cte_bot.ui.program import key_facts, markdown_safe
from cte_bot.ui.strings import text

MAX_COMPARE = 3
Named = Literal["any", "yes", "no"]  # "no": the program's file does not name one
NAMED: tuple[Named, ...] = get_args(Named)


def centers(programs: list[ProgramSheet]) -> list[str]:
    """Each center once ("ROC/CTEC" is offered at both ROC and CTEC), in the order first seen."""
    return list(dict.fromkeys(c for p in programs for c in p.center.split("/") if c))


def _named(choice: Named, value: object) -> bool:
    return choice == "any" or (choice == "yes") == bool(value)


def filter_programs(
    programs: list[ProgramSheet],
    *,
    query: str = "",
    center: str = "",
    sector: str = "",
    time_of_day: TimeOfDay | None = None,
    college_credit: Named = "any",
    certification: Named = "any",
    internship: Named = "any",
) -> list[ProgramSheet]:
    """The programs that pass every chosen filter (an empty filter passes all)."""
    return [
        p
        for p in programs
        if (not query or p.matches(query))
        and (not center or p.offered_at(center))
        and (not sector or p.sector == sector)
        and (time_of_day is None or time_of_day in p.times_of_day)
        and _named(college_credit, p.college_credit)
        and _named(certification, p.certifications)
        and _named(internship, p.internships)
    ]


def _choice(label_key: str, options: list[str], lang: Lang, key: str, names: Callable[[str], str]) -> str:
    chosen = st.selectbox(text(label_key, lang), options, format_func=names, key=key)
    return str(chosen or "")


def _filters(programs: list[ProgramSheet], lang: Lang) -> list[ProgramSheet]:
    query = st.text_input(
        text("browse.search", lang), key="browse-search", placeholder=text("browse.search_hint", lang)
    )
    any_name = text("browse.any", lang)
    first, second = st.columns(2)  # side by side on a wide screen, stacked on a phone
    with first:
        center = _choice("browse.center", ["", *centers(programs)], lang, "browse-center", lambda c: c or any_name)
        sectors = sorted({p.sector for p in programs if p.sector})
        sector = _choice("browse.sector", ["", *sectors], lang, "browse-sector", lambda s: s or any_name)
        time = _choice(
            "browse.session",
            ["", *TIMES_OF_DAY],
            lang,
            "browse-session",
            lambda t: text(f"browse.time.{t}", lang) if t else any_name,
        )
    with second:
        named: list[str] = list(NAMED)
        credit = _choice("browse.credit", named, lang, "browse-credit", lambda n: text(f"browse.named.{n}", lang))
        certification = _choice(
            "browse.certification", named, lang, "browse-certification", lambda n: text(f"browse.named.{n}", lang)
        )
        internship = _choice(
            "browse.internship", named, lang, "browse-internship", lambda n: text(f"browse.named.{n}", lang)
        )
    return filter_programs(
        programs,
        query=query,
        center=center,
        sector=sector,
        time_of_day=next((t for t in TIMES_OF_DAY if t == time), None),
        college_credit=next((n for n in NAMED if n == credit), "any"),
        certification=next((n for n in NAMED if n == certification), "any"),
        internship=next((n for n in NAMED if n == internship), "any"),
    )


def _listing(shown: list[ProgramSheet], lang: Lang) -> None:
    st.caption(text("browse.count", lang, shown=len(shown)))
    if not shown:
        st.info(text("browse.none", lang))
        return
    rows = []
    for p in shown:
        page = link_to(program=p.id, lang=lang)
        details = " · ".join(v for v in (p.center, p.sector, p.session) if v)
        rows.append(f"- **[{p.title}]({page})** — {markdown_safe(details)}")
    st.markdown("\n".join(rows))


def compare_table(chosen: list[ProgramSheet], lang: Lang) -> dict[str, list[str]]:
    """The same key facts for each chosen program, one column each, plus its sources."""
    facts = [key_facts(p, lang) for p in chosen]
    labels = [*facts[0], text("program.sources", lang)] if facts else []
    table: dict[str, list[str]] = {text("browse.field", lang): labels}
    for program, values in zip(chosen, facts, strict=True):
        sources = ", ".join(s.label for s in program.sources)
        table[program.title] = [*values.values(), sources]
    return table


def _compare(programs: list[ProgramSheet], lang: Lang) -> None:
    st.subheader(text("browse.compare", lang))
    by_id = {p.id: p for p in programs}
    picked = st.multiselect(
        text("browse.compare_pick", lang),
        list(by_id),
        format_func=lambda program_id: by_id[program_id].title,
        max_selections=MAX_COMPARE,
        key="browse-compare",
        placeholder=text("browse.compare_placeholder", lang),
    )
    chosen = [by_id[str(p)] for p in picked if str(p) in by_id]
    if len(chosen) < 2:
        st.caption(text("browse.compare_help", lang))
        return
    st.table(compare_table(chosen, lang), hide_index=True, alt=text("browse.compare_alt", lang))
    st.markdown(" · ".join(f"[{p.title}]({link_to(program=p.id, lang=lang)})" for p in chosen))


def render(bot: Bot, link: Link) -> None:
    lang = link.lang
    programs = bot.programs()
    st.title(text("browse.title", lang))
    st.markdown(text("browse.intro", lang))
    _listing(_filters(programs, lang), lang)
    st.divider()
    _compare(programs, lang)
