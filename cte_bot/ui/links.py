"""Deep links a counselor shares: `?program=<id>`, `?q=<question>`, `?lang=es`, `?view=<view>`, combined freely.

A link is input from anyone: every value is checked here, once, and the views only see the checked result.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, get_args
from urllib.parse import urlencode

from cte_bot.lexicon import Lang

View = Literal["chat", "finder", "browse", "schedule", "program"]
VIEWS: tuple[View, ...] = get_args(View)
LANGS: tuple[Lang, ...] = ("en", "es")
MAX_LINK_QUESTION = 300  # a shared question is a sentence, not a document


@dataclass(frozen=True)
class Link:
    view: View = "chat"
    lang: Lang = "en"
    program: str | None = None  # a known program id (the program view)
    question: str | None = None  # `?q=`, cleaned: plain text, one line, length-limited
    unknown_program: str | None = None  # shown back to the reader in a friendly message
    unknown_lang: bool = False


def clean_question(raw: str) -> str:
    """One line of plain text: control and format characters dropped, whitespace collapsed, cut to length."""
    kept = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in raw)
    return " ".join(kept.split())[:MAX_LINK_QUESTION]


def read_link(params: Mapping[str, str], programs: set[str]) -> Link:
    """The view a link asks for, with only known values kept."""
    lang_raw = (params.get("lang") or "en").strip().lower()
    lang: Lang = "es" if lang_raw == "es" else "en"
    program_raw = (params.get("program") or "").strip()
    program = program_raw if program_raw in programs else None
    view_raw = (params.get("view") or "").strip().lower()
    view: View = "program" if program else next((v for v in VIEWS if v == view_raw and v != "program"), "chat")
    question = clean_question(params.get("q") or "") or None
    return Link(
        view=view,
        lang=lang,
        program=program,
        question=question,
        unknown_program=clean_question(program_raw)[:60] if program_raw and not program else None,
        unknown_lang=lang_raw not in LANGS,
    )


def link_to(base: str = "", **params: str | None) -> str:
    """A shareable URL (relative to `base`): `link_to(program="welding", lang="es")` -> `?program=welding&lang=es`."""
    kept = {k: v for k, v in params.items() if v and not (k == "lang" and v == "en")}
    return f"{base}?{urlencode(kept)}" if kept else (base or "?")
