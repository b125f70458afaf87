from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from stint.core.models import FailedTask
from stint.core.testing.queries import assert_max_queries
from stint.notifications.choices import event_group
from stint.notifications.models import Notification, NotificationPreference
from stint.notifications.services import notification_preferences_update, notify
from stint.notifications.tasks import send_notification_email

pytestmark = pytest.mark.django_db


def notify_and_commit(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return notify(**kwargs)


# --- service and email task ------------------------------------------------------------------


def test_notify_creates_in_app_notification_and_emails_it_through_the_task(
    personas, django_capture_on_commit_callbacks
):
    talent = personas.talent
    notification = notify_and_commit(
        django_capture_on_commit_callbacks,
        user=talent,
        event="application.rejected",
        title="Your application was not selected",
        body="Thanks for applying.",
        url="/applications/1/",
    )
    assert Notification.objects.filter(user=talent, event="application.rejected", read_at__isnull=True).count() == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [talent.email]
    assert "Your application was not selected" in email.subject
    assert "Thanks for applying." in email.body
    assert "Open it: http://127.0.0.1:8000/applications/1/" in email.body
    assert "/notifications/preferences/" in email.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_email_is_not_sent_before_the_transaction_commits(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(user=personas.talent, event="message.received", title="New message")
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_running_the_email_task_twice_sends_one_email(personas):
    notification = Notification.objects.create(user=personas.talent, event="engagement.approved", title="Approved")
    first = send_notification_email.call(str(notification.pk))
    second = send_notification_email.call(str(notification.pk))
    assert (first, second) == ("sent", "already_sent")
    assert len(mail.outbox) == 1


def test_a_run_that_finds_another_sender_holding_the_email_sends_nothing(personas):
    """The outbox row is claimed with a lease: while another worker holds it, a second run waits."""
    from django.utils import timezone

    from stint.notifications.models import OutgoingEmail

    notification = Notification.objects.create(user=personas.talent, event="engagement.approved", title="Approved")
    OutgoingEmail.objects.create(
        dedup_key=f"notification:{notification.pk}",
        to=[personas.talent.email],
        subject="[Stint] Approved",
        body="…",
        status="sending",
        attempts=1,
        lease_expires_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    assert send_notification_email.call(str(notification.pk)) == "in_progress"
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None  # not sent yet, so not marked


def test_preferences_are_honoured_per_event_group(personas, django_capture_on_commit_callbacks):
    talent = personas.talent
    notification_preferences_update(user=talent, email={"application": False})
    notify_and_commit(django_capture_on_commit_callbacks, user=talent, event="application.rejected", title="Rejected")
    notify_and_commit(django_capture_on_commit_callbacks, user=talent, event="offer.made", title="Offer")  # alias
    assert mail.outbox == []
    assert Notification.objects.filter(user=talent).count() == 2  # still in the app
    notify_and_commit(django_capture_on_commit_callbacks, user=talent, event="message.received", title="Hello")
    assert [m.subject for m in mail.outbox] == ["[Stint] Hello"]


def test_email_defaults_to_on_for_every_group(personas):
    from stint.notifications.selectors import notification_preferences_for

    prefs = notification_preferences_for(user=personas.talent)
    assert prefs and all(p.email for p in prefs)


def test_failed_send_releases_the_claim_and_retries_until_sent(personas, monkeypatch, settings):
    settings.TASK_MAX_ATTEMPTS = 3
    settings.TASK_RETRY_BASE_SECONDS = 0  # the ImmediateBackend runs the retry at once: make it due
    notification = Notification.objects.create(user=personas.talent, event="payment.released", title="Paid")
    from django.core.mail import EmailMessage

    calls = {"n": 0}
    real_send = EmailMessage.send

    def flaky_send(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] < 2:
            raise ConnectionError("SMTP down")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky_send)
    result = send_notification_email.enqueue(str(notification.pk))  # ImmediateBackend: retry runs at once
    assert result.status == "FAILED"  # the first attempt failed…
    assert calls["n"] == 2  # …and the retry sent it
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert not FailedTask.objects.exists()


def test_unknown_events_fall_into_the_other_group():
    assert event_group("weird.thing") == "other"
    assert event_group("payout.paid") == "payment"
    assert event_group("application.rejected") == "application"


# --- HTML pages ------------------------------------------------------------------------------


def make(user, n=1, **kw):
    return [
        Notification.objects.create(user=user, event=kw.get("event", "message.received"), title=f"Note {i}")
        for i in range(n)
    ]


def test_notifications_page_lists_my_notifications_with_bounded_queries(client, personas):
    make(personas.talent, 25)
    make(personas.other_talent, 1)
    client.force_login(personas.talent)
    with assert_max_queries(8):
        response = client.get("/notifications/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="notification unread"') == 20
    assert "Page 1 of 2" in html
    assert 'aria-label="Notifications, 25 unread"' in html
    second = client.get("/notifications/?page=2").content.decode()
    assert second.count('class="notification unread"') == 5


def test_anonymous_is_sent_to_login_from_notification_pages(client):
    for url in ("/notifications/", "/notifications/preferences/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_mark_one_read_by_post(client, personas):
    (note,) = make(personas.talent)
    client.force_login(personas.talent)
    assert client.get(f"/notifications/{note.pk}/read/").status_code == 405
    response = client.post(f"/notifications/{note.pk}/read/")
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


def test_mark_one_read_with_htmx_returns_the_list_partial_and_updates_the_badge(client, personas):
    a, _b = make(personas.talent, 2)
    client.force_login(personas.talent)
    response = client.post(f"/notifications/{a.pk}/read/", {"page": "1"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="notification-list"' in html
    assert 'hx-swap-oob="true"' in html and "1 unread" in html


def test_other_users_notification_is_404_in_html(client, personas):
    (note,) = make(personas.other_talent)
    client.force_login(personas.talent)
    assert client.post(f"/notifications/{note.pk}/read/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read(client, personas):
    make(personas.talent, 3)
    (other,) = make(personas.other_talent)
    client.force_login(personas.talent)
    response = client.post("/notifications/read-all/", follow=True)
    assert "Marked 3 notifications as read." in response.content.decode()
    assert not Notification.objects.filter(user=personas.talent, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_preferences_page_saves_choices(client, personas):
    client.force_login(personas.talent)
    page = client.get("/notifications/preferences/").content.decode()
    assert "<legend>Send me an email about</legend>" in page
    # Unticked boxes are absent from the POST: everything but "message" goes off.
    response = client.post("/notifications/preferences/", {"message": "on"})
    assert response.status_code == 302
    prefs = dict(NotificationPreference.objects.filter(user=personas.talent).values_list("group", "email"))
    assert prefs["message"] is True and prefs["application"] is False


# --- API ---------------------------------------------------------------------------------------


def test_api_lists_my_notifications_paginated(api_client_for, personas):
    make(personas.talent, 3)
    make(personas.other_talent, 2)
    response = api_client_for(personas.talent).get("me/notifications", {"page": 1, "page_size": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and len(body["items"]) == 2 and body["unread_count"] == 3
    assert {"id", "event", "title", "body", "url", "created_at", "read_at"} <= body["items"][0].keys()


def test_api_unread_filter_and_read_all(api_client_for, personas):
    notes = make(personas.talent, 3)
    client = api_client_for(personas.talent)
    assert client.post(f"notifications/{notes[0].pk}/read").json()["read_at"] is not None
    assert client.get("me/notifications", {"unread": "true"}).json()["count"] == 2
    assert client.post("me/notifications/read-all").json() == {"marked": 2}
    assert client.get("me/notifications").json()["unread_count"] == 0


def test_api_other_users_notification_is_404(api_client_for, personas):
    (note,) = make(personas.other_talent)
    response = api_client_for(personas.talent).post(f"notifications/{note.pk}/read")
    assert response.status_code == 404
    assert response.json()["code"] == "notification_not_found"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "me/notifications"),
        ("post", "me/notifications/read-all"),
        ("post", "notifications/00000000-0000-0000-0000-000000000000/read"),
        ("get", "me/notification-preferences"),
        ("put", "me/notification-preferences"),
    ],
)
def test_api_anonymous_is_refused(api_client_for, method, path):
    response = getattr(api_client_for(None), method)(path, {"preferences": []} if method == "put" else None)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_api_preferences_get_and_put(api_client_for, personas):
    client = api_client_for(personas.talent)
    before = client.get("me/notification-preferences").json()
    assert {"group": "application", "label": "Applications and offers", "email": True} in before
    response = client.put("me/notification-preferences", {"preferences": [{"group": "payment", "email": False}]})
    assert response.status_code == 200
    assert {p["group"]: p["email"] for p in response.json()}["payment"] is False
    assert {p["group"]: p["email"] for p in response.json()}["application"] is True


def test_api_preferences_reject_unknown_group(api_client_for, personas):
    response = api_client_for(personas.talent).put(
        "me/notification-preferences", {"preferences": [{"group": "nonsense", "email": False}]}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_notification_group"
    assert not NotificationPreference.objects.exists()


def test_header_unread_count_is_one_query(rf, personas):
    from stint.notifications.context_processors import notifications

    make(personas.talent, 2)
    request = rf.get("/")
    request.user = personas.talent
    with assert_max_queries(1):
        context = notifications(request)
    assert context["unread_notifications"] == 2


def test_notification_list_url_names():
    assert reverse("notifications:list") == "/notifications/"
