"""Text folding shared by the importer (``Skill.search_text``) and the search index."""

from __future__ import annotations

import re
import unicodedata

# Keep "+" and "#" so that "C++" and "C#" stay searchable; everything else that is not a letter or a
# digit separates words ("node.js" → "node js", "A/B testing" → "a b testing").
_SEPARATORS = re.compile(r"[^a-z0-9+#]+")


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


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance between ``a`` and ``b``, or ``limit + 1`` once it exceeds
    ``limit`` (the computation stops early)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if a == b:
        return 0
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, prev2[j - 2] + 1)
            cur[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[len(b)] if prev[len(b)] <= limit else limit + 1


def max_typos(word: str) -> int:
    """Edits allowed for a query word: none below 3 letters, 1 below 6, else 2."""
    if len(word) < 3:
        return 0
    if len(word) < 6:
        return 1
    return 2
