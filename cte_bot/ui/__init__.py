"""Streamlit views. `app.py` at the repository root calls `render()`."""

from cte_bot.ui.chat import render

__all__ = ["render"]
