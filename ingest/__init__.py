"""Build the Chroma index from `knowledge/`: `python -m ingest` or `cte-bot ingest`."""

from ingest.pipeline import IngestError, IngestReport, run_ingest

__all__ = ["IngestError", "IngestReport", "run_ingest"]
