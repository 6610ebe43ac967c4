"""Calibrate the safety policy's thresholds on out-of-fold predictions of the training messages.

The message model is refit five times, each time predicting the fifth of knowledge/messages/ it did not see.
For each message kind and threshold this prints recall (the kind's own messages caught) and the ordinary
questions wrongly caught, so `safety.Policy` can be set for recall on crisis and abuse and for precision on
the refusals. eval/messages.jsonl (held out) is never read here; the tests report it.

    .venv/bin/python bench/calibrate.py
    .venv/bin/python bench/calibrate.py --quick    # every fifth message: a smoke run, not a calibration
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from cte_bot import classifier
from cte_bot.config import Settings
from cte_bot.embeddings import PackagedEmbeddings
from cte_bot.safety import POLICY

FOLDS = 5
KINDS = ("crisis", "abuse", "harmful", "injection", "advice", "off_topic", "smalltalk", "junk")


def out_of_fold(examples: list[classifier.Example], vectors: np.ndarray) -> list[dict[str, float]]:
    predictions: list[dict[str, float]] = [{} for _ in examples]
    for fold in range(FOLDS):
        train = [i for i in range(len(examples)) if i % FOLDS != fold]
        model = classifier.fit([examples[i] for i in train], vectors[train])
        for i in range(fold, len(examples), FOLDS):
            predictions[i] = model.probabilities(examples[i].text, vectors[i])
    return predictions


def main() -> None:
    settings = Settings.from_env()
    messages, _ = classifier.training_examples(settings.knowledge_dir)
    if "--quick" in sys.argv:  # CI's smoke run: every fifth message, so the numbers are not the calibration
        messages = messages[::5]
    vectors = classifier.embed(PackagedEmbeddings(settings.model_path, settings.device), [e.text for e in messages])
    predicted = out_of_fold(messages, vectors)
    questions = [p for e, p in zip(messages, predicted, strict=True) if e.label == classifier.QUESTION]
    print(f"{len(messages)} training messages, {len(questions)} of them ordinary questions; {FOLDS}-fold\n")
    print("| kind | threshold | recall | questions caught |\n|---|---|---|---|")
    for kind in KINDS:
        own = [p for e, p in zip(messages, predicted, strict=True) if e.label == kind]
        for threshold in (0.2, 0.3, 0.4, 0.5, 0.6):
            recall = sum(p[kind] >= threshold for p in own) / max(1, len(own))
            caught = sum(p[kind] >= threshold for p in questions)
            mark = "  <- in use" if abs(getattr(POLICY, kind) - threshold) < 1e-9 else ""
            print(f"| {kind} | {threshold:.2f} | {recall:.3f} | {caught}/{len(questions)} |{mark}")
    top = [max(p, key=p.__getitem__) for p in predicted]
    accuracy = sum(t == e.label for t, e in zip(top, messages, strict=True)) / len(messages)
    print(f"\nout-of-fold accuracy of the most likely kind: {accuracy:.3f}")


if __name__ == "__main__":
    main()
