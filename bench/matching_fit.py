"""Fit the recommender's weights on the TUNING half of the hand-written set (never the held-out half).

    .venv/bin/python -m bench.matching_fit            # prints the fitted weights and the tuning nDCG@10
    .venv/bin/python -m bench.matching_fit --ablation # the shipped weights without each component, on
                                                      # the held-out half (measured, nothing fitted)

The components of every candidate (``score_rows``: skills, semantic, skill_text, lexical, interest,
pay, freshness; each in 0..1) are computed once per tuning talent; then a coordinate search moves
0.05 of weight from one component to another while the mean nDCG@10 over the tuning talent rises
(ties keep the current weights). Pay and freshness keep a floor of 0.05 each: they are product
choices (a better-paid or fresher project ranks higher all else equal), not fitted. The start is
the weights before the fit, then equal weights; the better result wins. Also reported, for comparison: reciprocal-rank fusion (k = 60) of the
same components with equal weights.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
from typing import Any

import numpy as np

from bench.matching_eval import build_half
from bench.matching_eval_data import load
from bench.metrics import ndcg_at
from bench.scratch import scratch_database_url, setup_django

STEP = 0.05
FLOORS = {"pay": 0.05, "freshness": 0.05}
RRF_K = 60


def collect(split: str) -> list[tuple[dict[str, np.ndarray], list[int], list[int]]]:
    """Per talent: (components of every candidate, grade of each candidate, all grades of the half)."""
    # local import: a bench script; the models load only once setup_django() has run
    from stint.recommendations.candidates import candidate_rows
    from stint.recommendations.recommender import score_rows, talent_context

    es = load()
    projects, users, by_pk, now = build_half(es, split)
    out = []
    for t, user in users:
        ctx = talent_context(user)
        rows, ctx.interest_category_ids = candidate_rows(
            user=user, skill_ids=list(ctx.have) + list(ctx.related), interests=list(ctx.profile.interests), now=now
        )
        scores = score_rows(ctx, rows, now)
        keys = {key.hex: value for key, value in by_pk.items()}
        grades = [es.grade(t, keys[r[0]]) for r in rows]
        out.append(
            (
                {k: v for k, v in scores.items() if k not in ("total", "similarity")},
                grades,
                [es.grade(t, p) for p in projects],
            )
        )
    return out


def mean_ndcg(data: list[tuple[dict[str, np.ndarray], list[int], list[int]]], weights: dict[str, float]) -> float:
    values = []
    for comps, grades, all_grades in data:
        total = sum(weights[k] * comps[k] for k in weights)
        order = sorted(range(len(grades)), key=lambda i: (-float(total[i]), i))[:10]
        values.append(ndcg_at([grades[i] for i in order], all_grades))
    return statistics.fmean(values)


def rrf_ndcg(data: list[tuple[dict[str, np.ndarray], list[int], list[int]]], names: list[str]) -> float:
    values = []
    for comps, grades, all_grades in data:
        fused = np.zeros(len(grades))
        for name in names:
            ranks = np.empty(len(grades))
            ranks[np.argsort(-comps[name], kind="stable")] = np.arange(1, len(grades) + 1)
            fused += 1.0 / (RRF_K + ranks)
        order = sorted(range(len(grades)), key=lambda i: (-fused[i], i))[:10]
        values.append(ndcg_at([grades[i] for i in order], all_grades))
    return statistics.fmean(values)


def fit(data: list[tuple[dict[str, np.ndarray], list[int], list[int]]], start: dict[str, float]) -> dict[str, float]:
    weights = {k: round(v, 2) for k, v in start.items()}
    best = mean_ndcg(data, weights)
    improved = True
    while improved:
        improved = False
        for src in weights:
            for dst in weights:
                if src == dst or weights[src] - STEP < FLOORS.get(src, 0.0) - 1e-9:
                    continue
                trial = dict(weights)
                trial[src] = round(trial[src] - STEP, 2)
                trial[dst] = round(trial[dst] + STEP, 2)
                score = mean_ndcg(data, trial)
                if score > best + 1e-6:
                    weights, best, improved = trial, score, True
    return weights


def ablation(weights: dict[str, float]) -> dict[str, float]:
    """nDCG@10 (candidates scored by the weighted sum, no capacity reordering) on the held-out half."""
    data = collect("heldout")
    out = {"shipped": round(mean_ndcg(data, weights), 4)}
    for name in weights:
        out[f"without {name}"] = round(mean_ndcg(data, {k: (0.0 if k == name else v) for k, v in weights.items()}), 4)
        out[f"only {name}"] = round(mean_ndcg(data, {k: (1.0 if k == name else 0.0) for k in weights}), 4)
    out["rrf (equal, no pay/freshness)"] = round(rrf_ndcg(data, [k for k in weights if k not in FLOORS]), 4)
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url, _ = scratch_database_url(tmp)
        setup_django(url)
        # local import: a bench script; the models load only once setup_django() has run
        from stint.recommendations import recommender

        if "--ablation" in sys.argv:
            print("RESULT " + json.dumps(ablation(dict(recommender.WEIGHTS))))
            return
        start = dict(recommender.WEIGHTS)
        data = collect("tune")
        free = [k for k in start if k not in FLOORS]
        share = round((1.0 - sum(FLOORS.values())) / len(free) / STEP) * STEP
        equal = {k: FLOORS.get(k, share) for k in start}
        equal[free[0]] = round(1.0 - sum(v for k, v in equal.items() if k != free[0]), 2)
        # Two starts (the weights before the fit, and equal weights); the better on the tuning half wins.
        fitted = max((fit(data, s) for s in (start, equal)), key=lambda w: mean_ndcg(data, w))
        result: dict[str, Any] = {
            "start": start,
            "start_ndcg10_tune": round(mean_ndcg(data, start), 4),
            "fitted": fitted,
            "fitted_ndcg10_tune": round(mean_ndcg(data, fitted), 4),
            "rrf_ndcg10_tune": round(rrf_ndcg(data, [k for k in start if k not in FLOORS]), 4),
        }
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
