"""Two small learned models, trained from the knowledge files: what a message is, and what a question asks for.

- The message model: what kind of message this is (a question about the programs, small talk, off-topic,
  professional advice, unreadable input, a harmful request, prompt injection, crisis, abuse). Its examples
  are `knowledge/messages/<label>.txt`, one message per line, plus every in-scope example question below.
- The facet model: what a question asks for (knowledge/facets.yaml). Its examples are the facets'
  `examples` and every example question under a knowledge file's `sections:`, labelled with that section's facet.

Both are multinomial logistic regressions (scikit-learn at training time) over one feature vector per message:
its packaged MiniLM embedding (meaning) beside TF-IDF word and character n-grams (wording: "kms", "me voy a
matar", typos). The weights and vocabularies live in one `.npz` beside the data (`knowledge/classifier.npz`);
`cte-bot train` rebuilds it, deterministically and offline. At answer time a prediction is a sparse lookup and
one matrix product on the question's embedding, which retrieval reuses; scikit-learn is not imported.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from cte_bot.errors import KnowledgeError
from cte_bot.knowledge import load_facets, load_knowledge
from cte_bot.lexicon import fold, words

QUESTION = "question"
MESSAGE_LABELS = (QUESTION, "smalltalk", "off_topic", "advice", "junk", "harmful", "injection", "crisis", "abuse")
# Inverse regularization strength, chosen by cross-validation on the training files (bench/classifier.py).
REGULARIZATION = 8.0
MIN_DF = 2  # an n-gram must occur in this many examples to become a feature
MAX_CHAR_GRAMS = 12000
_BATCH = 512  # texts per embedding call (see ingest.pipeline.EMBED_BATCH)


def word_grams(text: str) -> list[str]:
    """Folded words and word pairs: "kill time" and "kill myself" are different features."""
    tokens = words(text)
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


def char_grams(text: str) -> list[str]:
    """3- to 5-letter pieces of each folded word, padded with spaces: robust to typos and Spanish endings."""
    grams = []
    for word in fold(text).split():
        padded = f" {word} "
        for n in (3, 4, 5):
            grams += [padded[i : i + n] for i in range(max(1, len(padded) - n + 1))]
    return grams


ANALYZERS: dict[str, Callable[[str], list[str]]] = {"word": word_grams, "char": char_grams}


@dataclass(frozen=True)
class Example:
    text: str
    label: str


@dataclass(frozen=True)
class Vocabulary:
    """One analyzer's n-grams with their inverse document frequencies (TF-IDF, sublinear tf, L2-normalized)."""

    analyzer: str
    terms: dict[str, int]
    idf: np.ndarray

    def transform(self, text: str) -> dict[int, float]:
        counts = Counter(g for g in ANALYZERS[self.analyzer](text) if g in self.terms)
        values = {self.terms[g]: (1.0 + math.log(c)) * float(self.idf[self.terms[g]]) for g, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        return {i: v / norm for i, v in values.items()}


@dataclass(frozen=True)
class LinearModel:
    """Softmax over `weights @ features + bias`; features: the embedding, then each vocabulary's n-grams."""

    labels: tuple[str, ...]
    weights: np.ndarray  # (labels, 384 + sum of vocabulary sizes)
    bias: np.ndarray
    vocabularies: tuple[Vocabulary, ...]

    def probabilities(self, text: str, vector: Sequence[float] | np.ndarray) -> dict[str, float]:
        embedding = np.asarray(vector, dtype=np.float32)
        logits = self.weights[:, : len(embedding)] @ embedding + self.bias
        offset = len(embedding)
        for vocabulary in self.vocabularies:
            for index, value in vocabulary.transform(text).items():
                logits += self.weights[:, offset + index] * value
            offset += len(vocabulary.terms)
        exp = np.exp(logits - logits.max())
        return dict(zip(self.labels, (exp / exp.sum()).tolist(), strict=True))


@dataclass(frozen=True)
class Classifiers:
    message: LinearModel
    facet: LinearModel
    data_hash: str  # of the training examples: tells whether knowledge/ changed since training


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def training_examples(root: Path) -> tuple[list[Example], list[Example]]:
    """(message examples, facet examples) from the knowledge folder, in a stable order."""
    facets = load_facets(root)
    facet_examples = [Example(q, name) for name, facet in facets.items() for q in facet.examples]
    for document in load_knowledge(root):
        for meta in document.sections.values():
            facet_examples += [Example(q, meta.facet) for q in meta.questions]
    messages = [Example(e.text, QUESTION) for e in facet_examples]
    folder = root / "messages"
    for label in MESSAGE_LABELS:
        path = folder / f"{label}.txt"
        if path.is_file():
            messages += [Example(line, label) for line in _lines(path)]
        elif label != QUESTION:  # questions also come from every section's examples
            raise KnowledgeError(f"missing training messages: {path} (one message per line)")
    return _dedupe(messages), _dedupe(facet_examples)


def _dedupe(examples: list[Example]) -> list[Example]:
    """First label wins for a repeated text, so the same words never teach two answers."""
    seen: dict[str, Example] = {}
    for example in examples:
        seen.setdefault(example.text, example)
    return sorted(seen.values(), key=lambda e: (e.label, e.text))


def data_hash(messages: list[Example], facets: list[Example]) -> str:
    payload = json.dumps([[e.text, e.label] for e in [*messages, *facets]], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def embed(embeddings: Embeddings, texts: list[str]) -> np.ndarray:
    """Embeddings in fixed batches, so the same texts always give the same matrix."""
    rows: list[list[float]] = []
    for start in range(0, len(texts), _BATCH):
        rows += embeddings.embed_documents(texts[start : start + _BATCH])
    return np.asarray(rows, dtype=np.float32)


def fit(examples: list[Example], vectors: np.ndarray, regularization: float = REGULARIZATION) -> LinearModel:
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression  # training only: the answering path never imports it

    texts = [e.text for e in examples]
    blocks = [csr_matrix(vectors)]
    vocabularies = []
    for name, analyzer in ANALYZERS.items():
        features = _features(texts, analyzer, MAX_CHAR_GRAMS if name == "char" else None)
        vectorizer = TfidfVectorizer(analyzer=analyzer, vocabulary=features, sublinear_tf=True)
        blocks.append(vectorizer.fit_transform(texts))
        terms = {str(t): int(i) for t, i in vectorizer.vocabulary_.items()}
        vocabularies.append(Vocabulary(name, terms, vectorizer.idf_.astype(np.float32)))
    model = LogisticRegression(C=regularization, max_iter=5000)
    model.fit(hstack(blocks).tocsr(), [e.label for e in examples])
    return LinearModel(
        labels=tuple(str(c) for c in model.classes_),
        weights=_half(model.coef_),
        bias=_half(model.intercept_),
        vocabularies=tuple(vocabularies),
    )


def _features(texts: list[str], analyzer: Callable[[str], list[str]], limit: int | None) -> dict[str, int]:
    """The n-grams that become features: those in at least MIN_DF examples and, past `limit`, the most frequent,
    ties broken by the n-gram itself. (scikit-learn's own `max_features` breaks ties by numpy's argsort, whose
    order differs between CPUs: on another machine, retraining no longer reproduced the committed artifact.)"""
    in_examples: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for text in texts:
        grams = analyzer(text)
        total.update(grams)
        in_examples.update(set(grams))
    kept = [gram for gram, n in in_examples.items() if n >= MIN_DF]
    if limit is not None and len(kept) > limit:
        kept = sorted(kept, key=lambda gram: (-total[gram], gram))[:limit]
    return {gram: i for i, gram in enumerate(sorted(kept))}


def _half(values: np.ndarray) -> np.ndarray:
    """Weights are stored at half precision (the artifact stays small); the model in memory is the stored one."""
    return values.astype(np.float16).astype(np.float32)


def train(root: Path, embeddings: Embeddings) -> Classifiers:
    messages, facets = training_examples(root)
    texts = sorted({e.text for e in [*messages, *facets]})
    vectors = embed(embeddings, texts)
    row = {text: i for i, text in enumerate(texts)}
    message_model = fit(messages, vectors[[row[e.text] for e in messages]])
    facet_model = fit(facets, vectors[[row[e.text] for e in facets]])
    return Classifiers(message=message_model, facet=facet_model, data_hash=data_hash(messages, facets))


def _arrays(prefix: str, model: LinearModel) -> dict[str, np.ndarray]:
    out = {
        f"{prefix}_labels": np.array(model.labels),
        f"{prefix}_weights": model.weights.astype(np.float16),
        f"{prefix}_bias": model.bias.astype(np.float16),
    }
    for vocabulary in model.vocabularies:
        ordered = sorted(vocabulary.terms, key=vocabulary.terms.__getitem__)
        out[f"{prefix}_{vocabulary.analyzer}_terms"] = np.array(ordered)
        out[f"{prefix}_{vocabulary.analyzer}_idf"] = vocabulary.idf
    return out


def _model(prefix: str, data: dict[str, np.ndarray]) -> LinearModel:
    vocabularies = tuple(
        Vocabulary(
            name, {str(t): i for i, t in enumerate(data[f"{prefix}_{name}_terms"])}, data[f"{prefix}_{name}_idf"]
        )
        for name in ANALYZERS
    )
    labels = tuple(str(x) for x in data[f"{prefix}_labels"])
    weights = data[f"{prefix}_weights"].astype(np.float32)
    return LinearModel(labels, weights, data[f"{prefix}_bias"].astype(np.float32), vocabularies)


def save(classifiers: Classifiers, path: Path) -> None:
    arrays = {**_arrays("message", classifiers.message), **_arrays("facet", classifiers.facet)}
    np.savez_compressed(path, data_hash=np.array(classifiers.data_hash), **arrays)  # type: ignore[arg-type]


def load(path: Path) -> Classifiers:
    try:
        with np.load(path, allow_pickle=False) as raw:
            data = {key: raw[key] for key in raw.files}
        return Classifiers(_model("message", data), _model("facet", data), str(data["data_hash"]))
    except (OSError, KeyError, ValueError) as exc:
        raise KnowledgeError(
            f"cannot read the trained classifier {path}: {exc}. Rebuild it with `cte-bot train`."
        ) from exc


def is_current(classifiers: Classifiers, root: Path) -> bool:
    """Whether the classifier was trained on the knowledge folder as it is now."""
    return classifiers.data_hash == data_hash(*training_examples(root))
