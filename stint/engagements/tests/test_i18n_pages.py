"""Engagement pages in Spanish and French: no English left in the app's part of the page (``<main>``)
for the talent, the company and staff, in every state; API errors translated with their stable
code; notifications in the recipient's language; money in notifications per currency (JPY has no
minor unit)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from stint.core.formatting import format_money
from stint.core.testing.i18n import database_texts, main_html, untranslated, visible_texts
from stint.engagements import services
from stint.engagements.models import Engagement
from stint.engagements.tests.helpers import log, refresh, submit
from stint.flows import settlement
from stint.notifications.models import Notification
from stint.projects.models import Project

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")
# "Talent" is the same word in French (the glossary's term); Django's own file size of the test PDF
# reads the same in Spanish ("bytes").
SAME_WORD = ("Talent", "(45 bytes)")
# Parts of the workspace that other apps render (their own i18n tests cover them): the message
# thread (messaging) and the credential panel (credentials).
FOREIGN = (
    re.compile(r'<section id="messages".*?</section>', re.DOTALL),
    re.compile(r'<section aria-labelledby="proof-heading">.*?</section>', re.DOTALL),
)


def own_part(html: str) -> str:
    html = main_html(html)
    for pattern in FOREIGN:
        html = pattern.sub("", html)
    return html


def data_texts() -> frozenset[str]:
    """What users wrote, shown as written: stored texts, the projects' rendered descriptions and
    their JSON lists."""
    texts = set(database_texts())
    for description_html, deliverables, questions in Project.objects.values_list(
        "description_html", "deliverables", "questions"
    ):
        texts.update(visible_texts(description_html or ""))
        texts.update(" ".join(str(d).split()) for d in deliverables or [])
        texts.update(str(q) for q in questions or [])
    return frozenset(texts)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_translated(client: Client, url: str) -> dict[str, str]:
    html = {}
    for language in ("en", *LANGUAGES):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, (url, language, response.status_code)
        html[language] = response.content.decode()
    data = data_texts()
    for language in LANGUAGES:
        left = untranslated(own_part(html["en"]), own_part(html[language]), data=data, allow=SAME_WORD)
        assert left == [], (url, language, left)
    return html


def _workspace(personas: Any, engagement: Any, *people: str) -> None:
    for name in people:
        assert_translated(client_for(getattr(personas, name)), f"/engagements/{engagement.pk}/")


# --- Pages -----------------------------------------------------------------------------------------


def test_the_list_is_translated(personas, engagement):
    for name in ("talent", "company_owner", "company_member"):
        html = assert_translated(client_for(getattr(personas, name)), "/engagements/")
    assert "Encargos" in html["es"] and "Missions" in html["fr"]


def test_the_empty_list_is_translated(personas):
    assert_translated(client_for(personas.other_talent), "/engagements/")


def test_an_active_workspace_with_milestones_and_time_is_translated(personas, engagement):
    services.milestone_create(actor=personas.company_owner, engagement=engagement, title="Outline", due_date=None)
    done = services.milestone_create(
        actor=personas.talent, engagement=engagement, title="Sources", due_date=engagement.due_date
    )
    services.milestone_complete(actor=personas.talent, milestone=done)
    log(engagement, personas.talent, 90)
    _workspace(personas, engagement, "talent", "company_owner", "company_member")


def test_a_workspace_at_the_estimate_is_translated(personas, engagement):
    """The scope guard: the talent's warning and the company's answer form, then the answer."""
    Project.objects.filter(pk=engagement.project_id).update(estimated_hours=5)
    log(engagement, personas.talent, 300)
    _workspace(personas, refresh(engagement), "talent", "company_owner")
    services.engagement_overrun_acknowledge(
        actor=personas.company_owner, engagement=engagement, decision="approve_overrun", note="Take your time."
    )
    _workspace(personas, refresh(engagement), "talent", "company_owner")


def test_a_submitted_workspace_is_translated(personas, engagement):
    submit(engagement, personas.talent, links=["https://example.com/report"])
    _workspace(personas, refresh(engagement), "talent", "company_owner", "company_member")


def test_a_workspace_with_changes_requested_is_translated(personas, engagement):
    submit(engagement, personas.talent)
    services.engagement_request_changes(
        actor=personas.company_owner, engagement=engagement, message="Please add your sources."
    )
    _workspace(personas, refresh(engagement), "talent", "company_owner")


def test_an_approved_and_reviewed_workspace_is_translated(personas, engagement):
    submit(engagement, personas.talent)
    settlement.engagement_approve(actor=personas.company_owner, engagement=refresh(engagement))
    _workspace(personas, refresh(engagement), "talent", "company_owner")
    services.review_create(author=personas.company_owner, engagement=refresh(engagement), rating=5, comment="Great.")
    services.review_create(author=personas.talent, engagement=refresh(engagement), rating=4, comment="Clear brief.")
    _workspace(personas, refresh(engagement), "talent", "company_owner")


def test_a_cancelled_workspace_is_translated(personas, engagement):
    log(engagement, personas.talent, 60)
    settlement.engagement_cancel(actor=personas.company_owner, engagement=engagement, reason="Budget cut.")
    _workspace(personas, refresh(engagement), "talent", "company_owner")


def test_a_dropped_out_workspace_is_translated(personas, engagement):
    settlement.engagement_cancel(actor=personas.talent, engagement=engagement, reason="Exams.")
    _workspace(personas, refresh(engagement), "talent", "company_owner")


def test_a_disputed_workspace_and_the_staff_queue_are_translated(personas, engagement):
    submit(engagement, personas.talent)
    services.engagement_dispute_open(actor=personas.talent, engagement=refresh(engagement), reason="No answer.")
    _workspace(personas, refresh(engagement), "talent", "company_owner", "staff")
    html = assert_translated(client_for(personas.staff), "/engagements/staff/disputes/")
    assert "Disputas abiertas" in html["es"]


def test_the_empty_staff_queue_is_translated(personas):
    assert_translated(client_for(personas.staff), "/engagements/staff/disputes/")


def test_a_resolved_dispute_is_translated(personas, engagement):
    submit(engagement, personas.talent)
    services.engagement_dispute_open(actor=personas.company_owner, engagement=refresh(engagement), reason="Late.")
    settlement.engagement_dispute_resolve(
        staff=personas.staff, engagement=refresh(engagement), talent_amount_minor=20_000, note="Half each."
    )
    _workspace(personas, refresh(engagement), "talent", "company_owner", "staff")


# --- API errors ------------------------------------------------------------------------------------


def test_an_api_error_is_translated_and_keeps_its_code(personas, engagement, api_client_for):
    client = api_client_for(personas.talent)
    url = f"engagements/{engagement.pk}/time-entries"
    english = client.post(url, {"date": "2000-01-01", "hours": 1})
    spanish = client.post(url, {"date": "2000-01-01", "hours": 1}, headers={"Accept-Language": "es"})
    assert english.status_code == spanish.status_code == 422
    assert english.json()["code"] == spanish.json()["code"] == "date_before_start"
    assert spanish.json()["detail"].startswith("El encargo empezó el ")
    with translation.override("es"):
        assert spanish.json()["title"] == translation.gettext("The data is not valid")


def test_a_conflict_is_explained_in_the_requesters_language(personas, engagement, api_client_for):
    response = api_client_for(personas.company_owner).post(
        f"engagements/{engagement.pk}/request-changes", {"message": "More."}, headers={"Accept-Language": "fr"}
    )
    assert response.status_code == 409 and response.json()["code"] == "illegal_transition"
    assert response.json()["detail"] == (
        "Cette mission est à l’état « en cours » ; vous ne pouvez pas y demander de modifications maintenant."
    )


# --- Notifications ---------------------------------------------------------------------------------


def test_notifications_are_written_in_the_recipients_language(personas, engagement):
    """A Spanish-speaking talent submits from an English page: the French-speaking owner reads
    French, the member without a language the site's English; the talent's answer comes in Spanish."""
    personas.talent.language = "es"
    personas.talent.save(update_fields=["language"])
    personas.company_owner.language = "fr"
    personas.company_owner.save(update_fields=["language"])
    member = personas.company_member
    with translation.override("en"):
        submit(engagement, personas.talent)
    owner_note = Notification.objects.get(user=personas.company_owner, event="submission.created")
    assert owner_note.title == f"Talent a soumis un livrable pour {engagement.project.title}"
    assert owner_note.body.startswith("Approuvez-le ou demandez des modifications avant le ")
    member_note = Notification.objects.filter(user=member, event="submission.created").first()
    if member_note is not None:
        assert member_note.title == f"Talent submitted work on {engagement.project.title}"
    with translation.override("fr"):
        services.engagement_request_changes(actor=personas.company_owner, engagement=refresh(engagement), message="X")
    talent_note = Notification.objects.get(user=personas.talent, event="engagement.changes_requested")
    assert talent_note.title == f"Cambios solicitados en {engagement.project.title}"


def _settle_with_share(engagement: Engagement, share: int) -> Notification:
    services.engagement_record_settlement(actor=None, engagement=engagement, minutes=60, share=share)
    return Notification.objects.filter(event="engagement.settled").latest("created_at")


@pytest.mark.parametrize(("currency", "share"), [("USD", 12_345), ("EUR", 12_345), ("JPY", 1_500)])
def test_settlement_and_dispute_texts_format_money_per_currency(personas, engagement, currency, share):
    """No "/ 100": a JPY amount has no minor unit (¥1,500, not 15.00 JPY)."""
    Engagement.objects.filter(pk=engagement.pk).update(currency=currency)
    engagement = refresh(engagement)
    note = _settle_with_share(engagement, share)
    assert (
        note.title
        == f"{engagement.project.title}: {format_money(share, currency, language='en')} for the hours you logged"
    )
    if currency == "JPY":
        assert "1,500" in note.title and "15.00" not in note.title
    personas.talent.language = "fr"
    personas.talent.save(update_fields=["language"])
    note = _settle_with_share(engagement, share)
    assert format_money(share, currency, language="fr") in note.title

    services.engagement_record_resolution(staff=personas.staff, engagement=engagement, talent_amount_minor=share)
    resolved = Notification.objects.get(user=personas.talent, event="engagement.dispute_resolved")
    assert resolved.body.startswith(format_money(share, currency, language="fr"))
    owner = Notification.objects.get(user=personas.company_owner, event="engagement.dispute_resolved")
    assert owner.body.startswith(f"{format_money(share, currency, language='en')} to the talent, the rest refunded.")
