"""Search pages, saved searches and their digests."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from stint.core.audit import audit_log
from stint.core.errors import ValidationFailed
from stint.core.types import Actor, User
from stint.matching.forms import PARAM_NAMES, parse_search_params
from stint.matching.models import DigestFrequency, SavedSearch
from stint.matching.search import SearchFilters, listed_documents, max_candidates, project_search
from stint.matching.selectors import saved_search_get_for_user
from stint.notifications.outbox import email_outbox_add
from stint.notifications.services import in_language_of
from stint.planner.selectors import projects_fitting_free_hours
from stint.projects.models import Project

logger = logging.getLogger(__name__)

MAX_SAVED_SEARCHES = 20
PERIODS: dict[str, datetime.timedelta] = {
    DigestFrequency.DAILY: datetime.timedelta(days=1),
    DigestFrequency.WEEKLY: datetime.timedelta(days=7),
}


def free_hours_project_ids(user: User) -> list[Any]:
    """The listed projects (the ``STINT_SEARCH_MAX_CANDIDATES`` newest) that fit the talent's free
    hours: the planner's capacity check with their committed engagements, week by week."""
    listed = listed_documents().order_by("-published_at").values_list("project_id", flat=True)[: max_candidates()]
    projects = list(
        Project.objects.filter(pk__in=list(listed)).only("pk", "title", "estimated_hours", "start_date", "due_date")
    )
    return projects_fitting_free_hours(user, projects)


def search_projects_page(
    *, params: Mapping[str, Any], user: Actor | None = None
) -> tuple[list[Any], int, dict[str, Any]]:
    """Run a search from request parameters (``q, category, skills, min_fee, max_fee, min_hours,
    max_hours, min_hourly_rate, currency, due_before, timezone, verified_only, sort, page, page_size``).

    Returns ``(projects of the page in order, total count, facets)``. Raises ``ValidationFailed``
    (``invalid_search_parameters``) on bad parameters. Used by ``GET /search/projects``, the search
    page and, through the projects app, ``GET /projects``.
    """
    _, args = parse_search_params(params, user=user)
    result = project_search(**args)
    return result.projects, result.count, result.facets


def saved_search_create(*, user: User, name: str, params: Mapping[str, Any], frequency: str) -> SavedSearch:
    """Save a search for ``user``; only known search parameters are kept (and must be valid)."""
    if frequency not in DigestFrequency.values:
        raise ValidationFailed(
            gettext("Frequency must be daily or weekly."),
            code="invalid_frequency",
            errors=[{"field": "frequency", "message": gettext("daily or weekly")}],
        )
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(
            gettext("Give the search a name."),
            code="name_required",
            errors=[{"field": "name", "message": gettext("required")}],
        )
    kept = {k: str(v) for k, v in params.items() if k in PARAM_NAMES and v not in (None, "", [])}
    parse_search_params(kept)  # validates
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
        raise ValidationFailed(
            gettext("You can keep at most %(count)s saved searches.") % {"count": MAX_SAVED_SEARCHES},
            code="too_many_saved_searches",
        )
    saved = SavedSearch.objects.create(
        user=user, name=name[:120], params=kept, frequency=frequency, last_sent_at=timezone.now()
    )
    audit_log(user, "saved_search.created", saved, {"frequency": frequency})
    return saved


def saved_search_delete(*, user: User, saved_search_id: Any) -> None:
    saved = saved_search_get_for_user(user=user, saved_search_id=saved_search_id)
    audit_log(user, "saved_search.deleted", saved, {})
    saved.delete()


def due_saved_searches(now: datetime.datetime | None = None) -> QuerySet[SavedSearch]:
    now = now or timezone.now()
    daily = SavedSearch.objects.filter(frequency=DigestFrequency.DAILY, last_sent_at__lte=now - PERIODS["daily"])
    weekly = SavedSearch.objects.filter(frequency=DigestFrequency.WEEKLY, last_sent_at__lte=now - PERIODS["weekly"])
    return (daily | weekly).order_by("last_sent_at")


def saved_search_send_digest(*, saved_search_id: Any, now: datetime.datetime | None = None) -> int:
    """Email the projects published since the last digest that match the saved search.

    Claims this period's run with a conditional update on ``last_sent_at`` (only one caller moves it
    from the value it read) and, in the same transaction, queues the email in the notifications
    outbox (key ``saved_search_digest:<id>:<previous last_sent_at>``): a worker killed after the claim
    still sends it (the outbox re-sends after its lease). Returns how many projects were sent
    (0 when the run was already claimed, not due, or nothing new matched: no email then).
    """
    now = now or timezone.now()
    saved = SavedSearch.objects.select_related("user").filter(pk=saved_search_id).first()
    if saved is None or saved.last_sent_at > now - PERIODS[saved.frequency]:
        return 0
    with transaction.atomic():
        return _digest_claim_and_queue(saved, now)


def _digest_claim_and_queue(saved: SavedSearch, now: datetime.datetime) -> int:
    since = saved.last_sent_at
    claimed = SavedSearch.objects.filter(pk=saved.pk, last_sent_at=since).update(last_sent_at=now)
    if claimed != 1:
        return 0
    try:
        _, args = parse_search_params(saved.params)
    except ValidationFailed:
        logger.warning("saved search %s has invalid parameters; skipped", saved.pk)
        return 0
    filters: SearchFilters = args["filters"]
    args["filters"] = SearchFilters(**{**filters.__dict__, "published_after": since})
    args.update(sort="newest", page=1, page_size=20)
    result = project_search(**args)
    if not result.ids_in_order:
        return 0
    projects = result.projects
    site = settings.SITE_URL.rstrip("/")
    lines = [f"- {p.title} ({p.organization.name}): {site}/projects/{p.pk}/" for p in projects]
    more = result.count - len(projects)
    from urllib.parse import urlencode

    search_url = f"{site}/search/?{urlencode(saved.params)}"
    # Written for the talent who saved the search, in their language (a task has no request).
    with in_language_of(saved.user):
        if more > 0:
            lines.append(ngettext("… and %(count)s more.", "… and %(count)s more.", more) % {"count": more})
        intro = gettext("New projects matching your saved search “%(name)s”:") % {"name": saved.name}
        see_all = gettext("See them all: %(url)s") % {"url": search_url}
        body = intro + "\n\n" + "\n".join(lines) + "\n\n" + see_all + "\n"
        subject = ngettext(
            "%(count)s new project for “%(name)s”", "%(count)s new projects for “%(name)s”", result.count
        ) % {"count": result.count, "name": saved.name}
    email_outbox_add(
        dedup_key=f"saved_search_digest:{saved.pk}:{since.isoformat()}",
        to=[saved.user.email],
        subject=subject,
        body=body,
    )
    return len(projects)


def send_due_digests(*, now: datetime.datetime | None = None, limit: int = 500) -> int:
    """Send every due digest (bounded per run); returns how many digests had new projects."""
    sent = 0
    for pk in list(due_saved_searches(now).values_list("pk", flat=True)[:limit]):
        if saved_search_send_digest(saved_search_id=pk, now=now):
            sent += 1
    return sent
