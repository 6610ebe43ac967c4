"""Thumbs up or down under an answer, an optional comment after a rating, and a thank-you.

`thumbs(...)` is called once per answer with a key unique to that answer. A rating is saved at once; changing
the thumb changes the saved rating, clearing it withdraws it, and a comment is added to the same rating. What is
saved, and what never is, is `cte_bot.feedback`'s business.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from cte_bot.config import Settings
from cte_bot.errors import CteBotError
from cte_bot.feedback import MAX_COMMENT, FeedbackStore, Rating
from cte_bot.lexicon import Lang
from cte_bot.ui.strings import text

if TYPE_CHECKING:
    from cte_bot.chain import Bot


def thumbs(
    target: Bot | Settings,
    question: str,
    answer: str,
    program: str | None,
    key: str,
    lang: Lang,
    status: str = "",
) -> None:
    """Thumbs under one answer. `key` is unique per answer and stable across reruns (e.g. the message's index);
    `program` is the program the answer is about, if any; `status` is the answer's status ("answered"...)."""
    state = st.session_state
    row_key, rated_key, sent_key = f"feedback.{key}.row", f"feedback.{key}.rated", f"feedback.{key}.sent"
    value = st.feedback("thumbs", key=f"feedback.{key}")
    rating: Rating | None = None if value is None else ("up" if value == 1 else "down")
    store = FeedbackStore(target if isinstance(target, Settings) else target.settings)
    try:
        row: int | None = state.get(row_key)
        if rating != state.get(rated_key):  # only a change is written: a rerun writes nothing
            if rating is None and row is not None:
                store.withdraw(row)
                state[row_key] = None
            elif rating is not None and row is None:
                state[row_key] = store.record(rating, question, answer, program=program or "", status=status)
            elif rating is not None and row is not None:
                store.amend(row, rating=rating)
            state[rated_key] = rating
    except CteBotError:
        st.caption(text("feedback.unavailable", lang))  # a rating is a courtesy: the answer stays usable
        return
    if rating is None:
        return
    if state.get(sent_key):
        st.caption(text("feedback.sent", lang))
        return
    st.caption(text("feedback.thanks", lang))
    with st.form(f"feedback.{key}.form", clear_on_submit=True, border=False):
        comment = st.text_input(text("feedback.comment", lang), max_chars=MAX_COMMENT, key=f"feedback.{key}.comment")
        sent = st.form_submit_button(text("feedback.send", lang))
    if sent and comment.strip() and state.get(row_key) is not None:
        try:
            store.amend(int(state[row_key]), comment=comment)
        except CteBotError:
            st.caption(text("feedback.unavailable", lang))
            return
        state[sent_key] = True
        st.caption(text("feedback.sent", lang))
