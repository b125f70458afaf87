from __future__ import annotations

import pytest

from stint.accounts.models import User
from stint.core.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signup_then_login_in_the_browser_passes_axe(page):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Sign up").first.click()
    assert_accessible(page)
    page.get_by_label("Your name").fill("Ada Student")
    page.get_by_label("Email").fill("ada@example.test")
    page.get_by_label("Talent (student or recent graduate)").check()
    page.get_by_label("Password:", exact=True).fill("a-long-enough-passphrase-42")
    page.get_by_label("Password (again):").fill("a-long-enough-passphrase-42")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/")
    user = User.objects.get(email="ada@example.test")
    assert user.role == "talent" and user.name == "Ada Student"
    assert page.get_by_role("button", name="Log out").is_visible()
    assert page.get_by_role("link", name="My applications").is_visible()

    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Log in").is_visible()
    page.get_by_role("link", name="Log in").click()
    assert_accessible(page)
    page.get_by_label("Email").fill("ada@example.test")
    page.get_by_label("Password:", exact=True).fill("a-long-enough-passphrase-42")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Welcome, Ada").is_visible()
    assert_accessible(page)
