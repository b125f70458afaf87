#!/usr/bin/env python
"""Does the skill search find what people mean? Hand-written phrases, graded by hand.

``bench/data/skill_phrases.tsv`` holds phrases written the way companies and students write them
("HubSpot CRM", "Data hygiene", "Pricing analysis"), none generated from ESCO, each with the skills
a person would accept (curated labels, or ESCO preferred labels, see ``resolve``) and a split:
``dev`` phrases may be looked at while improving search, ``test`` phrases only measured.
``bench/data/skill_extraction.tsv`` holds short project descriptions and talent goals with the
skills they mention, for the extraction service (precision and recall).

The benchmark creates a throwaway database, imports the curated 399 skills, measures (before),
imports the full ESCO vocabulary, and measures again (after):

* hit@1 / hit@3 / hit@5: an acceptable skill is among the first k results of the autocomplete;
* found anything: the search returned at least one result;
* extraction precision / recall over the descriptions, with the full vocabulary.

    .venv/bin/python bench/skill_phrases.py [--check] [--show-misses dev]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

PHRASES = ROOT / "bench" / "data" / "skill_phrases.tsv"
EXTRACTION = ROOT / "bench" / "data" / "skill_extraction.tsv"
KS = (1, 3, 5)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh, delimiter="\t") if row.get("text") or row.get("phrase")]


class Resolver:
    """Turns a hand-written target ("Customer relationship management", "execute marketing plan")
    into the ESCO concept URIs it names: a curated skill's label, else an ESCO skill's preferred
    label (as parsed), else the one ESCO concept whose merged text starts with it."""

    def __init__(self) -> None:
        # local import: the models load only once main() has set Django up
        from stint.skills.esco import read_esco_csv
        from stint.skills.models import Skill
        from stint.skills.services import default_data_dir
        from stint.skills.text import fold

        self.fold = fold
        self.by_label: dict[str, set[str]] = {}
        self.curated: dict[str, set[str]] = {}
        for label, uri, source in Skill.objects.filter(esco_uri__isnull=False).values_list(
            "label", "esco_uri", "source"
        ):
            target = self.curated if source == "curated" else self.by_label
            target.setdefault(fold(label), set()).add(uri)
        self.raw = [
            (uri, " ".join(text.split()).lower())
            for uri, text in read_esco_csv(default_data_dir() / "esco" / "skills.csv")
        ]

    def resolve(self, target: str) -> set[str]:
        key = self.fold(target)
        if key in self.curated:
            return self.curated[key]
        if key in self.by_label:
            return self.by_label[key]
        lowered = " ".join(target.lower().split())
        found = {uri for uri, text in self.raw if text.startswith(lowered + " ")}
        return found if len(found) == 1 else set()


def search_all(rows: list[dict[str, str]]) -> list[list[tuple[str, str]]]:
    """(ESCO URI, label) of the first results of the autocomplete for every phrase."""
    # local import: the models load only once main() has set Django up
    from stint.skills.selectors import skill_search

    return [[(h.esco_uri, h.label) for h in skill_search(row["phrase"], limit=max(KS))] for row in rows]


def evaluate_phrases(
    rows: list[dict[str, str]], all_results: list[list[tuple[str, str]]], resolver: Resolver
) -> dict[str, dict[str, float]]:
    report: dict[str, dict[str, float]] = {}
    misses: dict[str, list[str]] = {}
    for split in ("dev", "test", "all"):
        chosen = [(r, res) for r, res in zip(rows, all_results, strict=True) if split == "all" or r["split"] == split]
        hits = dict.fromkeys(KS, 0)
        found = 0
        for row, results in chosen:
            wanted: set[str] = set()
            for target in row["targets"].split("|"):
                wanted |= resolver.resolve(target)
            found += bool(results)
            ranks = [i for i, (uri, _) in enumerate(results) if uri in wanted]
            for k in KS:
                hits[k] += bool(ranks and ranks[0] < k)
            if not ranks and split != "all":
                misses.setdefault(split, []).append(f"{row['phrase']!r} → {[lbl for _, lbl in results[:3]]}")
        n = max(1, len(chosen))
        report[split] = {**{f"hit@{k}": hits[k] / n for k in KS}, "found": found / n, "n": len(chosen)}
    report["_misses"] = misses  # type: ignore[assignment]
    return report


def evaluate_extraction(rows: list[dict[str, str]], resolver: Resolver) -> dict[str, float]:
    # local import: the models load only once main() has set Django up
    from stint.skills.extraction import skill_extract

    tp = fp = fn = 0
    for row in rows:
        expected = [resolver.resolve(t) for t in row["skills"].split("|") if t.strip()]
        suggested = {s.esco_uri for s in skill_extract(text=row["text"])}
        matched = set()
        for i, uris in enumerate(expected):
            if uris & suggested:
                matched.add(i)
        tp += len(matched)
        fn += len(expected) - len(matched)
        wanted = set().union(*expected) if expected else set()
        fp += len(suggested - wanted)
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, tp + fn)
    return {"precision": precision, "recall": recall, "n": len(rows)}


def print_report(name: str, report: dict[str, dict[str, float]]) -> None:
    for split in ("dev", "test", "all"):
        r = report[split]
        print(
            f"{name:28} {split:5} n={int(r['n']):3}  hit@1 {r['hit@1']:.1%}  hit@3 {r['hit@3']:.1%}  "
            f"hit@5 {r['hit@5']:.1%}  found anything {r['found']:.1%}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="list targets that name no skill, then stop")
    parser.add_argument("--show-misses", choices=["dev", "test"], help="print the phrases of a split that missed")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        # local import: the models load only once django.setup() has run, above
        from stint.skills.services import skill_catalog_import
        from stint.skills.vocabulary import vocabulary_import

        phrases = read_tsv(PHRASES)
        skill_catalog_import()
        before_results = search_all(phrases)  # "before": the curated 399 only, as they were
        started = time.perf_counter()
        vocabulary_import()
        print(f"full vocabulary import: {time.perf_counter() - started:.1f} s")
        resolver = Resolver()
        if args.check:
            bad = [(row["phrase"], t) for row in phrases for t in row["targets"].split("|") if not resolver.resolve(t)]
            for phrase, target in bad:
                print(f"unresolved: {phrase!r}: {target!r}")
            extraction = read_tsv(EXTRACTION) if EXTRACTION.exists() else []
            for row in extraction:
                for t in row["skills"].split("|"):
                    if t.strip() and not resolver.resolve(t):
                        print(f"unresolved (extraction): {row['text'][:40]!r}: {t!r}")
            return 1 if bad else 0

        before = evaluate_phrases(phrases, before_results, resolver)
        after_results = search_all(phrases)
        after = evaluate_phrases(phrases, after_results, resolver)
        print(f"\nSkill phrases ({PHRASES.relative_to(ROOT)}, {len(phrases)} hand-written phrases)\n")
        print_report("before (curated 399 only)", before)
        print_report("after (full vocabulary)", after)
        if args.show_misses:
            print(f"\nmisses ({args.show_misses}, after):")
            for line in after["_misses"].get(args.show_misses, []):  # type: ignore[union-attr]
                print("  ", line)
        if EXTRACTION.exists():
            rows = read_tsv(EXTRACTION)
            for split in ("dev", "test"):
                chosen = [r for r in rows if r["split"] == split]
                e = evaluate_extraction(chosen, resolver)
                print(
                    f"\nextraction {split:5} ({len(chosen)} descriptions): precision {e['precision']:.1%}, "
                    f"recall {e['recall']:.1%}"
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
