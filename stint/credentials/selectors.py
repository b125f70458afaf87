"""Reads of the credentials app. Credentials are public by id (that is what a verifier opens); the
portfolio is public only when its talent published it, and only the parts they chose."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from stint.core.errors import NotFound
from stint.core.types import User
from stint.credentials import keys, vc
from stint.credentials.choices import CredentialStatus
from stint.credentials.models import Credential, Endorsement, Portfolio, Publication
from stint.engagements.choices import APPROVED_STATUSES
from stint.engagements.models import Engagement, Review
from stint.engagements.selectors import logged_minutes
from stint.engagements.services import review_visible


def credential_get_public(*, credential_id: Any, erased: bool = False) -> Credential:
    """A credential by id. One erased with its holder's account (docs/privacy.md: payload and JWT
    emptied) is a 404, except for its status (``erased=True``), which still says "revoked"."""
    found = Credential.objects.select_related("organization", "engagement__project").filter(pk=credential_id)
    credential = (found if erased else found.exclude(jwt="")).first()
    if credential is None:
        raise NotFound(gettext("Credential not found."), code="credential_not_found")
    return credential


def credentials_for_talent(*, talent: User) -> QuerySet[Credential]:
    return Credential.objects.filter(talent=talent).select_related("organization", "engagement__project")


def credentials_issued_by(*, organization: Any) -> dict[Any, list[dict[str, str]]]:
    """The active credentials ``organization`` issued, by talent id, each ``{"title", "url"}`` (the
    verification page): the talent pool's page and API. One query for the whole pool."""
    by_talent: dict[Any, list[dict[str, str]]] = {}
    issued = (
        Credential.objects.filter(organization=organization, status=CredentialStatus.ACTIVE)
        .exclude(jwt="")
        .select_related("engagement__project")
        .order_by("issued_at")
    )
    for credential in issued:
        by_talent.setdefault(credential.talent_id, []).append(
            {"title": credential.engagement.project.title, "url": vc.verify_url(credential.pk)}
        )
    return by_talent


def revoked_indices() -> list[int]:
    return list(Credential.objects.filter(status=CredentialStatus.REVOKED).values_list("status_index", flat=True))


def status_list_jwt(now: datetime.datetime | None = None) -> str:
    """The signed Bitstring Status List credential (valid for a day, re-signed on each request)."""
    return vc.sign(vc.status_list_claims(revoked_indices(), now or timezone.now()), keys.current_key())


def company_reviews_public(*, engagement_ids: list[Any]) -> dict[Any, Review]:
    """The company's review of each engagement, where a stranger may read it (blind-review rule)."""
    rows = Review.objects.filter(engagement_id__in=engagement_ids, side="company").select_related("engagement")
    return {r.engagement_id: r for r in rows if review_visible(review=r, viewer=None)}


def endorsements_for_engagement(engagement: Engagement) -> list[Endorsement]:
    return list(Endorsement.objects.filter(engagement=engagement).select_related("skill"))


def publication_for(engagement: Engagement) -> Publication | None:
    return Publication.objects.filter(engagement=engagement).first()


def skill_counts(*, talent: User) -> list[dict[str, Any]]:
    """Endorsed skills with how many engagements endorsed each, most endorsed first."""
    rows = (
        Endorsement.objects.filter(talent=talent, engagement__status__in=APPROVED_STATUSES)
        .values("skill_id", "skill__label", "skill__esco_uri")
        .annotate(count=Count("id"))
        .order_by("-count", "skill__label")
    )
    return [
        {"skill_id": r["skill_id"], "label": r["skill__label"], "esco_uri": r["skill__esco_uri"], "count": r["count"]}
        for r in rows
    ]


def completed_engagements(*, talent: User) -> QuerySet[Engagement]:
    return (
        Engagement.objects.filter(talent=talent, status__in=APPROVED_STATUSES)
        .select_related("project", "project__organization", "project__category")
        .order_by("-approved_at")
    )


def portfolio_get_public(*, slug: str) -> Portfolio:
    portfolio = Portfolio.objects.select_related("user").filter(slug=slug, published=True).first()
    if portfolio is None:
        raise NotFound(gettext("Portfolio not found."), code="portfolio_not_found")
    return portfolio


def project_entries(*, talent: User, public: bool, portfolio: Portfolio | None = None) -> list[dict[str, Any]]:
    """Verified completed projects. ``public``: only what the talent and the company let show (the
    hidden projects left out, a confidential deliverable without summary, the review only when
    the talent shows reviews and it is visible under the engagement's blind-review rule)."""
    hidden = set(portfolio.hidden_engagements) if (public and portfolio) else set()
    show_reviews = bool(portfolio and portfolio.show_reviews) if public else True
    engagements = [e for e in completed_engagements(talent=talent) if str(e.pk) not in hidden]
    ids = [e.pk for e in engagements]
    endorsements: dict[Any, list[Endorsement]] = {}
    for row in Endorsement.objects.filter(engagement_id__in=ids).select_related("skill"):
        endorsements.setdefault(row.engagement_id, []).append(row)
    publications = {p.engagement_id: p for p in Publication.objects.filter(engagement_id__in=ids)}
    credentials = {c.engagement_id: c for c in Credential.objects.filter(engagement_id__in=ids)}
    reviews = company_reviews_public(engagement_ids=ids) if show_reviews else {}
    entries = []
    for e in engagements:
        publication = publications.get(e.pk)
        credential = credentials.get(e.pk)
        review = reviews.get(e.pk)
        entries.append(
            {
                "engagement": e,
                "engagement_id": str(e.pk),
                "organization": e.project.organization.name,
                "industry": e.project.organization.industry or e.project.category.name,
                "title": e.project.title,
                "started": e.created_at.date(),
                "completed": (e.approved_at or e.updated_at).date(),
                "hours": round(logged_minutes(e) / 60, 1),
                "skills": [
                    {"label": x.skill.label, "level": x.level, "esco_uri": x.skill.esco_uri}
                    for x in endorsements.get(e.pk, [])
                ],
                "confidential": publication is None or publication.confidential,
                "summary": "" if publication is None or publication.confidential else publication.public_summary,
                "review": review,
                "credential": credential,
                "verify_url": vc.verify_url(credential.pk) if credential else "",
            }
        )
    return entries
