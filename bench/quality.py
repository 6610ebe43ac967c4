"""Retrieval quality on the labelled set, one table: BM25, dense, hybrid (RRF), hybrid + re-rank, the whole
bot (follow-ups rewritten, multi-part split), and the baseline a newcomer would write: LangChain's Chroma
`similarity_search(k=4)` over 1,000-character chunks of the raw files, with the same model.

    .venv/bin/python bench/quality.py [eval/questions.jsonl]
    .venv/bin/python bench/quality.py --quick    # every fifth item: a smoke run, not the README's table

Prints a Markdown table of hit@1 / hit@3 / recall@5 / MRR per method, then hit@3 per category.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cte_bot.chain import Bot
from cte_bot.config import Settings
from cte_bot.evaluation import Item, load_items, retrieval_scores

Ranker = Callable[[Item], list[str]]


def _unique(doc_ids: list[str]) -> list[str]:
    return list(dict.fromkeys(doc_ids))


def baseline(settings: Settings, bot: Bot) -> Ranker:
    """Whole files, split every 1,000 characters, embedded into a plain langchain-chroma collection."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    files = sorted(settings.knowledge_dir.rglob("*.md"))
    documents = [Document(page_content=p.read_text(encoding="utf-8"), metadata={"doc_id": p.stem}) for p in files]
    chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=0).split_documents(documents)
    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    store = Chroma.from_documents(
        chunks,
        bot.search.embeddings,
        client=client,
        collection_name="baseline",
        collection_metadata={"hnsw:space": "cosine"},
    )
    print(f"baseline: {len(files)} files -> {len(chunks)} chunks of <= 1,000 characters", file=sys.stderr)
    return lambda item: _unique([d.metadata["doc_id"] for d in store.similarity_search(item.text, k=4)])


def rankers(bot: Bot, settings: Settings) -> dict[str, Ranker]:
    search, corpus, reader = bot.search, bot.corpus, bot.reader

    def bm25(item: Item) -> list[str]:
        found = corpus.lexical_search(reader.read(item.text).lexical_query, 24)
        return _unique([c.metadata["doc_id"] for c, _ in found])

    def dense_passages(item: Item) -> list[str]:
        """Passages only: what dense search finds without the sections' example questions."""
        found = search.dense_search(search.embed(item.text), 48)
        return _unique([c.metadata["doc_id"] for c in found if c.metadata.get("role") != "question"])

    def dense(item: Item) -> list[str]:
        return _unique([c.metadata["doc_id"] for c in search.dense_search(search.embed(item.text), 48)])

    def hybrid(item: Item) -> list[str]:
        question = reader.read(item.text)
        return _unique([h.doc_id for h in search.search(question.vector, question.lexical_query, settings.top_k)])

    def reranked(item: Item) -> list[str]:
        question = reader.read(item.text)
        hits = search.search(question.vector, question.lexical_query, settings.top_k)
        return _unique([r.doc_id for r in bot.ranker.rank(question, hits)])

    def whole_bot(item: Item) -> list[str]:
        return bot.answer(item.text, item.history).ranking  # type: ignore[arg-type]

    return {
        "baseline (Chroma k=4, 1,000-char chunks)": baseline(settings, bot),
        "BM25 alone": bm25,
        "dense, passages only": dense_passages,
        "dense, passages + example questions": dense,
        "hybrid (RRF)": hybrid,
        "hybrid + re-rank": reranked,
        "whole bot (+ follow-ups, parts)": whole_bot,
    }


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--quick"]
    path = Path(args[0] if args else "eval/questions.jsonl")
    items = [i for i in load_items(path) if i.expect_docs]
    if "--quick" in sys.argv:  # CI's smoke run: every fifth item, so the numbers are not the README's
        items = items[::5]
    settings = Settings.from_env()
    with tempfile.TemporaryDirectory():
        bot = Bot(settings)
        methods = rankers(bot, settings)
        categories = sorted({i.category for i in items})
        overall: dict[str, dict[str, float]] = {}
        by_category: dict[str, dict[str, float]] = {}
        for name, ranker in methods.items():
            scores = [(item, retrieval_scores(item.expect_docs, ranker(item))) for item in items]
            overall[name] = {
                m: sum(s[m] for _, s in scores) / len(scores) for m in ("hit@1", "hit@3", "recall@5", "mrr")
            }
            by_category[name] = {}
            for category in categories:
                group = [s["hit@3"] for i, s in scores if i.category == category]
                by_category[name][category] = sum(group) / len(group)
    print(f"Retrieval on {path} ({len(items)} items with labelled documents)\n")
    print("| method | hit@1 | hit@3 | recall@5 | MRR |\n|---|---|---|---|---|")
    for name, row in overall.items():
        print(f"| {name} | {row['hit@1']:.3f} | {row['hit@3']:.3f} | {row['recall@5']:.3f} | {row['mrr']:.3f} |")
    print("\nhit@3 per category\n")
    print("| method | " + " | ".join(categories) + " |\n|---" + "|---" * len(categories) + "|")
    for name, row in by_category.items():
        print(f"| {name} | " + " | ".join(f"{row[c]:.2f}" for c in categories) + " |")


if __name__ == "__main__":
    main()
