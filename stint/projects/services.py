"""Writes on projects: create, edit, publish, moderate, close, cancel, invite.

Every state change is claimed with a conditional update (``filter(pk, status=old).update(...)``),
writes an audit event and sends its notifications on commit. The rules live in ``rules.py``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from stint.accounts.choices import Role
from stint.accounts.selectors import user_get_by_verified_email
from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.types import Actor, User
from stint.notifications.services import notify
from stint.organizations.choices import MANAGE_PROJECTS
from stint.organizations.models import Membership, Organization
from stint.organizations.selectors import organization_get_for_member
from stint.projects.choices import ACTIONS, ProjectStatus, Visibility
from stint.projects.models import Project, ProjectInvitation, ProjectSkill
from stint.projects.rules import (
    ResolvedProject,
    draft_blocking,
    project_data_from_instance,
    render_description,
    validate_and_resolve,
)
from stint.projects.signals import listing_changed, project_published

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
)


def _raise_if_invalid(errors: list[dict[str, str]]) -> None:
    """One 422 carrying every broken rule; its ``code`` is the first rule's code."""
    if errors:
        first = errors[0]
        raise ValidationFailed(first["message"], code=first["code"], errors=errors)


def _require_member(actor: User, organization_id: Any) -> Organization:
    organization, _ = organization_get_for_member(user=actor, organization_id=organization_id, roles=MANAGE_PROJECTS)
    return organization


def _illegal(project: Project, action: str) -> Conflict:
    return Conflict(
        f"A project that is {project.get_status_display().lower()} cannot be {action}.",
        code="illegal_transition",
        extra={"status": project.status},
    )


def _clean_lines(values: Iterable[Any] | None) -> list[str]:
    return [str(v).strip() for v in (values or []) if str(v).strip()]


def _apply(project: Project, data: dict[str, Any], resolved: ResolvedProject) -> None:
    project.title = data["title"].strip()
    project.summary = data["summary"].strip()
    project.description = data["description"]
    project.description_html = render_description(data["description"])
    assert resolved.category is not None
    project.category = resolved.category
    project.deliverables = _clean_lines(data.get("deliverables"))
    project.estimated_hours = data["estimated_hours"]
    project.fee_minor = data["fee_minor"]
    project.currency = data["currency"].strip().upper()
    project.openings = data["openings"]
    project.visibility = data.get("visibility") or Visibility.PUBLIC
    project.application_deadline = data["application_deadline"]
    project.response_deadline = data["response_deadline"]
    project.start_date = data["start_date"]
    project.due_date = data["due_date"]
    project.questions = _clean_lines(data.get("questions"))
    project.rubric = [
        {"criterion": str(r["criterion"]).strip(), "weight": int(r["weight"])} for r in (data.get("rubric") or [])
    ]
    project.max_applications = data.get("max_applications")


def _save_skills(project: Project, resolved: ResolvedProject) -> None:
    ProjectSkill.objects.filter(project=project).delete()
    ProjectSkill.objects.bulk_create(
        [ProjectSkill(project=project, skill=skill, required=req, level=level) for skill, req, level in resolved.skills]
    )


def _with_defaults(data: dict[str, Any]) -> dict[str, Any]:
    merged = {"openings": 1, "visibility": Visibility.PUBLIC, "currency": "USD", "questions": [], "rubric": []}
    merged.update({k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    return merged


def project_build(
    *, organization: Organization, created_by: User, data: dict[str, Any], external_id: str | None = None
) -> Project:
    """Validate ``data`` and save a new draft (no permission check: callers check membership;
    the demo loader uses it directly)."""
    data = _with_defaults(data)
    errors, resolved = validate_and_resolve(data, organization_id=organization.pk)
    _raise_if_invalid(draft_blocking(errors))  # a fee under the floor is fixed before publishing
    project = Project(
        organization=organization,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
        secret_token=secrets.token_urlsafe(32),
        status=ProjectStatus.DRAFT,
        external_id=external_id,
    )
    _apply(project, data, resolved)
    with transaction.atomic():
        project.save()
        _save_skills(project, resolved)
        audit_log(created_by, "project.created", project, {"organization": str(organization.pk)})
    return project


def project_create(actor: User, organization: Organization, data: dict[str, Any]) -> Project:
    """Create a draft project for ``organization``. Only its members may (others get 404).
    Every rule is checked (422 with the first rule's ``code`` and all of them in ``errors``), except
    those a draft may still break (``rules.DRAFT_TOLERATED_CODES``: a fee under the pay floor), which
    only publishing refuses."""
    organization = _require_member(actor, organization.pk)
    return project_build(organization=organization, created_by=actor, data=data)


def project_update(actor: User, project: Project, data: dict[str, Any]) -> Project:
    """Change a draft (or a project waiting for review, which goes back to draft: staff review
    what is finally published). ``data`` may be partial; the merged result must pass every rule a draft must pass (a fee under
    the floor is kept and refused at publish).
    Open, closed and cancelled projects are not editable (409 ``project_not_editable``)."""
    _require_member(actor, project.organization_id)
    project.refresh_from_db()
    editable = ACTIONS["edit"].sources
    if project.status not in editable:
        raise Conflict(
            "Only a draft can be edited; this project is already "
            f"{project.get_status_display().lower()}. Close it and post a new one instead.",
            code="project_not_editable",
        )
    merged = project_data_from_instance(project)
    merged.update({k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    errors, resolved = validate_and_resolve(merged, organization_id=project.organization_id)
    _raise_if_invalid(draft_blocking(errors))  # a fee under the floor is fixed before publishing
    previous_status = project.status
    _apply(project, merged, resolved)
    with transaction.atomic():
        fields = {f: getattr(project, f) for f in _MODEL_FIELDS}
        claimed = Project.objects.filter(pk=project.pk, status__in=editable).update(
            **fields, status=ProjectStatus.DRAFT, updated_at=timezone.now()
        )
        if not claimed:
            raise Conflict("The project changed status while you edited it.", code="project_not_editable")
        _save_skills(project, resolved)
        audit_log(actor, "project.updated", project, {"fields": sorted(k for k in data if k in EDITABLE_FIELDS)})
        if previous_status == ProjectStatus.PENDING_REVIEW:
            audit_log(actor, "project.returned_to_draft", project, {"reason": "edited while waiting for review"})
        listing_changed(project.pk)
    project.refresh_from_db()
    return project


_MODEL_FIELDS = (
    "title",
    "summary",
    "description",
    "description_html",
    "category",
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
)


def _notify_members(project: Project, event: str, title: str, body: str = "") -> None:
    url = f"/projects/{project.pk}/manage/"
    for membership in Membership.objects.filter(organization_id=project.organization_id).select_related("user"):
        notify(user=membership.user, event=event, title=title, body=body, url=url)


def project_check_publishable(*, actor: User, project: Project) -> Organization:
    """Preconditions of publishing (``stint.flows.publishing.project_publish`` checks them before it
    charges): the actor is a member of the project's organization (404 otherwise), the project is a
    draft (409 ``illegal_transition`` otherwise) and passes the rules (422). Returns the organization."""
    organization = _require_member(actor, project.organization_id)
    project.refresh_from_db()
    if project.status != ProjectStatus.DRAFT:
        raise _illegal(project, "published")
    errors, _ = validate_and_resolve(project_data_from_instance(project), organization_id=project.organization_id)
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
            transaction.on_commit(
                lambda: _notify_members(project, "project.published", f"“{project.title}” is open for applications")
            )
            transaction.on_commit(lambda: project_published.send(sender=Project, project=project))
        else:
            audit_log(actor, "project.submitted_for_review", project, {})
            transaction.on_commit(
                lambda: _notify_members(
                    project,
                    "project.pending_review",
                    f"“{project.title}” is waiting for review",
                    "Projects of organizations that are not verified yet are reviewed by Stint staff before "
                    "they are listed.",
                )
            )
    return project


def _open_pending(project: Project, actor: Actor, via: str) -> bool:
    """pending_review → open if the rules still hold; back to draft with a note if they do not."""
    errors, _ = validate_and_resolve(project_data_from_instance(project), organization_id=project.organization_id)
    now = timezone.now()
    if errors:
        note = "It could not be published: " + " ".join(e["message"] for e in errors)
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
        transaction.on_commit(
            lambda: _notify_members(project, "project.published", f"“{project.title}” is open for applications")
        )
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


def _require_staff(actor: Actor) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise NotFound("Project not found.")
    if not getattr(actor, "is_platform_staff", False):
        raise PermissionDenied("Only Stint staff moderate projects.", code="staff_only")


@transaction.atomic
def project_approve(*, actor: Actor, project: Project) -> Project:
    """Staff: pending_review → open (the rules are checked again)."""
    _require_staff(actor)
    project.refresh_from_db()
    if project.status != ProjectStatus.PENDING_REVIEW:
        raise _illegal(project, "approved")
    if not _open_pending(project, actor, "moderation"):
        project.refresh_from_db()
        raise ValidationFailed(project.moderation_note or "The project breaks the rules.", code="project_invalid")
    project.refresh_from_db()
    return project


@transaction.atomic
def project_reject(*, actor: Actor, project: Project, note: str) -> Project:
    """Staff: pending_review → draft, with a note the organization sees."""
    _require_staff(actor)
    note = (note or "").strip()
    if not note:
        raise ValidationFailed(
            "Tell the organization what to change.",
            code="note_required",
            errors=[{"field": "note", "message": "Required."}],
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
        lambda: _notify_members(project, "project.rejected", f"“{project.title}” needs changes before publishing", note)
    )
    return project


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            "Give a reason; applicants will see it.",
            code="reason_required",
            errors=[{"field": "reason", "message": "Required."}],
        )
    if len(reason) > 300:
        raise ValidationFailed(
            "Keep the reason under 300 characters.",
            code="reason_too_long",
            errors=[{"field": "reason", "message": "At most 300 characters."}],
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


def project_invite(*, actor: User, project: Project, talent_email: str) -> ProjectInvitation:
    """Invite someone by email address to an invite-only or unlisted project.

    The answer is the same whether or not the address belongs to a talent account, so inviting
    cannot be used to find out who is registered (docs/accounts.md): the invitation is stored by
    address and reaches the talent account that has *verified* that address, at once if there is
    one (they are notified and can see the project and apply), or when someone confirms it later
    (``project_invitations_bind``). Inviting the same address again returns the same invitation."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    _require_member(actor, project.organization_id)
    if project.visibility == Visibility.PUBLIC:
        raise Conflict("Public projects are open to everyone; there is no one to invite.", code="project_is_public")
    if project.status in (ProjectStatus.CLOSED, ProjectStatus.CANCELLED):
        raise _illegal(project, "shared")
    email = (talent_email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationFailed(
            "Enter a valid email address.",
            code="invalid_email",
            errors=[{"field": "talent_email", "message": "Enter a valid email address."}],
        ) from None
    with transaction.atomic():
        invitation, created = ProjectInvitation.objects.get_or_create(
            project=project, email=email, defaults={"invited_by": actor}
        )
        if created:
            audit_log(actor, "project.talent_invited", project, {"invitation": str(invitation.pk)})

            talent = user_get_by_verified_email(email=email)
            if talent is not None:
                _invitation_bind(invitation, talent)
    return invitation


def _invitation_bind(invitation: ProjectInvitation, talent: Any) -> bool:
    """Give ``invitation`` to ``talent`` (a talent account that verified its address) and notify
    them on commit. A conditional update, so binding twice is harmless; a talent already invited
    to the project under another address keeps that invitation."""
    if talent.role != Role.TALENT or not talent.is_active:
        return False
    if ProjectInvitation.objects.filter(project_id=invitation.project_id, talent=talent).exists():
        return False
    if not ProjectInvitation.objects.filter(pk=invitation.pk, talent__isnull=True).update(
        talent=talent, updated_at=timezone.now()
    ):
        return False
    invitation.talent = talent
    project = Project.objects.select_related("organization").get(pk=invitation.project_id)

    def _notify() -> None:
        notify(
            user=talent,
            event="project.invited",
            title=f"{project.organization.name} invited you to “{project.title}”",
            body=project.summary,
            url=f"/projects/{project.pk}/",
        )

    transaction.on_commit(_notify)
    return True


def project_invitations_bind(*, user: Actor, email: str) -> int:
    """``user`` has just verified ``email``: the pending invitations to that address become theirs
    (if they are a talent account). Called on allauth's ``email_confirmed`` signal (apps.py)."""
    email = (email or "").strip().lower()
    if not email:
        return 0
    bound = 0
    with transaction.atomic():
        for invitation in ProjectInvitation.objects.filter(email=email, talent__isnull=True):
            bound += _invitation_bind(invitation, user)
    return bound
