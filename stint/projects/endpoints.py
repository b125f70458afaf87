from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from stint.core.api import AUTH, ProblemSchema
from stint.core.errors import NotFound
from stint.core.types import AuthedRequest
from stint.organizations.models import Organization
from stint.projects import selectors, services
from stint.projects.schemas import (
    InvitationIn,
    InvitationOut,
    ProjectIn,
    ProjectOut,
    ProjectPatchIn,
    detail,
    payload_to_data,
)

router = Router(tags=["projects"])


def _anonymous_allowed(request: HttpRequest) -> Any:
    """Last in the auth list of public endpoints: lets anonymous readers through, after the bearer
    token and the session had their chance to identify the caller."""
    return True


OPTIONAL_AUTH = [*AUTH, _anonymous_allowed]
ERRORS = {401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema}


def _out(request: HttpRequest, project: Any) -> dict[str, Any]:
    return detail(project, user=request.user)


@router.post("/organizations/{organization_id}/projects", response={201: ProjectOut, **ERRORS})
def project_create(request: AuthedRequest, organization_id: uuid.UUID, payload: ProjectIn):
    """Create a draft project for one of your organizations. Every rule is checked: a broken one
    is `422` with its `code` (e.g. `fee_below_minimum_rate`, `hours_out_of_range`) and `errors[]`
    lists them all. Dates are days in the project's `time_zone` (default your own time zone setting,
    else UTC): a deadline sent as a date alone (`2027-03-04`) means the end of that day (23:59:59)
    there, a date-time must carry its offset (a naive one is `422 validation_error`), and `due_at`
    in the answer is the due date's end as an instant."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise NotFound(_("Organization not found."))
    project = services.project_create(
        actor=request.user, organization=organization, data=payload_to_data(payload, partial=False)
    )
    project = selectors.project_get_for_member(request.user, project.pk)
    return Status(201, _out(request, project))


@router.patch("/projects/{project_id}", response={200: ProjectOut, **ERRORS})
def project_update(request: AuthedRequest, project_id: uuid.UUID, payload: ProjectPatchIn):
    """Change a draft (send only the fields to change). A project waiting for review goes back to
    draft; an open, closed or cancelled one is `409 project_not_editable`."""
    project = selectors.project_get_for_member(request.user, project_id)
    services.project_update(actor=request.user, project=project, data=payload_to_data(payload, partial=True))
    return _out(request, selectors.project_get_for_member(request.user, project_id))


@router.post("/projects/{project_id}/invitations", response={201: InvitationOut, **ERRORS})
def project_invite(request: AuthedRequest, project_id: uuid.UUID, payload: InvitationIn):
    """Invite someone by email address to an invite-only (or unlisted) project.

    Always `201` with the same body, whether or not the address belongs to a talent account, so
    the answer reveals nothing about who is registered; inviting an address again returns the same
    invitation. The talent account that has verified the address sees the project and is notified,
    now or when it confirms the address later."""
    project = selectors.project_get_for_member(request.user, project_id)
    invitation = services.project_invite(actor=request.user, project=project, talent_email=payload.talent_email)
    return Status(
        201,
        {
            "id": invitation.pk,
            "project_id": project.pk,
            "email": invitation.email,
            "created_at": invitation.created_at,
        },
    )


@router.get("/projects/{project_id}", auth=OPTIONAL_AUTH, response={200: ProjectOut, 404: ProblemSchema})
def project_get(request: HttpRequest, project_id: uuid.UUID):
    """A project you may see, with its organization's reliability figures and whether its funds
    are secured."""
    return _out(request, selectors.project_get_for_viewer(request.user, project_id))
