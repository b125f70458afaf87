"""Every skills page and fragment in each shipped language: no English left in the app's part of the
page (``<main>``, or the whole fragment). Skill and category names are ESCO / catalogue data and are
shown as stored. An API error keeps its code while its texts follow the language."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils.functional import Promise

from stint.core.errors import ValidationFailed
from stint.core.testing.i18n import client_for, database_texts, main_html, untranslated
from stint.skills.models import Skill
from stint.skills.proposals import skill_propose
from stint.skills.tests.factories import SkillFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")
BRIEF = "We need someone to clean survey data in Excel and write a short market research report."


def _check(
    client: Client, path: str, *, method: str = "get", data: Any = None, status: int = 200, fragment: bool = False
) -> dict[str, str]:
    headers = {"HX-Request": "true"} if fragment else {}
    pages = {}
    for language in ("en", *LANGUAGES):
        response = getattr(client, method)(path, data or {}, headers={**headers, "Accept-Language": language})
        assert response.status_code == status, (path, language, response.status_code)
        html = response.content.decode()
        pages[language] = html if fragment else main_html(html)
    texts = database_texts()
    for language in LANGUAGES:
        assert untranslated(pages["en"], pages[language], data=texts) == [], (path, language)
    return pages


@pytest.mark.parametrize("who", [None, "talent", "company_member"])
def test_the_browse_and_search_pages_are_translated(catalog: Any, personas: Any, who: Any) -> None:
    client = client_for(getattr(personas, who) if who else None)
    browse = _check(client, "/skills/")
    assert "Buscar competencias" in browse["es"]
    _check(client, "/skills/search")
    _check(client, "/skills/search", data={"q": "excel"})
    _check(client, "/skills/search", data={"q": "qqxzvv"})
    unknown = _check(client, "/skills/search", data={"q": "x", "category": "astrology"}, status=422)
    assert "No existe la categoría" in unknown["es"]


def test_the_htmx_fragments_are_translated(catalog: Any) -> None:
    client = Client()
    _check(client, "/skills/search", data={"q": "pyhton", "listbox": "my-list"}, fragment=True)
    empty = _check(client, "/skills/search", data={"q": "qqxzvv"}, fragment=True)
    assert "Ninguna competencia coincide" in empty["es"]
    suggestions = _check(client, "/skills/extract", method="post", data={"description": BRIEF}, fragment=True)
    assert "Competencias que menciona tu texto" in suggestions["es"]
    _check(client, "/skills/extract", method="post", data={"text": "zzz qqq"}, fragment=True)


def test_the_staff_review_page_is_translated(personas: Any) -> None:
    client = client_for(personas.staff)
    _check(client, "/skills/proposals/")  # nothing waiting
    SkillFactory(slug="crm-esco", label="Customer relationship management")
    skill = skill_propose(
        organization_id=personas.organization.pk,
        actor=personas.company_owner,
        label="Customer relationship",
        note="We use it daily",
    ).skill
    skill_propose(organization_id=personas.organization.pk, actor=personas.company_owner, label="Qqzx wobble")
    pages = _check(client, "/skills/proposals/")
    assert "Propuesta por 1 organización." in pages["es"]
    target = Skill.objects.get(slug="crm-esco")
    confirmed = _check(
        client, f"/skills/proposals/{skill.pk}/confirm", method="post", data={"maps_to": str(target.pk)}, status=302
    )
    assert confirmed["es"] == ""  # a redirect; the message is shown on the next page


def test_the_field_errors_and_suggestions_are_translated(catalog: Any) -> None:
    from django import forms
    from django.utils import translation

    from stint.skills.fields import SkillListField

    class Form(forms.Form):
        skills = SkillListField(max_skills=1)

    with translation.override("es"):
        form = Form({"skills": ["Markt resarch", "excel"]})
        assert not form.is_valid()
        message = form.errors["skills"][0]
    assert str(message).startswith("«Markt resarch» no es una competencia. ¿Quisiste decir «")


def test_the_autocomplete_messages_follow_the_language() -> None:
    english = Client().get("/skills/messages", headers={"Accept-Language": "en"}).json()
    french = Client().get("/skills/messages", headers={"Accept-Language": "fr"}).json()
    assert english["remove"] == "Remove %(label)s" and french["remove"] == "Retirer %(label)s"
    assert set(english) == set(french)
    same = {"one", "other"}  # "1 suggestion", "2 suggestions" read the same in French
    assert all(english[key] != french[key] for key in english if key not in same)
    spanish = Client().get("/skills/messages", headers={"Accept-Language": "es"}).json()
    assert all(english[key] != spanish[key] for key in english)


def test_api_error_is_translated_and_keeps_its_code(personas: Any, api_client_for: Any) -> None:
    client = api_client_for(personas.company_owner)
    url = f"organizations/{personas.organization.pk}/skill-proposals"
    bodies = {}
    for language in ("en", "es"):
        response = client.post(url, {"label": "1"}, headers={"Accept-Language": language})
        assert response.status_code == 422
        bodies[language] = response.json()
    assert bodies["en"]["code"] == bodies["es"]["code"] == "skill_label_invalid"
    assert bodies["es"]["detail"].startswith("El nombre de una competencia tiene de")
    assert bodies["es"]["errors"][0]["message"].startswith("Usa de")
    if isinstance(ValidationFailed.title, Promise):  # core's titles are lazy once the core i18n work is in
        assert bodies["es"]["title"] != bodies["en"]["title"]
