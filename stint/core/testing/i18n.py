"""Find English left untranslated on a page (docs/i18n.md, "Tests").

``untranslated(html_en, html_other)`` returns the visible texts (text nodes and the attributes
people hear or read: ``aria-label``, ``title``, ``placeholder``, ``alt``, button values) that the
page shows identically in English and in another language, minus what cannot be UI text:

- data: every text stored in the test database (titles, names, descriptions written by users or
  factories are shown as written, whatever the language), see ``database_texts``;
- numbers, dates, amounts, e-mail addresses, URLs, slugs and one-letter tokens;
- ``ALLOWED``: brand and product names, standards and code that read the same in every language;
- anything inside ``<code>``, ``<pre>``, ``<script>``, ``<style>``, ``<svg>``'s ``<desc>`` data or an element
  marked ``translate="no"``.

Usage in a test::

    en = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    fr = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert untranslated(en, fr, data=database_texts()) == []
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client

from stint.core.languages import LANGUAGE_CODES, language_name

# Names and notations that are the same in every shipped language.
ALLOWED = frozenset(
    {
        "Stint",
        "ESCO",
        "API",
        "OpenAPI",
        "JSON",
        "CSV",
        "PDF",
        "iCalendar",
        "ICS",
        "Open Badges",
        "Open Badges 3.0",
        "JSON Resume",
        "Stripe",
        "Stripe Connect",
        "GitHub",
        "LinkedIn",
        "OK",
        "Email",
        "E-mail",
        "URL",
        "ID",
        "TOTP",
        "UTC",
        "htmx",
        "Pico",
        "Total",
        "Portfolio",
        "Date",
        "Code",
        "Type",
        "Notes",
        "Badge",
        "Description",
        "Actions",
        "Minimum",
        "Maximum",
        "Message",
        "Tags",
        "Web",
        "Menu",
        "Nominations",
        "Invitations",
        "Science",
        "Marketing",
        "Design",
        "Finance",
        "Communication",
        "Support",
        "Direction",
        "Expert",
        "Publication",
        "Points",
        "Images",
        "Note",
        "Normal",
        "Local",
        "Documentation",
        "Administration",
        "Notifications",
        "Messages",
        "Action",
    }
)
# The shipped languages other than English (settings.LANGUAGES), which the tests compare with it.
SHIPPED_OTHER_LANGUAGES = ("es", "fr")

# Words that are the same in English and in a shipped language ("Total", "Menu") are kept in
# ALLOWED; review additions: an English sentence never belongs there.

_SKIP = {"script", "style", "code", "pre", "template", "noscript"}
_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "aria-description")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_NOT_WORDS = re.compile(
    r"^("
    r"[\W\d_]+"  # numbers, punctuation, amounts without letters
    r"|[\w.+-]+@[\w.-]+"  # e-mail addresses
    r"|(https?://|/)\S*"  # URLs and paths
    r"|[a-z0-9]+(-[a-z0-9]+)+"  # slugs
    r"|[A-Z]{3}"  # currency and other codes
    r"|[\d.,]+\s?(h|min|%)"  # a number with a unit symbol that is the same in every shipped language
    r"|\w"  # one letter
    r")$"
)


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    def _hidden(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skip = tag in _SKIP or values.get("translate") == "no"
        if not skip and not self._hidden():
            for name in _ATTRIBUTES:
                if values.get(name):
                    self.texts.append(str(values[name]))
            if tag == "input" and values.get("type") in {"submit", "button", "reset"} and values.get("value"):
                self.texts.append(str(values["value"]))
        if tag not in _VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.texts.append(data)


def visible_texts(html: str) -> list[str]:
    """Every text node and read-out attribute of ``html``, whitespace collapsed, empty ones dropped."""
    parser = _Texts()
    parser.feed(html)
    return [t for t in (" ".join(text.split()) for text in parser.texts) if t]


def main_html(html: str) -> str:
    """The page's ``<main>`` element (what an app's own templates render), without the shared
    header, navigation and footer; the whole page when it has no ``<main>``."""
    match = re.search(r"<main\b.*?</main>", html, flags=re.DOTALL | re.IGNORECASE)
    return match.group(0) if match else html


def _is_data(text: str, data: frozenset[str]) -> bool:
    if text in data or text in ALLOWED or _NOT_WORDS.match(text):
        return True
    # A stored name followed by a count ("Data analysis (4)").
    text = re.sub(r"\s*\(\d[\d.,\s]*\)$", "", text)
    if text in data:
        return True
    stripped = text.strip(" .,:;()[]«»\"'“”‘’·—–-!?/|")
    if not stripped or stripped in data or stripped in ALLOWED or _NOT_WORDS.match(stripped):
        return True
    # A text made only of data pieces and punctuation ("Acme · Data analysis").
    pieces = [p for p in re.split(r"\s*[·|,—–/:]\s*", stripped) if p]
    return all(p in data or p in ALLOWED or _NOT_WORDS.match(p) for p in pieces)


@functools.cache
def same_language_names() -> frozenset[str]:
    """Names of project languages that CLDR writes the same in English and in a shipped language
    ("Hausa", "Hindi", "Yoruba" in Spanish): correct translations, not English left behind."""
    return frozenset(
        name
        for code in LANGUAGE_CODES
        for language, _label in settings.LANGUAGES
        if language != "en"
        and (name := language_name(code, in_language=language)) == language_name(code, in_language="en")
    )


def untranslated(html_en: str, html_other: str, *, data: Iterable[str] = (), allow: Iterable[str] = ()) -> list[str]:
    """Texts the other-language page shows exactly as the English one does and that are not data."""
    known = frozenset(data) | frozenset(allow) | same_language_names()
    english = set(visible_texts(html_en))
    found: list[str] = []
    for text in visible_texts(html_other):
        if text in english and not _is_data(text, known) and text not in found:
            found.append(text)
    return found


_MARKUP = re.compile(r"\*\*|__|[*_`]|\]\([^)]*\)|[\[\]]")
_LIST_MARK = re.compile(r"^\s*([-*+]|\d+[.)])\s+")


def _text_pieces(value: str) -> set[str]:
    """A stored text as pages may show it: whole, line by line, without list markers, and split
    at Markdown's inline markup (a brief's "Research **three** segments" renders as three nodes)."""
    pieces = {" ".join(value.split())}
    for line in value.splitlines():
        line = " ".join(_LIST_MARK.sub("", line).split())
        if not line:
            continue
        pieces.add(line)
        pieces.update(" ".join(part.split()) for part in _MARKUP.split(line) if part.strip())
    return pieces


def _json_strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _json_strings(item)


def database_texts(*, limit_per_model: int = 2000) -> frozenset[str]:
    """Every text value stored in the test database (chars, texts, the strings inside JSON values),
    whole, line by line and split at Markdown markup: what users and factories wrote and pages show
    as written."""
    texts: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields)[:limit_per_model]:
            for value in row:
                if isinstance(value, list) and all(isinstance(v, str) for v in value):
                    texts.add(" ".join(" ".join(value).split()))  # a list edited in one textarea
                for text in _json_strings(value):
                    if text:
                        texts.update(_text_pieces(text))
    return frozenset(texts)


def client_for(user: Any) -> Client:
    """A test client signed in as ``user`` (anonymous for ``None``)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def page(client: Client, url: str, language: str, status: int = 200) -> str:
    """The ``<main>`` of ``url`` asked for in ``language`` (``Accept-Language``), after checking the
    status."""
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == status, (url, language, response.status_code)
    return main_html(response.content.decode())


def pages_in_languages(
    client: Client, url: str, *, method: str = "get", data: Any = None, **headers: Any
) -> dict[str, str]:
    """The whole page at ``url`` in each language (``en`` first), after checking each answers 200."""
    call = getattr(client, method)
    out = {}
    for language in ("en", *SHIPPED_OTHER_LANGUAGES):
        response = call(url, data or {}, HTTP_ACCEPT_LANGUAGE=language, **headers)
        assert response.status_code == 200, (url, language, response.status_code)
        out[language] = response.content.decode()
    return out


def assert_pages_translated(html: dict[str, str], *, allow: Iterable[str] = ()) -> None:
    """Nothing of ``pages_in_languages``' English page is left in the other languages."""
    for language in SHIPPED_OTHER_LANGUAGES:
        assert untranslated(html["en"], html[language], data=database_texts(), allow=allow) == [], language
