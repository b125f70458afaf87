"""Every talent page in each shipped language: no English left in the app's part of the page
(``<main>``), and API errors keep their code while their texts follow the language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.functional import Promise

from stint.core.errors import ValidationFailed
from stint.core.testing.i18n import database_texts, main_html, untranslated
from stint.skills.tests.factories import CategoryFactory, SkillFactory
from stint.talent.models import TalentProfile
from stint.talent.services import talent_profile_update, talent_resume_upload
from stint.talent.tests.helpers import apply, make_pdf, pdf_upload

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def profile(personas):
    data = CategoryFactory(slug="data-analysis", name="Data analysis")
    SkillFactory(slug="sql", label="SQL", category=data)
    SkillFactory(slug="statistics", label="Statistics", category=data)
    talent_profile_update(
        user=personas.talent,
        data={
            "headline": "Data nerd",
            "career_goals": "Become an analyst.",
            "target_roles": ["Data analyst"],
            "interests": ["data-analysis", "renewable energy"],
            "skills": [{"skill": "sql", "level": 3}, {"skill": "statistics", "level": 4}],
            "education": [{"institution": "Lagos University", "programme": "Economics", "graduation_year": 2027}],
            "blocked_periods": [{"start": "2027-01-04", "end": "2027-01-08", "reason": "Exams"}],
            "links": ["https://github.com/example"],
        },
    )
    talent_resume_upload(user=personas.talent, upload=pdf_upload(content=make_pdf()))
    apply(personas.talent, personas.organization)
    return TalentProfile.objects.get(user=personas.talent)


def _pages(personas, profile):
    return [
        ("talent", "/talent/profile/"),
        ("talent", "/talent/profile/edit/"),
        ("talent", f"/talent/{profile.pk}/"),
        ("company_member", f"/talent/{profile.pk}/"),
    ]


def _data_texts():
    """Stored texts, plus what the profile's JSON lists and education lines show as written."""
    extra: set[str] = set()
    for profile in TalentProfile.objects.prefetch_related("education"):
        extra.update(profile.target_roles, profile.interests, profile.links)
        for e in profile.education.all():
            extra.add(f"{e.programme}, {e.institution} ({e.graduation_year})")
    return database_texts() | extra


def _check(client, path, *, method="get", data=None, status=200):
    pages = {}
    for language in ("en", *LANGUAGES):
        call = getattr(client, method)
        response = (
            call(path, data, HTTP_ACCEPT_LANGUAGE=language) if data else call(path, HTTP_ACCEPT_LANGUAGE=language)
        )
        assert response.status_code == status, (path, language)
        pages[language] = main_html(response.content.decode())
    texts = _data_texts()
    for language in LANGUAGES:
        assert untranslated(pages["en"], pages[language], data=texts) == [], (path, language)
    return pages


def test_every_page_is_translated(personas, profile):
    for persona, path in _pages(personas, profile):
        _check(client_for(getattr(personas, persona)), path)


def test_an_empty_profile_is_translated(personas):
    """The empty states and the completeness steps of a new profile."""
    client = client_for(personas.talent)
    pages = _check(client, "/talent/profile/")
    assert "Añade un titular" in pages["es"]
    assert "Ajoutez un titre" in pages["fr"]


def test_the_editor_with_errors_is_translated(personas, profile):
    """A rejected save (422): the service's messages next to the fields are translated too."""
    data = {
        "headline": "Data nerd",
        "weekly_hours": "12",
        "timezone": "Europe/Berlin",
        "education-TOTAL_FORMS": "0",
        "education-INITIAL_FORMS": "0",
        "skills-TOTAL_FORMS": "0",
        "skills-INITIAL_FORMS": "0",
        "blocked-TOTAL_FORMS": "0",
        "blocked-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "1",
        "links-INITIAL_FORMS": "0",
        "links-0-url": "ftp://nope",
    }
    pages = _check(client_for(personas.talent), "/talent/profile/edit/", method="post", data=data, status=422)
    assert "Links must be full" in pages["en"]
    assert "Los enlaces deben ser direcciones completas" in pages["es"]


def test_completeness_partial_is_translated(personas):
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load talent_tags %}{% talent_completeness user %}")
    with translation.override("en"):
        en = template.render(Context({"user": personas.talent}))
    with translation.override("fr"):
        fr = template.render(Context({"user": personas.talent}))
    assert untranslated(en, fr, data=database_texts()) == []


def test_api_error_is_translated_and_keeps_its_code(personas, api_client_for):
    client = api_client_for(personas.talent)
    bodies = {}
    for language in ("en", "es"):
        response = client.put("me/talent-profile", {"weekly_hours": 500}, headers={"Accept-Language": language})
        assert response.status_code == 422
        bodies[language] = response.json()
    assert bodies["en"]["code"] == bodies["es"]["code"] == "invalid_weekly_hours"
    assert bodies["es"]["detail"] == "Las horas semanales deben ser un número entero de 1 a 60."
    assert bodies["es"]["errors"][0]["code"] == "invalid_weekly_hours"
    if isinstance(ValidationFailed.title, Promise):  # core's titles are lazy once the core i18n work is in
        assert bodies["es"]["title"] != bodies["en"]["title"]
