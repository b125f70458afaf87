"""A plain Okapi BM25 (k1 = 1.2, b = 0.75) for the benchmarks' keyword baselines (rank_bm25 is not
installed, and a baseline should be this small and obvious anyway)."""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict

STOPWORDS = frozenset(
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
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "with",
        "within",
        "will",
        "you",
        "your",
        "using",
        "use",
        "other",
        "others",
        "also",
        "etc",
        "which",
        "who",
        "various",
        "i",
        "we",
        "our",
        "my",
        "me",
    ]
)
TOKEN = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    return [w for w in TOKEN.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]


class BM25:
    def __init__(self, docs: list[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.tf = [Counter(d) for d in docs]
        self.len = [len(d) for d in docs]
        self.avg = statistics.fmean(self.len) if docs else 0.0
        df: Counter[str] = Counter()
        for d in self.tf:
            df.update(d.keys())
        n = len(docs)
        self.idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in df.items()}
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, d in enumerate(self.tf):
            for w in d:
                self.postings[w].append(i)

    def scores(self, query: list[str]) -> dict[int, float]:
        out: dict[int, float] = defaultdict(float)
        for w in set(query):
            idf = self.idf.get(w)
            if idf is None:
                continue
            for i in self.postings[w]:
                f = self.tf[i][w]
                out[i] += idf * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * self.len[i] / self.avg))
        return out

    def ranking(self, query: list[str], k: int) -> list[int]:
        scores = self.scores(query)
        return sorted(scores, key=lambda i: (-scores[i], i))[:k]
