"""Writes of what flows through the network: project shares, nominations and references."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stint.advisors.choices import NominationStatus, ReferralStatus
from stint.advisors.models import Cohort, CohortMember, Institution, Nomination, ProjectShare, Referral
from stint.advisors.selectors import eligible_referees, is_advisor, is_talent
from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.notifications.services import in_language_of, notify
from stint.organizations.selectors import user_is_member
from stint.projects.access import Access, project_access
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project

MAX_NOTE = 1000
MAX_REFERENCE = 2000


def _invalid(field: str, code: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, errors=[{"field": field, "message": message}])


_REQUIRED = {
    "note": gettext_lazy("Write the note."),
    "message": gettext_lazy("Write the message."),
    "text": gettext_lazy("Write the text."),
}
_TOO_LONG = {
    "note": gettext_lazy("Keep the note under %(limit)s characters."),
    "message": gettext_lazy("Keep the message under %(limit)s characters."),
    "text": gettext_lazy("Keep the text under %(limit)s characters."),
}


def _text(value: str, field: str, limit: int, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise _invalid(field, f"{field}_required", str(_REQUIRED[field]))
    if len(text) > limit:
        raise _invalid(field, f"{field}_too_long", str(_TOO_LONG[field]) % {"limit": limit})
    return text


def _require_shareable(project: Project) -> None:
    if project.status not in (ProjectStatus.OPEN, ProjectStatus.PENDING_REVIEW, ProjectStatus.DRAFT):
        raise Conflict(_("This project is no longer open."), code="project_not_open")


def project_share(
    *,
    actor: Any,
    project: Project,
    cohort: Cohort | None = None,
    institution: Institution | None = None,
    talent: Any = None,
    note: str = "",
    via_secret: bool = False,
) -> ProjectShare:
    """Offer ``project`` to exactly one target: a cohort, an institution or one student.

    * A member of the project's organization offers it to a verified institution or to a cohort.
    * An advisor shares a project they can see (``via_secret`` when they hold its secret link) with
      a cohort they run or with a student of one of their cohorts.

    Anyone else: 404. Sharing twice with the same target returns the first share. Members of the
    target then see the project on the cohort page and in their recommendations and may apply,
    even when it is unlisted or invite-only. Students named or in the cohort are notified."""
    if sum(x is not None for x in (cohort, institution, talent)) != 1:
        raise _invalid("target", "one_target_required", _("Share with one cohort, one institution or one student."))
    clean_note = _text(note, "note", 500, required=False)
    _require_shareable(project)
    is_member = user_is_member(user=actor, organization_id=project.organization_id)
    if is_member:
        if talent is not None:
            raise _invalid("target", "invite_talent_instead", _("Invite a talent to the project from its page."))
        if institution is not None and not institution.is_verified:
            raise Conflict(_("This institution is not verified yet."), code="institution_unverified")
    elif (
        is_advisor(actor)
        and project_access(project=project, user=actor, secret=project.secret_token if via_secret else "")
        >= Access.READ
    ):
        if institution is not None:
            raise PermissionDenied(_("Only the company offers a project to an institution."), code="company_only")
        if cohort is not None and cohort.owner_id != actor.pk:
            raise NotFound(_("Cohort not found."), code="cohort_not_found")
        if talent is not None and not CohortMember.objects.filter(cohort__owner=actor, talent=talent).exists():
            raise NotFound(_("This student is not in your cohorts."), code="student_not_found")
        if project.status != ProjectStatus.OPEN:
            raise Conflict(_("This project is no longer open."), code="project_not_open")
    else:
        raise NotFound(_("Project not found."), code="project_not_found")
    target = {"cohort": cohort} if cohort else {"institution": institution} if institution else {"talent": talent}
    try:
        with transaction.atomic():
            share, created = ProjectShare.objects.get_or_create(
                project=project, **target, defaults={"shared_by": actor, "note": clean_note}
            )
            if created:
                audit_log(actor, "project.shared", share, {"project": str(project.pk)})
                transaction.on_commit(lambda: _notify_share(share))
    except IntegrityError:
        share = ProjectShare.objects.get(project=project, **target)
    return share


def _notify_share(share: ProjectShare) -> None:
    if share.project.status != ProjectStatus.OPEN:
        return
    recipients: list[Any]
    if share.talent is not None:
        recipients = [share.talent]
    else:
        members = CohortMember.objects.select_related("talent")
        if share.cohort_id:
            members = members.filter(cohort_id=share.cohort_id)
        else:
            members = members.filter(cohort__institution=share.institution)
        recipients = [m.talent for m in members]
    for user in {u.pk: u for u in recipients}.values():
        with in_language_of(user):
            notify(
                user=user,
                event="project.shared_with_you",
                title=_("“%(project)s” was shared with you") % {"project": share.project.title},
                body=share.note,
                url=f"/projects/{share.project_id}/",
            )


def project_unshare(*, actor: Any, share: ProjectShare) -> None:
    """Withdraw a share (its author or a member of the project's organization; the selector scopes)."""
    with transaction.atomic():
        audit_log(actor, "project.unshared", share, {"project": str(share.project_id)})
        share.delete()


# --- Nominations -----------------------------------------------------------------------------------


def nomination_create(*, actor: Any, cohort: Cohort, talent: Any, project: Project, note: str) -> Nomination:
    """Nominate a student of ``cohort`` (run by ``actor``) for an open project the student can see.

    Not the cohort's advisor or not a member: 404. The project must be open (409 ``project_not_open``)
    and visible to the student (409 ``project_not_visible_to_student``: share it first). One
    nomination per student and project (409 ``already_nominated``). The student is notified; they
    still decide whether to apply. The company sees the badge and the note on the application."""
    if cohort.owner_id != getattr(actor, "pk", None):
        raise NotFound(_("Cohort not found."), code="cohort_not_found")
    if not CohortMember.objects.filter(cohort=cohort, talent=talent).exists():
        raise NotFound(_("This student is not in the cohort."), code="student_not_found")
    if project_access(project=project, user=actor) < Access.READ:
        raise NotFound(_("Project not found."), code="project_not_found")
    clean = _text(note, "note", MAX_NOTE, required=True)
    if project.status != ProjectStatus.OPEN:
        raise Conflict(_("This project is not open."), code="project_not_open")
    if project_access(project=project, user=talent) < Access.APPLY:
        raise Conflict(
            _("The student cannot see this project yet: share it with them first."),
            code="project_not_visible_to_student",
        )
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                cohort=cohort, project=project, talent=talent, advisor=actor, note=clean
            )
            audit_log(actor, "nomination.created", nomination, {"project": str(project.pk)})
    except IntegrityError:
        raise Conflict(_("This student is already nominated for this project."), code="already_nominated") from None

    def _notify_nominated() -> None:
        with in_language_of(talent):
            notify(
                user=talent,
                event="nomination.created",
                title=_("%(advisor)s nominated you for “%(project)s”")
                % {"advisor": actor.name or actor.email, "project": project.title},
                body=clean,
                url=f"/projects/{project.pk}/",
            )

    transaction.on_commit(_notify_nominated)
    return nomination


def nomination_decline(*, actor: Any, nomination: Nomination) -> Nomination:
    """The student declines the nomination (nominated → declined, claimed with a conditional update;
    declining twice: 409 ``illegal_transition``). The company no longer sees it."""
    if nomination.talent_id != getattr(actor, "pk", None):
        raise NotFound(_("Nomination not found."), code="nomination_not_found")
    now = timezone.now()
    with transaction.atomic():
        claimed = Nomination.objects.filter(pk=nomination.pk, status=NominationStatus.NOMINATED).update(
            status=NominationStatus.DECLINED, declined_at=now, updated_at=now
        )
        if not claimed:
            raise Conflict(_("This nomination was already declined."), code="illegal_transition")
        audit_log(actor, "nomination.declined", nomination, {})
    nomination.refresh_from_db()
    return nomination


# --- References ------------------------------------------------------------------------------------


def referral_request(*, actor: Any, referee_id: Any, message: str = "") -> Referral:
    """A talent asks an advisor of one of their cohorts, or a member of an organization whose project
    they completed, for a short reference. Anyone else: 404 ``referee_not_found``. Asking the same
    person twice: 409 ``already_asked``. The referee is notified."""
    if not is_talent(actor):
        raise PermissionDenied(_("Only talent accounts ask for references."), code="talent_role_required")
    clean = _text(message, "message", MAX_NOTE, required=False)
    referee = next((r for r in eligible_referees(talent=actor) if str(r.user.pk) == str(referee_id)), None)
    if referee is None:
        raise NotFound(_("You can ask your advisors and past supervisors only."), code="referee_not_found")
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                talent=actor,
                referee=referee.user,
                relation=referee.relation,
                context=referee.context[:200],
                message=clean,
            )
            audit_log(actor, "referral.requested", referral, {})
    except IntegrityError:
        raise Conflict(_("You already asked this person."), code="already_asked") from None

    def _notify_requested() -> None:
        with in_language_of(referee.user):
            notify(
                user=referee.user,
                event="referral.requested",
                title=_("%(student)s asks you for a reference") % {"student": actor.name or actor.email},
                body=clean,
                url="/advisors/references/",
            )

    transaction.on_commit(_notify_requested)
    return referral


def referral_answer(
    *, actor: Any, referral: Referral, text: str = "", decline: bool = False, allow_portfolio: bool = False
) -> Referral:
    """The referee gives the reference (``text`` required; ``allow_portfolio`` lets the talent show it
    on their portfolio) or declines. Once only: the change is claimed with a conditional update (409
    ``illegal_transition`` after an answer)."""
    if referral.referee_id != getattr(actor, "pk", None):
        raise NotFound(_("Reference request not found."), code="referral_not_found")
    clean = "" if decline else _text(text, "text", MAX_REFERENCE, required=True)
    status = ReferralStatus.DECLINED if decline else ReferralStatus.GIVEN
    now = timezone.now()
    with transaction.atomic():
        claimed = Referral.objects.filter(pk=referral.pk, status=ReferralStatus.REQUESTED).update(
            status=status,
            text=clean,
            answered_at=now,
            updated_at=now,
            referee_allows_portfolio=bool(allow_portfolio and not decline),
        )
        if not claimed:
            raise Conflict(_("This request was already answered."), code="illegal_transition")
        audit_log(actor, f"referral.{status}", referral, {})
    referral.refresh_from_db()
    talent = referral.talent

    def _notify_answered() -> None:
        with in_language_of(talent):
            title = (
                _("%(referee)s declined to write a reference") if decline else _("%(referee)s wrote you a reference")
            )
            notify(
                user=talent,
                event=f"referral.{status}",
                title=title % {"referee": actor.name or actor.email},
                url="/advisors/me/",
            )

    transaction.on_commit(_notify_answered)
    return referral


def referral_portfolio_set(*, actor: Any, referral: Referral, show: bool) -> Referral:
    """The talent shows or hides a given reference on their portfolio. Showing needs the referee's
    consent too (409 ``referee_consent_missing``) and a given reference (409 ``illegal_transition``)."""
    if referral.talent_id != getattr(actor, "pk", None):
        raise NotFound(_("Reference not found."), code="referral_not_found")
    if show and referral.status != ReferralStatus.GIVEN:
        raise Conflict(_("Only a given reference can be shown."), code="illegal_transition")
    if show and not referral.referee_allows_portfolio:
        raise Conflict(_("The referee did not agree to show it on your portfolio."), code="referee_consent_missing")
    referral.show_on_portfolio = bool(show)
    referral.save(update_fields=["show_on_portfolio", "updated_at"])
    audit_log(actor, "referral.portfolio_changed", referral, {"show": bool(show)})
    return referral
