"""Writes to talent profiles. The JSON API, the HTML pages, the demo loader and importers all call these."""

from __future__ import annotations

import datetime
import logging
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from stint.accounts.choices import Role
from stint.core.audit import audit_log
from stint.core.errors import NotAuthenticated, PermissionDenied, ValidationFailed
from stint.core.languages import normalise_language
from stint.core.types import Actor, User
from stint.talent.models import BlockedPeriod, Education, TalentProfile, TalentSkill
from stint.talent.resume import validate_pdf
from stint.talent.validation import clean_profile_input, strip_nul

logger = logging.getLogger(__name__)


def _require_talent(user: Actor) -> None:
    if not getattr(user, "is_authenticated", False):
        raise NotAuthenticated(gettext("Sign in to edit your profile."))
    if getattr(user, "role", None) != Role.TALENT:
        raise PermissionDenied(gettext("Only talent accounts have a talent profile."), code="talent_role_required")


def talent_profile_get_or_create(*, user: User) -> TalentProfile:
    """The talent's own profile, created empty on first access. Non-talent users get 403
    ``talent_role_required``."""
    _require_talent(user)
    profile = TalentProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    try:
        with transaction.atomic():
            return TalentProfile.objects.create(user=user)
    except IntegrityError:
        # Two first requests at once: the other one created it.
        return TalentProfile.objects.get(user=user)


MAX_LANGUAGES = 10


def _clean_hours_and_languages(data: dict[str, Any]) -> dict[str, Any]:
    """``working_hours`` (``{"start": time, "end": time}``, both or neither; end before start runs
    past midnight) and ``languages`` (ISO 639-1 codes): the model fields to set, or 422."""
    out: dict[str, Any] = {}
    if "working_hours" in data:
        hours = data["working_hours"] or {}
        start, end = hours.get("start"), hours.get("end")
        if (start is None) != (end is None) or (start is not None and start == end):
            raise ValidationFailed(
                _("Give both the start and the end of your working hours, or neither."),
                code="invalid_working_hours",
                errors=[{"field": "working_hours", "code": "invalid_working_hours", "message": _("Not valid.")}],
            )
        if start is not None and not (isinstance(start, datetime.time) and isinstance(end, datetime.time)):
            raise ValidationFailed(_("Working hours are times of day (HH:MM)."), code="invalid_working_hours")
        out["work_start"], out["work_end"] = start, end
    if "languages" in data:
        codes = [normalise_language(c, default="") for c in (data["languages"] or [])]
        if len(codes) > MAX_LANGUAGES or not all(codes):
            raise ValidationFailed(
                _("List up to %(max)s languages by their ISO 639-1 codes (en, es, fr, de, pt…).")
                % {"max": MAX_LANGUAGES},
                code="invalid_languages",
            )
        out["languages"] = list(dict.fromkeys(codes))
    return out


@transaction.atomic
def talent_profile_update(*, user: User, data: dict[str, Any]) -> TalentProfile:
    """Validate ``data`` and apply it to the user's profile, all or nothing.

    Only the keys present in ``data`` change; a list that is present replaces the whole stored list
    (education, skills, interests, target roles, blocked periods, links). Every input is validated
    before anything is written, so invalid input raises ``ValidationFailed`` (422, with a code per
    rule; see docs/talent.md) and changes nothing. Locks the profile row for the write.
    """
    profile = talent_profile_get_or_create(user=user)
    profile = TalentProfile.objects.select_for_update().get(pk=profile.pk)
    hours_and_languages = _clean_hours_and_languages(data)
    clean = clean_profile_input(
        {k: v for k, v in data.items() if k not in ("working_hours", "languages")},
        current_weekly_hours=profile.weekly_hours,
    )
    present = clean.present
    for name, value in hours_and_languages.items():
        setattr(profile, name, value)

    for name in ("headline", "career_goals", "interests", "target_roles", "links"):
        if name in present:
            setattr(profile, name, getattr(clean, name))
    if "weekly_hours" in present:
        profile.weekly_hours = clean.weekly_hours
        profile.weekly_hours_confirmed = True
    if "timezone" in present:
        profile.timezone = clean.timezone
        profile.timezone_confirmed = True
    profile.save()

    if "education" in present:
        profile.education.all().delete()
        Education.objects.bulk_create([Education(profile=profile, **item) for item in clean.education])
    if "skills" in present:
        profile.talent_skills.all().delete()
        TalentSkill.objects.bulk_create(
            [TalentSkill(profile=profile, skill=skill, level=level) for skill, level in clean.skills]
        )
    if "blocked_periods" in present:
        profile.blocked_periods.all().delete()
        BlockedPeriod.objects.bulk_create([BlockedPeriod(profile=profile, **item) for item in clean.blocked_periods])

    audit_log(user, "talent_profile.updated", profile, {"fields": sorted(present)})
    return profile


def _download_name(name: str) -> str:
    name = strip_nul(name or "").replace("/", "_").replace("\\", "_").strip()[:200]
    return name or "resume.pdf"


def talent_resume_upload(*, user: User, upload: Any) -> TalentProfile:
    """Check ``upload`` is a real PDF within ``STINT_RESUME_MAX_BYTES`` (422 ``invalid_pdf`` /
    ``file_too_large``), store it in the private storage under a random name and point the profile
    at it. The previous file is deleted after the transaction commits; a failed write removes the
    new file, so a bad request leaves the profile as it was."""
    profile = talent_profile_get_or_create(user=user)
    validate_pdf(upload)
    storage = profile.resume.storage
    stored_name = storage.save(f"resumes/{uuid.uuid4().hex}.pdf", upload)
    try:
        with transaction.atomic():
            locked = TalentProfile.objects.select_for_update().get(pk=profile.pk)
            old_name = locked.resume.name
            locked.resume.name = stored_name
            locked.resume_size = upload.size
            locked.resume_original_name = _download_name(getattr(upload, "name", ""))
            locked.resume_uploaded_at = timezone.now()
            locked.save(update_fields=["resume", "resume_size", "resume_original_name", "resume_uploaded_at"])
            audit_log(user, "talent_profile.resume_uploaded", locked, {"size": upload.size})
            if old_name:
                transaction.on_commit(lambda: _delete_file(storage, old_name))
    except Exception:
        _delete_file(storage, stored_name)
        raise
    return locked


def talent_resume_delete(*, user: User) -> TalentProfile:
    """Remove the résumé (idempotent: deleting when there is none changes nothing)."""
    profile = talent_profile_get_or_create(user=user)
    with transaction.atomic():
        locked = TalentProfile.objects.select_for_update().get(pk=profile.pk)
        old_name = locked.resume.name
        if not old_name:
            return locked
        storage = locked.resume.storage
        locked.resume.name = ""
        locked.resume_size = None
        locked.resume_original_name = ""
        locked.resume_uploaded_at = None
        locked.save(update_fields=["resume", "resume_size", "resume_original_name", "resume_uploaded_at"])
        audit_log(user, "talent_profile.resume_deleted", locked)
        transaction.on_commit(lambda: _delete_file(storage, old_name))
    return locked


def _delete_file(storage: Any, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:  # a missing file is already what we want
        logger.warning("could not delete résumé file %s", name)
