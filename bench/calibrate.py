"""Calibrate the low-confidence gate (chain.MIN_DENSE, chain.MIN_COVERAGE) on the labelled set.

A question is refused as unsupported when its best dense similarity AND its best word coverage are both
below the thresholds. For each candidate pair this prints how many answerable items would be wrongly
refused and how many off-topic / unanswerable items would be caught by the gate (the others are caught
later: safety patterns, the composer's detail and "not in our sources" checks).

    .venv/bin/python bench/calibrate.py [eval/questions.jsonl]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cte_bot import chain, safety
from cte_bot.chain import Bot
from cte_bot.config import Settings
from cte_bot.evaluation import load_items
from cte_bot.lexicon import detect_language


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "eval/questions.jsonl")
    bot = Bot(Settings.from_env())
    rows = []
    for item in load_items(path):
        if item.history or safety.check(item.text, detect_language(item.text)) is not None:
            continue  # follow-ups are rewritten first; safety verdicts never reach the gate
        hits = bot.search.search(item.text, k=bot.settings.top_k)
        terms = bot.composer.query_terms(item.text)
        dense = max((h.dense for h in hits), default=0.0)
        coverage = max((bot.composer.coverage(terms, h) for h in hits), default=0.0)
        rows.append((item.expect_status == "answered", dense, coverage))
    answerable = sum(1 for a, _, _ in rows if a)
    other = len(rows) - answerable
    print(f"{answerable} answerable and {other} unanswerable/off-topic items reach the gate\n")
    print("| MIN_DENSE | MIN_COVERAGE | answerable wrongly refused | unanswerable caught |\n|---|---|---|---|")
    for min_dense in (0.30, 0.35, 0.40, 0.42, 0.45, 0.50):
        for min_coverage in (0.34, 0.5, 0.67):
            refused = [a for a, d, c in rows if d < min_dense and c < min_coverage]
            wrong = sum(refused)
            mark = "  <- in use" if (min_dense, min_coverage) == (chain.MIN_DENSE, chain.MIN_COVERAGE) else ""
            print(f"| {min_dense:.2f} | {min_coverage:.2f} | {wrong}/{answerable} | "
                  f"{len(refused) - wrong}/{other} |{mark}")


if __name__ == "__main__":
    main()
