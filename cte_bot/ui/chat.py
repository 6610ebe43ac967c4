"""The chat page: starters, history with sources, and a clear message instead of a traceback.

A counselor can share a link that points at one program, `?program=welding`: the page names the
program, offers questions about it, and follow-ups ("does it give college credit?") stay on it.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from cte_bot.chain import Bot
from cte_bot.conversation import Turn
from cte_bot.errors import CteBotError
from cte_bot.ui.links import Link
from cte_bot.ui.strings import text

STARTERS = [
    "Which program fits me if I like working with my hands?",
    "Are there morning and afternoon classes?",
    "Can students earn college credit?",
    "Do students get internships?",
    "How do I apply?",
    "¿Cuántas horas al día van los estudiantes al centro?",
]
PROGRAM_STARTERS = [
    "What do students do in {title}?",
    "Can I earn college credit or certifications in {title}?",
    "What careers can {title} lead to?",
    "Who can enroll in {title}?",
]


def _sources(sources: list[dict[str, str]]) -> None:
    if not sources:
        return
    with st.expander(f"Sources ({len(sources)})"):
        for ref in sources:
            link = ref["source"]
            shown = f"[{link}]({link})" if link.startswith("http") else ref.get("source_label", link)
            st.markdown(f"- **{ref['title']}**: `{ref['path']}`, from {shown}")


def _message(role: str, content: str, sources: list[dict[str, str]] | None = None, status: str = "") -> None:
    with st.chat_message(role):
        if status == "crisis":
            st.warning(content)
        else:
            st.markdown(content)
        _sources(sources or [])


def _focus(bot: Bot, program: str | None) -> tuple[str | None, str | None]:
    profile = bot.corpus.documents().get(program or "")
    if profile is None:
        return None, None
    return program, str(profile.metadata["title"])


def render(bot: Bot, link: Link) -> None:
    st.title(text("app.title", link.lang))
    focus, focus_title = _focus(bot, link.program)
    st.caption(
        "Ask about Career Technical Education programs, schedules, college credit, internships and how to apply. "
        "Answers come only from the district's program information, with sources; please confirm details with "
        "your counselor."
    )
    if focus_title:
        st.info(f"You're looking at **{focus_title}**. Ask anything about it, or about any other program.")

    messages: list[dict[str, Any]] = st.session_state.setdefault("messages", [])
    for message in messages:
        _message(message["role"], message["content"], message.get("sources"), message.get("status", ""))

    typed = st.chat_input("Ask about programs, schedules, college credit...")
    question = typed or st.session_state.pop("pending", None)
    if not messages and not question:
        # A starter queues its question and reruns, so the buttons are gone when the answer appears.
        starters = [s.format(title=focus_title) for s in PROGRAM_STARTERS] if focus_title else STARTERS
        st.write("Try one of these:")
        columns = st.columns(2)
        for number, starter in enumerate(starters):
            columns[number % 2].button(
                starter,
                key=f"starter-{number}",
                use_container_width=True,
                on_click=st.session_state.__setitem__,
                args=("pending", starter),
            )
    if not question:
        return

    history: list[Turn] = [
        {"role": m["role"], "content": m["content"], "sources": [s["id"] for s in m.get("sources", [])]}
        for m in messages
    ]
    _message("user", question)
    messages.append({"role": "user", "content": question})
    try:
        with st.spinner("Looking that up..."):
            result = bot.answer(question, history, focus=focus)
    except CteBotError as exc:
        st.error(exc.message)
        return
    sources = [ref.as_dict() for ref in result.sources]
    _message("assistant", result.text, sources, result.status)
    messages.append({"role": "assistant", "content": result.text, "sources": sources, "status": result.status})
