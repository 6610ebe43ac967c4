"""The chat: starter questions, the conversation with sources under each answer, and suggested follow-ups.

`render(bot, link)` is the chat page. `conversation(bot, link, focus)` is the conversation alone, which a
program page embeds under the program's facts with `focus=<program id>`: questions there are read as about
that program ("how many hours a day is it?"), and each focus keeps its own conversation.

Every question, typed, clicked or arriving in a shared `?q=` link, takes the one path through `bot.answer`,
so the same safety checks apply to all of them. What a person wrote is shown as plain text, never as markdown.

`bot` may also be a loader (the app passes `resources.load_bot`): the page is drawn first and the Bot is loaded
under it, so on a fresh server the chat input takes typing while the model loads.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Literal, NotRequired, TypedDict

import streamlit as st

from cte_bot.answer import Status
from cte_bot.chain import Bot, BotAnswer
from cte_bot.config import MAX_QUESTION_CHARS
from cte_bot.conversation import Turn
from cte_bot.errors import CteBotError
from cte_bot.lexicon import Lang
from cte_bot.ui.feedback import thumbs
from cte_bot.ui.links import Link, link_to
from cte_bot.ui.strings import text

STARTERS = 6  # chat.starter.1 .. chat.starter.6 in the strings table
PROGRAM_STARTERS = 4  # chat.program_starter.1 .. 4, each naming the program
FOLLOW_UPS = 3
# The answer is ready at once; streaming it word by word only makes it easier to follow as it appears.
# The pause per word is short and the whole stream is capped, so a long answer never keeps anyone waiting.
WORD_PAUSE_S = 0.02
STREAM_BUDGET_S = 1.0
SHAREABLE: frozenset[Status] = frozenset({"answered", "no_answer"})  # no share link to a crisis or refusal


class Message(TypedDict):
    """One message of a conversation, as kept in the session."""

    role: Literal["user", "assistant"]
    content: str  # the question as written, or the answer as rendered text
    question: NotRequired[str]  # what an answer answers (its share link asks it again)
    sources: NotRequired[list[dict[str, str]]]  # SourceRef.as_dict() of each source
    status: NotRequired[str]
    follow_ups: NotRequired[list[str]]
    program: NotRequired[str]  # the program an answer is about, for feedback counts per program


# -- session state: one conversation per focus -----------------------------------------------------------
def _key(focus: str | None, part: str) -> str:
    """Session keys of one conversation: the main chat's and each program page's stay apart."""
    return f"chat:{focus or '-'}:{part}"


def _messages(focus: str | None) -> list[Message]:
    messages: list[Message] = st.session_state.setdefault(_key(focus, "messages"), [])
    return messages


def _queue(focus: str | None, question: str) -> None:
    """A clicked starter or follow-up: asked on the rerun the click starts."""
    st.session_state[_key(focus, "pending")] = question


def _start_over(focus: str | None) -> None:
    st.session_state[_key(focus, "messages")] = []
    st.session_state.pop(_key(focus, "pending"), None)
    st.query_params.pop("q", None)  # the link's question was asked; starting over should not ask it again


def _linked_question(link: Link, focus: str | None, messages: list[Message]) -> str | None:
    """A `?q=` link's question, once: when the conversation is empty and this link has not been asked yet."""
    asked_key = _key(focus, "linked")
    if not link.question or messages or st.session_state.get(asked_key) == link.question:
        return None
    st.session_state[asked_key] = link.question
    return link.question


# -- pieces of the page -----------------------------------------------------------------------------------
def stream_words(content: str, budget_s: float | None = None) -> Iterator[str]:
    """The answer word by word (each piece keeps its spacing, so the pieces join back to `content` exactly)."""
    pieces = re.findall(r"\s*\S+\s*", content) or [content]
    budget = STREAM_BUDGET_S if budget_s is None else budget_s
    pause = min(WORD_PAUSE_S, budget / len(pieces))
    for piece in pieces:
        yield piece
        if pause > 0:
            time.sleep(pause)


def _sources(sources: list[dict[str, str]], lang: Lang) -> None:
    if not sources:
        return
    with st.expander(text("chat.sources", lang, count=len(sources))):
        lines = []
        for ref in sources:
            where = ref["source"]
            shown = f"[{ref['source_label']}]({where})" if where.startswith(("http://", "https://")) else where
            lines.append(f"- **{ref['title']}**: {shown} ({text('chat.file', lang)} `{ref['path']}`)")
        st.markdown("\n".join(lines))


def _share(question: str, focus: str | None, lang: Lang) -> None:
    """The question as a link a counselor can paste anywhere; the code block has a copy button."""
    base = st.context.url or ""
    with st.expander(text("chat.share", lang)):
        st.caption(text("chat.share_help", lang))
        st.code(link_to(base, program=focus, lang=lang, q=question), language=None, wrap_lines=True)


def _controls(message: Message, index: int, focus: str | None, lang: Lang) -> None:
    """Under the latest answer: follow-up questions, its share link, and starting over."""
    follow_ups = message.get("follow_ups", [])
    if follow_ups:
        st.caption(text("chat.follow_ups", lang))
        for number, question in enumerate(follow_ups):
            st.button(
                question,
                key=_key(focus, f"follow-up-{index}-{number}"),
                width="stretch",
                on_click=_queue,
                args=(focus, question),
            )
    if message.get("status") in SHAREABLE and message.get("question"):
        _share(message.get("question", ""), focus, lang)
    st.button(
        text("chat.start_over", lang),
        key=_key(focus, "start-over"),
        icon=":material/restart_alt:",
        type="tertiary",
        on_click=_start_over,
        args=(focus,),
    )


def _rate(get: Callable[[], Bot], message: Message, index: int, focus: str | None, lang: Lang) -> None:
    """Thumbs up or down (and a comment) under an answer a counselor can learn from; not under crisis replies."""
    if message["role"] == "assistant" and message.get("status") in SHAREABLE:
        question = message.get("question", "")
        program = message.get("program") or None
        status = message.get("status", "")
        thumbs(get(), question, message["content"], program, _key(focus, f"rate-{index}"), lang, status)


def _show(message: Message, lang: Lang) -> None:
    """One past message. A person's words are plain text: a link's `![..](..)` or `<b>` shows as written."""
    with st.chat_message(message["role"]):
        if message["role"] == "user":
            st.text(message["content"])
        elif message.get("status") == "crisis":
            st.warning(message["content"])  # help lines first, impossible to miss
        else:
            st.markdown(message["content"])
        _sources(message.get("sources", []), lang)


def _starters(focus: str | None, title: str | None, lang: Lang) -> None:
    """Questions to begin with; a click queues its question, so the buttons are gone when the answer appears."""
    if title:
        starters = [text(f"chat.program_starter.{n}", lang, title=title) for n in range(1, PROGRAM_STARTERS + 1)]
    else:
        starters = [text(f"chat.starter.{n}", lang) for n in range(1, STARTERS + 1)]
    st.write(text("chat.try", lang))
    columns = st.columns(2)  # two per row on a wide screen; Streamlit stacks them on a phone
    for number, starter in enumerate(starters):
        columns[number % 2].button(
            starter, key=_key(focus, f"starter-{number}"), width="stretch", on_click=_queue, args=(focus, starter)
        )


def _history(messages: list[Message]) -> list[Turn]:
    return [
        {"role": m["role"], "content": m["content"], "sources": [s["id"] for s in m.get("sources", [])]}
        for m in messages
    ]


def _ask(get: Callable[[], Bot], question: str, messages: list[Message], focus: str | None, lang: Lang) -> None:
    """Answer once through `bot.answer`, stream it in, and keep both messages."""
    history = _history(messages)
    asked = [m["content"] for m in messages if m["role"] == "user"] + [question]
    user: Message = {"role": "user", "content": question}
    _show(user, lang)
    messages.append(user)
    with st.chat_message("assistant"):
        try:
            with st.spinner(text("chat.thinking", lang)):
                bot = get()  # loaded already, or loading since the page was drawn
                result: BotAnswer = bot.answer(question, history, focus=focus)
                follow_ups = bot.follow_ups(result, FOLLOW_UPS, focus=focus, asked=asked)
        except CteBotError as exc:
            st.error(exc.message)
            return
        # each program the answer names links to its page (?program=<id>), in the reader's language
        content = result.answer.render(lambda p: f"[{p.title}]({link_to(program=p.id, lang=lang)})")
        if result.status == "crisis":
            st.warning(content)
        else:
            st.write_stream(stream_words(content))
        sources = [ref.as_dict() for ref in result.sources]
        _sources(sources, lang)
    answer: Message = {
        "role": "assistant",
        "content": content,
        "question": question,
        "sources": sources,
        "status": result.status,
        "follow_ups": follow_ups,
        "program": next((p.id for p in result.answer.programs), focus or ""),
    }
    messages.append(answer)
    _rate(get, answer, len(messages) - 1, focus, lang)
    _controls(answer, len(messages) - 1, focus, lang)


def _get_ready(get: Callable[[], Bot], lang: Lang) -> None:
    """Load the shared Bot after the page is drawn, so a person reads and types meanwhile. Once per process:
    later pages find it loaded, and the spinner (shown only after half a second) never appears."""
    try:
        with st.spinner(text("chat.loading", lang)):
            get()
    except CteBotError as exc:
        st.error(exc.message)


def _loader(bot: Bot | Callable[[], Bot]) -> Callable[[], Bot]:
    """The Bot on first need, then the same one for the rest of this script run (no index check per message)."""
    if isinstance(bot, Bot):
        return lambda: bot
    loaded: list[Bot] = []

    def get() -> Bot:
        if not loaded:
            loaded.append(bot())
        return loaded[0]

    return get


def _program_title(bot: Bot, focus: str | None) -> str | None:
    profile = bot.corpus.documents().get(focus or "")
    return str(profile.metadata["title"]) if profile is not None else None


# -- the views --------------------------------------------------------------------------------------------
def conversation(bot: Bot | Callable[[], Bot], link: Link, focus: str | None = None) -> None:
    """The conversation: history, starters, the chat input, and a `?q=` link's question asked once.

    `focus` is a program id (a program page): its starters name the program and questions are read as about it.
    `bot` is the Bot or a loader of it; a loader is called only after the chat input is drawn (or for a focus).
    """
    lang = link.lang
    get = _loader(bot)
    title = _program_title(get(), focus) if focus else None
    focus = focus if title else None
    messages = _messages(focus)
    # The input is called before the history is drawn so the question is known first; the container keeps
    # the history above the input wherever the input is placed (pinned at the bottom, or inline in a tab).
    page = st.container()
    typed = st.chat_input(text("chat.placeholder", lang), key=_key(focus, "input"), max_chars=MAX_QUESTION_CHARS)
    question = typed or st.session_state.pop(_key(focus, "pending"), None) or _linked_question(link, focus, messages)
    with page:
        for index, message in enumerate(messages):
            _show(message, lang)
            _rate(get, message, index, focus, lang)
            if not question and index == len(messages) - 1 and message["role"] == "assistant":
                _controls(message, index, focus, lang)
        if not messages and not question:
            _starters(focus, title, lang)
        if question:
            _ask(get, question, messages, focus, lang)
        else:
            _get_ready(get, lang)


def render(bot: Bot | Callable[[], Bot], link: Link) -> None:
    """The chat page."""
    st.title(text("app.title", link.lang))
    st.caption(text("chat.intro", link.lang))
    conversation(bot, link, focus=link.program)
