"""Settings of the answer core: the optional LLM endpoint and where the index cache lives.

The LLM is off unless ``PRECONSULT_LLM_BASE_URL`` is set; the embedded extractive answer is the
default. ``PRECONSULT_DATA_DIR`` (default ``var/`` under the repository) holds the index cache,
unless ``PRECONSULT_INDEX_DIR`` names another folder.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["REPO_ROOT", "AnswerSettings", "get_settings"]

REPO_ROOT = Path(__file__).resolve().parents[2]


class AnswerSettings(BaseSettings):
    """Environment: ``PRECONSULT_LLM_BASE_URL``, ``_MODEL``, ``_API_KEY``, ``_TIMEOUT``."""

    model_config = SettingsConfigDict(env_prefix="PRECONSULT_LLM_", extra="ignore")

    base_url: str | None = None
    model: str = "qwen2.5-7b-instruct"
    api_key: SecretStr = SecretStr("not-needed")
    timeout: float = Field(default=20.0, gt=0, le=300)
    data_dir: Path = Field(
        default=REPO_ROOT / "var",
        validation_alias=AliasChoices("PRECONSULT_DATA_DIR", "data_dir"),
    )
    index_root: Path | None = Field(
        default=None,
        validation_alias=AliasChoices("PRECONSULT_INDEX_DIR", "index_root"),
    )
    min_confidence: float | None = Field(
        default=None,
        ge=0,
        le=1,
        validation_alias=AliasChoices("PRECONSULT_ANSWER_MIN_CONFIDENCE", "min_confidence"),
    )
    articles_dir: Path = Field(
        default=REPO_ROOT / "knowledge" / "articles",
        validation_alias=AliasChoices("PRECONSULT_ARTICLES_DIR", "articles_dir"),
    )

    @property
    def llm_enabled(self) -> bool:
        return bool(self.base_url)

    @property
    def index_dir(self) -> Path:
        """``PRECONSULT_INDEX_DIR``, else ``<data_dir>/index``. Versions are content-addressed, so
        several processes (and test systems with their own data dirs) can share one cache."""
        return self.index_root or self.data_dir / "index"


@lru_cache(maxsize=1)
def get_settings() -> AnswerSettings:
    """The process-wide settings (read from the environment once)."""
    return AnswerSettings()
