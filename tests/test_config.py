from pathlib import Path

import pytest

from cte_bot.config import REPO_ROOT, Settings
from cte_bot.errors import ConfigError


def test_defaults_point_inside_the_repository() -> None:
    settings = Settings.from_env({})
    assert settings.knowledge_dir == REPO_ROOT / "knowledge"
    assert settings.data_dir == REPO_ROOT / ".cte_bot"
    assert settings.chroma_url is None
    assert settings.llm == "none"
    assert settings.device == "cpu"


def test_environment_overrides() -> None:
    settings = Settings.from_env(
        {
            "CTE_BOT_KNOWLEDGE_DIR": "/tmp/k",
            "CTE_BOT_DATA_DIR": "/tmp/d",
            "CTE_BOT_CHROMA_URL": "http://127.0.0.1:9000",
            "CTE_BOT_TOP_K": "5",
            "CTE_BOT_LLM": "OpenAI",
            "CTE_BOT_DEVICE": "CUDA:1",
        }
    )
    assert settings.knowledge_dir == Path("/tmp/k")
    assert settings.chroma_path == Path("/tmp/d/chroma")
    assert settings.chroma_url == "http://127.0.0.1:9000"
    assert settings.top_k == 5
    assert settings.llm == "openai"
    assert settings.device == "cuda:1"


@pytest.mark.parametrize(
    "env",
    [
        {"CTE_BOT_CHROMA_URL": "localhost:8000"},
        {"CTE_BOT_LLM": "gpt"},
        {"CTE_BOT_TOP_K": "many"},
        {"CTE_BOT_DEVICE": "gpu"},
    ],
)
def test_bad_settings_raise_config_error(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        Settings.from_env(env)
