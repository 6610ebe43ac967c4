"""Ingest into a real Chroma in tmp_path (fake embeddings keep it fast; the model has its own tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from cte_bot.config import Settings
from cte_bot.errors import KnowledgeError
from cte_bot.knowledge import load_knowledge
from cte_bot.store import Store
from ingest import IngestError, run_ingest
from ingest.chunking import chunk_document


def _settings(tmp_path: Path, knowledge: Path) -> Settings:
    return Settings(knowledge_dir=knowledge, data_dir=tmp_path / "data")


def _live_chunks(settings: Settings) -> dict[str, str]:
    store = Store(settings)
    chunks, _ = store.chunks(store.require_live().collection)
    return {c.id: c.text for c in chunks}


def test_reingest_is_idempotent(tmp_path: Path, knowledge_copy: Path, fake_embeddings: Embeddings) -> None:
    settings = _settings(tmp_path, knowledge_copy)
    first = run_ingest(settings, embeddings=fake_embeddings, progress=False)
    before = _live_chunks(settings)
    second = run_ingest(settings, embeddings=fake_embeddings, progress=False)
    assert first.changed and not second.changed
    assert first.collection == second.collection
    assert _live_chunks(settings) == before
    assert "up to date" in second.summary()
    assert Store(settings).build_names() == [first.collection]


def test_edited_file_replaces_its_chunks_and_reuses_the_rest(
    tmp_path: Path, knowledge_copy: Path, fake_embeddings: Embeddings
) -> None:
    settings = _settings(tmp_path, knowledge_copy)
    run_ingest(settings, embeddings=fake_embeddings, progress=False)
    path = knowledge_copy / "programs" / "welding.md"
    path.write_text(path.read_text(encoding="utf-8").replace("## Who it fits", "## Who it fits\nSparks fly daily."))
    report = run_ingest(settings, embeddings=fake_embeddings, progress=False)
    chunks = _live_chunks(settings)
    assert report.changed and report.embedded == 1 and report.reused == report.chunks - 1
    assert "Sparks fly daily." in chunks["welding#who-it-fits"]
    assert len(Store(settings).build_names()) == 1  # the old build is gone


def test_deleted_file_disappears(tmp_path: Path, knowledge_copy: Path, fake_embeddings: Embeddings) -> None:
    settings = _settings(tmp_path, knowledge_copy)
    extra = knowledge_copy / "programs" / "hvac.md"
    extra.write_text(
        (knowledge_copy / "programs" / "welding.md")
        .read_text(encoding="utf-8")
        .replace("id: welding", "id: hvac")
        .replace("title: Welding", "title: HVAC")
    )
    run_ingest(settings, embeddings=fake_embeddings, progress=False)
    assert any(cid.startswith("hvac#") for cid in _live_chunks(settings))
    extra.unlink()
    run_ingest(settings, embeddings=fake_embeddings, progress=False)
    assert not any(cid.startswith("hvac#") for cid in _live_chunks(settings))


def test_bad_file_fails_and_leaves_the_live_index(
    tmp_path: Path, knowledge_copy: Path, fake_embeddings: Embeddings
) -> None:
    settings = _settings(tmp_path, knowledge_copy)
    run_ingest(settings, embeddings=fake_embeddings, progress=False)
    live = Store(settings).require_live()
    bad = knowledge_copy / "programs" / "welding.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("kind: program", "kind: programme"))
    with pytest.raises(KnowledgeError) as raised:
        run_ingest(settings, embeddings=fake_embeddings, progress=False)
    assert "welding.md" in raised.value.message and "kind" in raised.value.message
    assert Store(settings).require_live() == live


class _FailingEmbeddings(Embeddings):
    """Fails on the second batch, as a crash halfway through a build would."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner, self.calls = inner, 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        if self.calls > 1:
            raise RuntimeError("out of memory")
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def test_build_that_fails_halfway_never_goes_live(
    tmp_path: Path, knowledge_copy: Path, fake_embeddings: Embeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ingest.pipeline.BATCH", 8)
    settings = _settings(tmp_path, knowledge_copy)
    run_ingest(settings, embeddings=fake_embeddings, progress=False)
    live = Store(settings).require_live()
    for path in (knowledge_copy / "faq").glob("*.md"):
        path.write_text(path.read_text(encoding="utf-8") + "\nUpdated.\n")
    with pytest.raises(RuntimeError):
        run_ingest(settings, embeddings=_FailingEmbeddings(fake_embeddings), progress=False)
    assert Store(settings).require_live() == live
    assert Store(settings).build_names() == [live.collection]


def test_write_failure_is_reported_and_cleaned_up(
    tmp_path: Path, knowledge_copy: Path, fake_embeddings: Embeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(tmp_path, knowledge_copy)
    store = Store(settings)
    real_collection = store.collection
    calls = {"n": 0}

    class Flaky:
        def __init__(self, inner: object) -> None:
            self.inner = inner

        def upsert(self, **kwargs: object) -> None:
            calls["n"] += 1
            if calls["n"] == 3:
                raise ValueError("disk full")
            self.inner.upsert(**kwargs)  # type: ignore[attr-defined]

        def count(self) -> int:
            return int(self.inner.count())  # type: ignore[attr-defined]

    monkeypatch.setattr(store, "collection", lambda name: Flaky(real_collection(name)))
    with pytest.raises(IngestError, match="live index is unchanged"):
        run_ingest(settings, embeddings=fake_embeddings, store=store, progress=False)
    assert store.live() is None
    assert store.build_names() == []


def test_file_sources_get_readable_labels() -> None:
    from cte_bot.knowledge import source_labels
    from ingest.chunking import chunk_all

    labels = source_labels(Path("knowledge"))
    documents = load_knowledge(Path("knowledge"))
    chunks = {c.id: c for c in chunk_all(documents, labels)}
    welding = chunks["welding#overview"].metadata
    assert welding["source"] == "003_8c5cebd00730d085.txt"
    assert str(welding["source_label"]).startswith("Pasadena City Council")
    culinary_fact = chunks["culinary-arts#fact-location"].metadata
    assert culinary_fact["source_label"] == culinary_fact["source"]  # a URL is its own label


def test_chunks_have_deterministic_ids_and_metadata() -> None:
    document = next(d for d in load_knowledge(Path("knowledge")) if d.id == "culinary-arts")
    first, second = chunk_document(document), chunk_document(document)
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == len(first)
    by_section = {c.metadata["section"]: c for c in first}
    assert by_section["En español"].metadata["lang"] == "es"
    assert by_section["Fact: room"].metadata["sample"] is True
    assert by_section["Fact: location"].metadata["source"].startswith("https://")
    for chunk in first:
        assert chunk.metadata["doc_id"] == "culinary-arts" and chunk.metadata["kind"] == "program"
        assert chunk.metadata["center"] == "ROC" and chunk.metadata["title"] == "Culinary Arts"
        assert chunk.text.startswith("Culinary Arts — ")
