"""Every page of the network in English, Spanish and French: nothing of the app's own text is left
in English (issue 14, docs/i18n.md "Tests"); the charts' titles and descriptions are translated,
the CSV export is not (a documented format); money goes through ``format_money`` (JPY has no minor
units); API errors and notifications follow the reader's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from stint.advisors import sharing
from stint.advisors.dashboard import cohort_csv, cohort_figures, csv_amounts, format_amounts
from stint.advisors.models import Cohort, CohortMember, Institution, Referral
from stint.advisors.testing import cohort_for
from stint.applications.tests.factories import ApplicationFactory
from stint.core.errors import NotFound
from stint.core.testing.factories import AdvisorFactory
from stint.core.testing.i18n import client_for, database_texts, page, untranslated
from stint.notifications.models import Notification
from stint.payments.tests.factories import engagement_for
from stint.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")
# Spelled the same in English and Spanish or French.
SAME = ("Action", "No", "no")


def data() -> frozenset[str]:
    """Stored texts, plus the forms the pages show them in: a cohort as "name (institution)" (its
    ``str``) and a quoted reference or note."""
    stored = database_texts()
    shown = {str(c) for c in Cohort.objects.select_related("institution")} | {f"“{t}”" for t in stored}
    edges = " .,:;()[]«»\"'“”‘’·—–-!?/|"  # what untranslated() strips off a text's ends
    return stored | shown | {s.lstrip(edges) for s in shown} | {s.rstrip(edges) for s in shown}


def assert_translated(client: Client, url: str, status: int = 200) -> None:
    english = page(client, url, "en", status)
    for language in LANGUAGES:
        other = page(client, url, language, status)
        assert untranslated(english, other, data=data(), allow=SAME) == [], (url, language)


@pytest.fixture
def network(personas: Any, cohort: Any) -> dict[str, Any]:
    """A cohort whose member shares earnings and has a completed engagement, a shared project, a
    nomination, a requested and a given reference, and an unverified institution for staff."""
    CohortMember.objects.filter(cohort=cohort, talent=personas.talent).update(share_earnings=True, share_resume=True)
    engagement_for(ProjectFactory(organization=personas.organization), talent=personas.talent, status="paid")
    project = ProjectFactory(organization=personas.organization)
    share = sharing.project_share(actor=personas.advisor, project=project, cohort=cohort, note="Worth a look")
    sharing.project_share(actor=personas.company_owner, project=project, institution=cohort.institution, note="")
    sharing.nomination_create(
        actor=personas.advisor, cohort=cohort, talent=personas.talent, project=project, note="Strong researcher"
    )
    given = sharing.referral_request(actor=personas.talent, referee_id=personas.advisor.pk, message="Please")
    sharing.referral_answer(actor=personas.advisor, referral=given, text="Reliable and curious.", allow_portfolio=True)
    colleague = AdvisorFactory(email="colleague@example.test", name="Colleague")

    cohort_for(colleague, personas.talent, name="Evening class", institution=cohort.institution)
    requested = sharing.referral_request(actor=personas.talent, referee_id=colleague.pk, message="Thanks")
    Institution.objects.create(name="Hill College", slug="hill", website="")
    return {"cohort": cohort, "project": project, "share": share, "colleague": colleague, "requested": requested}


def test_advisor_home_and_dashboard(personas, network):
    client = client_for(personas.advisor)
    assert_translated(client, "/advisors/")
    assert_translated(client, f"/advisors/cohorts/{network['cohort'].pk}/")
    assert_translated(client_for(network["colleague"]), "/advisors/")  # a reference request waits
    assert_translated(client_for(personas.other_advisor), "/advisors/")  # no institution yet


def test_empty_dashboard(personas):
    cohort = cohort_for(personas.advisor)
    assert_translated(client_for(personas.advisor), f"/advisors/cohorts/{cohort.pk}/")


def test_dashboard_chart_title_and_description_are_translated(personas, network):
    html = (
        client_for(personas.advisor)
        .get(f"/advisors/cohorts/{network['cohort'].pk}/", HTTP_ACCEPT_LANGUAGE="fr")
        .content.decode()
    )
    assert "Résultats de la promotion" in html and "Les mêmes chiffres figurent dans le tableau ci-dessous." in html
    assert "Candidatures" in html and "Heures enregistrées par étudiant" in html


@pytest.mark.parametrize("persona", ["talent", "other_talent"])
def test_talent_network_pages(personas, network, persona):
    client = client_for(getattr(personas, persona))
    assert_translated(client, "/advisors/me/")
    if persona == "talent":
        assert_translated(client, f"/advisors/cohorts/{network['cohort'].pk}/")


@pytest.mark.parametrize("persona", ["anonymous", "other_talent", "advisor"])
def test_join_page(personas, network, persona):
    user = None if persona == "anonymous" else getattr(personas, persona)
    assert_translated(client_for(user), f"/advisors/join/{network['cohort'].invite_code}/")


def test_references_pages(personas, network):
    assert_translated(client_for(network["colleague"]), "/advisors/references/")  # one to answer
    assert_translated(client_for(personas.advisor), "/advisors/references/")  # one given
    assert_translated(client_for(personas.other_advisor), "/advisors/references/")  # none


def test_project_offer_and_staff_pages(personas, network):
    assert_translated(client_for(personas.company_owner), f"/advisors/projects/{network['project'].pk}/offer/")
    assert_translated(client_for(personas.staff), "/advisors/staff/institutions/")
    Institution.objects.filter(verified_at__isnull=True).delete()
    assert_translated(client_for(personas.staff), "/advisors/staff/institutions/")


def test_network_fragments_on_other_pages(personas, network):
    """The partials other apps include (the applicant's nomination badge, shared projects)."""
    application = ApplicationFactory(project=network["project"], talent=personas.talent)
    template = Template(
        "{% load advisor_tags %}{% application_network application %}"
        "{% project_network project as network %}{% network_badge network application %}"
        "{% network_projects user %}{% portfolio_references user %}"
    )
    Referral.objects.update(show_on_portfolio=True)

    def render(language: str) -> str:
        with translation.override(language):
            context = {"application": application, "project": network["project"], "user": personas.talent}
            return template.render(Context(context))

    english = render("en")
    assert "Nominated" in english and "Shared with you through your network" in english
    for language in LANGUAGES:
        assert untranslated(english, render(language), data=data(), allow=SAME) == [], language


def test_money_goes_through_format_money_with_the_currency_decimals():
    amounts = {"USD": 50_000, "JPY": 1_500}
    assert format_amounts(amounts) == "¥1,500, $500.00"
    with translation.override("fr"):
        assert format_amounts(amounts) == "1\u202f500\xa0JPY, 500,00\xa0$US"  # never "15,00" for 1,500 yen
    assert format_amounts({}) == "0"


def test_the_csv_stays_a_language_independent_format(personas, network):
    figures = cohort_figures(network["cohort"])
    with translation.override("en"):
        english = cohort_csv(figures)
    with translation.override("fr"):
        french = cohort_csv(figures)
    assert english == french
    assert english.splitlines()[0].startswith("student,active,applications")
    with translation.override("fr"):
        assert csv_amounts({"USD": 50_000, "JPY": 1_500}) == "1500 JPY, 500.00 USD"


def test_api_error_detail_follows_the_language_and_the_code_stays(personas, api_client_for):
    client = api_client_for(personas.advisor)
    url = "cohorts/00000000-0000-0000-0000-000000000000/dashboard"
    english = client.get(url, headers={"Accept-Language": "en"})
    spanish = client.get(url, headers={"Accept-Language": "es"})
    assert english.status_code == spanish.status_code == 404
    assert english.json()["code"] == spanish.json()["code"] == "cohort_not_found"
    assert english.json()["detail"] == "Cohort not found."
    assert spanish.json()["detail"] == "Cohorte no encontrada."

    with translation.override("es"):
        assert spanish.json()["title"] == str(NotFound.title)  # the core catalogue's


def test_notifications_are_written_in_the_recipients_language(personas, cohort, django_capture_on_commit_callbacks):
    talent = personas.talent
    talent.language = "fr"
    talent.save(update_fields=["language"])
    advisor = personas.advisor
    advisor.language = "es"
    advisor.save(update_fields=["language"])
    project = ProjectFactory(organization=personas.organization)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):  # actors read English
        sharing.project_share(actor=advisor, project=project, cohort=cohort, note="")
        sharing.nomination_create(actor=advisor, cohort=cohort, talent=talent, project=project, note="Go")
        sharing.referral_request(actor=talent, referee_id=advisor.pk, message="")
    shared = Notification.objects.get(user=talent, event="project.shared_with_you")
    assert shared.title == f"« {project.title} » a été partagé avec vous"
    nominated = Notification.objects.get(user=talent, event="nomination.created")
    assert nominated.title.endswith(f"vous a recommandé pour « {project.title} »")
    asked = Notification.objects.get(user=advisor, event="referral.requested")
    assert asked.title.endswith("te pide una referencia")
