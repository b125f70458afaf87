"""Text folding shared by the importer (``Skill.search_text``) and the search index."""

from __future__ import annotations

import re
import unicodedata

# Keep "+" and "#" so that "C++" and "C#" stay searchable; everything else that is not a letter or a
# digit separates words ("node.js" → "node js", "A/B testing" → "a b testing").
_SEPARATORS = re.compile(r"[^a-z0-9+#]+")


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced text: ``"Español / C++"`` → ``"espanol c++"``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", stripped).strip()


def search_text_for(label: str, synonyms: list[str]) -> str:
    """What ``Skill.search_text`` stores: the folded label and synonyms, one per line, de-duplicated."""
    seen: list[str] = []
    for term in [label, *synonyms]:
        folded = fold(term)
        if folded and folded not in seen:
            seen.append(folded)
    return "\n".join(seen)
