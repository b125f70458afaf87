"""Reads of the explore pages: public market figures of a field (a project category) or of an
occupation, from live data, in a bounded number of queries whatever the number of projects.

Which projects count (docs/explore.md):

* **open**: open and public, exactly what the search lists (``/search/?category=…``);
* **market**: public projects published in the last ``MARKET_DAYS`` days, open or closed (a field's
  typical pay and hours are about what was offered, not only what is open today); drafts,
  cancelled, unlisted and invite-only projects never count.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from stint.core.errors import NotFound
from stint.explore import stats
from stint.explore.occupation_skills import OccupationSkill, occupation_skills
from stint.projects.choices import PUBLIC_STATUSES, ProjectStatus, Visibility
from stint.projects.models import Project, ProjectSkill
from stint.skills.models import Category, Occupation

MARKET_DAYS = 365
MARKET_SAMPLE = 2000
# The public figures are the same for every visitor: kept this long in the shared cache (a minute
# old at most; 0 turns the cache off). Overridable with the Django setting of the same name.
TOP_SKILLS = 10
TOP_ORGANIZATIONS = 10
OPEN_LISTED = 5


def published_public() -> QuerySet[Project]:
    return Project.objects.filter(visibility=Visibility.PUBLIC, status__in=PUBLIC_STATUSES, published_at__isnull=False)


def open_public() -> QuerySet[Project]:
    return Project.objects.filter(visibility=Visibility.PUBLIC, status=ProjectStatus.OPEN)


@dataclass
class Overview:
    """What a field or occupation page shows (see ``stint.explore.stats`` for the definitions)."""

    open_count: int
    open_projects: list[Project]
    market_count: int
    fees: list[stats.MoneySummary]
    hourly: list[stats.MoneySummary]
    hours: stats.IntSummary | None
    duration: stats.IntSummary | None
    trend: list[stats.WeekBucket]
    skills: list[dict[str, Any]]
    organizations: list[dict[str, Any]]
    today: datetime.date
    sampled: bool = False  # pay, hours and duration are from the MARKET_SAMPLE most recent projects


def overview(*, scope: Q, now: datetime.datetime | None = None) -> Overview:
    """The figures of the projects matching ``scope`` (a condition on ``Project``) as of ``now``:
    6 queries at most, and a bounded amount of work, whatever the number of projects (pay, hours,
    duration and skills come from the ``MARKET_SAMPLE`` most recently published market projects;
    the counts and the trend count every project in the database)."""
    now = now or timezone.now()
    today = now.astimezone(datetime.UTC).date()
    market = published_public().filter(scope, published_at__gte=now - datetime.timedelta(days=MARKET_DAYS))
    sample = market.order_by("-published_at", "-pk")
    rows = list(
        sample.values_list("fee_minor", "currency", "estimated_hours", "start_date", "due_date")[:MARKET_SAMPLE]
    )
    open_qs = open_public().filter(scope)
    open_projects = list(open_qs.select_related("organization").order_by("-published_at", "pk")[:OPEN_LISTED])
    open_count = len(open_projects) if len(open_projects) < OPEN_LISTED else open_qs.count()
    skills = (
        ProjectSkill.objects.filter(required=True, project_id__in=sample.values("pk")[:MARKET_SAMPLE])
        .values("skill_id", "skill__slug", "skill__label")
        .annotate(projects=Count("project_id"))
        .order_by("-projects", "skill__label")[:TOP_SKILLS]
    )
    organizations = (
        open_qs.values("organization__slug", "organization__name")
        .annotate(projects=Count("id"))
        .order_by("-projects", "organization__name")[:TOP_ORGANIZATIONS]
    )
    return Overview(
        open_count=open_count,
        open_projects=open_projects,
        market_count=len(rows),
        fees=stats.money_summaries((r[0], r[1]) for r in rows),
        hourly=stats.money_summaries((stats.hourly_rate_minor(r[0], r[2]), r[1]) for r in rows),
        hours=stats.summarize([r[2] for r in rows]),
        duration=stats.summarize([stats.duration_days(r[3], r[4]) for r in rows]),
        trend=_trend(market, today=today),
        skills=[
            {"id": s["skill_id"], "slug": s["skill__slug"], "label": s["skill__label"], "projects": s["projects"]}
            for s in skills
        ],
        organizations=[
            {
                "slug": o["organization__slug"],
                "name": o["organization__name"],
                "label": o["organization__name"],
                "projects": o["projects"],
            }
            for o in organizations
        ],
        today=today,
        sampled=len(rows) >= MARKET_SAMPLE,
    )


def _trend(market: QuerySet[Project], *, today: datetime.date) -> list[stats.WeekBucket]:
    """Projects published per week: one query with a conditional count per week."""
    starts = stats.trend_week_starts(today)
    bounds = [stats.utc_midnight(d) for d in starts] + [stats.utc_midnight(starts[-1] + datetime.timedelta(weeks=1))]
    counts = market.aggregate(
        **{
            f"w{i}": Count("pk", filter=Q(published_at__gte=bounds[i], published_at__lt=bounds[i + 1]))
            for i in range(len(starts))
        }
    )
    return [stats.WeekBucket(start, counts[f"w{i}"] or 0) for i, start in enumerate(starts)]


def field_get(*, slug: str) -> Category:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise NotFound(_("Field not found."), code="field_not_found")
    return category


def field_list() -> list[dict[str, Any]]:
    """Every field with its open projects and its typical hourly rate per currency: 2 queries."""
    categories = list(Category.objects.annotate(open=Count("projects", filter=_open_q("projects__"))))
    since = timezone.now() - datetime.timedelta(days=MARKET_DAYS)
    rates: dict[Any, list[tuple[int, str]]] = {}
    rows = (
        published_public()
        .filter(published_at__gte=since)
        .values_list("category_id", "fee_minor", "estimated_hours", "currency")
        .order_by()
    )
    for category_id, fee, hours, currency in rows:
        rates.setdefault(category_id, []).append((stats.hourly_rate_minor(fee, hours), currency))
    return [
        {"category": c, "open_count": c.open, "hourly": stats.money_summaries(rates.get(c.pk, []))} for c in categories
    ]


def _open_q(prefix: str) -> Q:
    return Q(**{f"{prefix}visibility": Visibility.PUBLIC, f"{prefix}status": ProjectStatus.OPEN})


def field_overview(*, category: Category, now: datetime.datetime | None = None) -> Overview:
    return overview(scope=Q(category=category), now=now)


def occupation_get(*, occupation_id: Any) -> Occupation:
    try:
        pk = occupation_id if isinstance(occupation_id, uuid.UUID) else uuid.UUID(str(occupation_id))
    except (TypeError, ValueError):
        occupation = Occupation.objects.filter(slug=str(occupation_id)[:120]).first()
    else:
        occupation = Occupation.objects.filter(pk=pk).first()
    if occupation is None:
        raise NotFound(_("Occupation not found."), code="occupation_not_found")
    return occupation


def occupation_scope(skills: list[OccupationSkill]) -> Q:
    """Projects that require at least one of the occupation's skills."""
    ids = [s.skill_id for s in skills]
    return Q(pk__in=ProjectSkill.objects.filter(skill_id__in=ids, required=True).values("project_id"))


def occupation_overview(
    *, occupation: Occupation, now: datetime.datetime | None = None
) -> tuple[list[OccupationSkill], Overview]:
    skills = occupation_skills(occupation)
    return skills, overview(scope=occupation_scope(skills), now=now)


def _cached(key: str, build: Any) -> Any:
    """``build()``, kept ``STINT_EXPLORE_CACHE_SECONDS`` (a setting, 60 by default) in the cache."""
    seconds = settings.STINT_EXPLORE_CACHE_SECONDS
    if seconds <= 0:
        return build()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds)
    return value


def field_list_cached() -> list[dict[str, Any]]:
    return _cached("explore:fields", field_list)


def field_overview_cached(*, category: Category) -> Overview:
    return _cached(f"explore:field:{category.pk}", lambda: field_overview(category=category))


def occupation_overview_cached(*, occupation: Occupation) -> tuple[list[OccupationSkill], Overview]:
    return _cached(f"explore:occupation:{occupation.pk}", lambda: occupation_overview(occupation=occupation))
