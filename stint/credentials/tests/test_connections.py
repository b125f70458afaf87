"""Connections (issue 12): approval connects the talent and the supervising member; they message
each other on their own thread; the supervisor becomes a reference with both consents."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from stint.credentials.models import Reference
from stint.credentials.services import portfolio_for_user
from stint.credentials.tests.conftest import approved_engagement
from stint.messaging.connections import connection_ensure_for_engagement
from stint.messaging.models import Connection, Message
from stint.notifications.models import Notification
from stint.payments.tests.factories import engagement_for, funded_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def connection(approved: Any, personas: Any) -> Connection:
    return Connection.objects.get(talent=personas.talent)


def browser(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_approval_connects_the_talent_and_the_member_who_approved(approved: Any, personas: Any) -> None:
    connection = Connection.objects.get(talent=personas.talent)
    assert connection.supervisor == personas.company_owner and connection.engagement == approved
    assert connection.thread is not None
    assert connection_ensure_for_engagement(engagement=approved) == connection  # exactly once
    assert Connection.objects.count() == 1


def test_an_engagement_not_approved_connects_nobody(personas: Any) -> None:
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    engagement = engagement_for(project, talent=personas.talent)
    assert connection_ensure_for_engagement(engagement=engagement) is None
    assert not Connection.objects.exists()


def test_only_the_two_people_read_and_write_the_connection_thread(
    connection: Connection, personas: Any, api_client_for: Any
) -> None:
    thread_id = connection.thread.pk
    sent = api_client_for(personas.talent).post(f"messages/threads/{thread_id}/messages", {"body": "Coffee next week?"})
    assert sent.status_code == 201, sent.content
    assert Notification.objects.filter(user=personas.company_owner, event="message.posted").exists()
    reply = api_client_for(personas.company_owner).post(f"messages/threads/{thread_id}/messages", {"body": "Gladly"})
    assert reply.status_code == 201
    count = Message.objects.count()
    for outsider in ("company_admin", "company_member", "other_talent", "other_company_member", "advisor"):
        client = api_client_for(getattr(personas, outsider))
        assert client.get(f"messages/threads/{thread_id}/messages").status_code == 404, outsider
        assert client.post(f"messages/threads/{thread_id}/messages", {"body": "hi"}).status_code == 404, outsider
        assert browser(getattr(personas, outsider)).get(f"/messages/{thread_id}/").status_code == 404
    assert Message.objects.count() == count
    inbox = api_client_for(personas.company_owner).get("messages/threads").json()["items"]
    mine = [t for t in inbox if t["id"] == str(thread_id)]
    assert mine and mine[0]["counterpart"] == personas.talent.name and mine[0]["url"] == f"/messages/{thread_id}/"
    assert browser(personas.talent).get(f"/messages/{thread_id}/").status_code == 200


def test_the_reference_needs_both_consents_and_either_may_withdraw(
    connection: Connection, personas: Any, api_client_for: Any
) -> None:
    portfolio = portfolio_for_user(user=personas.talent)
    portfolio.slug, portfolio.published = "talent-p", True
    portfolio.save()
    talent, owner = api_client_for(personas.talent), api_client_for(personas.company_owner)
    [item] = talent.get("me/connections").json()
    assert item["side"] == "talent" and item["reference"] == "none" and item["thread_id"] == str(connection.thread.pk)
    assert talent.post(f"connections/{connection.pk}/reference", {}).json()["reference"] == "asked"
    assert owner.get("me/connections").json()[0]["reference"] == "asked_of_you"
    assert personas.company_owner.name not in Client().get("/portfolio/talent-p/").content.decode()
    agreed = owner.post(f"connections/{connection.pk}/reference", {"note": "Careful, clear writer."}).json()
    assert agreed["reference"] == "listed"
    page = Client().get("/portfolio/talent-p/").content.decode()
    assert personas.company_owner.name in page and "Careful, clear writer." in page
    assert personas.company_owner.email not in page
    assert owner.post(f"connections/{connection.pk}/reference/withdraw").json()["reference"] == "asked_of_you"
    assert personas.company_owner.name not in Client().get("/portfolio/talent-p/").content.decode()


def test_outsiders_get_404_and_change_nothing(connection: Connection, personas: Any, api_client_for: Any) -> None:
    for outsider in ("company_admin", "other_talent", "other_company_member", "advisor", "staff"):
        client = api_client_for(getattr(personas, outsider))
        assert client.post(f"connections/{connection.pk}/reference", {}).status_code == 404
        assert client.post(f"connections/{connection.pk}/reference/withdraw").status_code == 404
        assert client.get("me/connections").json() == []
        page = browser(getattr(personas, outsider))
        assert page.post(f"/connections/{connection.pk}/reference/give/").status_code == 404
    assert not Reference.objects.exists()


def test_the_pages_link_the_connection(connection: Connection, personas: Any, approved: Any) -> None:
    thread_url = f"/messages/{connection.thread.pk}/"
    assert thread_url in browser(personas.talent).get(f"/engagements/{approved.pk}/").content.decode()
    assert thread_url in browser(personas.company_owner).get(f"/engagements/{approved.pk}/").content.decode()
    assert thread_url not in browser(personas.company_admin).get(f"/engagements/{approved.pk}/").content.decode()
    pool = browser(personas.company_owner).get(f"/pool/{personas.organization.pk}/").content.decode()
    assert thread_url in pool and f"/credentials/{approved.credential.pk}/" in pool
    page = browser(personas.talent).get("/connections/").content.decode()
    assert thread_url in page and "Ask to list as a reference" in page
    assert "/connections/" in browser(personas.talent).get("/portfolio/settings/").content.decode()
    response = browser(personas.company_owner).post(
        f"/connections/{connection.pk}/reference/give/", {"note": "Happy to vouch"}
    )
    assert response.status_code == 302
    assert Reference.objects.get(connection=connection).note == "Happy to vouch"


def test_a_second_engagement_with_the_same_supervisor_keeps_one_connection(
    approved: Any, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    approved_engagement(personas, django_capture_on_commit_callbacks, title="Second survey")
    assert Connection.objects.filter(talent=personas.talent).count() == 1


def test_a_connection_whose_other_person_left_disappears(
    connection: Connection, personas: Any, api_client_for: Any
) -> None:
    client = api_client_for(personas.talent)
    assert len(client.get("me/connections").json()) == 1
    type(personas.company_owner).objects.filter(pk=personas.company_owner.pk).update(is_active=False)
    assert client.get("me/connections").json() == []
    assert client.post(f"connections/{connection.pk}/reference", {}).status_code == 404


def test_the_pool_api_lists_the_credentials_the_organization_issued(
    approved: Any, personas: Any, api_client_for: Any
) -> None:
    """The page and `GET /organizations/{id}/pool` show the same credential (one selector); another
    organization's pool has none of it."""
    body = api_client_for(personas.company_member).get(f"organizations/{personas.organization.pk}/pool").json()
    entry = next(e for e in body if e["talent_id"] == str(personas.talent.pk))
    assert [c["title"] for c in entry["credentials"]] == [approved.project.title]
    assert entry["credentials"][0]["url"].endswith(f"/credentials/{approved.credential.pk}/")
    page = browser(personas.company_member).get(f"/pool/{personas.organization.pk}/").content.decode()
    assert entry["credentials"][0]["url"] in page
    other = api_client_for(personas.other_company_member)
    others = other.get(f"organizations/{personas.other_organization.pk}/pool").json()
    assert all(e["credentials"] == [] for e in others)
