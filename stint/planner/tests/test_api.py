"""The planner's JSON API: happy paths, validation codes and every persona that must be refused."""

from __future__ import annotations

import datetime

import pytest

from stint.core.models import AuditEvent
from stint.engagements.models import ChangeRequest, Engagement, TimeEntry
from stint.notifications.models import Notification
from stint.planner.models import DueDateChangeRequest
from stint.planner.tests import factories as f
from stint.talent.models import BlockedPeriod

pytestmark = pytest.mark.django_db

TALENT_GETS = ["me/workload", "me/daily-plan", "me/calendar-url", "me/capacity-pattern"]


def test_workload_has_weeks_with_capacity_committed_tentative_and_items(talent, personas, api_client_for):
    engagement = f.engagement(talent, personas.organization, hours=14, start=0, due=13)
    offer = f.offer(talent, personas.organization, hours=7, start=0, due=13)
    weeks = api_client_for(talent).get("me/workload?weeks=8").json()
    assert len(weeks) == 8
    assert sum(w["committed_minutes"] for w in weeks) == 14 * 60
    assert sum(w["tentative_minutes"] for w in weeks) == 7 * 60
    first = weeks[0]
    assert {"week_start", "capacity_hours", "committed_hours", "tentative_hours", "blocked", "items"} <= set(first)
    ids = {i["engagement_id"] for w in weeks for i in w["items"]} | {
        i["application_id"] for w in weeks for i in w["items"]
    }
    assert {str(engagement.pk), str(offer.pk)} <= ids
    assert weeks[1]["capacity_minutes"] == 600


def test_hours_logged_reduce_the_remaining_load(talent, personas, api_client_for):
    engagement = f.engagement(talent, personas.organization, hours=10, start=0, due=13)
    TimeEntry.objects.create(engagement=engagement, talent=talent, date=f.today(), minutes=240)
    weeks = api_client_for(talent).get("me/workload").json()
    assert sum(w["committed_minutes"] for w in weeks) == 6 * 60


def test_changes_requested_keeps_a_minimum_per_open_round(talent, personas, api_client_for):
    engagement = f.engagement(talent, personas.organization, hours=5, start=0, due=13, status="changes_requested")
    TimeEntry.objects.create(engagement=engagement, talent=talent, date=f.today(), minutes=6 * 60)
    ChangeRequest.objects.create(
        engagement=engagement, round=1, message="More charts", requested_by=personas.company_owner
    )
    weeks = api_client_for(talent).get("me/workload").json()
    assert sum(w["committed_minutes"] for w in weeks) == 60


def test_submitted_cancelled_and_paid_engagements_are_not_load(talent, personas, api_client_for):
    for status in ("submitted", "cancelled", "paid", "approved", "disputed"):
        f.engagement(talent, personas.organization, status=status)
    weeks = api_client_for(talent).get("me/workload").json()
    assert sum(w["committed_minutes"] for w in weeks) == 0


def test_an_exam_week_is_blocked_with_zero_capacity(talent, personas, api_client_for):
    monday = f.today() - datetime.timedelta(days=f.today().weekday()) + datetime.timedelta(days=7)
    BlockedPeriod.objects.create(
        profile=talent.talent_profile, start=monday, end=monday + datetime.timedelta(days=6), reason="Exams"
    )
    weeks = api_client_for(talent).get("me/workload").json()
    assert weeks[1]["blocked"] is True and weeks[1]["capacity_minutes"] == 0
    assert weeks[1]["blocked_reasons"] == ["Exams"]


@pytest.mark.parametrize("weeks", [0, 27, -1])
def test_weeks_out_of_range_is_422(talent, api_client_for, weeks):
    response = api_client_for(talent).get(f"me/workload?weeks={weeks}")
    assert response.status_code == 422 and response.json()["code"] == "invalid_weeks"


@pytest.mark.parametrize("path", TALENT_GETS)
def test_anonymous_gets_401(api_client_for, path):
    assert api_client_for(None).get(path).status_code == 401


@pytest.mark.parametrize("path", TALENT_GETS)
@pytest.mark.parametrize("persona", ["company_owner", "advisor", "staff"])
def test_other_roles_get_403(personas, api_client_for, path, persona):
    response = api_client_for(getattr(personas, persona)).get(path)
    assert response.status_code == 403 and response.json()["code"] == "talent_role_required"


def test_a_talent_without_a_profile_gets_the_default_capacity(personas, api_client_for):
    weeks = api_client_for(personas.other_talent).get("me/workload?weeks=2").json()
    assert weeks[1]["capacity_minutes"] == 600


def test_daily_plan_lists_todays_work_and_risk(talent, personas, api_client_for):
    engagement = f.engagement(talent, personas.organization, hours=40, start=0, due=6)
    plan = api_client_for(talent).get("me/daily-plan").json()
    assert plan["timezone"] == "UTC"
    [entry] = plan["entries"]
    assert entry["engagement_id"] == str(engagement.pk)
    assert entry["at_risk"] is True and entry["minutes"] > 0
    assert entry["available_minutes"] < entry["remaining_minutes"]


def test_calendar_url_is_created_once_and_rotation_replaces_it(talent, api_client_for):
    client = api_client_for(talent)
    first = client.get("me/calendar-url").json()["url"]
    assert first.startswith("http://testserver/planner/calendar/") and first.endswith(".ics")
    assert client.get("me/calendar-url").json()["url"] == first
    rotated = client.post("me/calendar-url/rotate").json()
    assert rotated["url"] != first and rotated["rotated_at"]
    assert client.get("me/calendar-url").json()["url"] == rotated["url"]


@pytest.mark.parametrize("persona", ["company_owner", "advisor"])
def test_rotate_is_for_talent_only(personas, api_client_for, persona):
    assert api_client_for(getattr(personas, persona)).post("me/calendar-url/rotate").status_code == 403
    assert api_client_for(None).post("me/calendar-url/rotate").status_code == 401


def test_weekday_pattern_sets_and_clears_capacity(talent, api_client_for):
    client = api_client_for(talent)
    response = client.put("me/capacity-pattern", {"weekday_hours": [2, 2, 2, 2, 2, 0, 0.5]})
    assert response.status_code == 200
    assert response.json()["weekday_minutes"] == [120, 120, 120, 120, 120, 0, 30]
    assert client.get("me/workload?weeks=2").json()[1]["capacity_minutes"] == 630
    assert client.put("me/capacity-pattern", {"weekday_hours": None}).json()["weekday_minutes"] is None
    assert client.get("me/workload?weeks=2").json()[1]["capacity_minutes"] == 600


@pytest.mark.parametrize("hours", [[1, 2, 3], [1, 1, 1, 1, 1, 1, 17], [1, 1, 1, 1, 1, 1, -1]])
def test_invalid_weekday_pattern_is_422(talent, api_client_for, hours):
    response = api_client_for(talent).put("me/capacity-pattern", {"weekday_hours": hours})
    assert response.status_code == 422 and response.json()["code"] == "invalid_weekday_pattern"


def test_capacity_check_endpoint_uses_the_same_check(talent, personas, api_client_for):
    f.engagement(talent, personas.organization, hours=20, start=0, due=13)
    heavy = f.project(personas.organization, hours=10, start=0, due=6)
    light = f.project(personas.organization, hours=5, start=14, due=27)
    client = api_client_for(talent)
    body = client.get(f"projects/{heavy.pk}/capacity-check").json()
    assert body["fits"] is False and body["weeks"][0]["load_minutes"] > body["weeks"][0]["capacity_minutes"]
    assert client.get(f"projects/{light.pk}/capacity-check").json() == {"fits": True, "weeks": []}


# --- Due-date change requests ----------------------------------------------------------------------


@pytest.fixture
def engagement(talent, personas):
    return f.engagement(talent, personas.organization, hours=20, start=0, due=13)


def _request(client, engagement, days=20, reason="Exam on the due date"):
    return client.post(
        f"engagements/{engagement.pk}/due-date-requests", {"due_date": f.days(days).isoformat(), "reason": reason}
    )


def test_the_talent_asks_and_the_company_accepts(talent, personas, engagement, api_client_for):
    response = _request(api_client_for(talent), engagement)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending" and body["proposed_due_date"] == f.days(20).isoformat()
    assert Notification.objects.filter(user=personas.company_owner, event="engagement.due_date_requested").exists()
    fee_before = engagement.fee_minor
    accepted = api_client_for(personas.company_member).post(f"due-date-requests/{body['id']}/accept")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["engagement_due_date"] == f.days(20).isoformat()
    engagement.refresh_from_db()
    assert engagement.due_date == f.days(20) and engagement.fee_minor == fee_before
    assert Notification.objects.filter(user=talent, event="engagement.due_date_accepted").exists()
    assert AuditEvent.objects.filter(code="planner.due_date_accepted", target_id=str(engagement.pk)).exists()
    # The load is recomputed: the 20 h now spread to the new due date.
    weeks = api_client_for(talent).get("me/workload").json()
    last_day_week = max(w["week_start"] for w in weeks if w["committed_minutes"])
    assert last_day_week >= (f.days(20) - datetime.timedelta(days=f.days(20).weekday())).isoformat()


def test_the_company_declines_and_the_due_date_stays(talent, personas, engagement, api_client_for):
    request_id = _request(api_client_for(talent), engagement).json()["id"]
    response = api_client_for(personas.company_owner).post(f"due-date-requests/{request_id}/decline")
    assert response.json()["status"] == "declined"
    engagement.refresh_from_db()
    assert engagement.due_date == f.days(13)
    again = api_client_for(personas.company_owner).post(f"due-date-requests/{request_id}/accept")
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"


@pytest.mark.parametrize(
    ("days", "reason", "code"),
    [
        (0, "Exam", "due_date_in_past"),
        (13, "Exam", "due_date_unchanged"),
        (90, "Exam", "due_date_too_late"),
        (20, " ", "reason_required"),
    ],
)
def test_due_date_request_validation(talent, engagement, api_client_for, days, reason, code):
    response = _request(api_client_for(talent), engagement, days=days, reason=reason)
    assert response.status_code == 422 and response.json()["code"] == code


def test_one_pending_request_at_a_time(talent, engagement, api_client_for):
    client = api_client_for(talent)
    assert _request(client, engagement).status_code == 201
    response = _request(client, engagement, days=21)
    assert response.status_code == 409 and response.json()["code"] == "due_date_request_pending"


def test_a_closed_engagement_cannot_move(talent, personas, api_client_for):
    closed = f.engagement(talent, personas.organization, status="submitted")
    response = _request(api_client_for(talent), closed)
    assert response.status_code == 409 and response.json()["code"] == "engagement_not_open"


@pytest.mark.parametrize("persona", ["other_talent", "company_owner", "other_company_member", "advisor"])
def test_only_the_engagements_talent_can_ask(personas, engagement, api_client_for, persona):
    assert _request(api_client_for(getattr(personas, persona)), engagement).status_code == 404
    assert _request(api_client_for(None), engagement).status_code == 401


@pytest.mark.parametrize("persona", ["other_talent", "other_company_member", "advisor", "staff"])
def test_outsiders_get_404_on_a_request(talent, personas, engagement, api_client_for, persona):
    request_id = _request(api_client_for(talent), engagement).json()["id"]
    client = api_client_for(getattr(personas, persona))
    assert client.get(f"due-date-requests/{request_id}").status_code == 404
    assert client.post(f"due-date-requests/{request_id}/accept").status_code == 404
    assert client.post(f"due-date-requests/{request_id}/decline").status_code == 404
    assert api_client_for(None).post(f"due-date-requests/{request_id}/accept").status_code == 401
    assert DueDateChangeRequest.objects.get(pk=request_id).status == "pending"


def test_the_talent_cannot_decide_their_own_request(talent, engagement, api_client_for):
    client = api_client_for(talent)
    request_id = _request(client, engagement).json()["id"]
    assert client.get(f"due-date-requests/{request_id}").status_code == 200
    response = client.post(f"due-date-requests/{request_id}/accept")
    assert response.status_code == 403 and response.json()["code"] == "company_decides"


def test_accepting_after_the_engagement_closed_is_refused(talent, personas, engagement, api_client_for):
    request_id = _request(api_client_for(talent), engagement).json()["id"]
    Engagement.objects.filter(pk=engagement.pk).update(status="submitted")
    response = api_client_for(personas.company_owner).post(f"due-date-requests/{request_id}/accept")
    assert response.status_code == 409 and response.json()["code"] == "engagement_changed"
    assert DueDateChangeRequest.objects.get(pk=request_id).status == "pending"
