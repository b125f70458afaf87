"""API operations whose work spans apps. Paths, operation ids, tags and documentation are the ones
they had in their apps' routers (the OpenAPI did not change when they moved here)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from stint.applications import selectors as application_selectors
from stint.applications import services as applications
from stint.applications.endpoints import ERRORS as APPLICATION_ERRORS
from stint.applications.endpoints import ERRORS_422 as APPLICATION_ERRORS_422
from stint.applications.endpoints import application_to_dict
from stint.applications.schemas import AcceptIn, ApplicationIn, ApplicationOut
from stint.core.api import Page, ProblemSchema, check_page
from stint.core.idempotency import idempotent
from stint.core.types import AuthedRequest
from stint.engagements import selectors as engagement_selectors
from stint.engagements.endpoints import ERRORS as ENGAGEMENT_ERRORS
from stint.engagements.models import Engagement
from stint.engagements.schemas import EngagementDetailOut, OfferNextOut, ReasonIn, ResolveIn
from stint.flows import hiring, publishing, settlement
from stint.organizations import selectors as organization_selectors
from stint.organizations.endpoints import ERRORS as ORGANIZATION_ERRORS
from stint.organizations.endpoints import organization_out
from stint.organizations.schemas import OrganizationOut
from stint.planner.services import capacity_warnings
from stint.projects import selectors as project_selectors
from stint.projects.endpoints import ERRORS as PROJECT_ERRORS
from stint.projects.schemas import ProjectOut
from stint.projects.schemas import ReasonIn as ProjectReasonIn
from stint.projects.schemas import detail as project_detail
from stint.recommendations.selectors import application_list_ranked

router = Router()


def _engagement(request: AuthedRequest, engagement_id: uuid.UUID) -> Engagement:
    return engagement_selectors.engagement_get_for_user(user=request.user, engagement_id=engagement_id)


def _engagement_detail(request: AuthedRequest, engagement_id: uuid.UUID) -> dict[str, Any]:
    engagement = _engagement(request, engagement_id)
    return engagement_selectors.engagement_detail_data(engagement=engagement, user=request.user)


def _application_out(application_id: Any, request: AuthedRequest) -> dict[str, Any]:
    application, side = application_selectors.application_get_for_participant(
        user=request.user, application_id=application_id
    )
    return application_to_dict(application, side)


def _project_out(request: HttpRequest, project_id: uuid.UUID) -> dict[str, Any]:
    project = project_selectors.project_get_for_member(request.user, project_id)
    return project_detail(project, user=request.user)


# --- Publishing ----------------------------------------------------------------------------------


@router.post(
    "/projects/{project_id}/publish",
    response={200: ProjectOut, **PROJECT_ERRORS},
    tags=["projects"],
    operation_id="stint_projects_endpoints_project_publish",
)
@idempotent(scope="projects.publish", schema=ProjectOut)
def project_publish(request: AuthedRequest, project_id: uuid.UUID):
    """Publish a draft: `open` at once for a verified organization, `pending_review` (staff
    moderation) otherwise. Accepts an `Idempotency-Key`; a replay returns the first response.
    Publishing charges the fees to the organization's payment method: without one it is
    `409 payment_method_required` and nothing is charged (add one with
    `POST /organizations/{organization_id}/payment-method/setup`; the check is the payments
    service's, so every way of publishing obeys it)."""
    project = project_selectors.project_get_for_member(request.user, project_id)
    publishing.project_publish(actor=request.user, project=project)
    return _project_out(request, project_id)


@router.post(
    "/projects/{project_id}/close",
    response={200: ProjectOut, **PROJECT_ERRORS},
    tags=["projects"],
    operation_id="stint_projects_endpoints_project_close",
)
def project_close(request: AuthedRequest, project_id: uuid.UUID, payload: ProjectReasonIn):
    """Close an open project to new applications; every applicant still waiting is told why."""
    project = project_selectors.project_get_for_member(request.user, project_id)
    publishing.project_close(actor=request.user, project=project, reason=payload.reason)
    return _project_out(request, project_id)


@router.post(
    "/projects/{project_id}/cancel",
    response={200: ProjectOut, **PROJECT_ERRORS},
    tags=["projects"],
    operation_id="stint_projects_endpoints_project_cancel",
)
def project_cancel(request: AuthedRequest, project_id: uuid.UUID, payload: ProjectReasonIn):
    """Cancel a project (draft, waiting for review or open); every applicant is told why."""
    project = project_selectors.project_get_for_member(request.user, project_id)
    publishing.project_cancel(actor=request.user, project=project, reason=payload.reason)
    return _project_out(request, project_id)


@router.post(
    "/organizations/{uuid:organization_id}/verify",
    response={200: OrganizationOut, **ORGANIZATION_ERRORS},
    tags=["organizations"],
    operation_id="stint_organizations_endpoints_organization_verify",
)
def organization_verify(request: HttpRequest, organization_id: uuid.UUID):
    """Mark the organization verified (staff only; others 403 `staff_only`). Its projects waiting
    for review are published. Verifying twice changes nothing."""
    organization = organization_selectors.organization_get_public(organization_id=organization_id)
    organization = publishing.organization_verify(actor=request.user, organization=organization)
    return organization_out(organization)


# --- Hiring --------------------------------------------------------------------------------------


@router.post(
    "/projects/{project_id}/applications",
    response={201: ApplicationOut, **APPLICATION_ERRORS_422},
    tags=["applications"],
    operation_id="stint_applications_endpoints_application_create",
)
def application_create(request: AuthedRequest, project_id: uuid.UUID, payload: ApplicationIn, secret: str = ""):
    """Apply to a project with a tailored cover letter, one answer per screening question, and links.
    An unlisted project needs `secret`, the token of its secret link; without it the project is a
    404 (`project_not_found`) to anyone not invited.

    Codes: `talent_role_required` (403), `applications_closed`, `already_applied`,
    `too_many_active_applications`, `project_application_cap_reached` (409), `cover_letter_too_short`,
    `cover_letter_not_tailored`, `answers_required`, `invalid_link` (422). The application is sent
    even when the project would push a week over the talent's capacity: `warnings` then lists
    `{code: "over_capacity", week_start, capacity_hours, load_hours}` per week."""
    project = application_selectors.project_get_for_application(
        talent=request.user, project_id=project_id, secret=secret
    )
    application = applications.application_submit(
        talent=request.user,
        project=project,
        cover_letter=payload.cover_letter,
        answers=payload.answers,
        links=payload.links,
        secret=secret,
    )
    out = _application_out(application.pk, request)
    out["warnings"] = capacity_warnings(user=request.user, project=project)
    return Status(201, out)


@router.get(
    "/projects/{project_id}/applications",
    response={200: Page[ApplicationOut], **APPLICATION_ERRORS},
    tags=["applications"],
    operation_id="stint_applications_endpoints_project_applications",
)
def project_applications(
    request: AuthedRequest, project_id: uuid.UUID, page: int = 1, page_size: int = 20, sort: str = "fit"
):
    """For members of the project's organization: its applications, ranked by fit (best first) with
    `fit_score` and plain-language `fit_reasons`. `sort` may also be `created_at`, `status` or
    `rubric_total` (prefix `-` for descending); each item still carries its fit. The ranking never
    uses names, photos, age, gender, nationality or institution (docs/matching.md)."""
    ranked = application_list_ranked(user=request.user, project_id=project_id, sort=sort)
    check_page(page, page_size)
    window = ranked[(page - 1) * page_size : page * page_size]
    items = []
    for application, score, reasons in window:
        item = application_to_dict(application, "company")
        item["fit_score"] = round(score, 4) if score is not None else None
        item["fit_reasons"] = reasons
        items.append(item)
    return {"items": items, "count": len(ranked)}


@router.post(
    "/applications/{application_id}/offer",
    response={200: ApplicationOut, 402: ProblemSchema, **APPLICATION_ERRORS},
    tags=["applications"],
    operation_id="stint_applications_endpoints_application_offer",
)
def application_offer(request: AuthedRequest, application_id: uuid.UUID):
    """Company: offer the project (`no_openings_left` when hires and offers fill the openings).
    An offer for a slot a drop-out freed funds that opening again first: without a payment method
    it is `409 payment_method_required`, a declined charge `402 payment_failed`; either way
    nothing is offered."""
    application = application_selectors.application_get_for_company(user=request.user, application_id=application_id)
    hiring.application_offer(actor=request.user, application=application)
    return _application_out(application_id, request)


@router.post(
    "/applications/{application_id}/accept",
    response={200: ApplicationOut, **APPLICATION_ERRORS},
    tags=["applications"],
    operation_id="stint_applications_endpoints_application_accept",
)
def application_accept(request: AuthedRequest, application_id: uuid.UUID, payload: AcceptIn | None = None):
    """Talent: accept an offer; creates the engagement (`offer_expired`, `no_openings_left`).

    `over_capacity` (409, with `weeks: [{week_start, capacity_hours, load_hours, …}]`) when the
    project would push a week over the talent's capacity; send `{"accept_overload": true}` to accept
    the stated overload anyway (recorded in the audit log)."""
    hiring.application_accept(
        actor=request.user,
        application=application_selectors.application_get_for_talent(
            talent=request.user, application_id=application_id
        ),
        accept_overload=bool(payload and payload.accept_overload),
    )
    return _application_out(application_id, request)


# --- Settlement ----------------------------------------------------------------------------------


@router.post(
    "/engagements/{engagement_id}/approve",
    response={200: EngagementDetailOut, **ENGAGEMENT_ERRORS},
    tags=["engagements"],
    operation_id="stint_engagements_endpoints_approve",
)
@idempotent(scope="engagements.approve", schema=EngagementDetailOut)
def approve(request: AuthedRequest, engagement_id: uuid.UUID):
    """Approve the submission (company): the fee is released to the talent's balance, once.
    Accepts `Idempotency-Key`; approving an approved engagement returns it unchanged."""
    settlement.engagement_approve(actor=request.user, engagement=_engagement(request, engagement_id))
    return _engagement_detail(request, engagement_id)


@router.post(
    "/engagements/{engagement_id}/cancel",
    response={200: EngagementDetailOut, **ENGAGEMENT_ERRORS},
    tags=["engagements"],
    operation_id="stint_engagements_endpoints_cancel",
)
def cancel(request: AuthedRequest, engagement_id: uuid.UUID, payload: ReasonIn):
    """Cancel (company: pro-rata payment for logged hours after a 3-day contest window; talent:
    drop out, the fee is refunded to the company). A cancellation that lost a race (the other side
    cancelled first, or the work was approved) is `409 engagement_state_changed` with
    `current_status` and `cancelled_by`."""
    settlement.engagement_cancel(
        actor=request.user, engagement=_engagement(request, engagement_id), reason=payload.reason
    )
    return _engagement_detail(request, engagement_id)


@router.post(
    "/engagements/{engagement_id}/resolve",
    response={200: EngagementDetailOut, **ENGAGEMENT_ERRORS},
    tags=["engagements"],
    operation_id="stint_engagements_endpoints_resolve",
)
def resolve(request: AuthedRequest, engagement_id: uuid.UUID, payload: ResolveIn):
    """Staff: split the held fee of a disputed engagement (`talent_amount_minor` to the talent)."""
    settlement.engagement_dispute_resolve(
        staff=request.user,
        engagement=_engagement(request, engagement_id),
        talent_amount_minor=payload.talent_amount_minor,
        note=payload.note,
    )
    return _engagement_detail(request, engagement_id)


@router.post(
    "/engagements/{engagement_id}/offer-next",
    response={201: OfferNextOut, 402: ProblemSchema, **ENGAGEMENT_ERRORS},
    tags=["engagements"],
    operation_id="stint_engagements_endpoints_offer_next",
)
def offer_next(request: AuthedRequest, engagement_id: uuid.UUID):
    """After the talent dropped out: fund the opening again (its fee plus the platform fee is
    charged; once per dropped slot) and offer it to the best shortlisted applicant (company).
    A declined charge is `402 payment_failed`, no payment method `409 payment_method_required`;
    either way nothing is charged or offered."""
    application = settlement.engagement_offer_next(actor=request.user, engagement=_engagement(request, engagement_id))
    return Status(
        201, {"application_id": application.pk, "talent_name": str(application.talent), "status": application.status}
    )
