"""Deterministic text measures of the application coach (docs/coach.md).

* words: the folded words of ``stint.skills.text.fold`` (lower case, no accents, "node.js" → two);
* stems: those words through ``stint.skills.text.stem`` ("dashboards" and "dashboard" meet), the
  same folding and stemming as the skill search and extraction;
* reuse: word 3-shingles (every run of three consecutive words) and their Jaccard similarity
  |A ∩ B| / |A ∪ B|; a text shorter than three words is one shingle;
* readability: Flesch Reading Ease, 206.835 − 1.015 × words per sentence − 84.6 × syllables per
  word, with syllables counted as groups of vowels (a, e, i, o, u, y) less a silent final "e"
  (never under one a word), and sentences as runs of text ended by ".", "!", "?" or a blank line.
"""

from __future__ import annotations

import re

from stint.skills.text import fold, stem

SHINGLE_SIZE = 3
_VOWELS = re.compile(r"[aeiouy]+")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")
_URL = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)


def words(text: str) -> list[str]:
    return fold(text).split()


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def contains_run(haystack: list[str], needle: list[str]) -> bool:
    """Is ``needle`` a run of consecutive items of ``haystack``?"""
    n = len(needle)
    if n == 0 or n > len(haystack):
        return False
    first = needle[0]
    return any(haystack[i] == first and haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[tuple[str, ...]]:
    tokens = words(text)
    if not tokens:
        return set()
    if len(tokens) < size:
        return {tuple(tokens)}
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def syllables(word: str) -> int:
    word = word.lower()
    count = len(_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def sentences(text: str) -> list[str]:
    parts = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in parts if any(ch.isalnum() for ch in p)]


def flesch_reading_ease(text: str) -> float | None:
    """The Flesch Reading Ease of ``text`` (higher is easier; 60–70 is plain English), or None
    for a text without words. Rounded to one decimal."""
    tokens = [w for w in words(text) if w.isalpha()]
    if not tokens:
        return None
    n_sentences = max(1, len(sentences(text)))
    n_syllables = sum(syllables(w) for w in tokens)
    score = 206.835 - 1.015 * (len(tokens) / n_sentences) - 84.6 * (n_syllables / len(tokens))
    return round(score, 1)


def urls(text: str) -> list[str]:
    return [m.group().rstrip(".,;:!?") for m in _URL.finditer(text)]
