"""A build that keeps failing, a worker that died, and two requests at once."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from stint.core.errors import Conflict
from stint.core.models import FailedTask
from stint.engagements.tests.test_races import run_concurrently
from stint.privacy import services
from stint.privacy.models import DataExport, ExportStatus


@pytest.mark.django_db
def test_a_build_that_keeps_failing_is_recorded_and_the_person_may_ask_again(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    failing = mock.patch("stint.privacy.services.build_zip", side_effect=OSError("disk full"))
    with failing as build, django_capture_on_commit_callbacks(execute=True):
        export = services.data_export_request(user=personas.talent)
    assert build.call_count == 3  # the task's three attempts (ImmediateBackend retries at once)
    assert FailedTask.objects.filter(task_path__endswith="build_export", attempts=3).exists()
    export.refresh_from_db()
    assert export.status == ExportStatus.PENDING and not export.file
    with pytest.raises(Conflict):
        services.data_export_request(user=personas.talent)
    DataExport.objects.filter(pk=export.pk).update(
        created_at=timezone.now() - services.STALE_AFTER - datetime.timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        again = services.data_export_request(user=personas.talent)
    again.refresh_from_db()
    assert again.status == ExportStatus.READY
    assert DataExport.objects.get(pk=export.pk).status == ExportStatus.FAILED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_prepare_one_export(personas: Any) -> None:
    talent = personas.talent
    with mock.patch("stint.privacy.services.enqueue_on_commit"):  # keep both pending: the race is the point
        results, errors = run_concurrently(
            [lambda: str(services.data_export_request(user=talent).pk) for _ in range(8)]
        )
    assert len(results) == 1 and errors == ["export_pending"] * 7
    assert DataExport.objects.filter(user=talent, status=ExportStatus.PENDING).count() == 1
