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

from cte_bot.errors import EvalFileError

LONG_INPUT = "LONG_INPUT"


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


@dataclass(frozen=True)
class Outcome:
    """One item's result: the answer's status and text, the documents it ranked, and what went wrong."""

    item: Item
    status: str
    answer: str
    ranking: list[str]
    latency_ms: float
    problems: list[str]

    @property
    def fact_ok(self) -> bool:
        return not any(p.startswith(("none of", "missing", "should not")) for p in self.problems)


def retrieval_scores(expected: list[str], ranking: list[str]) -> dict[str, float]:
    """hit@1, hit@3, recall@5 and reciprocal rank of the expected documents in a ranking."""
    first = next((i for i, doc in enumerate(ranking) if doc in expected), None)
    return {
        "hit@1": float(first is not None and first < 1),
        "hit@3": float(first is not None and first < 3),
        "recall@5": len(set(ranking[:5]) & set(expected)) / len(set(expected)),
        "mrr": 0.0 if first is None else 1.0 / (first + 1),
    }


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def summarize(outcomes: list[Outcome]) -> dict[str, dict[str, float]]:
    """Metrics per category and overall ("all"): retrieval, fact and status accuracy, pass rate, latency."""
    groups: dict[str, list[Outcome]] = {"all": outcomes}
    for outcome in outcomes:
        groups.setdefault(outcome.item.category, []).append(outcome)
    table: dict[str, dict[str, float]] = {}
    for name, group in sorted(groups.items(), key=lambda kv: (kv[0] != "all", kv[0])):
        row: dict[str, float] = {"n": len(group), "passed": sum(not o.problems for o in group)}
        ranked = [o for o in group if o.item.expect_docs]
        for metric in ("hit@1", "hit@3", "recall@5", "mrr"):
            values = [retrieval_scores(o.item.expect_docs, o.ranking)[metric] for o in ranked]
            row[metric] = sum(values) / len(values) if values else float("nan")
        factual = [o for o in group if o.item.expect_any or o.item.expect_all or o.item.expect_none]
        row["facts"] = sum(o.fact_ok for o in factual) / len(factual) if factual else float("nan")
        with_status = [o for o in group if o.item.expect_status]
        row["status"] = (
            sum(o.status == o.item.expect_status for o in with_status) / len(with_status)
            if with_status
            else float("nan")
        )
        row["p50_ms"] = _percentile([o.latency_ms for o in group], 0.5)
        row["p95_ms"] = _percentile([o.latency_ms for o in group], 0.95)
        table[name] = row
    return table


def format_table(table: dict[str, dict[str, float]]) -> str:
    columns = ["n", "passed", "hit@1", "hit@3", "recall@5", "mrr", "facts", "status", "p50_ms", "p95_ms"]
    lines = ["| category | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for name, row in table.items():
        cells = []
        for column in columns:
            value = row[column]
            if column in ("n", "passed"):
                cells.append(str(int(value)))
            elif value != value:  # NaN: the category has no such items
                cells.append("–")
            elif column.endswith("_ms"):
                cells.append(f"{value:.0f}")
            else:
                cells.append(f"{value:.2f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
