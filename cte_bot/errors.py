"""The one error hierarchy. The CLI maps each class to an exit code; the UI shows its message."""

from __future__ import annotations


class CteBotError(Exception):
    """Base class: a problem the user can act on, with a message that says how."""

    exit_code = 1

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class ConfigError(CteBotError):
    """A CTE_BOT_* setting is malformed."""

    exit_code = 2


class KnowledgeError(CteBotError):
    """Knowledge files are missing or fail validation."""

    exit_code = 3


class IndexMissingError(CteBotError):
    """No index has been built yet."""

    exit_code = 4


class StoreUnavailableError(CteBotError):
    """The Chroma server cannot be reached."""

    exit_code = 5


class EvalFileError(CteBotError):
    """A question set is unreadable or malformed."""

    exit_code = 2


class IngestError(CteBotError):
    """A new index build could not be completed; the live index is unchanged."""

    exit_code = 7


class ModelUnavailableError(CteBotError):
    """The packaged embedding model cannot be found or loaded."""

    exit_code = 6


class FeedbackError(CteBotError):
    """The feedback store cannot be written or read (its folder, its file, or a lock held too long)."""

    exit_code = 8
