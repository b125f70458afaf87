"""What every project service shares: editable fields, membership and staff checks, member notices."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext as _

from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.types import Actor, User
from stint.notifications.services import in_language_of, notify
from stint.organizations.choices import MANAGE_PROJECTS
from stint.organizations.models import Membership, Organization
from stint.organizations.selectors import organization_get_for_member
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project

ACTION_OF_END: dict[str, str] = {ProjectStatus.CLOSED: "close", ProjectStatus.CANCELLED: "cancel"}

# Fields a client may set (through create or update); everything else is owned by the services.
EDITABLE_FIELDS = (
    "title",
    "summary",
    "description",
    "category",
    "skills",
    "deliverables",
    "estimated_hours",
    "fee_minor",
    "currency",
    "openings",
    "visibility",
    "application_deadline",
    "response_deadline",
    "start_date",
    "due_date",
    "questions",
    "rubric",
    "max_applications",
    "time_zone",
    "language",
    "overlap_hours",
    "overlap_start",
    "overlap_end",
)


def _raise_if_invalid(errors: list[dict[str, str]]) -> None:
    """One 422 carrying every broken rule; its ``code`` is the first rule's code."""
    if errors:
        first = errors[0]
        raise ValidationFailed(first["message"], code=first["code"], errors=errors)


def _require_member(actor: User, organization_id: Any) -> Organization:
    organization, _role = organization_get_for_member(
        user=actor, organization_id=organization_id, roles=MANAGE_PROJECTS
    )
    return organization


def _illegal_messages() -> dict[str, str]:
    return {
        "published": _("A project that is %(status)s cannot be published."),
        "approved": _("A project that is %(status)s cannot be approved."),
        "sent back": _("A project that is %(status)s cannot be sent back."),
        "closed": _("A project that is %(status)s cannot be closed."),
        "cancelled": _("A project that is %(status)s cannot be cancelled."),
        "shared": _("A project that is %(status)s cannot be shared."),
    }


def _illegal(project: Project, action: str) -> Conflict:
    template = _illegal_messages().get(action, _("A project that is %(status)s cannot be changed."))
    return Conflict(
        template % {"status": str(project.get_status_display()).lower()},
        code="illegal_transition",
        extra={"status": project.status},
    )


def _clean_lines(values: Iterable[Any] | None) -> list[str]:
    return [str(v).strip() for v in (values or []) if str(v).strip()]


Text = str | Callable[[], str]


def _notify_members(project: Project, event: str, title: Text, body: Text = "") -> None:
    """Notify every member, each in their own language: ``title``/``body`` are callables that
    build the (translated) text, called inside ``in_language_of(member)``."""
    url = f"/projects/{project.pk}/manage/"
    for membership in Membership.objects.filter(organization_id=project.organization_id).select_related("user"):
        with in_language_of(membership.user):
            notify(
                user=membership.user,
                event=event,
                title=title() if callable(title) else title,
                body=body() if callable(body) else body,
                url=url,
            )


def _require_staff(actor: Actor) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise NotFound(_("Project not found."))
    if not getattr(actor, "is_platform_staff", False):
        raise PermissionDenied(_("Only Stint staff moderate projects."), code="staff_only")
