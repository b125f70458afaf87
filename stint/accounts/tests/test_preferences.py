"""Preferences: the footer's language switcher, the preferences page and ``PATCH /api/v1/me``
(docs/i18n.md). A refusal changes nothing."""

from __future__ import annotations

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def prefs(user):
    user.refresh_from_db()
    return (user.language, user.time_zone, user.currency)


# --- the footer's language switcher ------------------------------------------------------------


def test_switcher_sets_the_cookie_and_comes_back_to_the_same_page(client):
    response = client.post("/me/language/", {"language": "fr", "next": "/explore/?q=data"})
    assert response.status_code == 302
    assert response["Location"] == "/explore/?q=data"
    assert response.cookies[COOKIE].value == "fr"
    page = client.get("/")
    assert '<html lang="fr" dir="ltr">' in page.content.decode()
    assert page["Content-Language"] == "fr"


def test_switcher_saves_the_language_of_a_signed_in_user(client, personas):
    client.force_login(personas.talent)
    response = client.post("/me/language/", {"language": "es", "next": "/me/"})
    assert response["Location"] == "/me/"
    assert prefs(personas.talent)[0] == "es"
    # The account's language wins over the browser's.
    assert '<html lang="es"' in client.get("/me/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_switcher_never_redirects_off_site(client, next_url):
    response = client.post("/me/language/", {"language": "fr", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_switcher_ignores_an_unknown_language(client, personas):
    client.force_login(personas.talent)
    response = client.post("/me/language/", {"language": "xx", "next": "/me/"})
    assert response.status_code == 302
    assert COOKIE not in response.cookies
    assert prefs(personas.talent) == ("", "", "")


def test_switcher_is_post_only(client):
    assert client.get("/me/language/?language=fr").status_code == 405


def test_footer_has_the_switcher_form_with_a_button(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'action="/me/language/"' in html
    assert 'name="next" value="/"' in html
    assert "Changer de langue</button>" in html
    assert '<option value="es" lang="es" translate="no">Español</option>' in html


# --- the preferences page ------------------------------------------------------------------------


def test_preferences_page_needs_a_sign_in(client):
    response = client.get("/me/preferences/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_preferences_page_lists_time_zones_and_currencies(client, personas):
    client.force_login(personas.talent)
    html = client.get("/me/preferences/").content.decode()
    assert 'list="time-zones"' in html
    assert '<option value="America/Sao_Paulo">' in html
    assert '<option value="JPY">' in html
    assert ">From my browser</option>" in html


def test_preferences_page_saves(client, personas):
    client.force_login(personas.talent)
    response = client.post(
        "/me/preferences/", {"language": "fr", "time_zone": "Africa/Lagos", "currency": "NGN"}, follow=True
    )
    assert response.status_code == 200
    assert prefs(personas.talent) == ("fr", "Africa/Lagos", "NGN")
    html = response.content.decode()
    assert "Vos préférences sont enregistrées." in html
    assert '<html lang="fr"' in html


def test_preferences_page_from_my_browser_clears_the_language(client, personas):
    user = personas.talent
    user.language = "fr"
    user.save()
    client.force_login(user)
    response = client.post("/me/preferences/", {"language": "", "time_zone": "", "currency": ""})
    assert response.status_code == 302
    assert prefs(user) == ("", "", "")
    assert '<html lang="es"' in client.get("/me/", HTTP_ACCEPT_LANGUAGE="es").content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"language": "xx", "time_zone": "Europe/Berlin", "currency": "EUR"},
        {"language": "fr", "time_zone": "Mars/Olympus_Mons", "currency": "EUR"},
        {"language": "fr", "time_zone": "Europe/Berlin", "currency": "XXX"},
    ],
)
def test_preferences_page_refuses_invalid_values_and_changes_nothing(client, personas, data):
    client.force_login(personas.talent)
    response = client.post("/me/preferences/", data)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert prefs(personas.talent) == ("", "", "")


# --- the API ---------------------------------------------------------------------------------------


def test_me_shows_the_preferences(api_client_for, personas):
    user = personas.talent
    user.language, user.time_zone, user.currency = "es", "America/Mexico_City", "MXN"
    user.save()
    body = api_client_for(user).get("me").json()
    assert (body["language"], body["time_zone"], body["currency"]) == ("es", "America/Mexico_City", "MXN")


def test_patch_me_changes_only_what_is_sent(api_client_for, personas):
    user = personas.talent
    api = api_client_for(user)
    response = api.patch("me", {"time_zone": "Asia/Kolkata"})
    assert response.status_code == 200, response.content
    assert response.json()["time_zone"] == "Asia/Kolkata"
    assert prefs(user) == ("", "Asia/Kolkata", "")
    response = api.patch("me", {"language": "fr", "currency": "inr"})
    assert response.status_code == 200
    assert prefs(user) == ("fr", "Asia/Kolkata", "INR")
    assert api.patch("me", {"time_zone": ""}).json()["time_zone"] == ""


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"language": "de", "time_zone": "Europe/Paris"}, "invalid_language"),
        ({"time_zone": "Europe/Atlantis", "currency": "EUR"}, "invalid_time_zone"),
        ({"currency": "BTC", "language": "fr"}, "invalid_currency"),
        ({"language": "fr", "nickname": "x"}, "validation_error"),
    ],
)
def test_patch_me_refusals_change_nothing(api_client_for, personas, payload, code):
    user = personas.talent
    response = api_client_for(user).patch("me", payload)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert prefs(user) == ("", "", "")


def test_patch_me_refusal_is_translated_but_its_code_is_not(api_client_for, personas):
    response = api_client_for(personas.talent).patch("me", {"currency": "BTC"}, HTTP_ACCEPT_LANGUAGE="es")
    body = response.json()
    assert body["code"] == "invalid_currency"
    assert body["title"] == "Los datos no son válidos"
    assert body["detail"] == "Esta moneda no está admitida."


def test_patch_me_needs_authentication(api_client_for):
    assert api_client_for(None).patch("me", {"language": "fr"}).status_code == 401
