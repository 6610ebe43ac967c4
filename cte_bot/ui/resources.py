"""What every session shares: one model, one store and one Bot per process (Streamlit's resource cache)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from cte_bot.chain import Bot
from cte_bot.config import Settings
from cte_bot.store import Store


@st.cache_resource(show_spinner=False)
def _store(settings: Settings) -> Store:
    return Store(settings)


@st.cache_resource(show_spinner=False)
def _embeddings(settings: Settings) -> Any:
    from cte_bot.embeddings import PackagedEmbeddings

    return PackagedEmbeddings(settings.model_path)


@st.cache_resource(show_spinner=False, max_entries=2)
def _bot(settings: Settings, collection: str) -> Bot:
    # Keyed by the live collection: a re-ingest gives a new one, so the page picks it up without a restart.
    return Bot(settings, embeddings=_embeddings(settings), store=_store(settings))


def load_bot() -> Bot:
    """The shared Bot for the live index; raises CteBotError (shown with st.error) when there is none."""
    settings = Settings.from_env()
    index = _store(settings).require_live()
    return _bot(settings, index.collection)
