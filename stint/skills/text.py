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
