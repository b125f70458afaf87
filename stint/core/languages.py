"""The languages a project can be written in (ISO 639-1 codes) and how PostgreSQL stems each one.

``PROJECT_LANGUAGES`` is the list a project's ``language`` is chosen from (and a talent's spoken
languages); its names are shown in the viewer's language through Babel (``language_name``). The
user-interface languages (``settings.LANGUAGES``) are a separate, shorter list.

Full-text search (docs/search.md, "Languages and stemming"): on PostgreSQL a project's text is
indexed with the text-search configuration of its language (``pg_search_config``: ``english``,
``spanish``, ``french``, ``german``, ``portuguese``…, ``simple`` for a language PostgreSQL has no
stemmer for), and a query is stemmed with each row's own configuration. SQLite's FTS5 index uses one
neutral tokenizer for every language (``unicode61 remove_diacritics 2``, no stemming).
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from django.utils import translation

DEFAULT_LANGUAGE = "en"

# ISO 639-1 code → PostgreSQL text-search configuration (the ones PostgreSQL ships with). A code
# mapped to "simple" is still a valid project language: its words are indexed unstemmed.
PG_SEARCH_CONFIGS: dict[str, str] = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
    # Languages without a PostgreSQL stemmer: indexed with the neutral "simple" configuration.
    "am": "simple",
    "bn": "simple",
    "cs": "simple",
    "fa": "simple",
    "ha": "simple",
    "he": "simple",
    "ig": "simple",
    "ja": "simple",
    "ko": "simple",
    "ms": "simple",
    "pl": "simple",
    "sw": "simple",
    "th": "simple",
    "uk": "simple",
    "ur": "simple",
    "vi": "simple",
    "yo": "simple",
    "zh": "simple",
    "zu": "simple",
}
LANGUAGE_CODES: tuple[str, ...] = tuple(sorted(PG_SEARCH_CONFIGS))
# Every configuration a row can carry (the search builds one tsquery per configuration).
SEARCH_CONFIGS: tuple[str, ...] = tuple(sorted(set(PG_SEARCH_CONFIGS.values())))


def is_language(code: object) -> bool:
    return isinstance(code, str) and code in PG_SEARCH_CONFIGS


def normalise_language(code: object, default: str = DEFAULT_LANGUAGE) -> str:
    """A supported ISO 639-1 code from a code or a locale ("pt-br" → "pt"), else ``default``."""
    if isinstance(code, str) and code:
        base = code.strip().lower().replace("_", "-").split("-")[0]
        if base == "no":
            base = "nb"
        if base in PG_SEARCH_CONFIGS:
            return base
    return default


def pg_search_config(code: object) -> str:
    """The PostgreSQL text-search configuration for a project language ("simple" when unknown)."""
    return PG_SEARCH_CONFIGS.get(code, "simple") if isinstance(code, str) else "simple"


def language_name(code: str, *, in_language: str | None = None) -> str:
    """``"de"`` → "German" (en) / "alemán" (es) / "allemand" (fr): the CLDR name, in the active language."""
    display = (in_language or translation.get_language() or DEFAULT_LANGUAGE).replace("-", "_")
    try:
        name = Locale.parse(code).get_display_name(Locale.parse(display))
    except (UnknownLocaleError, ValueError):
        try:
            name = Locale.parse(code).get_display_name("en")
        except (UnknownLocaleError, ValueError):
            return code
    return name[:1].upper() + name[1:] if name else code


def language_choices() -> list[tuple[str, str]]:
    """``[(code, name)]`` sorted by name in the active language, for forms."""
    return sorted(((c, language_name(c)) for c in LANGUAGE_CODES), key=lambda p: p[1].casefold())
