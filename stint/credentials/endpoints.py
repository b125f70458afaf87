"""JSON API of credentials (API.md "Matching, planning, credentials"): the credential and its
status are public by id; verification is public; endorsements, portfolio settings and the résumé
are for their owners. Same services and selectors as the pages."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router

from stint.core.api import AUTH, OPTIONAL_AUTH, ProblemSchema
from stint.core.errors import NotFound, PermissionDenied
from stint.core.types import AuthedRequest
from stint.credentials import keys, selectors, services, vc
from stint.credentials.models import Credential, Portfolio
from stint.credentials.network import router as network_router
from stint.credentials.resume import resume_for_user
from stint.credentials.schemas import (
    CredentialOut,
    CredentialStatusOut,
    EndorsementsIn,
    EndorsementsOut,
    PortfolioIn,
    PortfolioOut,
    RevokeIn,
    VerifyIn,
    VerifyOut,
)
from stint.credentials.verify import verify_token
from stint.engagements.models import Engagement
from stint.engagements.selectors import engagement_get_for_user

router = Router(tags=["credentials"])
ERRORS: dict[int, Any] = {
    401: ProblemSchema,
    403: ProblemSchema,
    404: ProblemSchema,
    409: ProblemSchema,
    422: ProblemSchema,
}


def credential_to_dict(credential: Credential) -> dict[str, Any]:
    return {
        "id": credential.pk,
        "status": credential.status,
        "issued_at": credential.issued_at,
        "revoked_at": credential.revoked_at,
        "verify_url": vc.verify_url(credential.pk),
        "credential": credential.payload,
        "jwt": credential.jwt,
    }


def _talent(request: HttpRequest) -> Any:
    user = request.user
    if getattr(user, "role", None) != "talent":
        raise PermissionDenied(gettext("Only talent have a résumé and a portfolio."), code="talent_only")
    return user


@router.get("/me/resume.json", auth=AUTH, response={200: dict[str, Any], **ERRORS})
def my_resume(request: HttpRequest) -> dict[str, Any]:
    """The talent's JSON Resume document (jsonresume.org schema v1.0.0)."""
    return resume_for_user(_talent(request))


@router.get("/me/credentials", auth=AUTH, response={200: list[CredentialOut], **ERRORS})
def my_credentials(request: HttpRequest) -> list[dict[str, Any]]:
    return [credential_to_dict(c) for c in selectors.credentials_for_talent(talent=_talent(request))]


@router.post("/credentials/verify", auth=None, response={200: VerifyOut, 422: ProblemSchema})
def credential_verify(request: HttpRequest, payload: VerifyIn) -> dict[str, Any]:
    """Verify a pasted credential against the published keys and status list."""
    return verify_token(payload.credential).summary()


@router.get("/credentials/{credential_id}", auth=OPTIONAL_AUTH, response={200: CredentialOut, 404: ProblemSchema})
def credential_get(request: HttpRequest, credential_id: uuid.UUID) -> dict[str, Any]:
    """The Open Badges 3.0 credential, with its proof (the VC-JWT). Public: this is what a holder shares."""
    return credential_to_dict(selectors.credential_get_public(credential_id=credential_id))


@router.get(
    "/credentials/{credential_id}/status", auth=OPTIONAL_AUTH, response={200: CredentialStatusOut, 404: ProblemSchema}
)
def credential_status(request: HttpRequest, credential_id: uuid.UUID) -> dict[str, Any]:
    credential = selectors.credential_get_public(credential_id=credential_id, erased=True)
    return {
        "id": credential.pk,
        "status": credential.status,
        "revoked_at": credential.revoked_at,
        "status_list_credential": vc.status_list_url(),
        "status_list_index": credential.status_index,
    }


@router.post("/credentials/{credential_id}/revoke", auth=AUTH, response={200: CredentialOut, **ERRORS})
def credential_revoke(request: HttpRequest, credential_id: uuid.UUID, payload: RevokeIn) -> dict[str, Any]:
    """Staff revoke a credential (e.g. the work was found fraudulent). Anyone else: 404."""
    if not getattr(request.user, "is_staff", False):
        raise NotFound(gettext("Credential not found."), code="credential_not_found")
    credential = selectors.credential_get_public(credential_id=credential_id)
    return credential_to_dict(
        services.credential_revoke(credential=credential, actor=request.user, reason=payload.reason)
    )


def endorsements_to_dict(engagement: Engagement) -> dict[str, Any]:
    publication = selectors.publication_for(engagement)
    return {
        "skills": [
            {
                "skill_id": e.skill_id,
                "label": e.skill.label,
                "esco_uri": e.skill.esco_uri,
                "level": e.level,
                "transferable": e.transferable,
            }
            for e in selectors.endorsements_for_engagement(engagement)
        ],
        "confidential": publication is None or publication.confidential,
        "public_summary": publication.public_summary if publication else "",
        "endorsable": [{"skill_id": str(s.pk), "label": s.label} for s in services.endorsable_skills(engagement)],
    }


@router.get("/engagements/{engagement_id}/endorsements", auth=AUTH, response={200: EndorsementsOut, **ERRORS})
def endorsements_get(request: AuthedRequest, engagement_id: uuid.UUID) -> dict[str, Any]:
    engagement = engagement_get_for_user(user=request.user, engagement_id=engagement_id)
    return endorsements_to_dict(engagement)


@router.put("/engagements/{engagement_id}/endorsements", auth=AUTH, response={200: EndorsementsOut, **ERRORS})
def endorsements_put(request: AuthedRequest, engagement_id: uuid.UUID, payload: EndorsementsIn) -> dict[str, Any]:
    """The company confirms the skills shown (replacing earlier endorsements) and the publication."""
    engagement = engagement_get_for_user(user=request.user, engagement_id=engagement_id)
    services.endorsements_set(
        actor=request.user,
        engagement=engagement,
        levels={str(s.skill_id): s.level for s in payload.skills},
        confidential=payload.confidential,
        public_summary=payload.public_summary,
    )
    return endorsements_to_dict(engagement)


def portfolio_to_dict(portfolio: Portfolio) -> dict[str, Any]:
    return {
        "slug": portfolio.slug,
        "published": portfolio.published,
        "show_headline": portfolio.show_headline,
        "show_projects": portfolio.show_projects,
        "show_reviews": portfolio.show_reviews,
        "show_skills": portfolio.show_skills,
        "show_credentials": portfolio.show_credentials,
        "hidden_engagements": portfolio.hidden_engagements,
        "url": f"{keys.site_url()}/portfolio/{portfolio.slug}/" if portfolio.slug and portfolio.published else None,
    }


@router.get("/me/portfolio", auth=AUTH, response={200: PortfolioOut, **ERRORS})
def portfolio_get(request: HttpRequest) -> dict[str, Any]:
    return portfolio_to_dict(services.portfolio_for_user(user=_talent(request)))


@router.put("/me/portfolio", auth=AUTH, response={200: PortfolioOut, **ERRORS})
def portfolio_put(request: HttpRequest, payload: PortfolioIn) -> dict[str, Any]:
    data = payload.dict()
    hidden = [str(h) for h in data.pop("hidden_engagements")]
    slug = data.pop("slug")
    portfolio = services.portfolio_update(user=_talent(request), slug=slug, hidden_engagements=hidden, **data)
    return portfolio_to_dict(portfolio)


# Connections and references (stint/credentials/network.py), under the same router.
router.add_router("", network_router)
