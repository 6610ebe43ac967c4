"""Optional LLM backends that only rephrase the composer's grounded answer (off by default).

The model sees the question, the retrieved text and the composed answer, and may only reword and join
them. Its output must pass the same grounding check; on any failure, a timeout included, the composer's
answer is shown. Kept apart from compose.py so the default path never imports a chat client.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from typing import TYPE_CHECKING

from cte_bot.config import Settings
from cte_bot.errors import ConfigError
from cte_bot.grounding import is_grounded
from cte_bot.lexicon import Lang

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.prompts import ChatPromptTemplate

    from cte_bot.answer import Answer

LANGUAGE = {"en": "English", "es": "Spanish"}
SYSTEM = (
    "You help high-school students and parents understand career technical education programs. Rewrite the "
    "DRAFT answer so it reads warmly and clearly, in {language}, in at most 120 words. Use only facts found in "
    "the SOURCES. Copy every number, time, date and name exactly. Never add a fact, a number, a person, a "
    "price or a date. If unsure, return the DRAFT unchanged."
)
HUMAN = "QUESTION: {question}\n\nSOURCES:\n{context}\n\nDRAFT:\n{draft}"
MAX_CHARS = 2000


def prompt() -> ChatPromptTemplate:
    """Built when a rephraser is made: the default (no LLM) path skips its import and construction (~0.15 s)."""
    from langchain_core.prompts import ChatPromptTemplate

    return ChatPromptTemplate.from_messages([("system", SYSTEM), ("human", HUMAN)])


class Rephraser:
    def __init__(self, model: BaseChatModel, timeout_s: float) -> None:
        self.chain = prompt() | model
        self.timeout_s = timeout_s
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="llm")

    def rephrase(self, question: str, lang: Lang, composed: Answer) -> Answer:
        request = {
            "question": question,
            "context": composed.context,
            "draft": composed.text,
            "language": LANGUAGE[lang],
        }
        try:
            reply = self._pool.submit(self.chain.invoke, request).result(timeout=self.timeout_s)
        except FutureTimeout:
            return composed
        except Exception:  # an unreachable or failing server must never cost the user an answer
            return composed
        text = reply.content if isinstance(reply.content, str) else ""
        text = text.strip()
        if not text or len(text) > MAX_CHARS or not is_grounded(text, composed.context):
            return composed
        # The reworded text replaces lead, facts and note; every quote keeps its source.
        return replace(composed, lead=text, facts=(), note="", quotes=(*composed.quotes, *composed.facts))


def make_rephraser(settings: Settings) -> Rephraser | None:
    if settings.llm == "none":
        return None
    if not settings.llm_model:
        raise ConfigError(f"CTE_BOT_LLM={settings.llm} needs CTE_BOT_LLM_MODEL")
    model: BaseChatModel
    if settings.llm == "openai":
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as exc:
            raise ConfigError("CTE_BOT_LLM=openai needs `pip install -e '.[openai]'`") from exc
        model = ChatOpenAI(
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            temperature=0,
            api_key=settings.llm_api_key or "not-needed",  # type: ignore[arg-type]
            timeout=settings.llm_timeout_s,
            max_retries=0,
        )
    else:
        try:
            from langchain_ollama import ChatOllama
        except ImportError as exc:
            raise ConfigError("CTE_BOT_LLM=ollama needs `pip install -e '.[ollama]'`") from exc
        model = ChatOllama(base_url=settings.llm_base_url, model=settings.llm_model, temperature=0)
    return Rephraser(model, settings.llm_timeout_s)
