"""Engagement threads: created once by ``thread_for_engagement``, shown in the workspace, their
notifications and the no-JS redirect pointing back to ``/engagements/<id>/#messages``."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import IntegrityError

from stint.core.errors import NotFound, ValidationFailed
from stint.messaging import services
from stint.messaging.models import Message, Thread
from stint.messaging.services import message_post, thread_for_application, thread_for_engagement, thread_url
from stint.messaging.views import thread_back_url
from stint.notifications.models import Notification
from stint.payments.tests.factories import engagement_for, funded_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(personas):
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    return engagement_for(project, talent=personas.talent)


def test_the_thread_is_created_once(engagement):
    first = thread_for_engagement(engagement=engagement)
    again = thread_for_engagement(engagement=engagement)
    assert first.pk == again.pk
    assert Thread.objects.filter(engagement=engagement).count() == 1


def test_a_concurrent_creation_returns_the_winners_thread(engagement):
    """The insert loses to a concurrent request (unique engagement): the winner's row is returned."""
    winner = Thread.objects.create(engagement=engagement)

    def lose(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    empty = mock.Mock()
    empty.first.return_value = None
    with (
        mock.patch.object(Thread.objects, "filter", return_value=empty),
        mock.patch.object(Thread.objects, "create", side_effect=lose),
    ):
        thread = thread_for_engagement(engagement=engagement)
    assert thread.pk == winner.pk


def test_the_workspace_shows_the_same_thread(client, personas, engagement):
    thread = thread_for_engagement(engagement=engagement)
    message_post(actor=personas.talent, thread=thread, body="Hello from the workspace")
    client.force_login(personas.company_owner)
    html = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "Hello from the workspace" in html
    assert f'action="/messages/{thread.pk}/"' in html
    assert Thread.objects.filter(engagement=engagement).count() == 1


def test_the_talents_message_notifies_the_company_with_a_link_to_the_workspace(personas, engagement):
    members = (personas.company_owner, personas.company_admin, personas.company_member)
    assert personas.other_company_member
    thread = thread_for_engagement(engagement=engagement)
    message_post(actor=personas.talent, thread=thread, body="Draft is ready")
    url = f"/engagements/{engagement.pk}/#messages"
    for member in members:
        note = Notification.objects.get(user=member, event="message.posted")
        assert note.url == url
    assert not Notification.objects.filter(user=personas.talent, event="message.posted").exists()
    assert not Notification.objects.filter(user=personas.other_company_member).exists()


def test_the_companys_message_notifies_the_talent_with_a_link_to_the_workspace(personas, engagement):
    assert personas.company_owner and personas.company_member
    thread = thread_for_engagement(engagement=engagement)
    message_post(actor=personas.company_member, thread=thread, body="Thanks, reviewing today")
    note = Notification.objects.get(user=personas.talent, event="message.posted")
    assert note.url == f"/engagements/{engagement.pk}/#messages"
    assert not Notification.objects.filter(user=personas.company_owner, event="message.posted").exists()


def test_application_threads_still_link_to_the_application(personas, engagement):
    thread = thread_for_application(application=engagement.application)
    assert thread_url(thread) == f"/applications/{engagement.application_id}/#messages"
    assert thread_back_url(thread) == f"/applications/{engagement.application_id}/#messages"
    message_post(actor=personas.talent, thread=thread, body="About my application")
    note = Notification.objects.get(user=personas.company_owner, event="message.posted")
    assert note.url == f"/applications/{engagement.application_id}/#messages"


def test_engagement_threads_go_back_to_the_workspace(engagement):
    thread = thread_for_engagement(engagement=engagement)
    assert thread_back_url(thread) == f"/engagements/{engagement.pk}/#messages"
    assert services.thread_url(thread) == f"/engagements/{engagement.pk}/#messages"


@pytest.mark.parametrize("name", ["talent", "company_member"])
def test_posting_without_js_redirects_to_the_workspace(client, personas, engagement, name):
    thread = thread_for_engagement(engagement=engagement)
    client.force_login(getattr(personas, name))
    response = client.post(f"/messages/{thread.pk}/", {"body": "Plain form post"})
    assert response.status_code == 302
    assert response["Location"] == f"/engagements/{engagement.pk}/#messages"
    assert Message.objects.filter(thread=thread, body="Plain form post").exists()


def test_an_empty_message_redirects_back_with_an_error(client, personas, engagement):
    thread = thread_for_engagement(engagement=engagement)
    client.force_login(personas.talent)
    response = client.post(f"/messages/{thread.pk}/", {"body": "   "}, follow=True)
    assert response.redirect_chain[-1][0] == f"/engagements/{engagement.pk}/#messages"
    assert "Write a message first." in response.content.decode()
    assert not Message.objects.filter(thread=thread).exists()
    with pytest.raises(ValidationFailed) as exc:
        message_post(actor=personas.talent, thread=thread, body="")
    assert exc.value.code == "message_empty"


def test_posting_with_htmx_returns_the_thread(client, personas, engagement):
    thread = thread_for_engagement(engagement=engagement)
    client.force_login(personas.talent)
    response = client.post(f"/messages/{thread.pk}/", {"body": "Via htmx"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="messages"' in html and "Via htmx" in html


@pytest.mark.parametrize("name", ["other_company_member", "other_talent", "advisor", "staff"])
def test_outsiders_get_404_on_an_engagement_thread(client, personas, engagement, name):
    thread = thread_for_engagement(engagement=engagement)
    user = getattr(personas, name)
    client.force_login(user)
    assert client.post(f"/messages/{thread.pk}/", {"body": "Let me in"}).status_code == 404
    with pytest.raises(NotFound):
        message_post(actor=user, thread=thread, body="Let me in")
    assert not Message.objects.filter(thread=thread).exists()


def test_anonymous_is_sent_to_log_in(client, engagement):
    thread = thread_for_engagement(engagement=engagement)
    response = client.post(f"/messages/{thread.pk}/", {"body": "Hi"})
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not Message.objects.filter(thread=thread).exists()
