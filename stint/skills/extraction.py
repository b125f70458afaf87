"""Suggest the skills a free text mentions (a project description, a talent's goal).

Phrase matching over the vocabulary's labels, deterministic and explainable:

* the text is cut into words, each with its character span in the original text; words are folded
  (lower case, no accents) and stemmed (``stint.skills.text.stem``: "translate" and "translation",
  "dashboards" and "dashboard" meet), as are the skills' terms (label, synonyms, ESCO alternative
  labels) of the search index;
* every run of 1 to ``MAX_WORDS`` words that equals a term is a match; a run may not start or end
  with a stop word ("of", "and", …);
* confidence: a curated (featured) skill's label 0.9, its hand-written synonym 0.8, an ESCO
  preferred label 0.7, an ESCO alternative label 0.6; +0.05 per word beyond the first (cap 0.95);
  a one-word term that is not a curated label or synonym is discounted (-0.25, so dropped) as single
  words are often generic ("help", "create", "process") or a label cut too short by the ESCO
  parser; matches under ``MIN_CONFIDENCE`` (0.5) are dropped;
* a match inside a longer accepted match is dropped ("marketing" inside "social media marketing");
  overlapping matches that are not nested are both kept; one skill is suggested once, at its best
  match; when one term names several skills the featured one, then a preferred label, wins.

The phrase table is built from the in-process search index (so it is as fresh as search) and
cached on it.
"""

from __future__ import annotations

import re
import threading
import uuid
from dataclasses import dataclass

from stint.skills.search import ALT_LABEL, LABEL, SkillHit, SkillIndex, get_index
from stint.skills.text import ENGLISH_STOPWORDS, fold, stem

MAX_WORDS = 6
MAX_TEXT = 5000
MAX_SUGGESTIONS = 15
MIN_CONFIDENCE = 0.5
STOPWORDS = ENGLISH_STOPWORDS | frozenset(
    [
        "into",
        "their",
        "us",
        "my",
        "me",
        "will",
        "can",
        "who",
        "what",
        "which",
        "that",
    ]
)
_WORD = re.compile(r"[^\W_]+(?:[+#]+|[.'’-][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Suggestion:
    skill: SkillHit
    start: int
    end: int
    text: str
    confidence: float

    @property
    def esco_uri(self) -> str:
        return self.skill.esco_uri

    @property
    def id(self) -> uuid.UUID:
        return self.skill.id


def _key(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in fold(text).split())


@dataclass(frozen=True)
class _Entry:
    doc: int
    confidence: float


class PhraseTable:
    """Every term of the index, keyed by its stemmed words → the best skills it names."""

    def __init__(self, index: SkillIndex) -> None:
        self.index = index
        table: dict[tuple[str, ...], list[_Entry]] = {}
        for term in index.terms:
            key = tuple(stem(w) for w in term.words)
            if not key or len(key) > MAX_WORDS or key[0] in STOPWORDS or key[-1] in STOPWORDS:
                continue
            curated = index.hits[term.doc].featured and term.kind != ALT_LABEL
            base = (0.9 if term.kind == LABEL else 0.8) if curated else (0.7 if term.kind == LABEL else 0.6)
            confidence = min(0.95, base + 0.05 * (len(key) - 1))
            if len(key) == 1 and not curated:
                confidence -= 0.25
            table.setdefault(key, []).append(_Entry(term.doc, round(confidence, 2)))
        for entries in table.values():
            entries.sort(key=lambda e: (-e.confidence, len(index.hits[e.doc].label)))
        self.table = table


_lock = threading.Lock()


def _table(index: SkillIndex) -> PhraseTable:
    cached = getattr(index, "_phrase_table", None)
    if cached is None:
        with _lock:
            cached = getattr(index, "_phrase_table", None)
            if cached is None:
                cached = PhraseTable(index)
                index._phrase_table = cached  # type: ignore[attr-defined]
    return cached


def skill_extract(*, text: str, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """The skills ``text`` mentions, in order of appearance, each with its span and a confidence.

    Reads no database row in the common case (the search index is in memory). Only the first
    ``MAX_TEXT`` characters are read."""
    text = text[:MAX_TEXT]
    table = _table(get_index())
    words: list[tuple[int, int, str]] = []
    for m in _WORD.finditer(text):  # "node.js" folds to two words that share the token's span
        words.extend((m.start(), m.end(), stem(part)) for part in fold(m.group()).split())
    matches: list[tuple[int, int, float, int]] = []  # (first word, word count, confidence, doc)
    for i in range(len(words)):
        if not words[i][2] or words[i][2] in STOPWORDS:
            continue
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            key = tuple(w for _, _, w in words[i : i + n])
            entries = table.table.get(key)
            if n == 1 and len(key[0]) == 1 and not text[words[i][0] : words[i][1]].isupper():
                continue  # "a", "x": only a capital letter names a skill ("R", "C")
            if entries and entries[0].confidence >= MIN_CONFIDENCE:
                matches.append((i, n, entries[0].confidence, entries[0].doc))
    # Longest first; drop a match nested in an accepted one, and a skill already suggested.
    matches.sort(key=lambda m: (-m[1], -m[2], m[0]))
    accepted: list[tuple[int, int, float, int]] = []
    docs: set[int] = set()
    for match in matches:
        i, n, _, doc = match
        if doc in docs or any(a <= i and i + n <= a + an for a, an, _, _ in accepted):
            continue
        accepted.append(match)
        docs.add(doc)
    accepted.sort(key=lambda m: m[0])
    index = table.index
    return [
        Suggestion(
            skill=index.hits[doc],
            start=words[i][0],
            end=words[i + n - 1][1],
            text=text[words[i][0] : words[i + n - 1][1]],
            confidence=confidence,
        )
        for i, n, confidence, doc in accepted[:limit]
    ]
