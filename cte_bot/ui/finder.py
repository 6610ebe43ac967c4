"""The finder view (placeholder until built)."""

from __future__ import annotations

import streamlit as st

from cte_bot.chain import Bot
from cte_bot.ui.links import Link


def render(bot: Bot, link: Link) -> None:
    st.write("finder")
