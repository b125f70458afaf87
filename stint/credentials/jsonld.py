"""Schema.org JSON-LD of a public portfolio: a ``Person`` with ``hasCredential`` entries
(``EducationalOccupationalCredential``) and the endorsed skills as ``knowsAbout``."""

from __future__ import annotations

import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def portfolio_person(
    *, name: str, headline: str, url: str, entries: list[dict[str, Any]], skills: list[dict[str, Any]]
) -> dict[str, Any]:
    person: dict[str, Any] = {"@context": "https://schema.org", "@type": "Person", "name": name, "url": url}
    if headline:
        person["description"] = headline
    if skills:
        person["knowsAbout"] = [{"@type": "DefinedTerm", "name": s["label"], "url": s["esco_uri"]} for s in skills]
    person["hasCredential"] = [
        {
            "@type": "EducationalOccupationalCredential",
            "name": e["title"],
            "credentialCategory": "Micro-internship completion (Open Badges 3.0)",
            "recognizedBy": {"@type": "Organization", "name": e["organization"]},
            "dateCreated": e["completed"].isoformat(),
            "url": e["verify_url"],
            "competencyRequired": [s["label"] for s in e["skills"]],
        }
        for e in entries
    ]
    return person


def portfolio_script(**kwargs: Any) -> SafeString:
    """The JSON for a ``<script type="application/ld+json">`` element, escaped for HTML."""
    return mark_safe(json.dumps(portfolio_person(**kwargs), ensure_ascii=False).translate(_ESCAPES))  # escaped above
