from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router

from stint.applications import selectors, services
from stint.applications.choices import NEXT_STEPS, REJECTION_TEMPLATES, ApplicationStatus
from stint.applications.models import Application
from stint.applications.schemas import (
    ApplicationOut,
    RejectIn,
    RejectionTemplatesOut,
    ScoreIn,
)
from stint.core.api import Page, ProblemSchema, paginate
from stint.core.types import AuthedRequest

router = Router(tags=["applications"])

ERRORS = {400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema}
ERRORS_422 = {**ERRORS, 422: ProblemSchema}


def application_to_dict(application: Application, side: str) -> dict[str, Any]:
    """The API view of an application for the talent (``side="talent"``) or the company."""
    project = application.project
    show_scores = selectors.scores_visible(application=application, side=side)
    engagement = getattr(application, "engagement", None) if application.status == ApplicationStatus.HIRED else None
    return {
        "id": application.pk,
        "project": {
            "id": project.pk,
            "title": project.title,
            "organization": {"id": project.organization_id, "name": project.organization.name},
            "response_deadline": project.response_deadline,
        },
        "talent": {
            "id": application.talent_id,
            "name": str(application.talent),
            "profile_id": getattr(application, "profile_id", None),
        },
        "status": application.status,
        "next_step": str(NEXT_STEPS.get(application.status, "")),
        "cover_letter": application.cover_letter,
        "answers": application.answers or [],
        "links": application.links or [],
        "rejection_reason": application.rejection_reason,
        "closing_reason": application.closing_reason,
        "created_at": application.created_at,
        "first_response_at": application.first_response_at,
        "decided_at": application.decided_at,
        "offered_at": application.offered_at,
        "offer_expires_at": application.offer_expires_at,
        "rubric": [
            {"criterion": r.get("criterion", ""), "weight": int(r.get("weight") or 1)} for r in project.rubric or []
        ],
        "scores": selectors.application_scores(application) if show_scores else [],
        "rubric_total": selectors.application_rubric_total(application) if show_scores else None,
        "engagement_id": engagement.pk if engagement else None,
        "allowed_actions": selectors.application_allowed_actions(application=application, side=side),
    }


def _company_app(request: AuthedRequest, application_id: uuid.UUID) -> Application:
    return selectors.application_get_for_company(user=request.user, application_id=application_id)


def _talent_app(request: AuthedRequest, application_id: uuid.UUID) -> Application:
    return selectors.application_get_for_talent(talent=request.user, application_id=application_id)


def _out(application_id: Any, request: AuthedRequest) -> dict[str, Any]:
    application, side = selectors.application_get_for_participant(user=request.user, application_id=application_id)
    return application_to_dict(application, side)


@router.get("/me/applications", response={200: Page[ApplicationOut], 401: ProblemSchema})
def my_applications(request: AuthedRequest, page: int = 1, page_size: int = 20, status: str = ""):
    """The signed-in talent's applications with their status, newest first (filter with `status`)."""
    qs = selectors.application_list_for_talent(talent=request.user).select_related("engagement")
    if status:
        qs = qs.filter(status=status)
    items, count = paginate(qs, page, page_size)
    return {"items": [application_to_dict(a, "talent") for a in items], "count": count}


@router.get("/applications/rejection-templates", response={200: RejectionTemplatesOut, 401: ProblemSchema})
def rejection_templates(request: HttpRequest):
    """Template reasons a company can use (or adapt) when rejecting an application, in the
    requester's language."""
    return {"templates": [gettext(t) for t in REJECTION_TEMPLATES]}


@router.get("/applications/{application_id}", response={200: ApplicationOut, **ERRORS})
def application_detail(request: AuthedRequest, application_id: uuid.UUID):
    """One application, for its talent or a member of the project's organization. The talent sees
    the rubric scores once rejected."""
    return _out(application_id, request)


@router.post("/applications/{application_id}/shortlist", response={200: ApplicationOut, **ERRORS})
def application_shortlist(request: AuthedRequest, application_id: uuid.UUID):
    """Company: shortlist a submitted application."""
    services.application_shortlist(actor=request.user, application=_company_app(request, application_id))
    return _out(application_id, request)


@router.post("/applications/{application_id}/reject", response={200: ApplicationOut, **ERRORS_422})
def application_reject(request: AuthedRequest, application_id: uuid.UUID, payload: RejectIn):
    """Company: reject with a reason (required; `rejection_reason_required`)."""
    services.application_reject(
        actor=request.user, application=_company_app(request, application_id), reason=payload.reason
    )
    return _out(application_id, request)


@router.post("/applications/{application_id}/score", response={200: ApplicationOut, **ERRORS_422})
def application_score(request: AuthedRequest, application_id: uuid.UUID, payload: ScoreIn):
    """Company: score rubric criteria from 1 to 5 (`unknown_criterion`, `invalid_score`)."""
    services.application_score(
        actor=request.user,
        application=_company_app(request, application_id),
        scores=[s.dict() for s in payload.scores],
    )
    return _out(application_id, request)


@router.post("/applications/{application_id}/decline", response={200: ApplicationOut, **ERRORS})
def application_decline(request: AuthedRequest, application_id: uuid.UUID):
    """Talent: decline an offer."""
    services.application_decline(actor=request.user, application=_talent_app(request, application_id))
    return _out(application_id, request)


@router.post("/applications/{application_id}/withdraw", response={200: ApplicationOut, **ERRORS})
def application_withdraw(request: AuthedRequest, application_id: uuid.UUID):
    """Talent: withdraw an active application."""
    services.application_withdraw(actor=request.user, application=_talent_app(request, application_id))
    return _out(application_id, request)
