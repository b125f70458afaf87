"""Messaging in Spanish and French: the inbox, a conversation page and its htmx fragment, errors,
and the notification of a new message, written in the recipient's language (docs/i18n.md)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from stint.applications.tests.factories import ApplicationFactory
from stint.core.testing.i18n import assert_pages_translated, pages_in_languages
from stint.messaging.services import message_post, thread_for_application
from stint.notifications.models import Notification
from stint.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

ALLOW = {"Stint", "Messages", "Notifications", "Portfolio", "Menu", "Pages", "Message", "Email"}


@pytest.fixture
def thread(personas: Any) -> Any:
    project = ProjectFactory(organization=personas.organization, title="Bakery sales analysis")
    application = ApplicationFactory(project=project, talent=personas.talent)
    thread = thread_for_application(application=application)
    message_post(actor=personas.company_owner, thread=thread, body="Could you start on Monday?")
    message_post(actor=personas.talent, thread=thread, body="Yes, Monday works.")
    message_post(actor=personas.company_owner, thread=thread, body="Great, see you then.")
    return thread


def pages(client, url, *, method="get", data=None, **headers):
    return pages_in_languages(client, url, method=method, data=data, **headers)


def assert_translated(html):
    assert_pages_translated(html, allow=ALLOW)


@pytest.mark.parametrize("name", ["talent", "company_owner"])
def test_empty_inbox(client, personas, name):
    client.force_login(getattr(personas, name))
    assert_translated(pages(client, "/messages/"))


@pytest.mark.parametrize("name", ["talent", "company_owner"])
def test_inbox_with_unread_and_own_last_message(client, personas, thread, name):
    client.force_login(getattr(personas, name))
    assert_translated(pages(client, "/messages/"))


@pytest.mark.parametrize("name", ["talent", "company_owner"])
def test_conversation_page(client, personas, thread, name):
    client.force_login(getattr(personas, name))
    assert_translated(pages(client, f"/messages/{thread.pk}/"))


def test_htmx_fragment_with_an_error(client, personas, thread):
    client.force_login(personas.talent)
    html = pages(client, f"/messages/{thread.pk}/", method="post", data={"body": "   "}, HTTP_HX_REQUEST="true")
    assert "Primero escribe un mensaje." in html["es"]
    assert_translated(html)


def test_new_message_notification_is_in_the_recipients_language(personas, thread):
    talent = personas.talent
    talent.language = "fr"
    talent.save()
    owner = personas.company_owner
    owner.language = "es"
    owner.save()
    with translation.override("es"):  # the company owner's request, in Spanish
        message_post(actor=owner, thread=thread, body="¿Listo?")
    latest = Notification.objects.filter(user=talent, event="message.posted").latest("created_at")
    assert latest.title == "Nouveau message de Company Owner à propos de Bakery sales analysis"


def test_api_error_title_is_translated_and_its_code_is_not(api_client_for, personas, thread):
    response = api_client_for(personas.talent).post(
        f"messages/threads/{thread.pk}/messages", {"body": "   "}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    body = response.json()
    assert response.status_code == 422, body
    assert body["code"] == "message_empty"
    assert (body["title"], body["detail"]) == ("Les données ne sont pas valides", "Écrivez d’abord un message.")
