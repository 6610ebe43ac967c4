"""What every session shares: one model, one store and one Bot per process (Streamlit's resource cache).

Only answering needs the model. `live_programs()` reads the live index's programs from Chroma without it, so a
page can check its link and draw its title, sidebar and chat input first; `load_bot()` loads the model and
builds the Bot, once per process and live index, while the page is already on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from cte_bot.config import Settings
from cte_bot.store import LiveIndex, Store

if TYPE_CHECKING:
    from cte_bot.chain import Bot

# How long a page trusts its last look at the index pointer. Every script run (each question, each click) needs
# the live index; checking Chroma each time took a few ms holding the GIL, a sixth of the server's time with 50
# sessions asking at once. A re-ingest is picked up within this many seconds (the build it replaced stays
# one more round, so a page still on it keeps answering).
LIVE_CHECK_S = 2.0


@st.cache_resource(show_spinner=False)
def _store(settings: Settings) -> Store:
    return Store(settings)


@st.cache_resource(show_spinner=False, ttl=LIVE_CHECK_S)
def _live(settings: Settings) -> LiveIndex:
    return _store(settings).require_live()  # an error is not cached: a missing index is looked for every time


@st.cache_resource(show_spinner=False)
def _embeddings(settings: Settings) -> Any:
    import torch

    from cte_bot.embeddings import PackagedEmbeddings

    # One thread per embedding: the server's parallelism is its sessions. With torch's default (a thread per
    # core), concurrent sessions or anything else busy on the machine oversubscribe the cores: on the 2-core
    # development machine under load a query embedding took 0.7 s with 2 threads and 40 ms with 1.
    torch.set_num_threads(1)
    return PackagedEmbeddings(settings.model_path)


@st.cache_resource(show_spinner=False, max_entries=2)
def _bot(settings: Settings, collection: str) -> Bot:
    from cte_bot.chain import Bot

    # Keyed by the live collection: a re-ingest gives a new one, so the page picks it up without a restart.
    return Bot(settings, embeddings=_embeddings(settings), store=_store(settings))


@st.cache_resource(show_spinner=False, max_entries=2)
def _programs(settings: Settings, collection: str) -> dict[str, str]:
    return _store(settings).program_titles(collection)


def live_programs() -> dict[str, str]:
    """Program id -> title in the live index, without the model; raises CteBotError when there is no index."""
    settings = Settings.from_env()
    return _programs(settings, _live(settings).collection)


def load_bot() -> Bot:
    """The shared Bot for the live index; raises CteBotError (shown with st.error) when there is none."""
    settings = Settings.from_env()
    return _bot(settings, _live(settings).collection)
