"""Keyword relevance for recommendations: Okapi BM25 of the talent's words against each candidate.

The query is the talent's career goals, target roles, interest category names and skill labels; a
document is the project's title, summary, description and skill labels (the text its embedding is
computed from). Document frequencies are counted over the candidates of the request (a few hundred
projects that already share a skill, a category or recency with the talent), so no index over the
whole marketplace is needed and the cost is bounded by the number of candidates. Words are folded
and lower-cased, English stop words dropped, and reduced to a crude stem (``analyst``/``analysis``
stay apart; ``designs``/``design`` and ``testing``/``tests``/``test`` meet).
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Sequence

import numpy as np

from stint.skills.text import fold

K1, B = 1.2, 0.75
_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "can",
        "do",
        "for",
        "from",
        "get",
        "has",
        "have",
        "how",
        "i",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "like",
        "me",
        "more",
        "my",
        "need",
        "needs",
        "new",
        "not",
        "of",
        "on",
        "one",
        "or",
        "our",
        "out",
        "over",
        "per",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "up",
        "us",
        "very",
        "want",
        "was",
        "we",
        "what",
        "when",
        "which",
        "who",
        "will",
        "with",
        "work",
        "would",
        "you",
        "your",
    ]
)
_SUFFIXES = ("ing", "ers", "er", "es", "s", "ed")


def stem(word: str) -> str:
    if word.endswith(("ss", "is", "us")):  # class, analysis, status: no plural to strip
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> tuple[str, ...]:
    """The document's words as interned stems (a tuple: small, and shared across cached projects)."""
    return tuple(sys.intern(stem(w)) for w in _WORD.findall(fold(text)) if w not in STOPWORDS and len(w) > 1)


def bm25(query: Sequence[str], docs: Sequence[Sequence[str] | None]) -> np.ndarray:
    """BM25 of ``query`` (stems; repeats ignored) for each doc, IDF over ``docs``; ``None`` scores 0."""
    n = len(docs)
    out = np.zeros(n, dtype=np.float32)
    terms = set(query)
    if not n or not terms:
        return out
    lengths = np.array([len(d) if d else 0 for d in docs], dtype=np.float32)
    avg = float(lengths.mean()) or 1.0
    tf = np.zeros((len(terms), n), dtype=np.float32)
    index = {t: i for i, t in enumerate(sorted(terms))}
    for j, doc in enumerate(docs):
        if not doc:
            continue
        # The shared words found in C (set ∩ tuple), then counted in C: a few per document.
        for word in terms.intersection(doc):
            tf[index[word], j] = doc.count(word)
    df = (tf > 0).sum(axis=1)
    idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
    norm = K1 * (1.0 - B + B * lengths / avg)
    scores = (idf[:, None] * tf * (K1 + 1.0) / (tf + norm[None, :])).sum(axis=0)
    return np.asarray(scores, dtype=np.float32)


def normalised(scores: np.ndarray) -> np.ndarray:
    """0..1 by the best candidate (0 everywhere when nothing matched)."""
    top = float(scores.max()) if scores.size else 0.0
    return scores / top if top > 0 and math.isfinite(top) else np.zeros_like(scores)
