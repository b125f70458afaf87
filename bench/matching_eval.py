"""The recommender against plain BM25 on the hand-written evaluation set (docs/matching.md).

    .venv/bin/python -m bench.matching_eval                  # held-out half (the reported numbers)
    .venv/bin/python -m bench.matching_eval --split tune     # the half the weights were fitted on
    BENCH_DATABASE_URL=postgres://… .venv/bin/python -m bench.matching_eval

For one half at a time, a scratch database holds only that half's projects and talent, created as a
company and a student would: each skill phrase typed becomes the skill the autocomplete offers
first (``skill_search(phrase, limit=1)``, curated vocabulary), names and institutions are stored,
the free text ``about`` goes into the profile's headline (which the recommender never reads).

* recommender: ``recommend_projects_for_talent(user, limit=20)``;
* BM25: the project's title, text and skill phrases as typed; the talent's goals, target roles,
  interest categories and skill phrases as the query.

Metrics per talent, averaged: nDCG@10 over the hand grades (gain 2^g − 1) and same-family
recall@20 (the share of the half's projects of the talent's family that are in the first 20).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import secrets
import statistics
import tempfile
from collections.abc import Callable
from typing import Any

from bench.bm25 import BM25, words
from bench.matching_eval_data import EvalProject, EvalSet, EvalTalent, load
from bench.matching_quality import make_org, reset_marketplace
from bench.metrics import ndcg_at
from bench.scratch import pg_admin, scratch_database_url, setup_django

TARGET_LIFT = 1.15
TARGET_RECALL = 0.90


def family_recall(ranked: list[EvalProject], talent: EvalTalent, projects: list[EvalProject], es: EvalSet) -> float:
    family = es.family(talent.field)
    wanted = {p.id for p in projects if es.family(p.field) == family}
    return len(wanted & {p.id for p in ranked[:20]}) / len(wanted) if wanted else 0.0


def metrics(
    ranked: list[EvalProject], talent: EvalTalent, projects: list[EvalProject], es: EvalSet
) -> dict[str, float]:
    grades = [es.grade(talent, p) for p in projects]
    return {
        "ndcg10": ndcg_at([es.grade(talent, p) for p in ranked], grades),
        "recall20": family_recall(ranked, talent, projects, es),
    }


def bm25_ranker(projects: list[EvalProject], es: EvalSet) -> Callable[[EvalTalent], list[EvalProject]]:
    index = BM25([words(" ".join([p.title, p.text, " ".join(p.skills)])) for p in projects])

    def rank(talent: EvalTalent) -> list[EvalProject]:
        query = words(" ".join([talent.goals, *talent.roles, *talent.interests, *talent.skills]))
        return [projects[i] for i in index.ranking(query, 20)]

    return rank


def resolve_skills(phrases: list[str]) -> list[Any]:
    """The skill a person would pick: the autocomplete's first suggestion, if any (deduplicated)."""
    # local import: a bench script; the models load only once setup_django() has run
    from stint.skills.selectors import skill_search

    out: list[Any] = []
    for phrase in phrases:
        hits = skill_search(phrase, limit=1)
        if hits and hits[0].id not in out:
            out.append(hits[0].id)
    return out


def create_projects(projects: list[EvalProject], es: EvalSet, now: datetime.datetime) -> dict[Any, EvalProject]:
    # local import: a bench script; the models load only once setup_django() has run
    from stint.projects.models import Project, ProjectSkill
    from stint.skills.models import Category

    rng = random.Random(7)
    org = make_org("Matching Eval Org")
    categories = dict(Category.objects.values_list("slug", "pk"))
    by_pk: dict[Any, EvalProject] = {}
    rows, links = [], []
    for i, spec in enumerate(projects):
        hours = rng.choice([8, 10, 12, 15, 20])
        start = now.date() + datetime.timedelta(days=rng.randint(3, 10))
        p = Project(
            organization=org,
            title=spec.title[:150],
            summary=spec.summary,
            description=spec.text,
            category_id=categories[es.fields[spec.field].category],
            estimated_hours=hours,
            fee_minor=hours * rng.choice([2000, 2500, 3000]),
            currency="USD",
            visibility="public",
            secret_token=secrets.token_urlsafe(32),
            application_deadline=now + datetime.timedelta(days=14),
            response_deadline=now + datetime.timedelta(days=30),
            start_date=start,
            due_date=start + datetime.timedelta(days=28),
            status="open",
            # Publication order is unrelated to the field (freshness must not leak the answer).
            published_at=now - datetime.timedelta(hours=(i * 37) % 240),
        )
        rows.append(p)
        by_pk[p.pk] = spec
        for n, skill_id in enumerate(resolve_skills(spec.skills)):
            links.append(ProjectSkill(project=p, skill_id=skill_id, required=n < 3, level=3 if n < 2 else 2))
    Project.objects.bulk_create(rows)
    ProjectSkill.objects.bulk_create(links)
    return by_pk


def create_talent(talent: EvalTalent, suffix: str = "") -> Any:
    # local import: a bench script; the models load only once setup_django() has run
    from stint.accounts.models import User
    from stint.talent.models import Education, TalentProfile, TalentSkill

    user = User.objects.create_user(
        email=f"{talent.id}-{secrets.token_hex(3)}@example.test", role="talent", name=talent.name + suffix
    )
    profile = TalentProfile.objects.create(
        user=user,
        headline=talent.about[:160],
        career_goals=talent.goals,
        target_roles=talent.roles,
        interests=talent.interests,
        weekly_hours=15,
    )
    Education.objects.create(profile=profile, institution=talent.institution + suffix, programme="")
    for skill_id in resolve_skills(talent.skills):
        TalentSkill.objects.create(profile=profile, skill_id=skill_id, level=3)
    return user


def build_half(es: EvalSet, split: str) -> tuple[list[EvalProject], list[tuple[EvalTalent, Any]], dict[Any, Any], Any]:
    """A scratch marketplace holding only this half: (projects, [(talent, user)], {pk: project}, now)."""
    # local import: a bench script; the models load only once setup_django() has run
    from django.utils import timezone

    from stint.recommendations.services import embed_all

    reset_marketplace()
    projects, talent = es.half(split)
    now = timezone.now()
    by_pk = create_projects(projects, es, now)
    users = [(t, create_talent(t)) for t in talent]
    embed_all()
    return projects, users, by_pk, now


def evaluate_half(es: EvalSet, split: str) -> dict[str, Any]:
    # local import: a bench script; the models load only once setup_django() has run
    from stint.recommendations.recommender import recommend_projects_for_talent

    projects, users, by_pk, now = build_half(es, split)
    keyword = bm25_ranker(projects, es)
    per: dict[str, dict[str, list[float]]] = {"recommender": {}, "bm25": {}}
    for t, user in users:
        ranked = [by_pk[r.project.pk] for r in recommend_projects_for_talent(user, limit=20, now=now)]
        for name, got in (("recommender", ranked), ("bm25", keyword(t))):
            for metric, value in metrics(got, t, projects, es).items():
                per[name].setdefault(metric, []).append(value)
    summary = {name: {m: round(statistics.fmean(v), 4) for m, v in ms.items()} for name, ms in per.items()}
    lift = summary["recommender"]["ndcg10"] / summary["bm25"]["ndcg10"] if summary["bm25"]["ndcg10"] else 0.0
    return {
        "split": split,
        "projects": len(projects),
        "talent": len(users),
        "fields": len({p.field for p in projects}),
        **summary,
        "ndcg10_ratio": round(lift, 4),
        "target_met": lift >= TARGET_LIFT and summary["recommender"]["recall20"] >= TARGET_RECALL,
    }


def run(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench.matching_eval", description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["heldout", "tune", "both"], default="both")
    args = parser.parse_args(argv)
    es = load()
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        url, pg_name = scratch_database_url(tmp)
        try:
            setup_django(url)
            from django.db import connection

            result["engine"] = connection.vendor
            for split in ("tune", "heldout") if args.split == "both" else (args.split,):
                result[split] = evaluate_half(es, split)
        finally:
            if pg_name:
                from django.db import connections

                connections.close_all()
                pg_admin(os.environ["BENCH_DATABASE_URL"], f'DROP DATABASE IF EXISTS "{pg_name}"')
    return result


def main(argv: list[str] | None = None) -> None:
    result = run(argv)
    for split in ("tune", "heldout"):
        r = result.get(split)
        if not r:
            continue
        rec, kw = r["recommender"], r["bm25"]
        print(
            f"hand-written set, {split} half ({r['fields']} fields, {r['projects']} projects, {r['talent']} talent, "
            f"{result['engine']}): recommender nDCG@10 {rec['ndcg10']:.3f} same-family recall@20 "
            f"{rec['recall20']:.3f}; BM25 nDCG@10 {kw['ndcg10']:.3f} recall@20 {kw['recall20']:.3f}; "
            f"ratio {r['ndcg10_ratio']:.2f}x (target {TARGET_LIFT}x and recall {TARGET_RECALL}: "
            f"{'met' if r['target_met'] else 'MISSED'})"
        )
    print("RESULT " + json.dumps(result, default=str))


if __name__ == "__main__":
    main()
