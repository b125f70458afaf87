"""JSON API of the talent pool: the pool with notes and tags, invitations to apply, hires, follows."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from stint.applications.selectors import project_get_for_company
from stint.core.api import AUTH, ProblemSchema
from stint.core.types import AuthedRequest
from stint.credentials.selectors import credentials_issued_by
from stint.organizations.selectors import organization_get_for_member, organization_get_public
from stint.talentpool import selectors, services
from stint.talentpool.models import Follow, Hire, PoolInvitation
from stint.talentpool.schemas import (
    FiguresOut,
    HireAnswerIn,
    HireIn,
    HireOut,
    NoteIn,
    PoolEntryOut,
    PoolInvitationOut,
    PoolInviteIn,
    PoolNoteOut,
    TagIn,
)

router = Router(tags=["talent pool"])


def _anonymous_allowed(request: HttpRequest) -> Any:
    """Last in the auth list of the public figures: anonymous readers get through."""
    return True


ERRORS: dict[int, Any] = dict.fromkeys((400, 401, 403, 404, 409, 422), ProblemSchema)


def hire_out(hire: Hire) -> dict[str, Any]:
    return {
        "id": hire.pk,
        "organization_id": hire.organization_id,
        "organization": hire.organization.name,
        "talent_id": hire.talent_id,
        "talent_name": hire.talent.name or hire.talent.email,
        "kind": hire.kind,
        "role_title": hire.role_title,
        "status": hire.status,
        "show_on_portfolio": hire.show_on_portfolio,
        "answered_at": hire.answered_at,
    }


def invitation_out(i: PoolInvitation) -> dict[str, Any]:
    return {
        "id": i.pk,
        "organization": i.organization.name,
        "project_id": i.project_id,
        "project_title": i.project.title,
        "talent_id": i.talent_id,
        "talent_name": i.talent.name or i.talent.email,
        "message": i.message,
        "status": i.status,
        "answered_at": i.answered_at,
        "created_at": i.created_at,
    }


def _note(n: Any) -> dict[str, Any]:
    return {"id": n.pk, "author": str(n.author) if n.author else None, "body": n.body, "created_at": n.created_at}


def _member_org(request: AuthedRequest, organization_id: uuid.UUID) -> Any:
    organization, _membership = organization_get_for_member(user=request.user, organization_id=organization_id)
    return organization


@router.get("/organizations/{uuid:organization_id}/pool", response={200: list[PoolEntryOut], **ERRORS})
def pool(request: AuthedRequest, organization_id: uuid.UUID, tag: str = ""):
    """Everyone who completed one of your organization's projects, with your reviews, endorsements,
    the credentials you issued them (title and verification URL), private tags and notes (members
    only). Filter with `tag`."""
    organization = _member_org(request, organization_id)
    issued = credentials_issued_by(organization=organization)
    return [
        {
            "talent_id": e.talent.pk,
            "name": e.talent.name or e.talent.email,
            "completed_projects": e.completed,
            "average_rating": e.average_rating,
            "reviews": e.reviews,
            "endorsed_skills": e.endorsed_skills,
            "tags": e.tags,
            "notes": [_note(n) for n in e.notes],
            "hires": [hire_out(h) for h in e.hires],
            "credentials": issued.get(e.talent.pk, []),
        }
        for e in selectors.pool_for_organization(organization=organization, tag=tag[:40])
    ]


@router.post("/organizations/{uuid:organization_id}/pool/{uuid:talent_id}/notes", response={201: PoolNoteOut, **ERRORS})
def note_add(request: AuthedRequest, organization_id: uuid.UUID, talent_id: uuid.UUID, payload: NoteIn):
    """Add a private note on a talent of your pool."""
    organization = _member_org(request, organization_id)
    talent = selectors.pool_talent_get(organization=organization, talent_id=talent_id)
    note = services.pool_note_add(actor=request.user, organization=organization, talent=talent, body=payload.body)
    return Status(201, _note(note))


@router.post("/organizations/{uuid:organization_id}/pool/{uuid:talent_id}/tags", response={204: None, **ERRORS})
def tag_add(request: AuthedRequest, organization_id: uuid.UUID, talent_id: uuid.UUID, payload: TagIn):
    """Tag a talent of your pool."""
    organization = _member_org(request, organization_id)
    talent = selectors.pool_talent_get(organization=organization, talent_id=talent_id)
    services.pool_tag_add(actor=request.user, organization=organization, talent=talent, name=payload.name)
    return HttpResponse(status=204)


@router.delete(
    "/organizations/{uuid:organization_id}/pool/{uuid:talent_id}/tags/{name}", response={204: None, **ERRORS}
)
def tag_remove(request: AuthedRequest, organization_id: uuid.UUID, talent_id: uuid.UUID, name: str):
    """Remove a tag."""
    organization = _member_org(request, organization_id)
    talent = selectors.pool_talent_get(organization=organization, talent_id=talent_id)
    services.pool_tag_remove(actor=request.user, organization=organization, talent=talent, name=name[:40])
    return HttpResponse(status=204)


@router.post("/projects/{uuid:project_id}/pool-invitations", response={201: PoolInvitationOut, **ERRORS})
def invite(request: AuthedRequest, project_id: uuid.UUID, payload: PoolInviteIn):
    """Invite a talent (from your pool or any talent, by id) to apply to one of your open projects,
    including unlisted and invite-only ones."""
    project = project_get_for_company(user=request.user, project_id=project_id)
    talent = selectors.talent_get(talent_id=payload.talent_id)
    invitation = services.pool_invite(actor=request.user, project=project, talent=talent, message=payload.message)
    return Status(201, invitation_out(invitation))


@router.get("/projects/{uuid:project_id}/pool-invitations", response={200: list[PoolInvitationOut], **ERRORS})
def invitations_for_project(request: AuthedRequest, project_id: uuid.UUID):
    """The invitations of a project and their answers (members only)."""
    project = project_get_for_company(user=request.user, project_id=project_id)
    return [invitation_out(i) for i in selectors.pool_invitations_for_project(project=project)[:500]]


@router.get("/me/pool-invitations", response={200: list[PoolInvitationOut], **ERRORS})
def my_invitations(request: AuthedRequest):
    """Invitations to apply that you received."""
    return [invitation_out(i) for i in selectors.pool_invitations_for_talent(user=request.user)[:200]]


@router.post("/pool-invitations/{uuid:invitation_id}/accept", response={200: PoolInvitationOut, **ERRORS})
def invitation_accept(request: AuthedRequest, invitation_id: uuid.UUID):
    """Accept: you intend to apply (then apply to the project as usual)."""
    invitation = selectors.pool_invitation_get_for_talent(user=request.user, invitation_id=invitation_id)
    return invitation_out(services.pool_invitation_answer(actor=request.user, invitation=invitation, accept=True))


@router.post("/pool-invitations/{uuid:invitation_id}/decline", response={200: PoolInvitationOut, **ERRORS})
def invitation_decline(request: AuthedRequest, invitation_id: uuid.UUID):
    """Decline the invitation."""
    invitation = selectors.pool_invitation_get_for_talent(user=request.user, invitation_id=invitation_id)
    return invitation_out(services.pool_invitation_answer(actor=request.user, invitation=invitation, accept=False))


@router.post("/organizations/{uuid:organization_id}/hires", response={201: HireOut, **ERRORS})
def hire_record(request: AuthedRequest, organization_id: uuid.UUID, payload: HireIn):
    """Record that a talent of your pool accepted a job or internship offer; they confirm it."""
    organization = _member_org(request, organization_id)
    talent = selectors.pool_talent_get(organization=organization, talent_id=payload.talent_id)
    hire = services.hire_record(
        actor=request.user, organization=organization, talent=talent, kind=payload.kind, role_title=payload.role_title
    )
    return Status(201, hire_out(hire))


@router.get("/organizations/{uuid:organization_id}/hires", response={200: list[HireOut], **ERRORS})
def hires(request: AuthedRequest, organization_id: uuid.UUID):
    """Recorded hires and their confirmation (members only)."""
    organization = _member_org(request, organization_id)
    return [hire_out(h) for h in selectors.hires_for_organization(organization=organization)[:500]]


@router.get("/me/hires", response={200: list[HireOut], **ERRORS})
def my_hires(request: AuthedRequest):
    """Hires recorded for you."""
    return [hire_out(h) for h in selectors.hires_for_talent(user=request.user)[:200]]


@router.post("/hires/{uuid:hire_id}/answer", response={200: HireOut, **ERRORS})
def hire_answer(request: AuthedRequest, hire_id: uuid.UUID, payload: HireAnswerIn):
    """Confirm (optionally showing it on your portfolio) or reject a recorded hire; once only."""
    hire = selectors.hire_get_for_talent(user=request.user, hire_id=hire_id)
    return hire_out(services.hire_answer(actor=request.user, hire=hire, **payload.dict()))


@router.get(
    "/organizations/{uuid:organization_id}/network",
    auth=[*AUTH, _anonymous_allowed],
    response={200: FiguresOut, 404: ProblemSchema},
)
def figures(request: AuthedRequest, organization_id: uuid.UUID):
    """An organization's "hires from Stint" (confirmed jobs and internships), its followers, and
    whether you follow it."""
    organization = organization_get_public(organization_id=organization_id)
    return {
        "organization_id": organization.pk,
        "hires_from_stint": selectors.hires_from_stint(organization=organization),
        "followers": Follow.objects.filter(organization=organization).count(),
        "following": selectors.is_following(user=request.user, organization=organization),
    }


@router.post("/organizations/{uuid:organization_id}/follow", response={204: None, **ERRORS})
def follow(request: AuthedRequest, organization_id: uuid.UUID):
    """Follow the organization: you are notified when it publishes a public project."""
    services.follow(actor=request.user, organization=organization_get_public(organization_id=organization_id))
    return HttpResponse(status=204)


@router.delete("/organizations/{uuid:organization_id}/follow", response={204: None, **ERRORS})
def unfollow(request: AuthedRequest, organization_id: uuid.UUID):
    """Stop following."""
    services.unfollow(actor=request.user, organization=organization_get_public(organization_id=organization_id))
    return HttpResponse(status=204)
