"""Reads of the talent pool, scoped to the organization's members (404 for anyone else)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from stint.accounts.models import User
from stint.core.errors import NotFound
from stint.core.types import Actor
from stint.engagements.choices import APPROVED_STATUSES
from stint.engagements.models import Engagement, Review
from stint.messaging.models import Connection
from stint.organizations.models import Organization
from stint.talentpool.choices import HireStatus
from stint.talentpool.models import Follow, Hire, PoolInvitation, PoolNote, PoolTag


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, TypeError):
        return None


@dataclass
class PoolEntry:
    talent: Any
    completed: list[str] = field(default_factory=list)  # project titles
    ratings: list[int] = field(default_factory=list)
    reviews: list[str] = field(default_factory=list)
    endorsed_skills: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: list[PoolNote] = field(default_factory=list)
    hires: list[Hire] = field(default_factory=list)
    # The viewer's connection thread with this talent (they supervised one of its engagements).
    message_url: str = ""

    @property
    def average_rating(self) -> float | None:
        return round(sum(self.ratings) / len(self.ratings), 1) if self.ratings else None


def pool_talent_ids(*, organization: Organization) -> QuerySet[Any, Any]:
    """Everyone who completed (approved or paid) one of the organization's projects."""
    return (
        Engagement.objects.filter(project__organization=organization, status__in=APPROVED_STATUSES)
        .values_list("talent_id", flat=True)
        .distinct()
    )


def pool_for_organization(*, organization: Organization, tag: str = "", viewer: Any = None) -> list[PoolEntry]:
    """The pool with each talent's completed projects, the organization's reviews and endorsements
    of them, and the members' private tags and notes. A fixed number of queries whatever its size."""
    engagements = Engagement.objects.filter(
        project__organization=organization, status__in=APPROVED_STATUSES
    ).select_related("talent", "project")
    entries: dict[Any, PoolEntry] = {}
    for e in engagements.order_by("talent__name", "created_at"):
        entries.setdefault(e.talent_id, PoolEntry(talent=e.talent)).completed.append(e.project.title)
    reviews = Review.objects.filter(
        organization=organization, side="company", subject_id__in=list(entries)
    ).prefetch_related("endorsed_skills")
    for review in reviews:
        entry = entries[review.subject_id]
        entry.ratings.append(review.rating)
        if review.comment:
            entry.reviews.append(review.comment)
        entry.endorsed_skills.extend(s.label for s in review.endorsed_skills.all())
    for t in PoolTag.objects.filter(organization=organization, talent_id__in=list(entries)):
        entries[t.talent_id].tags.append(t.name)
    for n in PoolNote.objects.filter(organization=organization, talent_id__in=list(entries)).select_related("author"):
        entries[n.talent_id].notes.append(n)
    for h in Hire.objects.filter(organization=organization, talent_id__in=list(entries)):
        entries[h.talent_id].hires.append(h)
    if viewer is not None:
        for c in Connection.objects.filter(supervisor=viewer, talent_id__in=list(entries)).select_related("thread"):
            entries[c.talent_id].message_url = f"/messages/{c.thread.pk}/" if hasattr(c, "thread") else ""
    result = list(entries.values())
    for entry in result:
        entry.endorsed_skills = sorted(set(entry.endorsed_skills))
    if tag:
        result = [e for e in result if tag in e.tags]
    return result


def pool_talent_get(*, organization: Organization, talent_id: Any) -> Any:
    """A talent of the organization's pool; 404 for anyone else."""
    pk = _uuid(talent_id)
    if pk is None or not pool_talent_ids(organization=organization).filter(talent_id=pk).exists():
        raise NotFound(_("This talent is not in your pool."), code="talent_not_in_pool")
    return User.objects.get(pk=pk)


def talent_get(*, talent_id: Any) -> Any:
    pk = _uuid(talent_id)
    user = User.objects.filter(pk=pk, role="talent").first() if pk else None
    if user is None:
        raise NotFound(_("Talent not found."), code="talent_not_found")
    return user


def pool_invitations_for_project(*, project: Any) -> QuerySet[PoolInvitation]:
    return PoolInvitation.objects.filter(project=project).select_related("talent")


def pool_invitations_for_talent(*, user: User) -> QuerySet[PoolInvitation]:
    return PoolInvitation.objects.filter(talent=user).select_related("project", "organization")


def pool_invitation_get_for_talent(*, user: User, invitation_id: Any) -> PoolInvitation:
    pk = _uuid(invitation_id)
    invitation = pool_invitations_for_talent(user=user).filter(pk=pk).first() if pk else None
    if invitation is None:
        raise NotFound(_("Invitation not found."), code="invitation_not_found")
    return invitation


def hires_for_organization(*, organization: Organization) -> QuerySet[Hire]:
    return Hire.objects.filter(organization=organization).select_related("talent")


def hires_for_talent(*, user: User) -> QuerySet[Hire]:
    return Hire.objects.filter(talent=user).select_related("organization")


def hire_get_for_talent(*, user: User, hire_id: Any) -> Hire:
    pk = _uuid(hire_id)
    hire = hires_for_talent(user=user).filter(pk=pk).first() if pk else None
    if hire is None:
        raise NotFound(_("Hire not found."), code="hire_not_found")
    return hire


def hires_from_stint(*, organization: Organization) -> int:
    """Confirmed jobs and internships the organization offered to its micro-interns."""
    return Hire.objects.filter(organization=organization, status=HireStatus.CONFIRMED).count()


def is_following(*, user: Actor, organization: Organization) -> bool:
    return user.is_authenticated and Follow.objects.filter(user=user, organization=organization).exists()


def follows_for_user(*, user: User) -> QuerySet[Follow]:
    return Follow.objects.filter(user=user).select_related("organization")
