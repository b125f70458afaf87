"""Every planner page (the weekly plan with its SVG chart and table, due-date requests on both sides,
the daily-plan partial) in Spanish and French leaves no English behind; API errors and the
notifications (due-date requests, decisions, reminders) speak the recipient's language."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from stint.core.testing.i18n import database_texts, main_html, untranslated
from stint.engagements.choices import EngagementStatus
from stint.notifications.models import Notification
from stint.planner.reminders import reminders_send
from stint.planner.services import due_date_change_decide, due_date_change_request
from stint.planner.tests import factories as f
from stint.talent.models import BlockedPeriod

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")
# "h" is the hour's symbol in every shipped language: "12 h" reads the same.
_HOURS = re.compile(r"^[\d.,\s]+ h$")


# The engagements app's status labels ("Active") come from its own catalogue, not the planner's.
_OTHER_APPS = frozenset(str(label) for label in EngagementStatus.labels)


def _left(english: str, other: str) -> list[str]:
    found = untranslated(english, other, data=database_texts(), allow=_OTHER_APPS)
    return [t for t in found if not _HOURS.match(t)]


def _get(client: Client, url: str, language: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, (url, language, response.status_code)
    return response.content.decode()


def _assert_translated(client: Client, url: str) -> None:
    english = main_html(_get(client, url, "en"))
    for language in LANGUAGES:
        left = _left(english, main_html(_get(client, url, language)))
        assert left == [], (url, language, left)


@pytest.fixture
def busy(talent: Any, personas: Any) -> Any:
    """An engagement at risk, an offer, a pending due-date request, a blocked and a reduced week."""
    engagement = f.engagement(talent, personas.organization, hours=40, start=0, due=6)
    f.engagement(talent, personas.organization, hours=5, start=0, due=20)
    f.offer(talent, personas.organization, hours=6, start=0, due=13)
    monday = f.today() - datetime.timedelta(days=f.today().weekday()) + datetime.timedelta(days=14)
    BlockedPeriod.objects.create(profile=talent.talent_profile, start=monday, end=monday, reason="Exams")
    BlockedPeriod.objects.create(
        profile=talent.talent_profile,
        start=monday + datetime.timedelta(days=7),
        end=monday + datetime.timedelta(days=9),
        capacity_hours=5,
    )
    return engagement


def test_an_empty_planner_is_translated(talent, client):
    client.force_login(talent)
    _assert_translated(client, "/planner/")


def test_a_busy_planner_is_translated(talent, busy, client):
    due_date_change_request(talent=talent, engagement=busy, new_date=f.days(20), reason="Exam week")
    client.force_login(talent)
    client.post("/planner/calendar-url/", {"create": "1"})
    data = dict.fromkeys(("monday", "tuesday", "wednesday", "thursday", "friday"), "2") | {
        "saturday": "0",
        "sunday": "0",
    }
    client.post("/planner/pattern/", data)
    _assert_translated(client, "/planner/")


def test_the_planner_without_a_request_and_the_request_form_are_translated(talent, busy, client):
    client.force_login(talent)
    _assert_translated(client, "/planner/")
    _assert_translated(client, f"/planner/engagements/{busy.pk}/due-date/")


def test_a_refused_request_form_is_translated(talent, busy, client):
    client.force_login(talent)
    url = f"/planner/engagements/{busy.pk}/due-date/"
    data = {"due_date": busy.due_date.isoformat(), "reason": "Exams"}  # the current due date: refused
    english = main_html(client.post(url, data, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "Pick a date different from the current due date." in english
    for language in LANGUAGES:
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 422
        assert _left(english, main_html(response.content.decode())) == []


@pytest.mark.parametrize("persona", ["talent", "company_member"])
def test_the_request_page_is_translated_for_both_sides(talent, busy, personas, client, persona):
    item = due_date_change_request(talent=talent, engagement=busy, new_date=f.days(20), reason="Exam week")
    client.force_login(getattr(personas, persona))
    _assert_translated(client, f"/planner/due-date-requests/{item.pk}/")
    due_date_change_decide(actor=personas.company_owner, request=item, accept=False)
    _assert_translated(client, f"/planner/due-date-requests/{item.pk}/")


def test_the_daily_plan_partial_is_translated(talent, busy):
    template = Template("{% load planner_tags %}{% daily_plan user %}")
    with translation.override("en"):
        english = template.render(Context({"user": talent}))
    assert "Today’s plan" in english
    for language in LANGUAGES:
        with translation.override(language):
            assert _left(english, template.render(Context({"user": talent}))) == []


def test_api_error_is_translated_and_its_code_is_not(talent, api_client_for):
    client = api_client_for(talent)
    english = client.get("me/workload?weeks=30", headers={"Accept-Language": "en"}).json()
    spanish = client.get("me/workload?weeks=30", headers={"Accept-Language": "es"}).json()
    assert english["code"] == spanish["code"] == "invalid_weeks"
    assert spanish["detail"] == "weeks debe estar entre 1 y 26."
    assert spanish["errors"] == [{"field": "weeks", "message": "de 1 a 26"}]


def test_due_date_notifications_are_in_each_recipients_language(talent, busy, personas):
    owner = personas.company_owner
    owner.language = "fr"
    owner.save(update_fields=["language"])
    talent.language = "es"
    talent.save(update_fields=["language"])
    with translation.override("en"):  # the talent's request, read in English by no one
        item = due_date_change_request(talent=talent, engagement=busy, new_date=f.days(20), reason="Exam week")
    asked = Notification.objects.get(user=owner, event="engagement.due_date_requested")
    assert "demande à déplacer l’échéance de" in asked.title
    assert asked.body.startswith("Du ") and "Motif : Exam week" in asked.body
    with translation.override("fr"):  # the French owner decides; the talent reads Spanish
        due_date_change_decide(actor=owner, request=item, accept=True)
    decided = Notification.objects.get(user=talent, event="engagement.due_date_accepted")
    assert decided.title == f"Nueva fecha de entrega de {busy.project.title} aceptada"
    assert "aceptó la solicitud" in decided.body


def test_reminders_are_in_the_talents_language(talent, personas):
    talent.language = "fr"
    talent.save(update_fields=["language"])
    engagement = f.engagement(talent, personas.organization, hours=5, start=0, due=3)
    noon = datetime.datetime.combine(f.days(1), datetime.time(12), tzinfo=datetime.UTC)
    with translation.override("es"):
        assert reminders_send(now=noon)["due_72h"] == 1
    reminder = Notification.objects.get(user=talent, event="reminder.due_72h")
    assert reminder.title == f"{engagement.project.title} arrive à échéance dans moins de 72 heures"
    assert "L’échéance est le" in reminder.body and "fin de journée, UTC" in reminder.body
