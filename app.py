"""Streamlit entry point: `streamlit run app.py` (or `cte-bot serve`, or `make run`)."""

from cte_bot.ui import render

render()
