"""Chroma access: an embedded PersistentClient by default, an HttpClient when CTE_BOT_CHROMA_URL is set.

Each ingest builds a complete collection named after the content fingerprint, then flips a one-record
pointer collection to it. Readers follow the pointer, so a half-built collection is never live.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from cte_bot.config import Settings
from cte_bot.errors import IndexMissingError, StoreUnavailableError

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection
    from langchain_chroma import Chroma
    from langchain_core.embeddings import Embeddings

COSINE = {"hnsw:space": "cosine"}
READ_PAGE = 5000  # chunks per `get` when reading a whole collection (SQLite caps the variables of one query)
BUILD_COMMAND = "cte-bot ingest"
_LIVE_ID = "live"


@dataclass(frozen=True)
class LiveIndex:
    """What the pointer says is being served."""

    collection: str
    fingerprint: str
    documents: int
    chunks: int
    built_at: str


@dataclass(frozen=True)
class StoredChunk:
    id: str
    text: str
    metadata: dict[str, Any]


class Store:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pointer_name = f"{settings.collection_prefix}_live"
        self.client = _connect(settings)

    def where(self) -> str:
        return self.settings.chroma_url or str(self.settings.chroma_path)

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (IndexMissingError, StoreUnavailableError):
            raise
        except Exception as exc:
            if is_connection_error(exc):
                raise StoreUnavailableError(f"Chroma at {self.where()} is unreachable ({what}): {exc}") from exc
            raise

    def _pointer(self) -> Collection:
        collection: Collection = self._call(
            "open pointer", self.client.get_or_create_collection, self.pointer_name, embedding_function=None
        )
        return collection

    def live(self) -> LiveIndex | None:
        got = self._call("read pointer", self._pointer().get, ids=[_LIVE_ID], include=["metadatas"])
        if not got["ids"]:
            return None
        meta = dict(got["metadatas"][0])
        return LiveIndex(**{k: meta[k] for k in LiveIndex.__dataclass_fields__})

    def require_live(self) -> LiveIndex:
        index = self.live()
        if index is None or index.collection not in self.build_names():
            raise IndexMissingError(f"No index has been built yet at {self.where()}. Build it with `{BUILD_COMMAND}`.")
        return index

    def set_live(self, index: LiveIndex) -> None:
        self._call(
            "write pointer",
            self._pointer().upsert,
            ids=[_LIVE_ID],
            embeddings=[[1.0]],
            metadatas=[asdict(index)],
            documents=[index.collection],
        )

    def build_names(self) -> list[str]:
        prefix = f"{self.settings.collection_prefix}_"
        names = self._call("list collections", self.client.list_collections)
        names = [getattr(c, "name", c) for c in names]
        return sorted(n for n in names if n.startswith(prefix) and n != self.pointer_name)

    def collection(self, name: str) -> Collection:
        collection: Collection = self._call(
            "open collection", self.client.get_or_create_collection, name, metadata=COSINE, embedding_function=None
        )
        return collection

    def drop(self, name: str) -> None:
        self._call("delete collection", self.client.delete_collection, name)

    def chunks(self, name: str, include_embeddings: bool = False) -> tuple[list[StoredChunk], list[list[float]]]:
        """Every chunk of a collection (and its vector), read a page at a time: one `get` of a whole collection
        of 100,000 chunks fails in SQLite ("too many SQL variables")."""
        include = ["documents", "metadatas", *(["embeddings"] if include_embeddings else [])]
        collection = self.collection(name)
        chunks: list[StoredChunk] = []
        vectors: list[list[float]] = []
        while True:
            got = self._call("read chunks", collection.get, include=include, limit=READ_PAGE, offset=len(chunks))
            chunks += [
                StoredChunk(id=i, text=d, metadata=dict(m))
                for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
            ]
            if include_embeddings and len(got["ids"]):
                import numpy as np

                # Python floats, 5x faster than map
                vectors += np.asarray(got["embeddings"], dtype=np.float64).tolist()
            if len(got["ids"]) < READ_PAGE:
                return chunks, vectors

    def program_titles(self, name: str) -> dict[str, str]:
        """Program id -> title, from the collection's program profiles: what links are checked against, read
        without the embedding model (the Bot's corpus holds the same profiles)."""
        where = {"$and": [{"role": "profile"}, {"kind": "program"}]}
        got = self._call("read programs", self.collection(name).get, where=where, include=["metadatas"])
        return {str(m["doc_id"]): str(m.get("title") or m["doc_id"]) for m in got["metadatas"]}

    def vectorstore(self, name: str, embeddings: Embeddings) -> Chroma:
        from langchain_chroma import Chroma

        return Chroma(
            client=self.client,
            collection_name=name,
            embedding_function=embeddings,
            collection_metadata=COSINE,
            create_collection_if_not_exists=False,
        )


def is_connection_error(exc: BaseException) -> bool:
    text = f"{type(exc).__name__} {exc}".lower()
    return any(s in text for s in ("connect", "refused", "timed out", "timeout", "unreachable", "could not"))


def _connect(settings: Settings) -> ClientAPI:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url is None:
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    url = urlparse(settings.chroma_url)
    port = url.port or (443 if url.scheme == "https" else 8000)
    try:
        client = chromadb.HttpClient(
            host=url.hostname or "localhost", port=port, ssl=url.scheme == "https", settings=chroma_settings
        )
        client.heartbeat()
    except Exception as exc:
        raise StoreUnavailableError(
            f"Chroma server at {settings.chroma_url} is unreachable: start it (`chroma run --path DIR --port {port}`) "
            "or unset CTE_BOT_CHROMA_URL to use the embedded store."
        ) from exc
    return client
