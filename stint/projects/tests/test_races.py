from __future__ import annotations

import threading

import pytest
from django.db import connection

from stint.core.errors import Conflict
from stint.core.models import AuditEvent
from stint.flows import publishing
from stint.payments.invariants import ledger_violations
from stint.payments.models import Funding
from stint.projects import services
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project
from stint.projects.tests.helpers import valid_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_publishes_open_the_project_once(personas) -> None:
    owner = personas.company_owner
    project = services.project_create(actor=owner, organization=personas.organization, data=valid_data())
    results: list[str] = []
    barrier = threading.Barrier(6)

    def publish() -> None:
        try:
            barrier.wait()
            publishing.project_publish(actor=owner, project=Project.objects.get(pk=project.pk))
            results.append("ok")
        except Conflict as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1
    # The others are refused: the project is no longer a draft, or (publish = fund) the one charge
    # is still being made by the winner.
    assert len(results) == 6
    assert set(results) - {"ok"} <= {"illegal_transition", "payment_pending"}
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.OPEN
    assert AuditEvent.objects.filter(code="project.published", target_id=str(project.pk)).count() == 1

    assert Funding.objects.filter(project_id=project.pk).count() == 1  # charged once
    assert ledger_violations() == []


def test_concurrent_close_and_cancel_end_the_project_once(personas) -> None:
    owner = personas.company_owner
    project = services.project_create(actor=owner, organization=personas.organization, data=valid_data())
    publishing.project_publish(actor=owner, project=project)
    results: list[str] = []
    barrier = threading.Barrier(6)

    def end(i: int) -> None:
        try:
            barrier.wait()
            fn = publishing.project_close if i % 2 else publishing.project_cancel
            fn(actor=owner, project=Project.objects.get(pk=project.pk), reason="Done")
            results.append("ok")
        except Conflict as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=end, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1
    assert Project.objects.get(pk=project.pk).status in (ProjectStatus.CLOSED, ProjectStatus.CANCELLED)
