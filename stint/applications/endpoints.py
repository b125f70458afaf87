from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from stint.applications import selectors, services
from stint.applications.choices import NEXT_STEPS, REJECTION_TEMPLATES
from stint.applications.models import Application
from stint.applications.schemas import (
    AcceptIn,
    ApplicationIn,
    ApplicationOut,
    RejectIn,
    RejectionTemplatesOut,
    ScoreIn,
)
from stint.core.api import Page, ProblemSchema, check_page, paginate

router = Router(tags=["applications"])

ERRORS = {400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema}
ERRORS_422 = {**ERRORS, 422: ProblemSchema}


def application_to_dict(application: Application, side: str) -> dict[str, Any]:
    """The API view of an application for the talent (``side="talent"``) or the company."""
    project = application.project
    show_scores = selectors.scores_visible(application=application, side=side)
    engagement = getattr(application, "engagement", None) if application.status == "hired" else None
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
        "next_step": NEXT_STEPS.get(application.status, ""),
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
    }


def _company_app(request: HttpRequest, application_id: uuid.UUID) -> Application:
    return selectors.application_get_for_company(user=request.user, application_id=application_id)


def _talent_app(request: HttpRequest, application_id: uuid.UUID) -> Application:
    return selectors.application_get_for_talent(talent=request.user, application_id=application_id)


def _out(application_id: Any, request: HttpRequest) -> dict[str, Any]:
    application, side = selectors.application_get_for_participant(user=request.user, application_id=application_id)
    return application_to_dict(application, side)


@router.post("/projects/{project_id}/applications", response={201: ApplicationOut, **ERRORS_422})
def application_create(request: HttpRequest, project_id: uuid.UUID, payload: ApplicationIn):  # type: ignore[no-untyped-def]
    """Apply to a project with a tailored cover letter, one answer per screening question, and links.

    Codes: `talent_role_required` (403), `applications_closed`, `already_applied`,
    `too_many_active_applications`, `project_application_cap_reached` (409), `cover_letter_too_short`,
    `cover_letter_not_tailored`, `answers_required`, `invalid_link` (422). The application is sent
    even when the project would push a week over the talent's capacity: `warnings` then lists
    `{code: "over_capacity", week_start, capacity_hours, load_hours}` per week."""
    project = selectors.project_get_for_application(talent=request.user, project_id=project_id)
    application = services.application_submit(
        talent=request.user,
        project=project,
        cover_letter=payload.cover_letter,
        answers=payload.answers,
        links=payload.links,
    )
    from stint.planner.services import capacity_warnings

    out = _out(application.pk, request)
    out["warnings"] = capacity_warnings(user=request.user, project=project)
    return Status(201, out)


@router.get("/me/applications", response={200: Page[ApplicationOut], 401: ProblemSchema})
def my_applications(request: HttpRequest, page: int = 1, page_size: int = 20, status: str = ""):  # type: ignore[no-untyped-def]
    """The signed-in talent's applications with their status, newest first (filter with `status`)."""
    qs = selectors.application_list_for_talent(talent=request.user).select_related("engagement")
    if status:
        qs = qs.filter(status=status)
    items, count = paginate(qs, page, page_size)
    return {"items": [application_to_dict(a, "talent") for a in items], "count": count}


@router.get("/projects/{project_id}/applications", response={200: Page[ApplicationOut], **ERRORS})
def project_applications(  # type: ignore[no-untyped-def]
    request: HttpRequest, project_id: uuid.UUID, page: int = 1, page_size: int = 20, sort: str = "fit"
):
    """For members of the project's organization: its applications, ranked by fit (best first) with
    `fit_score` and plain-language `fit_reasons`. `sort` may also be `created_at`, `status` or
    `rubric_total` (prefix `-` for descending); each item still carries its fit. The ranking never
    uses names, photos, age, gender, nationality or institution (docs/matching.md)."""
    ranked = selectors.application_list_ranked(user=request.user, project_id=project_id, sort=sort)
    check_page(page, page_size)
    window = ranked[(page - 1) * page_size : page * page_size]
    items = []
    for application, score, reasons in window:
        item = application_to_dict(application, "company")
        item["fit_score"] = round(score, 4) if score is not None else None
        item["fit_reasons"] = reasons
        items.append(item)
    return {"items": items, "count": len(ranked)}


@router.get("/applications/rejection-templates", response={200: RejectionTemplatesOut, 401: ProblemSchema})
def rejection_templates(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Template reasons a company can use (or adapt) when rejecting an application."""
    return {"templates": list(REJECTION_TEMPLATES)}


@router.get("/applications/{application_id}", response={200: ApplicationOut, **ERRORS})
def application_detail(request: HttpRequest, application_id: uuid.UUID):  # type: ignore[no-untyped-def]
    """One application, for its talent or a member of the project's organization. The talent sees
    the rubric scores once rejected."""
    return _out(application_id, request)


@router.post("/applications/{application_id}/shortlist", response={200: ApplicationOut, **ERRORS})
def application_shortlist(request: HttpRequest, application_id: uuid.UUID):  # type: ignore[no-untyped-def]
    """Company: shortlist a submitted application."""
    services.application_shortlist(actor=request.user, application=_company_app(request, application_id))
    return _out(application_id, request)


@router.post("/applications/{application_id}/reject", response={200: ApplicationOut, **ERRORS_422})
def application_reject(request: HttpRequest, application_id: uuid.UUID, payload: RejectIn):  # type: ignore[no-untyped-def]
    """Company: reject with a reason (required; `rejection_reason_required`)."""
    services.application_reject(
        actor=request.user, application=_company_app(request, application_id), reason=payload.reason
    )
    return _out(application_id, request)


@router.post("/applications/{application_id}/score", response={200: ApplicationOut, **ERRORS_422})
def application_score(request: HttpRequest, application_id: uuid.UUID, payload: ScoreIn):  # type: ignore[no-untyped-def]
    """Company: score rubric criteria from 1 to 5 (`unknown_criterion`, `invalid_score`)."""
    services.application_score(
        actor=request.user,
        application=_company_app(request, application_id),
        scores=[s.dict() for s in payload.scores],
    )
    return _out(application_id, request)


@router.post("/applications/{application_id}/offer", response={200: ApplicationOut, **ERRORS})
def application_offer(request: HttpRequest, application_id: uuid.UUID):  # type: ignore[no-untyped-def]
    """Company: offer the project (`no_openings_left` when hires and offers fill the openings)."""
    services.application_offer(actor=request.user, application=_company_app(request, application_id))
    return _out(application_id, request)


@router.post("/applications/{application_id}/accept", response={200: ApplicationOut, **ERRORS})
def application_accept(request: HttpRequest, application_id: uuid.UUID, payload: AcceptIn | None = None):  # type: ignore[no-untyped-def]
    """Talent: accept an offer; creates the engagement (`offer_expired`, `no_openings_left`).

    `over_capacity` (409, with `weeks: [{week_start, capacity_hours, load_hours, …}]`) when the
    project would push a week over the talent's capacity; send `{"accept_overload": true}` to accept
    the stated overload anyway (recorded in the audit log)."""
    services.application_accept(
        actor=request.user,
        application=_talent_app(request, application_id),
        accept_overload=bool(payload and payload.accept_overload),
    )
    return _out(application_id, request)


@router.post("/applications/{application_id}/decline", response={200: ApplicationOut, **ERRORS})
def application_decline(request: HttpRequest, application_id: uuid.UUID):  # type: ignore[no-untyped-def]
    """Talent: decline an offer."""
    services.application_decline(actor=request.user, application=_talent_app(request, application_id))
    return _out(application_id, request)


@router.post("/applications/{application_id}/withdraw", response={200: ApplicationOut, **ERRORS})
def application_withdraw(request: HttpRequest, application_id: uuid.UUID):  # type: ignore[no-untyped-def]
    """Talent: withdraw an active application."""
    services.application_withdraw(actor=request.user, application=_talent_app(request, application_id))
    return _out(application_id, request)
