"""Every main page of every role, whole (header, navigation, the page's own part, panels drawn by
other apps, footer), in each shipped language: status 200 and no English left outside stored data
and the allow-list (issue 14, docs/i18n.md "Tests").

The pages are the ones the browser tests visit at 1280 and 390 px (``test_pages_browser`` and
``test_roles_browser``), on the same demo-like world; here through the test client so that the
check runs on SQLite and PostgreSQL without a browser. Each app's own ``test_i18n_pages.py`` covers
its pages in more states; this one catches what falls between apps.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from stint.core.testing.i18n import database_texts, untranslated
from tests.browser.test_pages_browser import PAGES, build_world
from tests.browser.test_roles_browser import ROLES, more_pages_for

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")


def _get(client: Client, url: str, language: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language, follow=True)
    assert response.status_code == 200, (url, language, response.status_code)
    assert response.headers.get("Content-Language") == language, (url, language)
    return response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_every_main_page_of_every_role_is_translated(role: str, personas: Any) -> None:
    world = build_world(personas)
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(personas, role))
    own = PAGES[role](world) if role in PAGES else []
    urls = list(dict.fromkeys([*own, *more_pages_for(role, world)]))
    data = database_texts()
    found: dict[str, list[str]] = {}
    for url in urls:
        english = _get(client, url, "en")
        for language in LANGUAGES:
            left = untranslated(english, _get(client, url, language), data=data)
            if left:
                found[f"{language} {url}"] = left
    assert found == {}
