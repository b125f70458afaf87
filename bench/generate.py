"""Synthetic marketplace data as JSON lines (docs/import-format.md).

Vocabulary: the categories and skills of the taxonomy (data/skills/*.csv, loaded into the database
if it has none) plus a word list. Words are drawn from a Zipf-like distribution, so the first words
of ``WORDS`` are common (found in a large share of projects) and the made-up ``RARE_WORDS`` appear
in a handful of projects only.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Bump when the generated data changes: ``python -m bench`` keys its cached databases on it.
GENERATOR_VERSION = 1
WORDS = [
    "data",
    "report",
    "research",
    "market",
    "customer",
    "social",
    "media",
    "analysis",
    "design",
    "content",
    "strategy",
    "survey",
    "campaign",
    "website",
    "dashboard",
    "brand",
    "product",
    "students",
    "app",
    "interview",
    "user",
    "growth",
    "sales",
    "python",
    "excel",
    "video",
    "audit",
    "competitor",
    "pricing",
    "launch",
    "newsletter",
    "blog",
    "seo",
    "portfolio",
    "metrics",
    "finance",
    "startup",
    "community",
    "onboarding",
    "feedback",
    "prototype",
    "logo",
    "presentation",
    "benchmark",
    "trends",
    "budget",
    "accessibility",
    "translation",
    "podcast",
    "illustration",
    "spreadsheet",
    "forecast",
    "retention",
    "churn",
    "testing",
    "workshop",
    "partnership",
    "outreach",
    "recruitment",
    "sustainability",
    "climate",
    "energy",
    "health",
    "education",
    "nonprofit",
    "museum",
    "library",
    "festival",
    "restaurant",
    "bakery",
    "bicycle",
    "garden",
    "fashion",
    "music",
    "travel",
    "insurance",
    "logistics",
    "warehouse",
    "inventory",
    "supplier",
    "procurement",
    "compliance",
    "privacy",
    "security",
]
RARE_WORDS = [
    f"{a}{b}" for a in ("zephyr", "quokka", "axolotl", "narwhal", "pangolin") for b in ("ite", "ic", "ism", "ology")
]
SENTENCES = (
    "We are looking for a student to {v} our {n} and share clear recommendations.",
    "The {n} should help the team {v} the next {n2}.",
    "You will {v} {n} with {skill} and present the results to the founders.",
    "Deliver a short {n} on {n2} within the deadline.",
)
VERBS = ("analyse", "improve", "review", "plan", "build", "summarise", "test", "map", "document", "compare")


def ensure_taxonomy() -> tuple[list[str], list[tuple[str, str]]]:
    """Load categories and skills from data/skills when the database has none; return
    ``(category slugs, [(skill slug, label)])``."""
    # local import: bench/__main__ reads GENERATOR_VERSION from this module before Django is set up
    from stint.skills.models import Category, Skill

    if not Category.objects.exists():
        with open(ROOT / "data" / "skills" / "categories.csv", encoding="utf-8") as f:
            Category.objects.bulk_create(
                [
                    Category(slug=r["slug"], name=r["name"], description=r["description"][:300], position=i)
                    for i, r in enumerate(csv.DictReader(f))
                ]
            )
    if not Skill.objects.exists():
        cats = dict(Category.objects.values_list("slug", "id"))
        with open(ROOT / "data" / "skills" / "stint_skills.csv", encoding="utf-8") as f:
            Skill.objects.bulk_create(
                [
                    Skill(
                        slug=r["slug"],
                        label=r["label"],
                        category_id=cats[r["category"]],
                        esco_uri=r["esco_uri"],
                        synonyms=[s for s in r["synonyms"].split("|") if s],
                        search_text=r["label"].lower(),
                    )
                    for r in csv.DictReader(f)
                    if r["category"] in cats
                ],
                ignore_conflicts=True,
            )
    return list(Category.objects.values_list("slug", flat=True)), list(Skill.objects.values_list("slug", "label"))


def _zipf_cum_weights(n: int) -> list[float]:
    return list(itertools.accumulate(1.0 / (i + 1) for i in range(n)))


def _zipf_words(rng: random.Random, vocab: list[str], k: int, cum_weights: list[float] | None = None) -> list[str]:
    # Same draws as ``rng.choices(vocab, weights=1/(i+1), k=k)``; pass ``cum_weights`` to avoid
    # recomputing them for every project.
    return rng.choices(vocab, cum_weights=cum_weights or _zipf_cum_weights(len(vocab)), k=k)


def _organization_record(i: int, rng: random.Random) -> dict[str, Any]:
    return {
        "kind": "organization",
        "external_id": f"org-{i}",
        "name": f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {i}",
        "website": f"https://org{i}.example",
        "industry": rng.choice(WORDS),
        "size": "2-10",
        "description": "A synthetic organization.",
        "verified": rng.random() < 0.6,
    }


@dataclass(frozen=True)
class _Vocabulary:
    categories: list[str]
    skills: list[tuple[str, str]]
    words: list[str]
    cum_weights: list[float]
    organizations: int
    today: datetime.date


def _project_record(i: int, rng: random.Random, v: _Vocabulary) -> dict[str, Any]:
    words = _zipf_words(rng, v.words, 6, v.cum_weights)
    project_skills = rng.sample(v.skills, k=rng.randint(1, 4))
    sentences = [
        rng.choice(SENTENCES).format(v=rng.choice(VERBS), n=w, n2=rng.choice(words), skill=project_skills[0][1])
        for w in words
    ]
    if i % 1000 == 0:  # rare words: about 0.1% of projects
        sentences.append(f"Experience with {rng.choice(RARE_WORDS)} is a plus.")
    hours = rng.randint(5, 40)
    rate = rng.randint(2000, 6000)
    start = v.today + datetime.timedelta(days=rng.randint(8, 40))
    return {
        "kind": "project",
        "external_id": f"proj-{i}",
        "organization": f"org-{rng.randrange(v.organizations)}",
        "title": f"{words[0].title()} {words[1]} {rng.choice(('sprint', 'project', 'study', 'review'))}",
        "summary": " ".join(sentences[:1])[:300],
        "description": "\n\n".join(sentences),
        "category": rng.choice(v.categories),
        "skills": [slug for slug, _ in project_skills],
        "estimated_hours": hours,
        "fee": {"amount_minor": hours * rate, "currency": "USD"},
        "openings": 1,
        "start_date": start.isoformat(),
        "due_date": (start + datetime.timedelta(days=rng.randint(3, 56))).isoformat(),
        "application_deadline": (start - datetime.timedelta(days=1)).isoformat() + "T23:00:00Z",
        "status": "open",
    }


def _talent_record(i: int, rng: random.Random, v: _Vocabulary) -> dict[str, Any]:
    return {
        "kind": "talent",
        "external_id": f"talent-{i}",
        "email": f"talent{i}@bench.example",
        "name": f"Talent {i}",
        "headline": "Student",
        "career_goals": "Become a data analyst",
        "target_roles": ["data analyst"],
        "interests": [rng.choice(v.categories)],
        "weekly_hours": 10,
        "timezone": "Europe/Paris",
        "skills": [{"skill": s, "level": 3} for s, _ in rng.sample(v.skills, k=3)],
    }


def generate(path: Path, projects: int, seed: int = 7, talent: int = 0) -> dict[str, Any]:
    """Write ``path``: the organizations, then the projects, then the talent (same seed, same file)."""
    categories, skills = ensure_taxonomy()
    rng = random.Random(seed)
    orgs = max(10, projects // 20)
    vocab = WORDS + [label.lower() for _, label in skills]
    v = _Vocabulary(categories, skills, vocab, _zipf_cum_weights(len(vocab)), orgs, datetime.date.today())
    with open(path, "w", encoding="utf-8") as out:
        for i in range(orgs):
            out.write(json.dumps(_organization_record(i, rng)) + "\n")
        for i in range(projects):
            out.write(json.dumps(_project_record(i, rng, v)) + "\n")
        for i in range(talent):
            out.write(json.dumps(_talent_record(i, rng, v)) + "\n")
    return {"organizations": orgs, "projects": projects, "talent": talent, "common": WORDS[:5], "rare": RARE_WORDS}
