"""Build the Chroma index from `knowledge/`: `python -m ingest` or `cte-bot ingest`."""

from cte_bot.errors import IngestError
from ingest.pipeline import IngestReport, run_ingest

__all__ = ["IngestError", "IngestReport", "run_ingest"]
