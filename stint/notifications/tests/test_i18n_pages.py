"""Notifications in Spanish and French: the list (and its htmx fragment), the email preferences,
and the email itself, written in the recipient's language whoever caused it (docs/i18n.md)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import translation

from stint.core.testing.i18n import assert_pages_translated, pages_in_languages
from stint.notifications.models import Notification
from stint.notifications.services import notify
from stint.notifications.tasks import send_notification_email

pytestmark = pytest.mark.django_db

ALLOW = {"Stint", "Messages", "Notifications", "Portfolio", "Menu", "Pages", "Email"}


def pages(client, url, *, method="get", data=None, **headers):
    return pages_in_languages(client, url, method=method, data=data, **headers)


def assert_translated(html):
    assert_pages_translated(html, allow=ALLOW)


@pytest.fixture
def some_notifications(personas):
    user = personas.talent
    for index in range(25):  # more than a page: the pagination shows
        notify(user=user, event="application.rejected", title=f"Update number {index}", url="/applications/")
    notify(user=user, event="project.closed", title="No link here", body="A body\nover two lines")
    Notification.objects.filter(title="Update number 3").update(read_at="2026-01-01T00:00Z")
    return user


@pytest.mark.parametrize("name", ["talent", "company_owner", "advisor"])
def test_empty_list_and_preferences(client, personas, name):
    client.force_login(getattr(personas, name))
    assert_translated(pages(client, "/notifications/"))
    assert_translated(pages(client, "/notifications/preferences/"))


def test_full_list_with_pagination(client, some_notifications):
    client.force_login(some_notifications)
    assert_translated(pages(client, "/notifications/"))
    assert_translated(pages(client, "/notifications/?page=2"))


def test_htmx_fragment_after_marking_all_read(client, some_notifications):
    client.force_login(some_notifications)
    html = pages(client, "/notifications/read-all/", method="post", data={"page": "1"}, HTTP_HX_REQUEST="true")
    assert 'id="notification-list"' in html["fr"]
    assert_translated(html)


def test_mark_all_read_message_is_translated(client, some_notifications):
    client.force_login(some_notifications)
    response = client.post("/notifications/read-all/", HTTP_ACCEPT_LANGUAGE="fr", follow=True)
    assert "notifications marquées comme lues." in response.content.decode()


def test_preferences_saved_message_is_translated(client, personas):
    client.force_login(personas.talent)
    response = client.post("/notifications/preferences/", {"message": "on"}, HTTP_ACCEPT_LANGUAGE="es", follow=True)
    assert "Tus preferencias de correo se han guardado." in response.content.decode()


def test_email_is_written_in_the_recipients_language_not_the_requesters(personas):
    recipient = personas.talent
    recipient.language = "fr"
    recipient.save()
    with translation.override("es"):  # the person whose request caused it reads Spanish
        notification = notify(user=recipient, event="message.posted", title="Nouveau message", url="/messages/")
        send_notification_email.call(str(notification.pk))
    email = mail.outbox[-1]
    assert email.subject == "[Stint] Nouveau message"
    assert "Bonjour Talent," in email.body
    assert "Ouvrez-la : http" in email.body
    assert "« Nouveaux messages »" in email.body
    assert "Choisissez les notifications que vous recevez par e-mail" in email.body


def test_email_of_a_user_without_a_language_is_in_english(personas):
    with translation.override("fr"):
        notification = notify(user=personas.talent, event="message.posted", title="New message")
        send_notification_email.call(str(notification.pk))
    assert "Hello Talent," in mail.outbox[-1].body


def test_unknown_group_problem_is_translated_and_its_code_is_not(api_client_for, personas):
    response = api_client_for(personas.talent).put(
        "me/notification-preferences", {"preferences": [{"group": "nope", "email": True}]}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    body = response.json()
    assert response.status_code == 422
    assert body["code"] == "unknown_notification_group"
    assert body["title"] == "Les données ne sont pas valides"
    assert body["detail"].startswith("Groupe de notifications inconnu")
