"""Race tests: the caps and the openings hold under real concurrency (PostgreSQL only)."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from stint.applications import services
from stint.applications.choices import ACTIVE_STATUSES, ApplicationStatus
from stint.applications.models import Application
from stint.applications.tests.factories import ApplicationFactory, letter
from stint.core.errors import ApplicationError
from stint.core.testing.factories import TalentFactory
from stint.engagements.models import Engagement
from stint.flows import hiring
from stint.projects.tests.factories import ProjectFactory
from stint.talent.models import TalentProfile
from stint.talent.tests.factories import TalentProfileFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_concurrently(jobs: Sequence[Callable[[], Any]]) -> tuple[list[Any], list[str]]:
    """Start every job at the same moment in its own thread; return results and error codes."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker(job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            result = job()
            with lock:
                results.append(result)
        except ApplicationError as exc:
            with lock:
                errors.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_ten_concurrent_accepts_on_one_opening_hire_exactly_one():
    project = ProjectFactory(openings=1)
    offers = [
        ApplicationFactory(
            project=project,
            status=ApplicationStatus.OFFERED,
            offered_at=timezone.now(),
            offer_expires_at=timezone.now() + datetime.timedelta(hours=24),
        )
        for _ in range(10)
    ]
    jobs = [lambda a=a: hiring.application_accept(actor=a.talent, application=a) for a in offers]
    results, errors = run_concurrently(jobs)
    assert len(results) == 1
    assert sorted(errors) == ["no_openings_left"] * 9
    assert Application.objects.filter(project=project, status=ApplicationStatus.HIRED).count() == 1
    assert Engagement.objects.filter(project=project).count() == 1


def test_twelve_concurrent_applications_to_a_project_capped_at_three():
    project = ProjectFactory(max_applications=3)
    talents = [TalentFactory() for _ in range(12)]
    jobs = [
        lambda t=t, i=i: services.application_submit(
            talent=t, project=project, cover_letter=letter(i), answers=["Interviews."]
        )
        for i, t in enumerate(talents)
    ]
    results, errors = run_concurrently(jobs)
    assert len(results) == 3
    assert sorted(errors) == ["project_application_cap_reached"] * 9
    assert Application.objects.filter(project=project).count() == 3


def test_one_talent_applying_to_twelve_projects_at_once_gets_five_active(settings):
    settings.STINT_MAX_ACTIVE_APPLICATIONS = 5
    talent = TalentFactory()
    projects = [ProjectFactory() for _ in range(12)]
    jobs = [
        lambda p=p, i=i: services.application_submit(
            talent=talent, project=p, cover_letter=letter(i), answers=["Interviews."]
        )
        for i, p in enumerate(projects)
    ]
    results, errors = run_concurrently(jobs)
    assert len(results) == 5
    assert sorted(errors) == ["too_many_active_applications"] * 7
    assert Application.objects.filter(talent=talent, status__in=ACTIVE_STATUSES).count() == 5


def test_one_talent_accepting_many_offers_at_once_stays_within_capacity():
    """Issue: two concurrent accepts by one talent both passed the weekly-capacity check (40 h in a
    28.6 h week). Each offer here is 20 h over the same two weeks, the talent's whole capacity at
    10 h a week, so each fits alone: exactly one accept passes, the others get ``over_capacity``."""

    talent = TalentFactory()
    TalentProfile.objects.filter(user=talent).delete()
    TalentProfileFactory(user=talent, weekly_hours=10, timezone="UTC")
    today = timezone.now().date()
    offers = [
        ApplicationFactory(
            project=ProjectFactory(
                estimated_hours=20,
                start_date=today,
                due_date=today + datetime.timedelta(days=13),
                application_deadline=timezone.now() + datetime.timedelta(days=2),
                response_deadline=timezone.now() + datetime.timedelta(days=3),
            ),
            talent=talent,
            status=ApplicationStatus.OFFERED,
            offered_at=timezone.now(),
            offer_expires_at=timezone.now() + datetime.timedelta(days=2),
        )
        for _ in range(8)
    ]
    jobs = [lambda a=a: hiring.application_accept(actor=talent, application=a) for a in offers]
    results, errors = run_concurrently(jobs)
    assert len(results) == 1
    assert sorted(errors) == ["over_capacity"] * 7
    assert Application.objects.filter(talent=talent, status=ApplicationStatus.HIRED).count() == 1
    assert Engagement.objects.filter(talent=talent).count() == 1
