"""Ranking metrics and latency percentiles shared by the matching benchmarks."""

from __future__ import annotations

import math


def ndcg_at(ranked: list[int], all_rels: list[int], k: int = 10) -> float:
    dcg = sum((2**rel - 1) / math.log2(i + 2) for i, rel in enumerate(ranked[:k]))
    ideal = sorted(all_rels, reverse=True)[:k]
    idcg = sum((2**rel - 1) / math.log2(i + 2) for i, rel in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: list[int], n_relevant: int, k: int = 20) -> float:
    return sum(1 for r in ranked[:k] if r == 2) / n_relevant if n_relevant else 0.0


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    return {"p50": round(pct(50), 1), "p95": round(pct(95), 1), "p99": round(pct(99), 1), "n": len(ordered)}
