"""load -> validate -> chunk -> embed -> upsert, building a new collection and flipping the pointer last."""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from cte_bot.config import Settings
from cte_bot.embeddings import MODEL_NAME
from cte_bot.errors import CteBotError, IngestError
from cte_bot.knowledge import load_facets, load_glossary, load_knowledge, source_labels
from cte_bot.store import LiveIndex, Store
from ingest.chunking import CHUNKER_VERSION, Chunk, chunk_all

BATCH = 256  # chunks per Chroma write
# Texts per embedding call: the model sorts a call's texts by length and pads each of its mini-batches only
# that far, so large calls run about three times faster than calls of 64 on a CPU.
EMBED_BATCH = 512


@dataclass(frozen=True)
class IngestReport:
    documents: int
    chunks: int
    seconds: float
    collection: str
    changed: bool
    embedded: int = 0
    reused: int = 0

    def summary(self) -> str:
        if not self.changed:
            return (
                f"Index is up to date: {self.documents} documents, {self.chunks} chunks "
                f"({self.seconds:.1f} s, nothing changed)."
            )
        return (
            f"Indexed {self.documents} documents, {self.chunks} chunks in {self.seconds:.1f} s "
            f"(embedded {self.embedded}, reused {self.reused})."
        )


def fingerprint(chunks: Sequence[Chunk], model: str) -> str:
    digest = hashlib.sha256(f"{CHUNKER_VERSION}|{model}".encode())
    for chunk in sorted(chunks, key=lambda c: c.id):
        digest.update(f"{chunk.id}|{chunk.content_hash}\n".encode())
    return digest.hexdigest()


def run_ingest(
    settings: Settings,
    *,
    embeddings: Embeddings | None = None,
    store: Store | None = None,
    force: bool = False,
    progress: bool = True,
) -> IngestReport:
    started = time.perf_counter()
    documents = load_knowledge(settings.knowledge_dir)  # raises before the store is touched
    root = settings.knowledge_dir
    chunks = chunk_all(documents, source_labels(root), load_facets(root), load_glossary(root).default_district)
    # A different model means different vectors: it must not count as "unchanged".
    model_id = getattr(embeddings, "model_id", type(embeddings).__name__) if embeddings is not None else MODEL_NAME
    print_fp = fingerprint(chunks, model_id)
    store = store or Store(settings)
    name = f"{settings.collection_prefix}_{print_fp[:16]}"
    live = store.live()
    existing = store.build_names()

    def report(changed: bool, embedded: int = 0, reused: int = 0) -> IngestReport:
        return IngestReport(
            documents=len(documents),
            chunks=len(chunks),
            seconds=time.perf_counter() - started,
            collection=name,
            changed=changed,
            embedded=embedded,
            reused=reused,
        )

    if not force and live is not None and live.fingerprint == print_fp and name in existing:
        return report(changed=False)

    # Unchanged sections keep their vectors: only edited text is embedded again.
    cached: dict[str, list[float]] = {}
    if live is not None and live.collection in existing and not force:
        old, vectors = store.chunks(live.collection, include_embeddings=True)
        cached = {chunk.text: vector for chunk, vector in zip(old, vectors, strict=True)}
    todo = [c for c in chunks if c.text not in cached]
    if todo:
        if embeddings is None:
            from cte_bot.embeddings import PackagedEmbeddings  # loads torch: only when there is text to embed

            embeddings = PackagedEmbeddings(settings.model_path, settings.device)
        bar = tqdm(total=len(todo), desc="Embedding", unit="chunk", disable=not progress)
        for start in range(0, len(todo), EMBED_BATCH):
            batch = todo[start : start + EMBED_BATCH]
            for chunk, vector in zip(batch, embeddings.embed_documents([c.text for c in batch]), strict=True):
                cached[chunk.text] = vector
            bar.update(len(batch))
        bar.close()

    if name in existing and (live is None or live.collection != name):
        store.drop(name)  # the remains of an earlier failed build; it was never live
    try:
        collection = store.collection(name)
        for start in range(0, len(chunks), BATCH):
            batch = chunks[start : start + BATCH]
            batch_vectors: list[Sequence[float] | Sequence[int]] = [cached[c.text] for c in batch]
            collection.upsert(
                ids=[c.id for c in batch],
                documents=[c.text for c in batch],
                metadatas=[dict(c.metadata) for c in batch],  # type: ignore[misc]
                embeddings=batch_vectors,
            )
        if collection.count() != len(chunks):
            raise IngestError(f"build {name} has {collection.count()} chunks, expected {len(chunks)}")
    except Exception as exc:
        if not (live is not None and live.collection == name):
            _quietly_drop(store, name)
        if isinstance(exc, CteBotError):
            raise
        raise IngestError(f"ingest failed while writing {name}; the live index is unchanged: {exc}") from exc

    store.set_live(
        LiveIndex(
            collection=name,
            fingerprint=print_fp,
            documents=len(documents),
            chunks=len(chunks),
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
    )
    # The index that was live until now stays one more round: a replica answering from it while the pointer
    # flips finishes that answer, and loads the new index on its next question. Older builds go.
    previous = live.collection if live is not None else None
    for other in existing:
        if other not in (name, previous):
            _quietly_drop(store, other)
    return report(changed=True, embedded=len(todo), reused=len(chunks) - len(todo))


def _quietly_drop(store: Store, name: str) -> None:
    with contextlib.suppress(Exception):  # cleanup only: the pointer already decides what is live
        store.drop(name)
