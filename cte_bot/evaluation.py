"""Question sets (JSON Lines) and their checks, shared by `cte-bot eval`, the tests and bench/.

An item: {"id", "question", "expect_status", "expect_any", "expect_all", "expect_none", "expect_not_status"};
all text checks are case-insensitive substrings of the answer. Labelled items may also carry
"expect_docs" (document ids that answer it), "category" and "history" (earlier turns).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cte_bot.errors import CteBotError

LONG_INPUT = "LONG_INPUT"


class EvalFileError(CteBotError):
    exit_code = 2


@dataclass(frozen=True)
class Item:
    id: str
    question: str
    expect_status: str | None = None
    expect_not_status: str | None = None
    expect_any: list[str] = field(default_factory=list)
    expect_all: list[str] = field(default_factory=list)
    expect_none: list[str] = field(default_factory=list)
    expect_docs: list[str] = field(default_factory=list)
    category: str = "general"
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "What programs are there? " * 900 if self.question == LONG_INPUT else self.question


def load_items(path: Path) -> list[Item]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalFileError(f"cannot read question set {path}: {exc}") from exc
    items = []
    known = set(Item.__dataclass_fields__)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            items.append(Item(**{k: v for k, v in raw.items() if k in known}))
        except (json.JSONDecodeError, TypeError) as exc:
            raise EvalFileError(f"{path}:{number}: not a question item: {exc}") from exc
    return items


def problems(item: Item, answer: str, status: str, sources: list[Any]) -> list[str]:
    """What is wrong with one answer, exactly as the acceptance scorer judges it."""
    text = answer.lower()
    found = []
    if item.expect_status and status != item.expect_status:
        found.append(f"status {status!r} != {item.expect_status!r}")
    if item.expect_not_status and status == item.expect_not_status:
        found.append(f"status should not be {item.expect_not_status!r}")
    if item.expect_any and not any(s.lower() in text for s in item.expect_any):
        found.append(f"none of {item.expect_any}")
    missing = [s for s in item.expect_all if s.lower() not in text]
    if missing:
        found.append(f"missing {missing}")
    present = [s for s in item.expect_none if s.lower() in text]
    if present:
        found.append(f"should not say {present}")
    if status == "answered" and not sources:
        found.append("answered without sources")
    return found
