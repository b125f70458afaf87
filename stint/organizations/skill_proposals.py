"""An organization proposes a skill the vocabulary lacks (API and HTML). Membership is checked here
(organizations sit above skills); the rules live in ``stint.skills.proposals``."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from ninja import Router, Status

from stint.core.api import ProblemSchema
from stint.core.errors import ApplicationError, NotFound, PermissionDenied
from stint.organizations.choices import MANAGE_PROJECTS
from stint.organizations.models import Organization
from stint.organizations.selectors import organization_get_for_member
from stint.skills import proposals
from stint.skills.endpoints import skill_row_out
from stint.skills.schemas import ProposalIn, ProposalOut, ProposedSkillOut

router = Router(tags=["skills"])
ERRORS: dict[int, Any] = {401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema}


def _organization(user: Any, organization_id: Any) -> Organization:
    organization, _membership = organization_get_for_member(
        user=user, organization_id=organization_id, roles=MANAGE_PROJECTS
    )
    return organization


def _proposed_out(skill: Any) -> dict[str, Any]:
    return {
        "skill": skill_row_out(skill),
        "pending": skill.pending,
        "maps_to": skill_row_out(skill.maps_to) if skill.maps_to else None,
        "organizations": skill.proposals.count(),
    }


@router.post(
    "/organizations/{organization_id}/skill-proposals",
    response={200: ProposalOut, 201: ProposalOut, 422: ProblemSchema, **ERRORS},
)
def proposal_create(request: HttpRequest, organization_id: uuid.UUID, payload: ProposalIn):
    """Propose a skill the vocabulary lacks. It is usable at once in this organization's projects
    (by slug or id), by others once staff confirm it. A label that already names a skill returns
    that skill (`existing`, 200); the same label proposed by another organization is joined
    (`merged`, 200), never duplicated; otherwise 201 `created`. Members only (others: 404)."""
    organization = _organization(request.user, organization_id)
    result = proposals.skill_propose(
        organization_id=organization.pk, actor=request.user, label=payload.label, note=payload.note
    )
    body = {"skill": skill_row_out(result.skill), "outcome": result.outcome, "pending": result.skill.pending}
    return Status(201 if result.outcome == "created" else 200, body)


@router.get("/organizations/{organization_id}/skill-proposals", response={200: list[ProposedSkillOut], **ERRORS})
def proposal_list(request: HttpRequest, organization_id: uuid.UUID):
    """The skills this organization proposed, newest first, pending or confirmed."""
    organization = _organization(request.user, organization_id)
    rows = proposals.proposals_for_organization(organization_id=organization.pk).prefetch_related("proposals")
    return [_proposed_out(skill) for skill in rows[:200]]


def _scoped(request: HttpRequest, pk: Any) -> Organization:
    try:
        return _organization(request.user, pk)
    except NotFound:
        raise Http404(_("Organization not found.")) from None
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None


@login_required
@require_http_methods(["GET", "POST"])
def proposal_page(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """A small form to propose a skill, and the organization's proposals."""
    organization = _scoped(request, pk)
    error, label, note = "", "", ""
    status = 200
    if request.method == "POST":
        label, note = request.POST.get("label", "")[:200], request.POST.get("note", "")[:400]
        try:
            result = proposals.skill_propose(
                organization_id=organization.pk, actor=request.user, label=label, note=note
            )
        except ApplicationError as exc:
            error, status = exc.message, exc.status
        else:
            text = {
                "existing": _("“%(skill)s” is already in the vocabulary: use it in your projects."),
                "merged": _("“%(skill)s” was already proposed; your projects can use it now."),
                "created": _("“%(skill)s” is proposed; your projects can use it now. Staff will map it to ESCO."),
            }[result.outcome] % {"skill": result.skill.label}
            messages.success(request, text)
            return redirect("organizations:skill_proposals", pk=organization.pk)
    rows = proposals.proposals_for_organization(organization_id=organization.pk)[:200]
    context = {"organization": organization, "rows": rows, "error": error, "label": label, "note": note}
    return render(request, "organizations/skill_proposals.html", context, status=status)
