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
from tests.conftest import FIXTURE


def _settings(tmp_path: Path, knowledge: Path) -> Settings:
    return Settings(knowledge_dir=knowledge, data_dir=tmp_path / "data")


def _live_chunks(settings: Settings) -> dict[str, str]:
    store = Store(settings)
    chunks, _ = store.chunks(store.require_live().collection)
    return {c.id: c.text for c in chunks}


def test_reingest_is_idempotent(tmp_path: Path, fixture_copy: Path, fake_embeddings: Embeddings) -> None:
    settings = _settings(tmp_path, fixture_copy)
    first = run_ingest(settings, embeddings=fake_embeddings, progress=False)
    before = _live_chunks(settings)
    second = run_ingest(settings, embeddings=fake_embeddings, progress=False)
    assert first.changed and not second.changed
    assert first.collection == second.collection
    assert _live_chunks(settings) == before
    assert "up to date" in second.summary()
    assert Store(settings).build_names() == [first.collection]


def test_edited_file_replaces_its_chunks_and_reuses_the_rest(
    tmp_path: Path, fixture_copy: Path, fake_embeddings: Embeddings
) -> None:
    settings = _settings(tmp_path, fixture_copy)
    run_ingest(settings, embeddings=fake_embeddings, progress=False)
    before = _live_chunks(settings)
    path = fixture_copy / "programs" / "welding.md"
    sentence = "Welding meets 3 hours a day in a morning or afternoon session."
    text = path.read_text(encoding="utf-8")
    assert sentence in text
    path.write_text(text.replace(sentence, f"{sentence} Sparks fly daily."), encoding="utf-8")
    report = run_ingest(settings, embeddings=fake_embeddings, progress=False)
    chunks = _live_chunks(settings)
    assert report.changed and report.embedded == 1 and report.reused == report.chunks - 1
    assert "Sparks fly daily." in chunks["welding#schedule"]
    assert {k: v for k, v in chunks.items() if k != "welding#schedule"} == {
        k: v for k, v in before.items() if k != "welding#schedule"
    }
    # the build that was live stays one round, for readers still answering from it; a third ingest drops it
    assert len(Store(settings).build_names()) == 2


def test_a_reader_of_the_old_index_keeps_working_through_a_reingest(
    tmp_path: Path, fixture_copy: Path, fake_embeddings: Embeddings
) -> None:
    """A replica that loaded the old index just before the pointer flips finishes its answer from it; the next
    ingest drops it (only the live build and the one before stay)."""
    settings = _settings(tmp_path, fixture_copy)
    first = run_ingest(settings, embeddings=fake_embeddings, progress=False)
    path = fixture_copy / "programs" / "welding.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited once.\n", encoding="utf-8")
    second = run_ingest(settings, embeddings=fake_embeddings, progress=False)
    store = Store(settings)
    assert store.require_live().collection == second.collection != first.collection
    old, _ = store.chunks(first.collection)  # what an in-flight reader of the old index still reads
    assert any(c.id == "welding#schedule" for c in old)
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited twice.\n", encoding="utf-8")
    third = run_ingest(settings, embeddings=fake_embeddings, progress=False)
    assert sorted(store.build_names()) == sorted([second.collection, third.collection])


def test_deleted_file_disappears(tmp_path: Path, fixture_copy: Path, fake_embeddings: Embeddings) -> None:
    settings = _settings(tmp_path, fixture_copy)
    extra = fixture_copy / "programs" / "hvac.md"
    extra.write_text(
        (fixture_copy / "programs" / "welding.md")
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
    tmp_path: Path, fixture_copy: Path, fake_embeddings: Embeddings
) -> None:
    settings = _settings(tmp_path, fixture_copy)
    run_ingest(settings, embeddings=fake_embeddings, progress=False)
    live = Store(settings).require_live()
    bad = fixture_copy / "programs" / "welding.md"
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
    tmp_path: Path, fixture_copy: Path, fake_embeddings: Embeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ingest.pipeline.EMBED_BATCH", 1)  # the small fixture corpus: one edited chunk per call
    settings = _settings(tmp_path, fixture_copy)
    run_ingest(settings, embeddings=fake_embeddings, progress=False)
    live = Store(settings).require_live()
    for path in (fixture_copy / "faq").glob("*.md"):  # two files: at least two edited chunks
        path.write_text(path.read_text(encoding="utf-8") + "\nUpdated.\n")
    with pytest.raises(RuntimeError):
        run_ingest(settings, embeddings=_FailingEmbeddings(fake_embeddings), progress=False)
    assert Store(settings).require_live() == live
    assert Store(settings).build_names() == [live.collection]


def test_write_failure_is_reported_and_cleaned_up(
    tmp_path: Path, fixture_copy: Path, fake_embeddings: Embeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ingest.pipeline.BATCH", 8)  # the small fixture corpus still takes several writes
    settings = _settings(tmp_path, fixture_copy)
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

    labels = source_labels(FIXTURE)
    chunks = {c.id: c for c in chunk_all(load_knowledge(FIXTURE), labels)}
    schedule = chunks["welding#schedule"].metadata  # a section sourced from a seed file
    assert schedule["source"] == "newsletter.txt"
    assert schedule["source_label"] == "The district newsletter"
    overview = chunks["welding#overview"].metadata  # a section sourced from a web page
    assert overview["source"] == "https://example.org/welding"
    assert overview["source_label"] == overview["source"]  # a URL is its own label


def test_chunks_have_deterministic_ids_and_metadata() -> None:
    document = next(d for d in load_knowledge(FIXTURE) if d.id == "welding")
    first, second = chunk_document(document), chunk_document(document)
    assert [c.id for c in first] == [c.id for c in second]
    assert [c.text for c in first] == [c.text for c in second]
    assert len({c.id for c in first}) == len(first)
    by_id = {c.id: c for c in first}
    assert by_id["welding#fact-room"].metadata["sample"] is True
    assert by_id["welding#schedule"].metadata["facet"] == "daily_hours"
    twin = by_id["welding#schedule-es"].metadata  # a section's Spanish twin points at its section
    assert twin["lang"] == "es" and twin["parent"] == "welding#schedule"
    questions = [c for c in first if c.metadata["parent"] == "welding#schedule" and c.metadata["role"] == "question"]
    assert [c.text for c in questions] == [
        "How many hours a day is welding?",
        "how long is welding class each day",
        "¿Cuántas horas al día es soldadura?",
    ]
    assert [c.metadata["lang"] for c in questions] == ["en", "en", "es"]
    interests = [c.text for c in first if c.metadata["role"] == "interest"]
    assert interests == ["welding", "metal", "sparks", "building things"]  # the RIASEC letter is not an interest
    for chunk in first:
        assert chunk.metadata["doc_id"] == "welding" and chunk.metadata["kind"] == "program"
        assert chunk.metadata["center"] == "ROC" and chunk.metadata["title"] == "Welding"
        if chunk.metadata["role"] in ("profile", "section", "fact"):
            assert chunk.text.startswith("Welding — ")


def test_a_whole_collection_is_read_a_page_at_a_time(
    tmp_path: Path, fixture_copy: Path, fake_embeddings: Embeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One `get` of a 100,000-chunk collection fails in SQLite; pages of READ_PAGE read it whole, in order.
    settings = _settings(tmp_path, fixture_copy)
    run_ingest(settings, embeddings=fake_embeddings, progress=False)
    store = Store(settings)
    name = store.require_live().collection
    whole, whole_vectors = store.chunks(name, include_embeddings=True)
    monkeypatch.setattr("cte_bot.store.READ_PAGE", 7)
    paged, paged_vectors = store.chunks(name, include_embeddings=True)
    assert len(whole) > 7 * 3
    assert [c.id for c in paged] == [c.id for c in whole] and paged_vectors == whole_vectors
