"""Writes of institutions, their staff and cohorts, and of the talent's membership and consent.

Every service takes keyword-only arguments with the acting user first; objects passed in were
fetched through ``stint.advisors.selectors`` (already in the actor's scope).
"""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from stint.accounts.selectors import user_get_by_verified_email
from stint.advisors.choices import InstitutionKind, StaffTitle
from stint.advisors.models import Cohort, CohortMember, Institution, InstitutionStaff
from stint.advisors.selectors import is_advisor, is_talent
from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.types import Actor, User
from stint.notifications.services import in_language_of, notify

MAX_NAME = 150


def _invalid(field: str, code: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, errors=[{"field": field, "message": message}])


def _require_advisor(actor: Actor) -> None:
    if not is_advisor(actor):
        raise PermissionDenied(_("Only advisor accounts can do this."), code="advisor_role_required")


def _clean_name(name: str) -> str:
    value = (name or "").strip()
    if not value:
        raise _invalid("name", "name_required", _("Give it a name."))
    if len(value) > MAX_NAME:
        raise _invalid("name", "name_too_long", _("Keep the name under %(limit)s characters.") % {"limit": MAX_NAME})
    return value


def _unique_slug(name: str) -> str:
    base = slugify(name)[:140] or "institution"
    slug, n = base, 2
    while Institution.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def new_invite_code() -> str:
    return secrets.token_urlsafe(9)


@transaction.atomic
def institution_create(
    *,
    actor: User,
    name: str,
    kind: str = InstitutionKind.UNIVERSITY,
    website: str = "",
    title: str = StaffTitle.ADVISOR,
) -> Institution:
    """Register an institution (advisor accounts only); the creator joins its staff with ``title``.
    It starts unverified: staff verify it (``institution_verify``) before companies can offer it
    projects."""
    _require_advisor(actor)
    clean = _clean_name(name)
    if kind not in InstitutionKind.values:
        raise _invalid("kind", "invalid_kind", _("Kind is university, college, bootcamp or other."))
    if title not in StaffTitle.values:
        raise _invalid("title", "invalid_title", _("Title is advisor or professor."))
    if website and not website.startswith(("https://", "http://")):
        raise _invalid("website", "invalid_website", _("The website starts with https://."))
    institution = Institution.objects.create(name=clean, slug=_unique_slug(clean), kind=kind, website=website[:200])
    InstitutionStaff.objects.create(institution=institution, user=actor, title=title)
    audit_log(actor, "institution.created", institution, {})
    return institution


def institution_staff_add(*, actor: User, institution: Institution, email: str, title: str) -> InstitutionStaff:
    """Add an advisor account (by its verified email) to the institution's staff. Only staff of the
    institution add colleagues. The answer for an unknown address and for a non-advisor account is
    the same 404 ``advisor_not_found``. Adding someone twice returns the same row."""
    if not InstitutionStaff.objects.filter(institution=institution, user=actor).exists():
        raise NotFound(_("Institution not found."), code="institution_not_found")
    if title not in StaffTitle.values:
        raise _invalid("title", "invalid_title", _("Title is advisor or professor."))
    user = user_get_by_verified_email(email=(email or "").strip().lower())
    if user is None or not is_advisor(user):
        raise NotFound(_("No advisor account has this address."), code="advisor_not_found")
    with transaction.atomic():
        staff, created = InstitutionStaff.objects.get_or_create(
            institution=institution, user=user, defaults={"title": title}
        )
        if created:
            audit_log(actor, "institution.staff_added", institution, {"user": str(user.pk), "title": title})

            def _notify_added() -> None:
                with in_language_of(user):
                    notify(
                        user=user,
                        event="institution.staff_added",
                        title=_("You were added to %(institution)s") % {"institution": institution.name},
                        url="/advisors/",
                    )

            transaction.on_commit(_notify_added)
    return staff


def institution_verify(*, actor: Actor, institution: Institution) -> Institution:
    """Mark an institution verified (platform staff only, else 403 ``staff_only``). Claimed with a
    conditional update: verifying twice verifies once. Its staff are notified on commit."""
    if not getattr(actor, "is_platform_staff", False):
        raise PermissionDenied(_("Only platform staff can verify institutions."), code="staff_only")
    now = timezone.now()
    with transaction.atomic():
        claimed = Institution.objects.filter(pk=institution.pk, verified_at__isnull=True).update(
            verified_at=now, verified_by=actor, updated_at=now
        )
        institution.refresh_from_db()
        if claimed:
            audit_log(actor, "institution.verified", institution, {})
            users = [s.user for s in InstitutionStaff.objects.filter(institution=institution).select_related("user")]

            def _notify() -> None:
                for user in users:
                    with in_language_of(user):
                        notify(
                            user=user,
                            event="institution.verified",
                            title=_("%(institution)s is verified") % {"institution": institution.name},
                            url="/advisors/",
                        )

            transaction.on_commit(_notify)
    return institution


# --- Cohorts ---------------------------------------------------------------------------------------


def cohort_create(*, actor: User, institution: Institution, name: str, description: str = "") -> Cohort:
    """A new cohort run by ``actor`` (who must work at ``institution``: 404 otherwise), with a fresh
    invite code."""
    _require_advisor(actor)
    if not InstitutionStaff.objects.filter(institution=institution, user=actor).exists():
        raise NotFound(_("Institution not found."), code="institution_not_found")
    clean = _clean_name(name)
    if len(description or "") > 2000:
        raise _invalid("description", "description_too_long", _("Keep the description under 2000 characters."))
    cohort = Cohort.objects.create(
        institution=institution, owner=actor, name=clean, description=description or "", invite_code=new_invite_code()
    )
    audit_log(actor, "cohort.created", cohort, {})
    return cohort


def cohort_rotate_code(*, actor: Actor, cohort: Cohort) -> Cohort:
    """A new invite code for the cohort (the old link stops working). The cohort's advisor only."""
    if cohort.owner_id != getattr(actor, "pk", None):
        raise NotFound(_("Cohort not found."), code="cohort_not_found")
    cohort.invite_code = new_invite_code()
    cohort.save(update_fields=["invite_code", "updated_at"])
    audit_log(actor, "cohort.code_rotated", cohort, {})
    return cohort


def cohort_join(*, actor: User, cohort: Cohort) -> CohortMember:
    """Join ``cohort`` (talent accounts only: 403 ``talent_role_required``). Joining is consent to
    the activity figures of docs/advisors.md; earnings and résumé stay private until turned on.
    Joining twice returns the same membership. The advisor is notified."""
    if not is_talent(actor):
        raise PermissionDenied(_("Only talent accounts can join a cohort."), code="talent_role_required")
    try:
        with transaction.atomic():
            member, created = CohortMember.objects.get_or_create(cohort=cohort, talent=actor)
            if created:
                audit_log(actor, "cohort.joined", cohort, {})

                def _notify_joined() -> None:
                    with in_language_of(cohort.owner):
                        notify(
                            user=cohort.owner,
                            event="cohort.joined",
                            title=_("%(student)s joined %(cohort)s")
                            % {"student": actor.name or actor.email, "cohort": cohort.name},
                            url=f"/advisors/cohorts/{cohort.pk}/",
                        )

                transaction.on_commit(_notify_joined)
    except IntegrityError:  # a concurrent join won the race
        member = CohortMember.objects.get(cohort=cohort, talent=actor)
    return member


def cohort_leave(*, actor: User, cohort: Cohort) -> None:
    """Leave the cohort: the membership is deleted, so the advisor no longer sees the talent (from
    the next request) and projects shared only with the cohort close to them. Not a member: 404."""
    with transaction.atomic():
        deleted, _count = CohortMember.objects.filter(cohort=cohort, talent=actor).delete()
        if not deleted:
            raise NotFound(_("Cohort not found."), code="cohort_not_found")
        audit_log(actor, "cohort.left", cohort, {})


def cohort_consent_update(
    *, actor: Actor, member: CohortMember, share_earnings: bool | None = None, share_resume: bool | None = None
) -> CohortMember:
    """Change what the cohort's advisor may see beyond the activity figures. The talent only."""
    if member.talent_id != getattr(actor, "pk", None):
        raise NotFound(_("Cohort not found."), code="cohort_not_found")
    fields = []
    if share_earnings is not None:
        member.share_earnings = bool(share_earnings)
        fields.append("share_earnings")
    if share_resume is not None:
        member.share_resume = bool(share_resume)
        fields.append("share_resume")
    if not fields:
        raise Conflict(_("Nothing to change."), code="nothing_to_change")
    member.save(update_fields=[*fields, "updated_at"])
    audit_log(actor, "cohort.consent_changed", member.cohort, {f: getattr(member, f) for f in fields})
    return member
