"""Typo-tolerant, synonym-aware skill search over an in-process index.

The skill list is small (hundreds of rows) and changes rarely, so each process keeps the whole list
in memory and answers autocomplete queries without touching the database:

* every skill contributes *terms*: its label and each synonym, folded (lower case, no accents);
* a query matches a term when every query word matches a word of the term: exactly, as a prefix
  (the user is still typing), or within a small edit distance (optimal string alignment, so a
  swapped pair of letters counts as one edit: "pyhton" → "python"), also against a prefix of the
  word ("javscr" → "javascript");
* candidate words come from the sorted vocabulary (prefixes, by bisection) and from a trigram index
  (typos), so a query never compares itself with every word;
* ranking: the whole term equals the query, then the term starts with the query, then every word
  matches exactly or by prefix, then fuzzy matches by total distance; labels rank above synonyms;
  ties go to the shorter label.

Freshness: the index remembers a version number kept in the shared cache. ``index_invalidate()``
(called by the importer and by the model signals) bumps it, so every process that shares the cache
rebuilds on its next query. Because the default cache is per process, each process also re-checks a
cheap database fingerprint (row count and latest ``updated_at``) at most every
``SKILLS_INDEX_RECHECK_SECONDS`` (default 60), so an import run from another process is picked up
within a minute even without Redis.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from stint.core.cache import shared_version, shared_version_bump
from stint.skills.text import fold, stem, trigrams, typo_matches

VERSION_CACHE_KEY = "skills:index-version"
MAX_PREFIX_EXPANSION = 400
MEMO_SIZE = 4096  # query words whose vocabulary matches are remembered
# The curated core's well-written labels rank first: +12 lifts a featured skill above another skill's
# match of the next better kind (exact 100, starts-with 90, all words 80, typo ≤ 60) but not two kinds
# better. Chosen on the dev half of bench/data/skill_phrases.tsv (5: hit@3 83.7%, 12: 86.5%, 25: 86.5%).
FEATURED_BOOST = 12.0
MAX_CANDIDATES = 1000  # terms scored for one query, at most
MAX_QUERY_WORDS = 6
FALLBACK_PENALTY = 40.0
FALLBACK_BELOW = 3  # fewer full matches than this: also rank partial matches
FEATURED_SLOT = 3  # the best curated match, if any, is at this position or better
# Words that never carry a partial match on their own: function words, and the particles of English
# phrasal verbs ("cleaning up spreadsheets", "setting out a plan"), which would otherwise match
# every "clean up …" or "set out …" concept of ESCO before the word that says what the skill is.
_FUNCTION_WORDS = ("a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the")
_PARTICLES = ("to", "with", "up", "out", "off", "down", "over", "via", "my", "our", "your", "their")
FALLBACK_STOPWORDS = frozenset(_FUNCTION_WORDS + _PARTICLES)


@dataclass(frozen=True)
class SkillHit:
    """What the search returns: enough to render an option without touching the database."""

    id: uuid.UUID
    slug: str
    label: str
    category_slug: str
    category_name: str
    esco_uri: str
    featured: bool = False


@dataclass(frozen=True)
class _Term:
    doc: int
    text: str
    words: tuple[str, ...]
    is_label: bool
    # 0 the label, 1 a hand-written synonym, 2 an ESCO alternative label (cut out heuristically).
    kind: int = 0


LABEL, SYNONYM, ALT_LABEL = 0, 1, 2

# Match kinds for one query word against one term word, best first.
EXACT, PREFIX = 0, 1


class SkillIndex:
    def __init__(self, hits: list[SkillHit], terms: list[tuple[int, str, int]]) -> None:
        """``terms``: (index of the hit, folded text, LABEL / SYNONYM / ALT_LABEL)."""
        self.hits = hits
        self.terms: list[_Term] = []
        self.word_terms: dict[str, list[int]] = defaultdict(list)
        for doc, text, kind in terms:
            words = tuple(text.split())
            if not words:
                continue
            term_id = len(self.terms)
            self.terms.append(_Term(doc, text, words, kind == LABEL, kind))
            for word in set(words):
                self.word_terms[word].append(term_id)
        # Each word's terms, most useful first (featured skills, labels, short terms), so that a
        # query whose words are everywhere ("data", "a") scores a bounded number of terms.
        rank = [(not hits[t.doc].featured) * 64 + (not t.is_label) * 32 + min(len(t.words), 31) for t in self.terms]
        for ids in self.word_terms.values():
            ids.sort(key=rank.__getitem__)
        self.vocabulary = sorted(self.word_terms)
        self.trigram_words: dict[str, set[str]] = defaultdict(set)
        for word in self.vocabulary:
            for gram in trigrams(word):
                self.trigram_words[gram].add(word)
        # Word forms: "tests" finds "testing", "optimization" finds "optimisation".
        self.stem_words: dict[str, list[str]] = defaultdict(list)
        for word in self.vocabulary:
            self.stem_words[stem(word)].append(word)
        # Flat per-term columns, read in the scoring loop without attribute look-ups.
        self.term_doc = [t.doc for t in self.terms]
        self.term_featured = [hits[t.doc].featured for t in self.terms]
        self._memo: dict[str, dict[str, int]] = {}
        self.order = sorted(
            range(len(hits)), key=lambda d: (not hits[d].featured, hits[d].label.casefold(), hits[d].slug)
        )

    # -- matching one query word against the vocabulary ------------------------------------------

    def _prefix_words(self, qword: str) -> list[str]:
        start = bisect.bisect_left(self.vocabulary, qword)
        found = []
        for word in self.vocabulary[start : start + MAX_PREFIX_EXPANSION]:
            if not word.startswith(qword):
                break
            found.append(word)
        return found

    def _fuzzy_words(self, qword: str) -> dict[str, int]:
        """Vocabulary words within ``max_typos`` of ``qword`` (whole word or its prefix) → penalty."""
        return typo_matches(qword, self.trigram_words)

    def _word_matches(self, qword: str) -> dict[str, int]:
        """Every vocabulary word that ``qword`` may stand for → penalty (0 exact, 1 prefix, ≥2 typo).

        Typos are looked for only when the word is not in the vocabulary and starts few words.
        Results are memoised per index: autocomplete sends the same prefixes over and over.
        """
        cached = self._memo.get(qword)
        if cached is not None:
            return cached
        matches: dict[str, int] = {}
        for word in self._prefix_words(qword):
            matches[word] = EXACT if word == qword else PREFIX
        if len(qword) >= 4:
            for word in self.stem_words.get(stem(qword), ()):
                matches.setdefault(word, PREFIX)
        if qword not in matches and len(matches) < 3:
            for word, penalty in self._fuzzy_words(qword).items():
                matches.setdefault(word, penalty + 1)
        if len(self._memo) >= MEMO_SIZE:
            self._memo.clear()
        self._memo[qword] = matches
        return matches

    # -- search -----------------------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 10, category: str | None = None) -> list[SkillHit]:
        q = fold(query)
        if not q:
            docs = [d for d in self.order if category is None or self.hits[d].category_slug == category]
            return [self.hits[d] for d in docs[:limit]]
        qwords = q.split()[:MAX_QUERY_WORDS]
        per_word = [self._word_matches(w) for w in qwords]
        best = self._ranked(" ".join(qwords), qwords, per_word, category) if all(per_word) else {}
        if len(best) < FALLBACK_BELOW and len(qwords) > 1:
            self._fallback(qwords, per_word, category, best)
        # Only the first ``limit`` are shown: a partial sort (heap) instead of ordering every match.
        hits = self.hits
        ranked = heapq.nsmallest(
            max(limit, FEATURED_SLOT), best, key=lambda d: (-best[d], len(hits[d].label), hits[d].label.casefold())
        )
        self._keep_a_featured_slot(ranked, best, qwords, per_word, category)
        return [self.hits[d] for d in ranked[:limit]]

    def _keep_a_featured_slot(
        self,
        ranked: list[int],
        best: dict[int, float],
        qwords: list[str],
        per_word: list[dict[str, int]],
        category: str | None,
    ) -> None:
        """The curated core's best match, if any, is always among the first ``FEATURED_SLOT``: ESCO's
        long labels ("manage port operations improvement procedures") hold the query's words more
        often than the well-written curated label that says the same thing in other words."""
        if len(ranked) < FEATURED_SLOT or any(self.hits[d].featured for d in ranked[:FEATURED_SLOT]):
            return
        featured = {d: score for d, score in best.items() if self.hits[d].featured}
        if not featured and len(qwords) > 1:
            partial: dict[int, float] = {}
            self._fallback(qwords, per_word, category, partial)
            featured = {d: score for d, score in partial.items() if self.hits[d].featured}
        if featured:
            top = max(featured, key=lambda d: (featured[d], -len(self.hits[d].label)))
            if top in ranked:
                ranked.remove(top)
            ranked.insert(FEATURED_SLOT - 1, top)

    def _fallback(
        self, qwords: list[str], per_word: list[dict[str, int]], category: str | None, best: dict[int, float]
    ) -> None:
        """No term holds every query word ("HubSpot CRM", "advanced Excel"): rank the terms that hold
        the largest subsets of the known, non-stop words, below every full match (``FALLBACK_PENALTY``
        per dropped word), the subsets of rarer words first."""
        usable = [i for i, m in enumerate(per_word) if m and qwords[i] not in FALLBACK_STOPWORDS]
        full = set(best)
        for size in range(min(len(usable), len(qwords) - 1), 0, -1):
            found = False
            for subset in itertools.combinations(usable, size):
                words = [qwords[i] for i in subset]
                matches = [per_word[i] for i in subset]
                rarest = min(sum(len(self.word_terms[w]) for w in m) for m in matches)
                adjust = -FALLBACK_PENALTY * (len(qwords) - size) - math.log10(1 + rarest)
                for doc, score in self._ranked(" ".join(words), words, matches, category).items():
                    found = True
                    if doc not in full and score + adjust > best.get(doc, -1e9):
                        best[doc] = score + adjust
            if found:
                return

    def _ranked(
        self, q: str, qwords: list[str], per_word: list[dict[str, int]], category: str | None
    ) -> dict[int, float]:
        """Best score per skill over the terms that match every word of ``qwords``."""
        # Terms that contain a match of the rarest query word are the only candidates.
        word_terms, all_terms = self.word_terms, self.terms
        sizes = [sum(len(word_terms[w]) for w in m) for m in per_word]
        pivot = per_word[sizes.index(min(sizes))]
        candidates: set[int] = set()
        if len(per_word) > 1:
            # Only terms that hold a match of every query word, found before any term is scored in
            # Python: a rare word's terms by set intersection (in C); a broad one ("o", the start
            # of 400 words) by checking the few candidates' own words, never by building the union
            # of every term that holds one of its words.
            for word in pivot:
                candidates.update(word_terms[word])
            for matches, size in sorted(zip(per_word, sizes, strict=True), key=lambda pair: pair[1]):
                if matches is pivot or not candidates:
                    continue
                if size > 4 * len(candidates):
                    keys = matches.keys()
                    candidates = {t for t in candidates if not keys.isdisjoint(all_terms[t].words)}
                    continue
                allowed: set[int] = set()
                for word in matches:
                    allowed.update(word_terms[word])
                candidates &= allowed
        if len(candidates) > MAX_CANDIDATES or len(per_word) == 1:
            # Best-matching words first (exact, then the shortest completions, then typos); stop
            # once MAX_CANDIDATES terms are gathered: this bounds the cost of a one-letter query.
            kept, candidates = candidates, set()
            for word in sorted(pivot, key=lambda w: (pivot[w], len(w), w)):
                terms = self.word_terms[word]
                if len(per_word) > 1:
                    terms = [t for t in terms if t in kept]
                candidates.update(terms[: MAX_CANDIDATES - len(candidates)])
                if len(candidates) >= MAX_CANDIDATES:
                    break
        best: dict[int, float] = {}
        term_doc, featured, hits = self.term_doc, self.term_featured, self.hits
        score_term = self._score
        for term_id in candidates:
            doc = term_doc[term_id]
            if category is not None and hits[doc].category_slug != category:
                continue
            score = score_term(all_terms[term_id], q, qwords, per_word)
            if score is None:
                continue
            if featured[term_id]:
                score += FEATURED_BOOST
            if score > best.get(doc, -1.0):
                best[doc] = score
        return best

    @staticmethod
    def _score(term: _Term, q: str, qwords: list[str], per_word: list[dict[str, int]]) -> float | None:
        penalty = 0
        positions = []
        words = term.words
        for matches in per_word:
            best_p, best_position = 1 << 30, -1
            for position, word in enumerate(words):
                p = matches.get(word)
                if p is not None and p < best_p:
                    best_p, best_position = p, position
            if best_position < 0:
                return None
            penalty += best_p
            positions.append(best_position)
        bonus = 2.0 if term.is_label else 0.0
        if term.text == q:
            return 100 + bonus
        if term.text.startswith(q):
            return 90 + bonus
        if penalty <= len(qwords):  # only exact and prefix word matches
            in_order = 1.0 if positions == sorted(positions) and positions[0] == 0 else 0.0
            return 80 + bonus + in_order - penalty * 0.1
        return 60 + bonus - penalty * 2


# -- the per-process index and its freshness ----------------------------------------------------

_lock = threading.Lock()
_state: dict[str, Any] = {"index": None, "version": None, "fingerprint": None, "checked_at": 0.0}


def _current_version() -> str:
    return shared_version(VERSION_CACHE_KEY)


def index_invalidate() -> None:
    """Make every process rebuild its index on its next search (called after skill changes)."""
    shared_version_bump(VERSION_CACHE_KEY)
    with _lock:
        _state["index"] = None


def _fingerprint() -> tuple[Any, ...]:
    from django.db.models import Count, Max

    from stint.skills.models import Category, Skill

    skills = Skill.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    categories = Category.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (skills["n"], skills["last"], categories["n"], categories["last"])


def _build() -> SkillIndex:
    """Every skill except proposals staff have not confirmed (those are searched per organization
    in ``selectors.skill_search``)."""
    from stint.skills.models import Skill, SkillSource

    hits: list[SkillHit] = []
    terms: list[tuple[int, str, int]] = []
    rows = (
        Skill.objects.exclude(source=SkillSource.PROPOSED, confirmed_at__isnull=True)
        .values_list(
            "id", "slug", "label", "esco_uri", "synonyms", "alt_labels", "source", "category__slug", "category__name"
        )
        .order_by()
    )
    for doc, (pk, slug, label, uri, synonyms, alt_labels, source, cat_slug, cat_name) in enumerate(rows.iterator()):
        featured = source == SkillSource.CURATED
        hits.append(SkillHit(pk, slug, label, cat_slug or "", cat_name or "", uri or "", featured))
        seen = {fold(label)}
        terms.append((doc, fold(label), LABEL))
        for kind, others in ((SYNONYM, synonyms or []), (ALT_LABEL, alt_labels or [])):
            for other in others:
                folded = fold(str(other))
                if folded not in seen:
                    seen.add(folded)
                    terms.append((doc, folded, kind))
    return SkillIndex(hits, terms)


def get_index() -> SkillIndex:
    """The process's index, rebuilt when the shared version changed or the database moved on."""
    version = _current_version()
    recheck = settings.SKILLS_INDEX_RECHECK_SECONDS
    now = time.monotonic()
    with _lock:
        index = _state["index"]
        if index is not None and _state["version"] == version:
            if now - _state["checked_at"] < recheck:
                return index
            fingerprint = _fingerprint()
            _state["checked_at"] = now
            if fingerprint == _state["fingerprint"]:
                return index
        fingerprint = _fingerprint()
        index = _build()
        _state.update(index=index, version=version, fingerprint=fingerprint, checked_at=now)
        return index
