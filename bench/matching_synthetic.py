"""The synthetic matching set built from ESCO (see ``bench.matching_quality``): occupations, their
skills and groups derived lexically from ``data/skills/esco/`` and ``data/skills/stint_skills.csv``."""

from __future__ import annotations

import csv
import random
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.bm25 import BM25, words

ROOT = Path(__file__).resolve().parent.parent
ESCO = ROOT / "data" / "skills" / "esco"


# --- ESCO → synthetic occupations ---------------------------------------------------------------


@dataclass
class Occupation:
    uri: str
    label: str
    definition: str
    skills: list[str] = field(default_factory=list)  # Stint skill slugs, best first
    group: str = ""


def _split_occupation(text: str) -> tuple[str, str] | None:
    """(preferred label, definition) from ESCO's merged "labels… Definition." text."""
    m = re.search(r"(?:^|\s)([A-Z][a-z]+(?:\s|,))", text)
    if not m or m.start(1) == 0:
        return None
    labels, definition = text[: m.start(1)].strip(), text[m.start(1) :].strip()
    prefixes = {w[:5] for w in labels.lower().split()}
    n = 0
    for w in definition.split():
        if w.lower()[:5] in prefixes and n < 6:
            n += 1
        else:
            break
    label_words = labels.split()
    if n == 0 or n > len(label_words):
        return None
    return " ".join(label_words[:n]), definition


def load_stint_skills() -> list[dict[str, str]]:
    with (ROOT / "data" / "skills" / "stint_skills.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def build_occupations(skills: list[dict[str, str]], n: int, rng: random.Random) -> list[Occupation]:
    skill_docs = [
        words(" ".join([s["label"], s["esco_label"], s["synonyms"].replace("|", " "), s["description"]]))
        for s in skills
    ]
    index = BM25(skill_docs)
    category = {s["slug"]: s["category"] for s in skills}
    candidates: list[tuple[float, Occupation]] = []
    csv.field_size_limit(10**7)
    with (ESCO / "occupations.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            split = _split_occupation(row["description"])
            if split is None:
                continue
            label, definition = split
            scores = index.scores(words(row["description"]))
            best = sorted(scores.items(), key=lambda kv: -kv[1])[:8]
            if len(best) < 5 or best[4][1] < 6.0:
                continue
            occ = Occupation(row["id"], label, definition, [skills[i]["slug"] for i, _ in best])
            groups = Counter(category[s] for s in occ.skills[:5])
            occ.group = groups.most_common(1)[0][0]
            candidates.append((statistics.fmean(s for _, s in best[:5]), occ))
    candidates.sort(key=lambda t: -t[0])
    pool = [o for _, o in candidates[: n * 3]]
    rng.shuffle(pool)
    seen: set[str] = set()
    chosen = []
    for occ in pool:
        if occ.label in seen:
            continue
        seen.add(occ.label)
        chosen.append(occ)
        if len(chosen) == n:
            break
    return chosen


def _you_will(definition: str, label: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s", definition, maxsplit=1)[0]
    n = len(label.split())
    rest = sentence.split()[n:]
    if rest and rest[0].lower() in ("are", "is"):
        return "The work: " + " ".join(rest[1:])
    return "You will " + " ".join(rest)


TASKS = ["sprint", "project", "assignment", "task", "pilot", "support"]


def project_texts(occ: Occupation, skills_by_slug: dict[str, dict[str, str]], rng: random.Random) -> dict[str, Any]:
    chosen = rng.sample(occ.skills[:8], k=min(len(occ.skills), rng.choice([3, 4])))
    lead = skills_by_slug[chosen[0]]
    description = " ".join(skills_by_slug[s]["description"] for s in chosen[:2] if skills_by_slug[s]["description"])
    return {
        "title": f"{lead['label']} {rng.choice(TASKS)}",
        "summary": _you_will(occ.definition, occ.label)[:290],
        "description": description or occ.definition,
        "skills": [(s, rng.random() < 0.7, rng.randint(2, 4)) for s in chosen],
    }
