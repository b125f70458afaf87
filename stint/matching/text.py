"""Text normalisation shared by the index and the query parser, so both engines see the same words.

Both engines index lower-cased, accent-folded text. SQLite's FTS5 matches whole words without
stemming, in every language alike (the neutral ``unicode61 remove_diacritics 2`` tokenizer);
PostgreSQL stems each project's words with its language's configuration (``stint.core.languages``,
``simple`` when PostgreSQL has no stemmer for it) and stems the query with the same configuration,
row by row (``search_engines``). The query parser turns user input
into plain words (letters and digits only), drops English stop words, and matches the last word as
a prefix. No character the user typed ever reaches FTS5 or tsquery syntax: every term is a run of
``[^\\W_]`` characters, quoted by us.
"""

from __future__ import annotations

import re
import unicodedata

from stint.skills.text import ENGLISH_STOPWORDS

MAX_TERMS = 10
MAX_TERM_CHARS = 40
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Words that would make every project match and carry no meaning (shared with skill extraction).
STOPWORDS = ENGLISH_STOPWORDS


def fold(text: str) -> str:
    """Lower-case and strip diacritics (``Café`` → ``cafe``); NUL bytes become spaces."""
    text = (text or "").replace("\x00", " ")
    if text.isascii():  # nothing to decompose (the common case, and 20x faster)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def query_terms(q: str) -> list[str]:
    """The words of a user's query, folded, without stop words, at most ``MAX_TERMS``."""
    words = _WORD.findall(fold(q[:500]))
    terms: list[str] = []
    for word in words:
        word = word[:MAX_TERM_CHARS]
        if word in STOPWORDS or word in terms:
            continue
        terms.append(word)
    return terms[:MAX_TERMS]


def fts5_match_expression(terms: list[str]) -> str:
    """``"data" "analy"*``: every term quoted (FTS5 treats it as a literal string), the last a prefix."""
    if not terms:
        return ""
    quoted = [f'"{t}"' for t in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def tsquery_parts(terms: list[str]) -> tuple[str, str]:
    """``("'data' & 'science'", "'analy':*")``: every term but the last, and the last as a prefix, for
    ``to_tsquery(<config>, …)`` on PostgreSQL (``search_engines``). The whole words are stemmed with
    each row's configuration; the prefix is matched both stemmed and as typed (a typed prefix such as
    ``analy`` is a prefix of the stem ``analysi`` although its own stem ``anali`` is not)."""
    if not terms:
        return "", ""
    return " & ".join(f"'{t}'" for t in terms[:-1]), f"'{terms[-1]}':*"


def tsquery_expression(terms: list[str]) -> str:
    """``'data' & 'analy':*`` for ``to_tsquery('simple', …)``; terms hold only letters and digits."""
    if not terms:
        return ""
    parts = [f"'{t}'" for t in terms]
    parts[-1] += ":*"
    return " & ".join(parts)
