"""Every page of applications in Spanish and French: no English left in the app's part of the page
(``<main>``), API errors translated with their stable code, notifications in the recipient's language."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape

from stint.applications import services
from stint.applications.choices import NO_ANSWER_REASON, OFFER_EXPIRED_REASON, ApplicationStatus
from stint.applications.models import Application
from stint.applications.tests.factories import ApplicationFactory
from stint.core.testing.i18n import client_for, database_texts, main_html, untranslated
from stint.notifications.models import Notification
from stint.projects.models import Project
from stint.projects.tests.factories import ProjectFactory

S = ApplicationStatus
pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")


# Parts of these pages that other apps render (their own i18n tests cover them): the message thread
# (messaging), the company's feedback (coach) and the fit reasons of the ranking (recommendations).
FOREIGN = (
    re.compile(r'<ul class="fit-reasons">.*?</ul>', re.DOTALL),
    re.compile(r'<section id="messages".*?</section>', re.DOTALL),
    re.compile(r'<section aria-labelledby="feedback-heading">.*?</section>', re.DOTALL),
)


def own_part(html: str) -> str:
    """The page's ``<main>`` without the fragments other apps render into it."""
    html = main_html(html)
    for pattern in FOREIGN:
        html = pattern.sub("", html)
    return html


def data_texts() -> frozenset[str]:
    """What users wrote, shown as written: stored texts plus the JSON lists of questions, answers,
    links and rubric criteria."""
    texts = set(database_texts())
    for questions, rubric in Project.objects.values_list("questions", "rubric"):
        texts.update(str(q) for q in questions or [])
        texts.update(str(r.get("criterion", "")) for r in rubric or [])
    for answers, links in Application.objects.values_list("answers", "links"):
        texts.update(" ".join(str(a).split()) for a in answers or [])
        texts.update(str(link) for link in links or [])
    return frozenset(texts)


def pages(client: Client, url: str, status: int = 200) -> dict[str, str]:
    """The page in English, Spanish and French (``Accept-Language``), each checked for ``status``."""
    html = {}
    for language in ("en", *LANGUAGES):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == status, (url, language, response.status_code)
        html[language] = response.content.decode()
    return html


def assert_translated(client: Client, url: str, *, allow: tuple[str, ...] = ()) -> dict[str, str]:
    html = pages(client, url)
    data = data_texts()
    for language in LANGUAGES:
        left = untranslated(own_part(html["en"]), own_part(html[language]), data=data, allow=allow)
        assert left == [], (url, language, left)
    return html


@pytest.fixture
def states(personas: Any, project: Any) -> dict[str, Any]:
    """The talent's applications in each state, on projects of the company owner's organization."""
    now = timezone.now()
    submitted = ApplicationFactory(project=project, talent=personas.talent)
    shortlisted = ApplicationFactory(project=ProjectFactory(organization=personas.organization), talent=personas.talent)
    services.application_shortlist(actor=personas.company_owner, application=shortlisted)
    services.application_score(
        actor=personas.company_owner,
        application=shortlisted,
        scores=[{"criterion": r["criterion"], "score": 4} for r in shortlisted.project.rubric[:1]],
    )
    offered = ApplicationFactory(
        project=ProjectFactory(organization=personas.organization),
        talent=personas.talent,
        status=S.OFFERED,
        offered_at=now,
        offer_expires_at=now + datetime.timedelta(hours=48),
    )
    rejected = ApplicationFactory(project=ProjectFactory(organization=personas.organization), talent=personas.talent)
    services.application_score(
        actor=personas.company_owner,
        application=rejected,
        scores=[{"criterion": r["criterion"], "score": 3} for r in rejected.project.rubric],
    )
    services.application_reject(actor=personas.company_owner, application=rejected, reason="Closer fit elsewhere.")
    withdrawn = ApplicationFactory(project=ProjectFactory(organization=personas.organization), talent=personas.talent)
    services.application_withdraw(actor=personas.talent, application=withdrawn)
    return {
        "submitted": submitted,
        "shortlisted": shortlisted,
        "offered": offered,
        "rejected": rejected,
        "withdrawn": withdrawn,
    }


def test_the_tracker_is_translated(personas, states):
    html = assert_translated(client_for(personas.talent), "/applications/")
    assert "Mis postulaciones" in html["es"] and "Mes candidatures" in html["fr"]


def test_the_empty_tracker_is_translated(personas):
    assert_translated(client_for(personas.talent), "/applications/")


@pytest.mark.parametrize("state", ["submitted", "shortlisted", "offered", "rejected", "withdrawn"])
@pytest.mark.parametrize("persona", ["talent", "company_owner", "company_member"])
def test_an_application_page_is_translated(personas, states, state, persona):
    assert_translated(client_for(getattr(personas, persona)), f"/applications/{states[state].pk}/")


def test_the_apply_form_is_translated(personas, project):
    html = assert_translated(client_for(personas.talent), f"/applications/apply/{project.pk}/")
    assert "Enviar postulación" in html["es"] and "Envoyer la candidature" in html["fr"]


def test_the_apply_form_with_errors_is_translated(personas, project):
    client = client_for(personas.talent)
    html = {}
    for language in ("en", *LANGUAGES):
        response = client.post(
            f"/applications/apply/{project.pk}/",
            {"cover_letter": "Too short.", "answer_0": "Interviews first.", "links": ""},
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert response.status_code == 422
        html[language] = response.content.decode()
    for language in LANGUAGES:
        typed = data_texts() | {"Too short.", "Interviews first."}  # what the talent typed comes back as typed
        assert untranslated(own_part(html["en"]), own_part(html[language]), data=typed) == []
    assert "Escribe una carta de presentación de al menos" in html["es"]


def test_a_closed_project_apply_page_is_translated(personas):
    project = ProjectFactory(
        organization=personas.organization, application_deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    assert_translated(client_for(personas.talent), f"/applications/apply/{project.pk}/")


@pytest.mark.parametrize("persona", ["company_owner", "company_member"])
@pytest.mark.parametrize("sort", ["", "?sort=-created_at", "?sort=created_at", "?sort=-rubric_total"])
def test_the_applicant_list_is_translated(personas, project, states, persona, sort):
    ApplicationFactory(project=project)  # a second applicant
    assert_translated(client_for(getattr(personas, persona)), f"/applications/project/{project.pk}/{sort}")


def test_the_empty_applicant_list_is_translated(personas):
    project = ProjectFactory(organization=personas.organization)
    assert_translated(client_for(personas.company_member), f"/applications/project/{project.pk}/")


@pytest.mark.parametrize("state", [None, "submitted", "rejected"])
def test_the_apply_or_status_partial_is_translated(personas, states, state):
    """The fragment the project page includes: the apply button, or the talent's application."""
    project = states[state].project if state else ProjectFactory(organization=personas.organization)
    template = Template("{% load application_tags %}{% apply_or_status project True %}")
    html = {}
    for language in ("en", *LANGUAGES):
        with translation.override(language):
            html[language] = template.render(Context({"project": project, "user": personas.talent}))
    assert html["en"].strip()
    for language in LANGUAGES:
        assert untranslated(html["en"], html[language], data=data_texts()) == []


@pytest.mark.parametrize(
    ("reason", "spanish"),
    [
        (NO_ANSWER_REASON, "La empresa no respondió antes de la fecha límite de respuesta del proyecto."),
        (OFFER_EXPIRED_REASON, "la oferta venció"),
        ("The project was closed: Budget cut.", "El proyecto se cerró: Budget cut."),
    ],
)
def test_a_closing_reason_of_the_system_is_shown_translated(personas, project, reason, spanish):
    application = ApplicationFactory(project=project, talent=personas.talent, status=S.EXPIRED, closing_reason=reason)
    html = pages(client_for(personas.talent), f"/applications/{application.pk}/")
    assert escape(spanish) in html["es"] and escape(reason) in html["en"]


# --- API errors ------------------------------------------------------------------------------------


def test_an_api_error_is_translated_and_keeps_its_code(personas, application, api_client_for):
    client = api_client_for(personas.company_owner)
    english = client.post(f"applications/{application.pk}/reject", {"reason": " "})
    spanish = client.post(f"applications/{application.pk}/reject", {"reason": " "}, headers={"Accept-Language": "es"})
    assert english.status_code == spanish.status_code == 422
    assert english.json()["code"] == spanish.json()["code"] == "rejection_reason_required"
    assert spanish.json()["detail"] == "Dale un motivo a la persona postulante (elige una plantilla o escribe el tuyo)."
    assert spanish.json()["errors"][0]["message"] == "El motivo es obligatorio."
    with translation.override("es"):
        assert spanish.json()["title"] == translation.gettext("The data is not valid")


def test_an_illegal_transition_is_explained_in_the_requesters_language(personas, application, api_client_for):
    client = api_client_for(personas.talent)
    client.post(f"applications/{application.pk}/withdraw")
    response = api_client_for(personas.company_owner).post(
        f"applications/{application.pk}/shortlist", headers={"Accept-Language": "fr"}
    )
    assert response.status_code == 409 and response.json()["code"] == "illegal_transition"
    assert response.json()["detail"] == (
        "Cette candidature est à l’état « retirée » ; elle ne peut pas passer à « présélectionnée »."
    )


def test_rejection_templates_come_in_the_requesters_language(personas, api_client_for):
    response = api_client_for(personas.company_owner).get(
        "applications/rejection-templates", headers={"Accept-Language": "fr"}
    )
    assert response.json()["templates"][1] == "Nous avons pourvu le poste avec une personne disponible plus tôt."


# --- Notifications ---------------------------------------------------------------------------------


def test_notifications_are_written_in_the_recipients_language(personas, project):
    """A French-speaking company rejects a Spanish-speaking talent from an English page: the talent
    reads Spanish; the talent's withdrawal reaches each member in their own language."""
    personas.talent.language = "es"
    personas.talent.save(update_fields=["language"])
    personas.company_owner.language = "fr"
    personas.company_owner.save(update_fields=["language"])
    rejected = ApplicationFactory(project=project, talent=personas.talent)
    with translation.override("en"):
        services.application_reject(actor=personas.company_owner, application=rejected, reason="Closer fit elsewhere.")
    note = Notification.objects.get(user=personas.talent, event="application.rejected")
    assert note.title == f"Tu postulación a {project.title} no fue seleccionada"
    assert note.body == "Motivo: Closer fit elsewhere."

    withdrawn = ApplicationFactory(project=ProjectFactory(organization=personas.organization), talent=personas.talent)
    personas.company_member.language = ""
    personas.company_member.save(update_fields=["language"])
    with translation.override("es"):
        services.application_withdraw(actor=personas.talent, application=withdrawn)
    owner_note = Notification.objects.get(user=personas.company_owner, event="application.withdrawn")
    assert owner_note.body == "Le candidat a retiré sa candidature."
    member_note = Notification.objects.filter(user=personas.company_member, event="application.withdrawn").first()
    if member_note is not None:  # a member of the organization whose language is the site's
        assert member_note.body == "The applicant withdrew their application."


def test_an_offer_notification_names_the_deadline_in_the_recipients_language_and_zone(personas, project):
    personas.talent.language = "fr"
    personas.talent.time_zone = "America/Sao_Paulo"
    personas.talent.save(update_fields=["language", "time_zone"])
    application = ApplicationFactory(project=project, talent=personas.talent)
    services.application_offer(actor=personas.company_owner, application=application)
    note = Notification.objects.get(user=personas.talent, event="application.offered")
    assert note.title == f"Vous avez une offre pour {project.title}"
    assert note.body.startswith("Acceptez-la ou déclinez-la avant le ")
    assert "-03" in note.body or "São Paulo" in note.body or "Sao_Paulo" in note.body, note.body
