"""A state change that affects listing is in the search index when its transaction commits: no
worker runs here (tasks go to the database backend and are never executed)."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from stint.flows import publishing
from stint.matching.models import ProjectSearchDocument
from stint.projects import services
from stint.projects.tests.helpers import valid_data

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TITLE = "Zanzibar pricing survey for a budgeting app"


@pytest.fixture(autouse=True)
def _worker_stopped(settings):
    settings.TASKS = DB_TASKS


def _api_hits(client, word: str) -> list[str]:
    response = client.get("/api/v1/search/projects", {"q": word})
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


def _page_has(client, word: str) -> bool:
    response = client.get("/search/", {"q": word})
    assert response.status_code == 200
    return TITLE in response.content.decode()


def _draft(personas):
    return services.project_create(
        actor=personas.company_owner, organization=personas.organization, data=valid_data(title=TITLE)
    )


def test_a_published_project_is_found_at_once_by_page_and_api(personas, client, django_capture_on_commit_callbacks):
    project = _draft(personas)
    assert _api_hits(client, "zanzibar") == []
    client.force_login(personas.company_owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/payments/projects/{project.pk}/publish/", {"confirm_total_minor": "55000", "confirm_currency": "USD"}
        )
    assert response.status_code == 302
    client.logout()
    assert ProjectSearchDocument.objects.filter(project=project).exists()
    assert _api_hits(client, "zanzibar") == [TITLE]
    assert _page_has(client, "zanzibar")
    # Nothing was left for a worker: the index was written in the request itself.
    assert not DBTaskResult.objects.filter(task_path__endswith="index_project_task").exists()


def test_publishing_through_the_api_indexes_on_commit(
    personas, api_client_for, client, django_capture_on_commit_callbacks
):
    project = _draft(personas)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(personas.company_owner).post(f"projects/{project.pk}/publish")
    assert response.status_code == 200
    assert _api_hits(client, "zanzibar") == [TITLE]


@pytest.mark.parametrize("action", ["close", "cancel"])
def test_closing_or_cancelling_removes_the_document_on_commit(
    personas, client, action, django_capture_on_commit_callbacks
):
    project = _draft(personas)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.project_publish(actor=personas.company_owner, project=project)
    assert _api_hits(client, "zanzibar") == [TITLE]
    with django_capture_on_commit_callbacks(execute=True):
        getattr(publishing, f"project_{action}")(actor=personas.company_owner, project=project, reason="Plans changed.")
    assert not ProjectSearchDocument.objects.filter(project=project).exists()
    assert _api_hits(client, "zanzibar") == []
    assert not _page_has(client, "zanzibar")


def test_a_project_approved_by_moderation_is_indexed_on_commit(personas, client, django_capture_on_commit_callbacks):
    from django.utils import timezone

    personas.organization.verified_at = None
    personas.organization.save(update_fields=["verified_at"])
    project = _draft(personas)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.project_publish(actor=personas.company_owner, project=project)
    assert _api_hits(client, "zanzibar") == []  # waiting for review is not listed
    personas.organization.verified_at = timezone.now()
    personas.organization.save(update_fields=["verified_at"])
    with django_capture_on_commit_callbacks(execute=True):
        services.project_approve(actor=personas.staff, project=project)
    assert _api_hits(client, "zanzibar") == [TITLE]


def test_nothing_is_indexed_when_the_transaction_rolls_back(personas, client, django_capture_on_commit_callbacks):
    from django.db import transaction

    project = _draft(personas)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        publishing.project_publish(actor=personas.company_owner, project=project)
        raise RuntimeError("boom")
    assert not ProjectSearchDocument.objects.filter(project=project).exists()


def test_an_indexing_failure_leaves_a_task_and_does_not_break_the_publish(
    personas, monkeypatch, django_capture_on_commit_callbacks
):
    import stint.matching.indexing as indexing

    def broken(project_id):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(indexing, "index_project", broken)
    project = _draft(personas)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.project_publish(actor=personas.company_owner, project=project)
    project.refresh_from_db()
    assert project.status == "open"
    assert DBTaskResult.objects.filter(task_path__endswith="index_project_task").exists()


@pytest.mark.postgres
def test_postgres_publish_is_searchable_at_once(personas, client, django_capture_on_commit_callbacks):
    test_a_published_project_is_found_at_once_by_page_and_api(personas, client, django_capture_on_commit_callbacks)
