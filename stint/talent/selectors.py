"""Reads of talent profiles, scoped to the viewer. Outside the viewer's scope a profile is a 404."""

from __future__ import annotations

import uuid
from typing import Any

from django.apps import apps
from django.db.models import Prefetch, QuerySet

from stint.core.errors import NotFound
from stint.talent.access import profile_access_granted
from stint.talent.models import TalentProfile, TalentSkill


def talent_profile_queryset() -> QuerySet[TalentProfile]:
    """Profiles with everything the profile page and the API show, in a fixed number of queries."""
    return TalentProfile.objects.select_related("user").prefetch_related(
        "education",
        "blocked_periods",
        Prefetch(
            "talent_skills",
            queryset=TalentSkill.objects.select_related("skill__category").order_by("-level", "skill__label"),
        ),
    )


def talent_profile_for_user(user: Any) -> TalentProfile:
    """The user's own profile (created on first access), with its lists prefetched."""
    from stint.talent.services import talent_profile_get_or_create

    profile = talent_profile_get_or_create(user)
    return talent_profile_queryset().get(pk=profile.pk)


def _application_model() -> Any:
    """The applications app's ``Application`` model, or None while it does not exist yet."""
    try:
        return apps.get_model("applications", "Application")
    except LookupError:
        return None


def talent_applied_to_organization_of(*, member: Any, talent_user_id: Any) -> bool:
    """Has this talent applied to a project of an organization ``member`` belongs to?

    A withdrawn application does not count: a talent who takes their application back takes their
    profile and résumé back too (unless another application to that organization stands)."""
    application = _application_model()
    if application is None or not getattr(member, "is_authenticated", False):
        return False
    return (
        application.objects.filter(talent_id=talent_user_id, project__organization__memberships__user=member)
        .exclude(status="withdrawn")
        .exists()
    )


def talent_resume_visible_to(user: Any, profile: TalentProfile) -> bool:
    """The talent themself, and members of an organization to one of whose projects the talent has
    applied (any status but withdrawn). Nobody else: not other talent, other companies, staff or anonymous."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.pk == profile.user_id:
        return True
    return talent_applied_to_organization_of(member=user, talent_user_id=profile.user_id) or profile_access_granted(
        user, profile
    )


def talent_profile_visible_to(user: Any, profile: TalentProfile) -> bool:
    """Same audience as the résumé: profiles are not public."""
    return talent_resume_visible_to(user, profile)


def talent_profile_get_for_viewer(viewer: Any, profile_id: Any) -> TalentProfile:
    """The profile ``profile_id`` if ``viewer`` may see it (the talent; members of an organization the
    talent applied to); ``NotFound`` otherwise, including for ids that do not parse."""
    try:
        pk = uuid.UUID(str(profile_id))
    except ValueError:
        raise NotFound("Profile not found.")
    profile = talent_profile_queryset().filter(pk=pk).first()
    if profile is None or not talent_profile_visible_to(viewer, profile):
        raise NotFound("Profile not found.")
    return profile


def talent_profile_get_by_user(viewer: Any, talent_user_id: Any) -> TalentProfile:
    """Like ``talent_profile_get_for_viewer`` but addressed by the talent's user id (what an
    application carries). A talent without a profile yet is a 404 too."""
    profile = TalentProfile.objects.filter(user_id=talent_user_id).only("id").first()
    if profile is None:
        raise NotFound("Profile not found.")
    return talent_profile_get_for_viewer(viewer, profile.pk)


def profile_completeness(profile: TalentProfile) -> dict[str, Any]:
    from stint.talent.completeness import profile_completeness as compute

    return compute(profile)
