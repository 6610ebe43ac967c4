"""Streamlit views, one per module. `app.py` at the repository root calls `render()` (cte_bot.ui.app)."""

from cte_bot.ui.app import render

__all__ = ["render"]
