"""schema.org ``JobPosting`` for a public project page (search engines list micro-internships)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from stint.core.money import CURRENCY_EXPONENTS
from stint.projects.models import Project

# The same escapes as Django's json_script: the JSON cannot close the <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _major(amount_minor: int, currency: str) -> float:
    # A display value for search engines only; money is never computed in floats.
    return amount_minor / (10 ** CURRENCY_EXPONENTS.get(currency, 2))


def job_posting(project: Project, *, url: str) -> dict[str, Any]:
    org = project.organization
    posted = project.published_at or project.created_at
    hiring: dict[str, Any] = {"@type": "Organization", "name": org.name}
    if org.website:
        hiring["sameAs"] = org.website
    return {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": project.title,
        "description": project.description_html or strip_tags(project.summary),
        "identifier": {"@type": "PropertyValue", "name": "Stint", "value": str(project.pk)},
        "datePosted": posted.date().isoformat(),
        "validThrough": project.application_deadline.isoformat(),
        "employmentType": ["CONTRACTOR", "INTERN"],
        "jobLocationType": "TELECOMMUTE",
        "hiringOrganization": hiring,
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": project.currency,
            "value": {
                "@type": "QuantitativeValue",
                "value": _major(project.fee_minor, project.currency),
                "unitText": "PROJECT",
                "description": f"Fixed fee for about {project.estimated_hours} hours",
            },
        },
        "estimatedSalary": {
            "@type": "MonetaryAmount",
            "currency": project.currency,
            "value": {
                "@type": "QuantitativeValue",
                "value": _major(project.hourly_rate_minor, project.currency),
                "unitText": "HOUR",
            },
        },
        "skills": ", ".join(ps.skill.label for ps in project.project_skills.all()),
        "url": url,
        "directApply": True,
    }


def job_posting_script_body(project: Project, *, path: str) -> SafeString:
    """The JSON for a ``<script type="application/ld+json">`` element, escaped for HTML."""
    site = settings.SITE_URL.rstrip("/")
    data = job_posting(project, url=f"{site}{path}")
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))  # JSON escaped for HTML above
