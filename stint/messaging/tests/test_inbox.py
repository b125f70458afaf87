"""The inbox (issue 16): one list of a user's conversations with unread counts, read markers per
participant, the pre-hire thread carried into the engagement, and a Messages entry in the menu."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stint.applications.tests.factories import ApplicationFactory
from stint.engagements.models import Engagement
from stint.messaging import selectors
from stint.messaging.models import Message, Thread, ThreadReadMarker
from stint.messaging.services import message_post, thread_for_application, thread_for_engagement, thread_mark_read
from stint.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(personas: Any) -> Any:
    project = ProjectFactory(organization=personas.organization, title="Bakery sales analysis")
    return ApplicationFactory(project=project, talent=personas.talent)


def hire(application: Any) -> Engagement:
    application.status = "hired"
    application.save(update_fields=["status"])
    project = application.project
    return Engagement.objects.create(
        application=application,
        project=project,
        talent=application.talent,
        status="active",
        fee_minor=project.fee_minor,
        currency=project.currency,
        due_date=project.due_date,
    )


def state() -> tuple[int, int, list[Any]]:
    return (
        Thread.objects.count(),
        Message.objects.count(),
        sorted(ThreadReadMarker.objects.values_list("user_id", "read_until")),
    )


def test_the_pre_hire_thread_carries_on_in_the_engagement(client, personas, application):
    thread = thread_for_application(application=application)
    message_post(actor=personas.company_owner, thread=thread, body="Could you start on Monday?")
    message_post(actor=personas.talent, thread=thread, body="Yes, Monday works.")
    engagement = hire(application)

    assert thread_for_engagement(engagement=engagement).pk == thread.pk
    assert Thread.objects.count() == 1
    thread.refresh_from_db()
    assert thread.engagement_id == engagement.pk
    client.force_login(personas.talent)
    html = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "Could you start on Monday?" in html and "Yes, Monday works." in html
    # New messages notify with a link to the workspace, where the thread now lives.
    message_post(actor=personas.company_owner, thread=thread, body="Welcome aboard")
    assert (
        personas.talent.notifications.order_by("-created_at").first().url == f"/engagements/{engagement.pk}/#messages"
    )


def test_an_engagement_without_earlier_messages_gets_its_applications_thread(personas, application):
    engagement = hire(application)
    thread = thread_for_engagement(engagement=engagement)
    assert (thread.application_id, thread.engagement_id) == (application.pk, engagement.pk)
    assert thread_for_application(application=application).pk == thread.pk


def test_the_migration_merges_an_engagement_thread_into_its_applications_thread(personas, application):
    earlier = Thread.objects.create(application=application)
    Message.objects.create(thread=earlier, author=personas.talent, body="Before the hire")
    engagement = hire(application)
    later = Thread.objects.create(engagement=engagement)
    Message.objects.create(thread=later, author=personas.company_owner, body="After the hire")
    other = hire(ApplicationFactory(project=ProjectFactory(organization=personas.organization)))
    lonely = Thread.objects.create(engagement=other)

    migration = importlib.import_module("stint.messaging.migrations.0002_read_markers_and_one_thread")
    migration.one_thread_per_application(apps, None)

    assert not Thread.objects.filter(pk=later.pk).exists()
    earlier.refresh_from_db()
    assert earlier.engagement_id == engagement.pk
    assert sorted(earlier.messages.values_list("body", flat=True)) == ["After the hire", "Before the hire"]
    lonely.refresh_from_db()
    assert lonely.application_id == other.application_id


def test_unread_counts_are_per_participant_and_follow_read_markers(personas, application):
    thread = thread_for_application(application=application)
    message_post(actor=personas.talent, thread=thread, body="Hello Acme")
    message_post(actor=personas.talent, thread=thread, body="A second question")
    owner, admin, talent = personas.company_owner, personas.company_admin, personas.talent

    assert selectors.unread_message_count(user=owner) == 2
    assert selectors.unread_message_count(user=admin) == 2
    assert selectors.unread_message_count(user=talent) == 0  # their own messages
    thread_mark_read(user=owner, thread=thread)
    assert selectors.unread_message_count(user=owner) == 0
    assert selectors.unread_message_count(user=admin) == 2  # the admin's marker did not move
    message_post(actor=admin, thread=thread, body="Answering for Acme")
    assert selectors.unread_message_count(user=admin) == 0  # answering reads what came before
    assert selectors.unread_message_count(user=owner) == 1
    assert selectors.unread_message_count(user=talent) == 1
    [row] = selectors.thread_list_for_user(user=owner)
    assert (row.unread_count, row.last_body) == (1, "Answering for Acme")


def test_a_read_marker_only_moves_forward(personas, application):
    thread = thread_for_application(application=application)
    message_post(actor=personas.talent, thread=thread, body="First")
    marker = thread_mark_read(user=personas.company_owner, thread=thread)
    assert marker is not None
    newest = marker.read_until
    ThreadReadMarker.objects.filter(pk=marker.pk).update(read_until=newest.replace(year=newest.year + 1))
    thread_mark_read(user=personas.company_owner, thread=thread)
    marker.refresh_from_db()
    assert marker.read_until.year == newest.year + 1
    assert ThreadReadMarker.objects.filter(user=personas.company_owner).count() == 1


def test_the_inbox_api_lists_threads_with_unread_counts_and_marks_read(api_client_for, personas, application):
    thread = thread_for_application(application=application)
    message_post(actor=personas.company_owner, thread=thread, body="When can you start?")
    talent = api_client_for(personas.talent)

    page = talent.get("messages/threads").json()
    assert page["count"] == 1 and page["unread_count"] == 1
    [item] = page["items"]
    assert item["id"] == str(thread.pk) and item["unread_count"] == 1 and item["side"] == "talent"
    assert item["counterpart"] == personas.organization.name
    assert item["project"]["title"] == "Bakery sales analysis"
    assert item["last_message"]["body"] == "When can you start?"
    messages = talent.get(f"messages/threads/{thread.pk}/messages").json()
    assert [m["body"] for m in messages["items"]] == ["When can you start?"]
    assert talent.get("messages/threads").json()["unread_count"] == 1  # reading the list is not reading

    response = talent.post(f"messages/threads/{thread.pk}/read")
    assert response.status_code == 200 and response.json()["unread_count"] == 0
    assert talent.get("messages/threads").json()["unread_count"] == 0
    posted = talent.post(f"messages/threads/{thread.pk}/messages", {"body": "Monday"})
    assert posted.status_code == 201
    assert api_client_for(personas.company_owner).get("messages/threads").json()["unread_count"] == 1


def test_empty_threads_are_not_listed(api_client_for, personas, application):
    thread_for_application(application=application)
    assert api_client_for(personas.talent).get("messages/threads").json() == {
        "items": [],
        "count": 0,
        "unread_count": 0,
    }


@pytest.mark.parametrize("persona", ["other_talent", "other_company_member", "staff"])
def test_outsiders_get_404_and_nothing_changes(api_client_for, client, personas, application, persona):
    thread = thread_for_application(application=application)
    message_post(actor=personas.talent, thread=thread, body="Private")
    outsider = getattr(personas, persona)
    api = api_client_for(outsider)
    before = state()
    assert api.get(f"messages/threads/{thread.pk}/messages").status_code == 404
    assert api.post(f"messages/threads/{thread.pk}/messages", {"body": "Hi"}).status_code == 404
    assert api.post(f"messages/threads/{thread.pk}/read").status_code == 404
    assert api.get("messages/threads").json()["count"] == 0
    client.force_login(outsider)
    assert client.get(f"/messages/{thread.pk}/").status_code == 404
    assert client.post(f"/messages/{thread.pk}/", {"body": "Hi"}).status_code == 404
    assert "Private" not in client.get("/messages/").content.decode()
    assert state() == before


def test_anonymous_is_sent_to_sign_in_and_nothing_changes(client, personas, application):
    thread = thread_for_application(application=application)
    message_post(actor=personas.talent, thread=thread, body="Private")
    before = state()
    for response in (client.get("/messages/"), client.get(f"/messages/{thread.pk}/")):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(f"/messages/{thread.pk}/", {"body": "Hi"}).status_code == 302
    assert state() == before


def test_the_inbox_page_the_thread_page_and_the_menu(client, personas, application):
    thread = thread_for_application(application=application)
    message_post(actor=personas.company_owner, thread=thread, body="When can you start?")
    client.force_login(personas.talent)

    home = client.get("/").content.decode()
    assert 'href="/messages/" aria-label="Messages, 1 unread"' in home
    inbox = client.get("/messages/").content.decode()
    assert f'href="/messages/{thread.pk}/"' in inbox and "Bakery sales analysis" in inbox
    assert "1 unread" in inbox and "When can you start?" in inbox

    page = client.get(f"/messages/{thread.pk}/").content.decode()
    assert "When can you start?" in page and f"/applications/{application.pk}/#messages" in page
    assert 'aria-label="Messages, 0 unread"' in client.get("/").content.decode()

    response = client.post(f"/messages/{thread.pk}/?from=inbox", {"body": "Monday"})
    assert response.status_code == 302 and response["Location"] == f"/messages/{thread.pk}/"
    assert thread.messages.filter(author=personas.talent, body="Monday").exists()


def test_the_application_page_marks_the_thread_read(client, personas, application):
    thread = thread_for_application(application=application)
    message_post(actor=personas.talent, thread=thread, body="Hello")
    client.force_login(personas.company_owner)
    assert selectors.unread_message_count(user=personas.company_owner) == 1
    assert "Hello" in client.get(f"/applications/{application.pk}/").content.decode()
    assert selectors.unread_message_count(user=personas.company_owner) == 0


@pytest.mark.parametrize(("reader", "writer"), [("talent", "company_owner"), ("company_owner", "talent")])
def test_the_inbox_runs_as_many_queries_for_6_threads_as_for_1(
    client, api_client_for, personas, reader, writer, django_assert_num_queries
):
    def add_thread(n: int) -> None:
        app = ApplicationFactory(project=ProjectFactory(organization=personas.organization), talent=personas.talent)
        message_post(actor=getattr(personas, writer), thread=thread_for_application(application=app), body=f"Hi {n}")

    user = getattr(personas, reader)
    client.force_login(user)
    api = api_client_for(user)
    add_thread(0)
    client.get("/messages/")  # warm up: the token's first use is stamped, the session loaded
    api.get("messages/threads")
    with CaptureQueriesContext(connection) as one:
        client.get("/messages/")
        api.get("messages/threads")
    for n in range(1, 6):
        add_thread(n)
    with django_assert_num_queries(len(one.captured_queries)):
        html = client.get("/messages/").content.decode()
        assert api.get("messages/threads").json()["count"] == 6
    assert html.count('class="inbox-thread unread"') == 6
