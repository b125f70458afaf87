"""A project's time zone, language and overlap: what a date-only deadline means, in the API and the
services (docs/projects.md, "Dates and time zones")."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stint.core.timezones import end_of_day, get_zone
from stint.projects.models import Project
from stint.projects.services import project_create
from stint.projects.tests.factories import ProjectFactory
from stint.projects.tests.helpers import api_payload, valid_data
from stint.talent.models import TalentProfile

pytestmark = pytest.mark.django_db

FAR_ZONES = ["Pacific/Kiritimati", "Pacific/Pago_Pago", "America/St_Johns", "Asia/Kathmandu", "Europe/Berlin"]


def _create(api, personas, **overrides):
    return api.post(f"organizations/{personas.organization.pk}/projects", api_payload(**overrides))


@pytest.mark.parametrize("zone", FAR_ZONES)
def test_a_date_only_deadline_is_the_end_of_that_day_in_the_projects_zone(personas, api_client_for, zone):
    api = api_client_for(personas.company_owner)
    day = timezone.localdate() + datetime.timedelta(days=7)
    response = _create(api, personas, time_zone=zone, application_deadline=day.isoformat())
    assert response.status_code == 201, response.content
    body = response.json()
    deadline = datetime.datetime.fromisoformat(body["application_deadline"])
    assert deadline == end_of_day(day, get_zone(zone))
    assert deadline.astimezone(get_zone(zone)).strftime("%Y-%m-%d %H:%M:%S") == f"{day} 23:59:59"
    assert body["time_zone"] == zone
    due = datetime.date.fromisoformat(body["due_date"])
    assert datetime.datetime.fromisoformat(body["due_at"]) == end_of_day(due, get_zone(zone))


def test_an_offset_datetime_is_kept_as_sent(personas, api_client_for):
    api = api_client_for(personas.company_owner)
    moment = (timezone.now() + datetime.timedelta(days=6)).replace(microsecond=0, second=0)
    sent = moment.astimezone(get_zone("Asia/Kathmandu")).isoformat()
    response = _create(api, personas, time_zone="Europe/Berlin", application_deadline=sent)
    assert response.status_code == 201, response.content
    assert datetime.datetime.fromisoformat(response.json()["application_deadline"]) == moment


@pytest.mark.parametrize(
    "value",
    ["2026-02-30", "", "99999-01-01", "+10000-01-01", "2026-13-01", "tomorrow", "2026-03-04T10:00", "1999-12-31"],
)
def test_hostile_or_naive_deadlines_are_a_422_problem_and_change_nothing(personas, api_client_for, value):
    api = api_client_for(personas.company_owner)
    before = Project.objects.count()
    response = _create(api, personas, application_deadline=value)
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "validation_error"
    assert Project.objects.count() == before


def test_patch_with_a_date_only_deadline_and_a_bad_zone(personas, api_client_for):
    api = api_client_for(personas.company_owner)
    project_id = _create(api, personas, time_zone="America/St_Johns").json()["id"]
    day = timezone.localdate() + datetime.timedelta(days=5)
    response = api.patch(f"projects/{project_id}", {"application_deadline": day.isoformat()})
    assert response.status_code == 200, response.content
    project = Project.objects.get(pk=project_id)
    assert project.application_deadline == end_of_day(day, get_zone("America/St_Johns"))
    assert api.patch(f"projects/{project_id}", {"time_zone": None}).json()["time_zone"] == "America/St_Johns"
    refused = api.patch(f"projects/{project_id}", {"time_zone": "Mars/Olympus"})
    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_time_zone"
    assert Project.objects.get(pk=project_id).time_zone == "America/St_Johns"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"language": "xx"}, "invalid_language"),
        ({"overlap_hours": 2}, "overlap_window_required"),
        ({"overlap_hours": 5, "overlap_start": "14:00", "overlap_end": "18:00"}, "overlap_longer_than_window"),
        ({"overlap_hours": 0, "overlap_start": "14:00", "overlap_end": "18:00"}, "overlap_hours_out_of_range"),
        ({"overlap_hours": 2, "overlap_start": "14:00", "overlap_end": "14:00"}, "overlap_window_empty"),
    ],
)
def test_language_and_overlap_are_checked(personas, api_client_for, overrides, code):
    response = _create(api_client_for(personas.company_owner), personas, **overrides)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == code


def test_zone_language_and_overlap_are_stored_and_shown(personas, api_client_for):
    api = api_client_for(personas.company_owner)
    response = _create(
        api,
        personas,
        time_zone="Europe/Berlin",
        language="de",
        overlap_hours=2,
        overlap_start="14:00",
        overlap_end="18:00",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["language"] == "de"
    assert body["overlap"] == {"hours": 2, "start": "14:00:00", "end": "18:00:00", "time_zone": "Europe/Berlin"}


def test_defaults_come_from_the_creator(personas):
    owner = personas.company_owner
    owner.time_zone, owner.language = "America/Sao_Paulo", "pt-br"
    owner.save(update_fields=["time_zone", "language"])
    data = valid_data()
    project = project_create(actor=owner, organization=personas.organization, data=data)
    assert (project.time_zone, project.language) == ("America/Sao_Paulo", "pt")
    owner.time_zone, owner.language = "", ""
    owner.save(update_fields=["time_zone", "language"])
    project = project_create(actor=owner, organization=personas.organization, data=valid_data())
    assert (project.time_zone, project.language) == ("UTC", "en")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zone=st.sampled_from(FAR_ZONES), offset=st.integers(min_value=3, max_value=9))
def test_date_only_deadline_property(personas, zone, offset):
    """Whatever the zone, a date-only deadline lands on 23:59:59 of that day there and the stored
    instant round-trips through the database unchanged."""
    day = timezone.localdate() + datetime.timedelta(days=offset)
    data = valid_data(time_zone=zone, application_deadline=day)
    project = project_create(actor=personas.company_owner, organization=personas.organization, data=data)
    project.refresh_from_db()
    local = project.application_deadline.astimezone(get_zone(zone))
    assert (local.date(), local.time()) == (day, datetime.time(23, 59, 59))


def test_the_page_shows_the_due_moment_in_the_viewers_zone_and_the_projects(personas, client):
    project = ProjectFactory(
        organization=personas.organization,
        time_zone="Europe/Berlin",
        language="de",
        overlap_hours=2,
        overlap_start=datetime.time(14),
        overlap_end=datetime.time(18),
        due_date=datetime.date(2027, 3, 10),
        start_date=datetime.date(2027, 3, 1),
    )
    talent = personas.talent
    talent.time_zone = "America/Sao_Paulo"
    talent.save(update_fields=["time_zone"])
    TalentProfile.objects.update_or_create(
        user=talent,
        defaults={"timezone": "America/Sao_Paulo", "work_start": datetime.time(9), "work_end": datetime.time(17)},
    )
    client.force_login(talent)
    html = client.get(f"/projects/{project.pk}/").content.decode()
    # 23:59:59 on 10 March in Berlin (CET) is 19:59 the same day in São Paulo (UTC-3).
    assert re.search(r"Mar 10, 2027, 7:59\sPM America/Sao_Paulo", html)
    assert "Europe/Berlin, the project" in html
    assert "German" in html
    assert "At least 2 h of your working hours between 14:00 and 18:00 (Europe/Berlin)" in html
    assert "Your working hours overlap" in html
