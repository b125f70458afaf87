"""Publishing (the flow funds in between), moderation, and ending a project (closed or cancelled)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stint.core.audit import audit_log
from stint.core.errors import ValidationFailed
from stint.core.types import Actor, User
from stint.organizations.models import Organization
from stint.projects.choices import ACTIONS, ProjectStatus
from stint.projects.models import Project
from stint.projects.rules import (
    project_data_from_instance,
    validate_and_resolve,
)
from stint.projects.services.base import (
    ACTION_OF_END,
    _illegal,
    _notify_members,
    _raise_if_invalid,
    _require_member,
    _require_staff,
)
from stint.projects.signals import listing_changed, project_published


def project_check_publishable(*, actor: User, project: Project) -> Organization:
    """Preconditions of publishing (``stint.flows.publishing.project_publish`` checks them before it
    charges): the actor is a member of the project's organization (404 otherwise), the project is a
    draft (409 ``illegal_transition`` otherwise) and passes the rules (422). Returns the organization."""
    organization = _require_member(actor, project.organization_id)
    project.refresh_from_db()
    if project.status != ProjectStatus.DRAFT:
        raise _illegal(project, "published")
    errors, _resolved = validate_and_resolve(
        project_data_from_instance(project), organization_id=project.organization_id
    )
    _raise_if_invalid(errors)
    return organization


def project_mark_published(*, actor: Actor, project: Project, organization: Organization) -> Project:
    """draft → open, or → pending_review when the organization is not verified yet (it opens when
    staff approve it or verify the organization). Claimed with a conditional update (409
    ``illegal_transition`` when another request won), audited as ``project.published`` /
    ``project.submitted_for_review``; the organization's members are notified on commit. The
    caller has funded the project first (``stint.flows.publishing``)."""
    now = timezone.now()
    target = ProjectStatus.OPEN if organization.is_verified else ProjectStatus.PENDING_REVIEW
    with transaction.atomic():
        claimed = Project.objects.filter(pk=project.pk, status__in=ACTIONS["publish"].sources).update(
            status=target,
            published_at=now if target == ProjectStatus.OPEN else None,
            moderation_note="",
            updated_at=now,
        )
        if not claimed:
            project.refresh_from_db()
            raise _illegal(project, "published")
        project.refresh_from_db()
        listing_changed(project.pk)
        if target == ProjectStatus.OPEN:
            audit_log(actor, "project.published", project, {})
            transaction.on_commit(lambda: _notify_members(project, "project.published", lambda: _open_title(project)))
            transaction.on_commit(lambda: project_published.send(sender=Project, project=project))
        else:
            audit_log(actor, "project.submitted_for_review", project, {})
            transaction.on_commit(
                lambda: _notify_members(
                    project,
                    "project.pending_review",
                    lambda: _("“%(project)s” is waiting for review") % {"project": project.title},
                    lambda: _(
                        "Projects of organizations that are not verified yet are reviewed by Stint staff before "
                        "they are listed."
                    ),
                )
            )
    return project


def _open_title(project: Project) -> str:
    return _("“%(project)s” is open for applications") % {"project": project.title}


def _open_pending(project: Project, actor: Actor, via: str) -> bool:
    """pending_review → open if the rules still hold; back to draft with a note if they do not."""
    errors, _resolved = validate_and_resolve(
        project_data_from_instance(project), organization_id=project.organization_id
    )
    now = timezone.now()
    if errors:
        note = _("It could not be published: %(problems)s") % {"problems": " ".join(e["message"] for e in errors)}
        back = ACTIONS["return-to-draft"]
        claimed = Project.objects.filter(pk=project.pk, status__in=back.sources).update(
            status=back.to, moderation_note=note, updated_at=now
        )
        if claimed:
            audit_log(actor, "project.returned_to_draft", project, {"via": via, "codes": [e["code"] for e in errors]})
            transaction.on_commit(lambda: _notify_members(project, "project.returned_to_draft", project.title, note))
        return False
    claimed = Project.objects.filter(pk=project.pk, status__in=ACTIONS["approve"].sources).update(
        status=ACTIONS["approve"].to, published_at=now, moderation_note="", updated_at=now
    )
    if claimed:
        listing_changed(project.pk)
        audit_log(actor, "project.published", project, {"via": via})
        transaction.on_commit(lambda: _notify_members(project, "project.published", lambda: _open_title(project)))
        transaction.on_commit(lambda: project_published.send(sender=Project, project=project))
    return bool(claimed)


@transaction.atomic
def project_publish_pending_for_organization(*, organization: Organization, actor: Actor) -> int:
    """Called when staff verify ``organization``: open each of its projects waiting for review
    (those that no longer pass the rules, e.g. a deadline passed meanwhile, go back to draft with a
    note). Returns how many opened. Safe to call twice."""
    pending = Project.objects.filter(organization=organization, status=ProjectStatus.PENDING_REVIEW).select_related(
        "category"
    )
    return sum(1 for project in pending if _open_pending(project, actor, "organization_verified"))


@transaction.atomic
def project_approve(*, actor: Actor, project: Project) -> Project:
    """Staff: pending_review → open (the rules are checked again)."""
    _require_staff(actor)
    project.refresh_from_db()
    if project.status != ProjectStatus.PENDING_REVIEW:
        raise _illegal(project, "approved")
    if not _open_pending(project, actor, "moderation"):
        project.refresh_from_db()
        raise ValidationFailed(project.moderation_note or _("The project breaks the rules."), code="project_invalid")
    project.refresh_from_db()
    return project


@transaction.atomic
def project_reject(*, actor: Actor, project: Project, note: str) -> Project:
    """Staff: pending_review → draft, with a note the organization sees."""
    _require_staff(actor)
    note = (note or "").strip()
    if not note:
        raise ValidationFailed(
            _("Tell the organization what to change."),
            code="note_required",
            errors=[{"field": "note", "message": _("Required.")}],
        )
    back = ACTIONS["return-to-draft"]
    claimed = Project.objects.filter(pk=project.pk, status__in=back.sources).update(
        status=back.to, moderation_note=note[:2000], updated_at=timezone.now()
    )
    project.refresh_from_db()
    if not claimed:
        raise _illegal(project, "sent back")
    audit_log(actor, "project.rejected", project, {"note": note[:2000]})
    listing_changed(project.pk)
    transaction.on_commit(
        lambda: _notify_members(
            project,
            "project.rejected",
            lambda: _("“%(project)s” needs changes before publishing") % {"project": project.title},
            note,
        )
    )
    return project


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Give a reason; applicants will see it."),
            code="reason_required",
            errors=[{"field": "reason", "message": _("Required.")}],
        )
    if len(reason) > 300:
        raise ValidationFailed(
            _("Keep the reason under 300 characters."),
            code="reason_too_long",
            errors=[{"field": "reason", "message": _("At most 300 characters.")}],
        )
    return reason


def project_mark_ended(*, actor: User, project: Project, reason: str, target: str) -> Project:
    """open (or draft/pending_review for a cancellation) → ``target`` (closed or cancelled), with
    the reason applicants will see (``reason_required``, ``reason_too_long``). Claimed with a
    conditional update and audited as ``project.closed`` / ``project.cancelled``. Declining the
    open applications and refunding unused openings is ``stint.flows.publishing``'s next step."""
    if target not in ACTION_OF_END:
        raise ValueError(f"{target} is not an end status")
    action = "closed" if target == ProjectStatus.CLOSED else "cancelled"
    _require_member(actor, project.organization_id)
    reason = _reason(reason)
    now = timezone.now()
    claimed = Project.objects.filter(pk=project.pk, status__in=ACTIONS[ACTION_OF_END[target]].sources).update(
        status=target, closed_at=now, close_reason=reason, updated_at=now
    )
    project.refresh_from_db()
    if not claimed:
        raise _illegal(project, action)
    audit_log(actor, f"project.{action}", project, {"reason": reason})
    listing_changed(project.pk)
    return project
