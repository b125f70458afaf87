"""Time log bounds (issue: 8 × 24 h on one day of a 10-hour project, then a company cancellation
settled the full fee): a daily cap, the estimate as a ceiling unless the company approved an
overrun, and a settlement that pays only the hours these rules allow."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from stint.core.errors import Conflict, ValidationFailed
from stint.engagements import selectors, services, timelog_rules
from stint.engagements.choices import EngagementStatus
from stint.engagements.models import TimeEntry
from stint.engagements.tests.helpers import balance, log, log_over_days, refresh, started_days_ago
from stint.flows import settlement
from stint.payments.invariants import ledger_violations

S = EngagementStatus
pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _entries(engagement):
    return list(TimeEntry.objects.filter(engagement=engagement).order_by("pk").values_list("pk", "minutes"))


# --- Service -------------------------------------------------------------------------------------


def test_the_default_daily_cap_is_twelve_hours(personas, engagement):
    assert timelog_rules.max_minutes_per_day() == 12 * 60
    log(engagement, personas.talent, 8 * 60)
    log(engagement, personas.talent, 4 * 60)
    before = _entries(engagement)
    with pytest.raises(ValidationFailed) as exc:
        log(engagement, personas.talent, 1)
    assert exc.value.code == "daily_limit_exceeded"
    assert exc.value.errors[0]["field"] == "hours"
    assert _entries(engagement) == before


def test_the_cap_is_per_day(personas, engagement):
    engagement = started_days_ago(engagement, 1)
    log(engagement, personas.talent, 12 * 60, TODAY() - datetime.timedelta(days=1))
    log(engagement, personas.talent, 60)
    assert selectors.logged_minutes(engagement) == 13 * 60


@override_settings(STINT_MAX_HOURS_PER_DAY=99)
def test_a_day_never_holds_more_than_24_hours_whatever_the_setting():
    assert timelog_rules.max_minutes_per_day() == 24 * 60


@override_settings(STINT_MAX_HOURS_PER_DAY=24)
def test_eight_full_days_on_one_day_are_refused(personas, project, engagement):
    project.estimated_hours = 40
    project.save(update_fields=["estimated_hours"])
    engagement = refresh(engagement)
    log(engagement, personas.talent, 24 * 60)
    for _ in range(7):
        with pytest.raises(ValidationFailed) as exc:
            log(engagement, personas.talent, 24 * 60)
        assert exc.value.code == "daily_limit_exceeded"
    assert selectors.logged_minutes(engagement) == 24 * 60


def test_time_beyond_the_estimate_needs_the_companys_approval(personas, engagement):
    engagement = log_over_days(engagement, personas.talent, 19 * 60)
    engagement = started_days_ago(engagement, 3)
    before = _entries(engagement)
    with pytest.raises(Conflict) as exc:
        log(engagement, personas.talent, 61, TODAY() - datetime.timedelta(days=2))
    assert exc.value.code == "estimate_exceeded"
    assert exc.value.extra == {"estimated_minutes": 1200, "logged_minutes": 1140}
    assert _entries(engagement) == before
    log(engagement, personas.talent, 60, TODAY() - datetime.timedelta(days=2))  # exactly the estimate
    services.engagement_overrun_acknowledge(
        actor=personas.company_owner, engagement=engagement, decision="adjust_scope"
    )
    with pytest.raises(Conflict):
        log(engagement, personas.talent, 30, TODAY() - datetime.timedelta(days=2))
    services.engagement_overrun_acknowledge(
        actor=personas.company_owner, engagement=engagement, decision="approve_overrun"
    )
    log(engagement, personas.talent, 30, TODAY() - datetime.timedelta(days=2))
    assert selectors.logged_minutes(engagement) == 20 * 60 + 30


# --- Cancellation maths --------------------------------------------------------------------------


def _insert(engagement, talent, minutes, day):
    """A row the services would refuse today (written before the rules, or by hand)."""
    return TimeEntry.objects.create(engagement=engagement, talent=talent, date=day, minutes=minutes)


def test_payable_minutes_cap_each_day_and_the_total(personas, engagement):
    for _ in range(8):
        _insert(engagement, personas.talent, 24 * 60, TODAY())
    assert timelog_rules.payable_minutes(refresh(engagement)) == 12 * 60
    _insert(engagement, personas.talent, 10 * 60, TODAY() - datetime.timedelta(days=1))
    assert timelog_rules.payable_minutes(refresh(engagement)) == 20 * 60  # the estimate


@override_settings(STINT_CANCELLATION_CONTEST_DAYS=0)
def test_company_cancellation_pays_only_the_allowed_hours(personas, engagement):
    for _ in range(8):
        _insert(engagement, personas.talent, 24 * 60, TODAY())  # 192 h on one day of a 20-hour project
    result = settlement.engagement_cancel(actor=personas.company_owner, engagement=engagement, reason="Budget cut")
    # fee 500.00 × 12 h (the daily cap) / 20 h estimated = 300.00, not the full fee
    assert result.talent_share_minor == 30_000
    assert balance(personas.talent) == 30_000
    assert ledger_violations() == []


# --- API and page --------------------------------------------------------------------------------


def test_api_refuses_a_day_over_the_cap_with_problem_json(personas, engagement, api_client_for):
    client = api_client_for(personas.talent)
    path = f"engagements/{engagement.pk}/time-entries"
    assert client.post(path, {"date": str(TODAY()), "hours": 12}).status_code == 201
    before = _entries(engagement)
    response = client.post(path, {"date": str(TODAY()), "hours": "0.5"})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "daily_limit_exceeded"
    assert body["max_minutes_per_day"] == 720
    assert _entries(engagement) == before


def test_api_refuses_time_beyond_the_estimate(personas, engagement, api_client_for):
    engagement = log_over_days(engagement, personas.talent, 20 * 60)
    engagement = started_days_ago(engagement, 3)
    before = _entries(engagement)
    day = str(TODAY() - datetime.timedelta(days=2))
    response = api_client_for(personas.talent).post(
        f"engagements/{engagement.pk}/time-entries", {"date": day, "minutes": 15}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "estimate_exceeded"
    assert _entries(engagement) == before
    detail = api_client_for(personas.talent).get(f"engagements/{engagement.pk}").json()
    assert detail["scope"]["at_estimate"] is True
    assert detail["scope"]["max_minutes_per_day"] == 720


def test_page_refuses_a_day_over_the_cap_with_a_message(client, personas, engagement):
    log(engagement, personas.talent, 11 * 60)
    before = _entries(engagement)
    client.force_login(personas.talent)
    response = client.post(
        f"/engagements/{engagement.pk}/time/",
        {"date": str(TODAY()), "hours": "2", "note": "more"},
        HTTP_REFERER=f"/engagements/{engagement.pk}/",
        follow=True,
    )
    assert "11 h are already logged" in response.content.decode()
    assert _entries(engagement) == before
    page = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'max="12"' in page
    assert "At most 12 h per day" in page
