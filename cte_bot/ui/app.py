"""The app: read the link, pick the language and the view, and hand the shared Bot to that view.

Views live one per module (chat, finder, browse, schedule, program); each has `render(bot, link)`. The link is
checked against the live index's programs, read without the model, so the chat page (the one most people open)
is drawn before the model has loaded: it gets `load_bot` itself and loads the Bot under the drawn page.
"""

from __future__ import annotations

import streamlit as st

from cte_bot.errors import CteBotError
from cte_bot.lexicon import Lang
from cte_bot.ui import browse, chat, finder, program, schedule
from cte_bot.ui.links import VIEWS, Link, View, read_link
from cte_bot.ui.resources import live_programs, load_bot
from cte_bot.ui.strings import text

ICON = "🧭"


def _sidebar(link: Link) -> Link:
    """Language switch and navigation; both write back to the URL so a reload or a shared link keeps them."""
    lang_choice = st.sidebar.radio(
        text("app.language", link.lang), ["English", "Español"], index=1 if link.lang == "es" else 0, horizontal=True
    )
    lang: Lang = "es" if lang_choice == "Español" else "en"
    menu: list[View] = [v for v in VIEWS if v != "program"]
    current: View = link.view if link.view in menu else "chat"
    chosen = st.sidebar.radio(
        text("app.nav", lang), menu, index=menu.index(current), format_func=lambda v: text(f"nav.{v}", lang)
    )
    view: View = chosen if chosen in menu else current
    if lang != link.lang:
        st.query_params["lang"] = lang
    if view != current:  # choosing a view leaves a program page
        st.query_params.pop("program", None)
        st.query_params["view"] = view
        return Link(view=view, lang=lang)
    return Link(view=link.view, lang=lang, program=link.program, question=link.question)


def render() -> None:
    st.set_page_config(page_title=text("app.title", "en"), page_icon=ICON, layout="centered")
    try:
        programs = live_programs()
    except CteBotError as exc:
        _fail(exc)
        return
    link = read_link(st.query_params.to_dict(), set(programs))
    if link.unknown_lang:
        st.info(text("app.unknown_lang", link.lang))
    if link.unknown_program:
        st.info(text("app.unknown_program", link.lang, program=link.unknown_program))
    link = _sidebar(link)
    if link.view == "chat":
        chat.render(load_bot, link)  # the page first, then the model (the first time in this process)
    else:
        try:
            bot = load_bot()
        except CteBotError as exc:
            _fail(exc)
            return
        views = {"finder": finder, "browse": browse, "schedule": schedule, "program": program}
        views[link.view].render(bot, link)
    st.caption(text("app.footer", link.lang))


def _fail(exc: CteBotError) -> None:
    st.title(text("app.title", "en"))
    st.error(exc.message)
    st.stop()
