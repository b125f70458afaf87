"""Every matching page (search, its htmx results, saved searches) in Spanish and French leaves no
English behind; API errors and the saved-search digest speak the right language (docs/i18n.md)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from stint.core.testing.i18n import database_texts, main_html, untranslated
from stint.matching.models import SavedSearch
from stint.matching.search_engines import SearchTimeout
from stint.matching.services import saved_search_create, saved_search_send_digest

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")


def _get(client: Client, url: str, language: str, **headers: Any) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language, **headers)
    assert response.status_code == 200, (url, language, response.status_code)
    return response.content.decode()


def _data() -> set[str]:
    """The stored texts, and the category options as the facet shows them ("Research (1)")."""
    texts = set(database_texts())
    return texts | {f"{text} ({n})" for text in texts for n in range(10) if len(text) < 40}


def _assert_translated(client: Client, url: str, *, fragment: bool = False, **headers: Any) -> None:
    english = _get(client, url, "en", **headers)
    data = _data()
    for language in LANGUAGES:
        other = _get(client, url, language, **headers)
        if fragment:
            left = untranslated(english, other, data=data)
        else:
            left = untranslated(main_html(english), main_html(other), data=data)
        assert left == [], (url, language, left)


SEARCH_URLS = (
    "/search/",
    "/search/?q=python",
    "/search/?q=zeppelin",  # no result
    "/search/?page_size=2",  # pagination
    "/search/?category=research&hours=up-to-10&verified_only=on",
    "/search/?timezone=Nowhere/Land",  # a field error
)


@pytest.mark.parametrize("persona", ["anonymous", "talent", "company_member", "advisor", "staff"])
def test_search_pages_are_translated(catalogue, personas, client, persona):
    user = getattr(personas, persona)
    if user is not None:
        client.force_login(user)
    for url in SEARCH_URLS:
        _assert_translated(client, url)


def test_search_results_fragment_is_translated(catalogue, personas, client):
    client.force_login(personas.talent)
    _assert_translated(client, "/search/?q=python&page_size=1", fragment=True, HTTP_HX_REQUEST="true")
    _assert_translated(client, "/search/?q=zeppelin", fragment=True, HTTP_HX_REQUEST="true")


def test_search_cards_are_not_shared_across_languages(catalogue, client, settings):
    settings.STINT_SEARCH_FACET_CACHE_SECONDS = 60
    english = _get(client, "/search/?q=python", "en", HTTP_HX_REQUEST="true")
    spanish = _get(client, "/search/?q=python", "es", HTTP_HX_REQUEST="true")
    assert "per hour" in english and "por hora" in spanish and "per hour" not in spanish


def test_saved_searches_page_is_translated(catalogue, personas, client):
    client.force_login(personas.talent)
    _assert_translated(client, "/search/saved/")  # empty state
    saved_search_create(user=personas.talent, name="Python gigs", params={"q": "python"}, frequency="daily")
    _assert_translated(client, "/search/saved/")


def test_api_error_title_and_detail_are_translated_and_the_code_is_not(personas, api_client_for, monkeypatch):
    def too_slow(**_: Any) -> Any:
        raise SearchTimeout(gettext("The search took too long; add words or filters."))

    monkeypatch.setattr("stint.matching.services.project_search", too_slow)
    client = api_client_for(None)
    english = client.get("search/projects?q=python&fits_free_hours=false", headers={"Accept-Language": "en"}).json()
    spanish = client.get("search/projects?q=python", headers={"Accept-Language": "es"}).json()
    assert english["code"] == spanish["code"] == "search_timeout"
    assert english["title"] == "The search took too long"
    assert spanish["title"] == "La búsqueda tardó demasiado"
    assert spanish["detail"] == "La búsqueda tardó demasiado; añade palabras o filtros."


def test_invalid_search_parameters_detail_is_translated(api_client_for):
    response = api_client_for(None).get("search/projects?timezone=Nowhere/Land", headers={"Accept-Language": "fr"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_search_parameters"
    assert body["detail"] == "Certains paramètres de recherche ne sont pas valides."
    assert body["errors"] == [{"field": "timezone", "message": "Fuseau horaire inconnu."}]


def test_digest_is_written_in_the_recipients_language(personas, catalogue, django_capture_on_commit_callbacks):
    talent = personas.talent
    talent.language = "es"
    talent.save(update_fields=["language"])
    saved = saved_search_create(user=talent, name="Python", params={"q": "python"}, frequency="daily")
    SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=timezone.now() - datetime.timedelta(days=2))
    # The run happens in another language (a worker, or someone else's request): the talent's wins.
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        assert saved_search_send_digest(saved_search_id=saved.pk) == 1
    message = mail.outbox[-1]
    assert message.subject == "1 proyecto nuevo para «Python»"
    assert "Nuevos proyectos que coinciden con tu búsqueda guardada «Python»:" in message.body
    assert "Velos todos:" in message.body
