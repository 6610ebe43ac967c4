"""Speed of the parts a user waits for. Prints numbers; asserts nothing.

.venv/bin/python bench/latency.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUESTIONS = [
    "Are there morning and afternoon classes?",
    "Can a freshman sign up?",
    "I love cooking and baking",
    "Which colleges give credit for these programs?",
    "Do students get internships?",
    "How do I apply?",
    "What certifications can I earn in Nursing Assistant?",
    "¿Cuántas horas al día van los estudiantes al centro?",
    "Is there a bus to ROC?",
    "What is the name of the welding teacher?",
]


def timed(label: str, fn: object, repeat: int = 1) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    value = statistics.median(samples)
    print(f"{label:<48} {value:9.1f} ms")
    return value


def main() -> None:
    from cte_bot.config import Settings

    settings = Settings.from_env()
    timed("import sentence_transformers (cold)", lambda: __import__("sentence_transformers"))
    from cte_bot.chain import Bot
    from cte_bot.embeddings import PackagedEmbeddings

    embeddings = PackagedEmbeddings(settings.model_path, settings.device)
    timed("load bot (index, BM25, composer)", lambda: Bot(settings, embeddings=embeddings))
    bot = Bot(settings, embeddings=embeddings)
    bot.answer("warm up")
    timed("query embedding (uncached)", lambda: embeddings._model.embed_query(f"x {time.time()}"), repeat=20)
    question = bot.reader.read("college credit for welding")
    timed("read (classify + facet), cached vector", lambda: bot.reader.read(question.text, question.vector), repeat=20)
    timed(
        "hybrid retrieval, k=16",
        lambda: bot.search.search(question.vector, question.lexical_query, k=16),
        repeat=20,
    )
    latencies = []
    for _ in range(3):
        for question in QUESTIONS:
            latencies.append(bot.answer(question).latency_ms)
    latencies.sort()
    print(
        f"{'answer(), warm, p50 / p95 over 30 questions':<48} {latencies[len(latencies) // 2]:9.1f} / "
        f"{latencies[int(0.95 * (len(latencies) - 1))]:.1f} ms"
    )
    texts = [c.text for c in bot.corpus.chunks[:128]]
    start = time.perf_counter()
    embeddings.embed_documents(texts)
    rate = len(texts) / (time.perf_counter() - start)
    print(f"{'embedding throughput (chunks of this corpus)':<48} {rate:9.1f} chunks/s")


if __name__ == "__main__":
    main()
