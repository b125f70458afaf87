from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from stint.matching.models import SavedSearch
from stint.matching.services import saved_search_create, saved_search_send_digest, send_due_digests
from stint.matching.tasks import send_saved_search_digests
from stint.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_talent_saves_lists_and_deletes_a_search_through_the_api(personas, api_client_for):
    client = api_client_for(personas.talent)
    response = client.post(
        "me/saved-searches", {"name": "Python gigs", "frequency": "daily", "params": {"q": "python", "max_hours": 20}}
    )
    assert response.status_code == 201, response.content
    saved_id = response.json()["id"]
    assert response.json()["params"] == {"q": "python", "max_hours": "20"}
    listing = client.get("me/saved-searches").json()
    assert listing["count"] == 1 and listing["items"][0]["id"] == saved_id
    assert client.delete(f"me/saved-searches/{saved_id}").status_code == 204
    assert not SavedSearch.objects.exists()


def test_saved_search_validation_errors(personas, api_client_for):
    client = api_client_for(personas.talent)
    response = client.post("me/saved-searches", {"name": "x", "frequency": "hourly"})
    assert response.status_code == 422 and response.json()["code"] == "invalid_frequency"
    response = client.post("me/saved-searches", {"name": "x", "params": {"timezone": "Nowhere/Land"}})
    assert response.status_code == 422 and response.json()["code"] == "invalid_search_parameters"
    response = client.post("me/saved-searches", {"name": "  "})
    assert response.status_code == 422 and response.json()["code"] == "name_required"


def test_anonymous_cannot_use_saved_searches(api_client_for):
    client = api_client_for(None)
    assert client.get("me/saved-searches").status_code == 401
    assert client.post("me/saved-searches", {"name": "x"}).status_code == 401


def test_another_users_saved_search_is_a_404_and_is_not_listed(personas, api_client_for):
    saved = saved_search_create(user=personas.talent, name="Mine", params={"q": "python"}, frequency="weekly")
    other = api_client_for(personas.other_talent)
    assert other.get("me/saved-searches").json()["count"] == 0
    response = other.delete(f"me/saved-searches/{saved.pk}")
    assert response.status_code == 404
    assert SavedSearch.objects.filter(pk=saved.pk).exists()


def test_saved_searches_page_lists_creates_and_deletes(personas, client):
    client.force_login(personas.talent)
    response = client.post(
        "/search/saved/", {"name": "Design", "frequency": "weekly", "query": "q=logo&category=design"}
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=personas.talent)
    assert saved.params == {"q": "logo", "category": "design"}
    html = client.get("/search/saved/").content.decode()
    assert "Design" in html and "q=logo" in html
    response = client.post(f"/search/saved/{saved.pk}/delete")
    assert response.status_code == 302
    assert not SavedSearch.objects.exists()


def test_saved_searches_page_refuses_others_and_anonymous(personas, client):
    saved = saved_search_create(user=personas.talent, name="Mine", params={}, frequency="weekly")
    response = client.get("/search/saved/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(personas.other_talent)
    assert client.post(f"/search/saved/{saved.pk}/delete").status_code == 404
    assert SavedSearch.objects.filter(pk=saved.pk).exists()


def test_digest_emails_new_matching_projects_once_per_period(personas, catalogue, django_capture_on_commit_callbacks):
    saved = saved_search_create(user=personas.talent, name="Python", params={"q": "python"}, frequency="daily")
    SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=timezone.now() - datetime.timedelta(days=2))
    # Published since the last digest: the catalogue's dashboard (1 day ago) matches; churn (3 days) is old.
    with django_capture_on_commit_callbacks(execute=True):
        sent = saved_search_send_digest(saved_search_id=saved.pk)
    assert sent == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [personas.talent.email]
    assert "Sales dashboard in Python" in message.body
    assert "Customer churn analysis" not in message.body
    # Running again in the same period sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert saved_search_send_digest(saved_search_id=saved.pk) == 0
        send_saved_search_digests.enqueue()
    assert len(mail.outbox) == 1


def test_digest_claim_is_a_conditional_update(personas, catalogue):
    saved = saved_search_create(user=personas.talent, name="Python", params={"q": "python"}, frequency="weekly")
    stale = timezone.now() - datetime.timedelta(days=8)
    SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=stale)
    # Another runner claimed it between our read and our update: last_sent_at moved on.
    SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=stale + datetime.timedelta(seconds=1))
    now = timezone.now()
    assert SavedSearch.objects.filter(pk=saved.pk, last_sent_at=stale).update(last_sent_at=now) == 0


def test_no_email_when_nothing_new_matches(personas, catalogue, django_capture_on_commit_callbacks):
    saved = saved_search_create(user=personas.talent, name="Zeppelin", params={"q": "zeppelin"}, frequency="daily")
    SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_digests() == 0
    assert mail.outbox == []
    saved.refresh_from_db()
    assert saved.last_sent_at > timezone.now() - datetime.timedelta(minutes=1)


def test_a_project_published_after_saving_is_in_the_next_digest(
    personas, catalogue, django_capture_on_commit_callbacks
):
    saved_search_create(user=personas.talent, name="Zeppelin", params={"q": "zeppelin"}, frequency="weekly")
    with django_capture_on_commit_callbacks(execute=True):
        ProjectFactory(title="Zeppelin photo essay", category=catalogue.research)
    later = timezone.now() + datetime.timedelta(days=7, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_digests(now=later) == 1
    assert "Zeppelin photo essay" in mail.outbox[0].body
