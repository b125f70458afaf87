"""Text folding shared by the importer (``Skill.search_text``) and the search index."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

# Keep "+" and "#" so that "C++" and "C#" stay searchable; everything else that is not a letter or a
# digit separates words ("node.js" → "node js", "A/B testing" → "a b testing").
_SEPARATORS = re.compile(r"[^a-z0-9+#]+")

# A short English stop-word list: words that would make every match and carry no meaning. Search
# (stint.matching.text) uses it as is; skill extraction adds the words of its own (extraction.py).
ENGLISH_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "i",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "the",
        "this",
        "to",
        "we",
        "with",
        "you",
        "your",
    ]
)


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced text: ``"Español / C++"`` → ``"espanol c++"``."""
    lowered = text.casefold()
    if not lowered.isascii():  # the common case (ASCII) needs no decomposition: 5× faster
        decomposed = unicodedata.normalize("NFKD", lowered)
        lowered = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", lowered).strip()


def search_text_for(label: str, synonyms: list[str]) -> str:
    """What ``Skill.search_text`` stores: the folded label and synonyms, one per line, de-duplicated."""
    seen: list[str] = []
    for term in [label, *synonyms]:
        folded = fold(term)
        if folded and folded not in seen:
            seen.append(folded)
    return "\n".join(seen)


def stem(word: str) -> str:
    """A light English stem for matching word forms: "testing"/"tests" → "test", "optimisation"/
    "optimize" → "optimis", "modelling"/"modeling" → "model", "analyses"/"analyze" → "analys".
    Short words are left alone (they are prefixes while the user types)."""
    if len(word) < 4 or not word.isalpha():
        return word
    w = word.replace("yz", "ys").replace("iz", "is")
    for suffix, repl in (("isations", "is"), ("isation", "is"), ("ations", "at"), ("ation", "at"), ("ysis", "ys")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + repl
            break
    else:
        if w.endswith("ies") and len(w) > 4:
            w = w[:-3] + "y"
        elif w.endswith("ing") and len(w) > 5:
            w = w[:-3]
        elif w.endswith("ed") and len(w) > 4:
            w = w[:-2]
        elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "s":
        w = w[:-1]
    return w


def trigrams(word: str) -> set[str]:
    """The word's letter trigrams, padded ("  p", " py", …): the typo index's keys."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def osa_row(a: str, b: str, limit: int) -> list[int] | None:
    """The last row of the optimal-string-alignment table of ``a`` against ``b``: entry ``j`` is the
    distance between ``a`` and ``b[:j]`` (so one table answers every prefix of ``b``), or ``None``
    once every entry of a row exceeds ``limit`` (no later row can come back under it: a
    transposition from two rows up costs at least the diagonal of the row in between)."""
    n = len(b)
    prev2: list[int] = []
    prev = list(range(n + 1))
    a_prev = ""
    for i, ca in enumerate(a, 1):
        cur = [i] * (n + 1)
        best = i
        left = i
        for j in range(1, n + 1):
            cb = b[j - 1]
            value = prev[j - 1] if ca == cb else prev[j - 1] + 1
            if prev[j] + 1 < value:
                value = prev[j] + 1
            if left + 1 < value:
                value = left + 1
            if j > 1 and ca == b[j - 2] and a_prev == cb and prev2[j - 2] + 1 < value:
                value = prev2[j - 2] + 1
            cur[j] = left = value
            if value < best:
                best = value
        if best > limit:
            return None
        prev2, prev, a_prev = prev, cur, ca
    return prev


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance between ``a`` and ``b``, or ``limit + 1`` once it exceeds
    ``limit`` (the computation stops early)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if a == b:
        return 0
    row = osa_row(a, b, limit)
    return row[len(b)] if row is not None and row[len(b)] <= limit else limit + 1


def max_typos(word: str) -> int:
    """Edits allowed for a query word: none below 3 letters, 1 below 6, else 2."""
    if len(word) < 3:
        return 0
    if len(word) < 6:
        return 1
    return 2


def typo_matches(qword: str, trigram_words: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """The words of ``trigram_words`` (trigram → words holding it) within ``max_typos`` of ``qword``,
    as a whole word (penalty: twice the distance) or as the start of a longer word still being
    typed (twice the distance, plus one)."""
    limit = max_typos(qword)
    if limit == 0:
        return {}
    grams = trigrams(qword)
    # Shared trigrams counted in C (Counter over the chained word sets), not word by word.
    shared = Counter(itertools.chain.from_iterable(trigram_words.get(gram, ()) for gram in grams))
    # A word within a typo or two of the query keeps about half of its trigrams (checked for
    # transpositions, deletions and typos while typing in test_search.py); a lower bar only
    # feeds the edit-distance loop with hopeless candidates.
    needed = max(1, (len(grams) + 1) // 2 - 1)
    size = len(qword)
    found: dict[str, int] = {}
    for word, count in shared.items():
        if count < needed or len(word) < size - limit:
            continue
        # One table against the word's first ``size + limit`` letters gives the distance to the
        # whole word (when it is no longer) and to each of its prefixes.
        row = osa_row(qword, word[: size + limit], limit)
        if row is None:
            continue
        if len(word) <= size + limit and row[len(word)] <= limit:
            found[word] = row[len(word)] * 2
        elif size >= 4 and len(word) > size:
            # Typo in a word still being typed: the word's prefixes of about the query's length.
            best = min(row[n] for n in range(size - 1, min(len(word), size + 1) + 1))
            if best <= limit:
                found[word] = best * 2 + 1
    return found
