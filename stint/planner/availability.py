"""Capacity of many talents for one project at once: the batch form of ``capacity_check``.

The planner owns capacity. The applicant ranking (``stint.recommendations.ranking``) asks this
module, in a fixed number of queries, what the accept guard (``selectors.capacity_check``) would
answer for each applicant, and how many hours a week they have free in the weeks the project takes.
Both use the same pieces (``capacity_from``, ``committed_items``, ``load.fits``), so a ranking that
says "has 10 free hours a week" never meets an ``over_capacity`` refusal on accept.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from stint.engagements.models import Engagement
from stint.planner import load
from stint.planner.models import CapacityPattern
from stint.planner.selectors import COMMITTED_STATUSES, capacity_from, committed_items, project_item
from stint.talent.models import TalentProfile


@dataclass(frozen=True)
class Availability:
    """``fits``: the accept guard would let this talent take the project (no week over capacity).
    ``free_hours_per_week``: the fewest free hours in any week the project would take, before it."""

    fits: bool
    free_hours_per_week: float


def _free_minutes(
    capacity: load.Capacity, existing: list[load.LoadItem], item: load.LoadItem, today: datetime.date
) -> int:
    """The least (capacity − existing load) over the weeks ``item`` would be spread on."""
    weeks = [m for m, minutes in load._minutes_by_week(load.spread_item(item, capacity, today)).items() if minutes]
    if not weeks:
        return 0
    taken: dict[datetime.date, int] = defaultdict(int)
    for other in existing:
        for monday, minutes in load._minutes_by_week(load.spread_item(other, capacity, today)).items():
            taken[monday] += minutes
    return max(0, min(load.week_capacity(capacity, monday, today) - taken[monday] for monday in weeks))


def free_hours_for_talents(
    *, talent_ids: Iterable[Any], project: Any, now: datetime.datetime | None = None
) -> dict[Any, Availability]:
    """For each talent: would ``project`` fit (exactly ``not capacity_check(talent, project)``), and
    their free hours a week in its weeks. Existing load: committed engagements other than one on
    this project, as in the accept guard. Five queries, whatever the number of talents."""
    ids = list(dict.fromkeys(talent_ids))
    if not ids:
        return {}
    now = now or timezone.now()
    profiles = {p.user_id: p for p in TalentProfile.objects.filter(user_id__in=ids).prefetch_related("blocked_periods")}
    patterns = {p.user_id: p for p in CapacityPattern.objects.filter(user_id__in=ids)}
    engagements = list(
        Engagement.objects.filter(talent_id__in=ids, status__in=COMMITTED_STATUSES)
        .exclude(project_id=project.pk)
        .select_related("project")
        .order_by("due_date", "created_at")
    )
    items_by_talent: dict[Any, list[load.LoadItem]] = defaultdict(list)
    for engagement, item in zip(engagements, committed_items(None, engagements), strict=True):
        items_by_talent[engagement.talent_id].append(item)
    new_item = project_item(project)
    result = {}
    for talent_id in ids:
        profile = profiles.get(talent_id)
        capacity = capacity_from(profile, patterns.get(talent_id))
        today = load.today_in((getattr(profile, "timezone", "") or "UTC") if profile else "UTC", now)
        existing = items_by_talent.get(talent_id, [])
        result[talent_id] = Availability(
            fits=not load.fits(capacity, existing, new_item, today),
            free_hours_per_week=_free_minutes(capacity, existing, new_item, today) / load.MINUTES_PER_HOUR,
        )
    return result


def free_hours_for_projects(
    *, talent_id: Any, projects: Iterable[Any], now: datetime.datetime | None = None
) -> dict[Any, Availability]:
    """For one talent and many projects (recommendations): for each project, exactly what
    ``free_hours_for_talents(talent_ids=[talent_id], project=project)`` answers, in four or five
    queries whatever the number of projects."""
    projects = list(projects)
    if not projects:
        return {}
    now = now or timezone.now()
    profile = TalentProfile.objects.filter(user_id=talent_id).prefetch_related("blocked_periods").first()
    capacity = capacity_from(profile, CapacityPattern.objects.filter(user_id=talent_id).first())
    today = load.today_in((getattr(profile, "timezone", "") or "UTC") if profile else "UTC", now)
    committed = Engagement.objects.filter(talent_id=talent_id, status__in=COMMITTED_STATUSES)
    # Most talent have no committed engagement: ask without the join first (SQLite may otherwise
    # plan the join from the project side and scan the marketplace to find none).
    ids = list(committed.values_list("pk", flat=True))
    engagements = (
        list(Engagement.objects.filter(pk__in=ids).select_related("project").order_by("due_date", "created_at"))
        if ids
        else []
    )
    items = list(zip(engagements, committed_items(None, engagements), strict=True))
    # ``load.fits`` and ``_free_minutes`` for each project, with the existing load spread once (not
    # once per project): the same sums, in the same weeks.
    taken_all = _taken(capacity, [item for _, item in items], today)
    result = {}
    for project in projects:
        others = [item for engagement, item in items if engagement.project_id != project.pk]
        taken = taken_all if len(others) == len(items) else _taken(capacity, others, today)
        new_weeks = load._minutes_by_week(load.spread_item(project_item(project), capacity, today))
        weeks = {monday: minutes for monday, minutes in new_weeks.items() if minutes > 0}
        room = {monday: load.week_capacity(capacity, monday, today) - taken.get(monday, 0) for monday in weeks}
        result[project.pk] = Availability(
            fits=all(weeks[monday] <= room[monday] for monday in weeks),
            free_hours_per_week=max(0, min(room.values(), default=0)) / load.MINUTES_PER_HOUR,
        )
    return result


def _taken(capacity: load.Capacity, existing: list[load.LoadItem], today: datetime.date) -> dict[datetime.date, int]:
    taken: dict[datetime.date, int] = defaultdict(int)
    for other in existing:
        for monday, minutes in load._minutes_by_week(load.spread_item(other, capacity, today)).items():
            taken[monday] += minutes
    return taken
