"""Reads of talent profiles, scoped to the viewer. Outside the viewer's scope a profile is a 404."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext

from stint.core.errors import NotFound
from stint.core.types import Actor, User
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


def talent_profile_for_user(user: User) -> TalentProfile:
    """The user's own profile (created on first access), with its lists prefetched."""
    from stint.talent.services import talent_profile_get_or_create

    profile = talent_profile_get_or_create(user=user)
    return talent_profile_queryset().get(pk=profile.pk)


# ``grant(member, talent_user_id) -> bool``: may this organization member see the talent's résumé?
# The applications app (above talent) registers the rule "the talent applied to a project of the
# member's organization" when Django starts (``ApplicationsConfig.ready``).
_RESUME_GRANTS: list[Callable[[Any, Any], bool]] = []


def register_resume_grant(grant: Callable[[Any, Any], bool]) -> None:
    """Add a rule that lets an organization member see a talent's profile and résumé."""
    if grant not in _RESUME_GRANTS:
        _RESUME_GRANTS.append(grant)


def talent_applied_to_organization_of(*, member: Actor, talent_user_id: Any) -> bool:
    """Does a registered rule let ``member`` see this talent's résumé (they applied to a project of
    the member's organization, withdrawn applications excepted)?"""
    if not getattr(member, "is_authenticated", False):
        return False
    return any(grant(member, talent_user_id) for grant in _RESUME_GRANTS)


def talent_resume_visible_to(user: Actor | None, profile: TalentProfile) -> bool:
    """The talent themself, and members of an organization to one of whose projects the talent has
    applied (any status but withdrawn). Nobody else: not other talent, other companies, staff or anonymous."""
    if user is None or not user.is_authenticated:
        return False
    if user.pk == profile.user_id:
        return True
    return talent_applied_to_organization_of(member=user, talent_user_id=profile.user_id) or profile_access_granted(
        user, profile
    )


def talent_profile_visible_to(user: Actor, profile: TalentProfile) -> bool:
    """Same audience as the résumé: profiles are not public."""
    return talent_resume_visible_to(user, profile)


def talent_profile_get_for_viewer(viewer: Actor, profile_id: Any) -> TalentProfile:
    """The profile ``profile_id`` if ``viewer`` may see it (the talent; members of an organization the
    talent applied to); ``NotFound`` otherwise, including for ids that do not parse."""
    try:
        pk = uuid.UUID(str(profile_id))
    except ValueError:
        raise NotFound(gettext("Profile not found."))
    profile = talent_profile_queryset().filter(pk=pk).first()
    if profile is None or not talent_profile_visible_to(viewer, profile):
        raise NotFound(gettext("Profile not found."))
    return profile


def talent_profile_get_by_user(viewer: Actor, talent_user_id: Any) -> TalentProfile:
    """Like ``talent_profile_get_for_viewer`` but addressed by the talent's user id (what an
    application carries). A talent without a profile yet is a 404 too."""
    profile = TalentProfile.objects.filter(user_id=talent_user_id).only("id").first()
    if profile is None:
        raise NotFound(gettext("Profile not found."))
    return talent_profile_get_for_viewer(viewer, profile.pk)


def profile_completeness(profile: TalentProfile) -> dict[str, Any]:
    from stint.talent.completeness import profile_completeness as compute

    return compute(profile)
