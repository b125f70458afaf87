"""Every page of accounts and core (home, account, tokens, preferences, sign-in and sign-up, the
staff two-factor page, 403 and 404) in Spanish and French: the WHOLE page, with the shared header,
navigation and footer, shows no English left untranslated (docs/i18n.md, "Tests")."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from stint.core.problem import error_to_problem
from stint.core.ratelimit import _too_many
from stint.core.testing.factories import StaffFactory
from stint.core.testing.i18n import database_texts, main_html, untranslated

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = ("es", "fr")
# Same word in English and the other language (checked by hand, not sentences).
ALLOW = {"Stint", "Messages", "Notifications", "Portfolio", "Menu", "Pages", "Page", "Message", "Code", "Email"}


def without_main(html: str) -> str:
    """The page chrome only: header, navigation and footer, without the ``<main>`` element."""
    return re.sub(r"<main\b.*?</main>", "", html, flags=re.DOTALL | re.IGNORECASE)


def get(client, url, language, status=200):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == status, (url, language, response.status_code)
    html = response.content.decode()
    assert f'<html lang="{language}" dir="ltr">' in html
    return html


def assert_translated(client, url, *, status=200, part=lambda html: html):
    english = get(client, url, "en", status)
    for language in OTHER_LANGUAGES:
        other = get(client, url, language, status)
        assert untranslated(part(english), part(other), data=database_texts(), allow=ALLOW) == [], (url, language)


def persona(personas, name):
    return None if name == "anonymous" else getattr(personas, name)


# --- pages whose every text is ours --------------------------------------------------------------


@pytest.fixture
def no_staff_mfa(monkeypatch):
    """Staff pages without setting up an authenticator (its own page is tested below)."""
    from stint.accounts.middleware import StaffMfaMiddleware

    monkeypatch.setattr(StaffMfaMiddleware, "_refusal", lambda self, request: None)


@pytest.mark.parametrize("name", ["anonymous", "company_owner", "advisor", "staff"])
def test_home_page(client, personas, no_staff_mfa, name):
    user = persona(personas, name)
    if user is not None:
        client.force_login(user)
    assert_translated(client, "/")


@pytest.mark.parametrize("name", ["talent", "company_owner", "advisor", "staff"])
@pytest.mark.parametrize("url", ["/me/", "/me/tokens/", "/me/preferences/"])
def test_account_pages(client, personas, no_staff_mfa, name, url):
    client.force_login(persona(personas, name))
    assert_translated(client, url)


def test_tokens_page_with_a_token_and_a_new_secret(client, personas):
    from stint.accounts.services import token_issue

    user = personas.talent
    token_issue(user=user, name="laptop")
    client.force_login(user)
    english = client.post("/me/tokens/", {"name": "ci"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for language in OTHER_LANGUAGES:
        other = client.post("/me/tokens/", {"name": "ci"}, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert untranslated(english, other, data=database_texts(), allow=ALLOW) == [], language


def test_preferences_page_with_errors(client, personas):
    client.force_login(personas.talent)
    data = {"language": "fr", "time_zone": "Europe/Nowhere", "currency": "EUR"}
    english = client.post("/me/preferences/", data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for language in OTHER_LANGUAGES:
        other = client.post("/me/preferences/", data, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert untranslated(english, other, data=database_texts(), allow=ALLOW) == [], language


def test_staff_two_factor_page(client):
    client.force_login(StaffFactory(totp=False))
    assert_translated(client, "/me/two-factor-required/", status=403)


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"])
def test_sign_in_and_sign_up(client, url):
    assert_translated(client, url)


@pytest.mark.parametrize("name", ["anonymous", "talent", "company_owner"])
def test_404_page(client, personas, name):
    user = persona(personas, name)
    if user is not None:
        client.force_login(user)
    assert_translated(client, "/no-such-page/", status=404)


def test_403_page(client, personas):
    client.force_login(personas.talent)  # not staff: the admin's login answers 403
    assert_translated(client, "/admin/login/", status=403)


# --- the talent's home: other apps' panels are theirs; the chrome and our texts are checked ------


def test_talent_home_page_chrome_and_greeting(client, personas):
    client.force_login(personas.talent)
    assert_translated(client, "/", part=without_main)
    french = main_html(get(client, "/", "fr"))
    assert "Projets recommandés pour vous" in french and "Parcourir les projets ouverts" in french


# --- problems: the title follows the language, the code never does ----------------------------


@pytest.mark.parametrize(("language", "title"), [("en", "Not found"), ("es", "No encontrado"), ("fr", "Introuvable")])
def test_api_problem_title_is_translated_and_its_code_is_not(client, language, title):
    response = client.get("/api/v1/no-such-endpoint", HTTP_ACCEPT_LANGUAGE=language)
    body = response.json()
    assert response.status_code == 404
    assert (body["code"], body["title"]) == ("not_found", title)


def test_rate_limit_problem_is_translated(api_client_for):
    with translation.override("es"):
        body = error_to_problem(None, _too_many(60)).content.decode()
    assert '"code": "rate_limited"' in body
    assert "Demasiadas solicitudes" in body and "Demasiados intentos" in body
