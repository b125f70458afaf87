"""The rows of the cohort dashboard, for many students at once in a fixed number of queries
(``tests/test_dashboard_queries.py``). The load flags ("an engagement at risk", "a load over
capacity") are the planner's: the same pieces ``workload_for_talent`` uses (``capacity_from``,
``committed_items``, ``tentative_items``, ``load.weekly_load``, ``load.at_risk_items``), loaded for
every student together, so the dashboard says what each student's planner says."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, Sum

from stint.applications.choices import ApplicationStatus
from stint.applications.models import Application
from stint.engagements.choices import APPROVED_STATUSES, OPEN_STATUSES
from stint.engagements.models import Engagement, TimeEntry
from stint.planner import load
from stint.planner.models import CapacityPattern
from stint.planner.selectors import COMMITTED_STATUSES, capacity_from, committed_items, tentative_items
from stint.projects.models import ProjectSkill
from stint.talent.models import TalentProfile

PLAN_WEEKS = 8  # as the planner's page


def load_flags(talent_ids: list[Any], now: datetime.datetime) -> dict[Any, tuple[bool, bool]]:
    """``{talent_id: (engagement at risk, some week over capacity)}`` as each one's planner sees it."""
    if not talent_ids:
        return {}
    profiles = {
        p.user_id: p for p in TalentProfile.objects.filter(user_id__in=talent_ids).prefetch_related("blocked_periods")
    }
    patterns = {p.user_id: p for p in CapacityPattern.objects.filter(user_id__in=talent_ids)}
    engagements = list(
        Engagement.objects.filter(talent_id__in=talent_ids, status__in=COMMITTED_STATUSES)
        .select_related("project")
        .order_by("due_date", "created_at")
    )
    committed: dict[Any, list[load.LoadItem]] = defaultdict(list)
    for engagement, item in zip(engagements, committed_items(None, engagements), strict=True):
        committed[engagement.talent_id].append(item)
    offers = [
        a
        for a in Application.objects.filter(talent_id__in=talent_ids, status=ApplicationStatus.OFFERED)
        .select_related("project")
        .order_by("project__due_date")
        if a.offer_expires_at is None or a.offer_expires_at > now
    ]
    tentative: dict[Any, list[load.LoadItem]] = defaultdict(list)
    for offer, item in zip(offers, tentative_items(None, offers), strict=True):
        tentative[offer.talent_id].append(item)
    flags = {}
    for talent_id in talent_ids:
        profile = profiles.get(talent_id)
        capacity = capacity_from(profile, patterns.get(talent_id))
        today = load.today_in((getattr(profile, "timezone", "") or "UTC") if profile else "UTC", now)
        items = committed.get(talent_id, [])
        weeks = load.weekly_load(capacity, [*items, *tentative.get(talent_id, [])], today, PLAN_WEEKS)
        at_risk = bool(load.at_risk_items(capacity, items, today))
        flags[talent_id] = (at_risk, any(week.over_capacity for week in weeks))
    return flags


def student_facts(talent_ids: list[Any], *, now: datetime.datetime, quiet_since: datetime.datetime) -> dict[Any, Any]:
    """Per talent: application counts, engagements (with project and organization), minutes logged,
    skills of completed projects, and the planner's load flags. Nine queries or so, whatever the
    number of talents."""
    facts: dict[Any, dict[str, Any]] = {
        t: {"applications": 0, "offers": 0, "recent": False, "engagements": [], "minutes": 0, "skills": set()}
        for t in talent_ids
    }
    counts = (
        Application.objects.filter(talent_id__in=talent_ids)
        .values("talent_id")
        .annotate(
            total=Count("pk"),
            offers=Count("pk", filter=Q(offered_at__isnull=False)),
            recent=Count("pk", filter=Q(created_at__gte=quiet_since)),
        )
    )
    for row in counts:
        facts[row["talent_id"]].update(applications=row["total"], offers=row["offers"], recent=row["recent"] > 0)
    engagements = Engagement.objects.filter(talent_id__in=talent_ids).select_related("project__organization")
    for e in engagements.order_by("-created_at"):
        facts[e.talent_id]["engagements"].append(e)
    minutes = (
        TimeEntry.objects.filter(engagement__talent_id__in=talent_ids)
        .values("engagement__talent_id")
        .annotate(total=Sum("minutes"))
    )
    for logged in minutes:
        facts[logged["engagement__talent_id"]]["minutes"] = logged["total"] or 0
    completed = {
        e.project_id: e.talent_id for f in facts.values() for e in f["engagements"] if e.status in APPROVED_STATUSES
    }
    skills = ProjectSkill.objects.filter(project_id__in=list(completed)).values_list("project_id", "skill__label")
    by_project: dict[Any, set[str]] = defaultdict(set)
    for project_id, label in skills:
        by_project[project_id].add(label)
    for f in facts.values():
        for e in f["engagements"]:
            if e.status in APPROVED_STATUSES:
                f["skills"].update(by_project.get(e.project_id, ()))
    busy = [t for t, f in facts.items() if any(e.status in OPEN_STATUSES for e in f["engagements"])]
    flags = load_flags(busy, now)
    for t, f in facts.items():
        f["at_risk"], f["over_capacity"] = flags.get(t, (False, False))
    return facts
