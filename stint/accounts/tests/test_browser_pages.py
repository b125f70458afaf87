from __future__ import annotations

import re

import pytest
from django.core import mail

from stint.core.testing.browser import assert_accessible
from stint.notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_signup_and_password_reset_pages_pass_axe(page, personas):
    user = personas.talent
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.goto("/accounts/signup/")
    assert page.get_by_role("group", name="I am joining as").is_visible()
    assert_accessible(page)

    page.goto("/accounts/password/reset/")
    assert_accessible(page)
    page.get_by_label("Email").fill(user.email)
    page.get_by_role("button", name="Reset My Password").click()
    page.wait_for_url("**/password/reset/done/")
    assert_accessible(page)
    found = re.search(r"https?://\S+", str(mail.outbox[0].body))
    assert found, "no link in the e-mail"
    link = found.group(0)
    page.goto(link.replace("http://testserver", ""))
    assert_accessible(page)
    page.get_by_label("New Password:", exact=True).fill("a-fresh-passphrase-for-2026")
    page.get_by_label("New Password (again):").fill("a-fresh-passphrase-for-2026")
    page.get_by_role("button", name="Change Password").click()
    page.wait_for_load_state()
    assert_accessible(page)
    user.refresh_from_db()
    assert user.check_password("a-fresh-passphrase-for-2026")


def test_notifications_pages_pass_axe_and_mark_read_with_htmx(page, login, personas):
    user = personas.talent
    for i in range(3):
        Notification.objects.create(user=user, event="message.received", title=f"Message {i}", body="Hello")
    login(user)
    page.goto("/notifications/")
    assert page.get_by_role("link", name="Notifications, 3 unread").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark as read: Message 2").click()
    page.get_by_role("link", name="Notifications, 2 unread").wait_for()
    assert page.url.endswith("/notifications/")  # swapped in place by htmx
    assert Notification.objects.filter(user=user, read_at__isnull=True).count() == 2
    page.get_by_role("button", name="Mark all as read").click()
    page.get_by_role("link", name="Notifications, 0 unread").wait_for()
    assert_accessible(page)

    page.goto("/notifications/preferences/")
    assert_accessible(page)
    page.get_by_label("New messages").uncheck()
    page.get_by_role("button", name="Save preferences").click()
    page.get_by_text("Your email preferences are saved.").wait_for()
    assert not page.get_by_label("New messages").is_checked()


def test_account_and_token_pages_pass_axe(page, login, personas):
    login(personas.company_owner)
    page.goto("/me/")
    assert_accessible(page)
    page.get_by_role("link", name="API tokens").click()
    assert_accessible(page)
    page.get_by_label("Token name").fill("CI script")
    page.get_by_role("button", name="Create token").click()
    secret = page.locator("#new-token-secret").inner_text()
    assert secret.startswith("stint_")
    assert_accessible(page)
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke CI script").click()
    page.get_by_text("is revoked").wait_for()
    page.goto("/accounts/2fa/")
    assert_accessible(page)
