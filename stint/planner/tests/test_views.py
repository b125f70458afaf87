"""HTML pages of the planner: the talent's planner, due-date requests on both sides, the daily-plan
partial; every persona that must be refused."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from stint.core.testing.queries import assert_max_queries
from stint.planner.models import CalendarFeed, CapacityPattern, DueDateChangeRequest
from stint.planner.services import due_date_change_request
from stint.planner.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(talent, personas):
    return f.engagement(talent, personas.organization, hours=40, start=0, due=6)


@pytest.fixture
def due_request(talent, engagement):
    return due_date_change_request(talent=talent, engagement=engagement, new_date=f.days(20), reason="Exam week")


def test_the_planner_shows_chart_table_engagements_and_risk(talent, personas, engagement, client):
    f.offer(talent, personas.organization, hours=6, start=0, due=13)
    client.force_login(talent)
    response = client.get("/planner/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html and 'aria-labelledby="chart-title chart-desc"' in html
    assert "<caption>Load per week (hours)</caption>" in html
    assert engagement.project.title in html
    assert "At risk" in html and "request a new due date" in html
    assert "Over capacity" in html
    assert "offers (tentative)" in html
    assert "Create my calendar address" in html


def test_the_planner_page_query_count_does_not_grow_with_engagements(talent, personas, client):
    client.force_login(talent)
    f.engagement(talent, personas.organization)
    client.get("/planner/")
    with assert_max_queries(25):
        client.get("/planner/")
    for _ in range(4):
        f.engagement(talent, personas.organization)
    with assert_max_queries(25):
        client.get("/planner/")


def test_anonymous_is_sent_to_login(client, db):
    for url in ("/planner/", "/planner/pattern/", "/planner/calendar-url/"):
        response = client.get(url) if url == "/planner/" else client.post(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["company_owner", "advisor", "staff"])
def test_other_roles_get_403(personas, client, persona):
    client.force_login(getattr(personas, persona))
    assert client.get("/planner/").status_code == 403
    assert client.post("/planner/pattern/", {}).status_code == 403


def test_weekday_pattern_form_saves_validates_and_clears(talent, client):
    client.force_login(talent)
    data = dict.fromkeys(("monday", "tuesday", "wednesday", "thursday", "friday"), "1.5") | {
        "saturday": "0",
        "sunday": "4",
    }
    assert client.post("/planner/pattern/", data).status_code == 302
    assert CapacityPattern.objects.get(user=talent).minutes == (90, 90, 90, 90, 90, 0, 240)
    bad = client.post("/planner/pattern/", data | {"sunday": "30"})
    assert bad.status_code == 422 and "Ensure this value is less than or equal to 16" in bad.content.decode()
    assert client.post("/planner/pattern/", {"clear": "1"}).status_code == 302
    assert not CapacityPattern.objects.filter(user=talent).exists()


def test_calendar_address_is_created_then_replaced(talent, client):
    client.force_login(talent)
    client.post("/planner/calendar-url/", {"create": "1"})
    token = CalendarFeed.objects.get(user=talent).token
    assert token in client.get("/planner/").content.decode()
    client.post("/planner/calendar-url/")
    assert CalendarFeed.objects.get(user=talent).token != token


def test_the_talent_requests_a_new_due_date_from_the_form(talent, engagement, client):
    client.force_login(talent)
    url = f"/planner/engagements/{engagement.pk}/due-date/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"due_date": f.days(6).isoformat(), "reason": "Exam"})
    assert bad.status_code == 422 and "different from the current due date" in bad.content.decode()
    response = client.post(url, {"due_date": f.days(20).isoformat(), "reason": "Exam"})
    item = DueDateChangeRequest.objects.get(engagement=engagement)
    assert response.status_code == 302 and response["Location"] == f"/planner/due-date-requests/{item.pk}/"


@pytest.mark.parametrize("persona", ["other_talent"])
def test_another_talent_gets_404_on_the_request_form(personas, engagement, client, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(f"/planner/engagements/{engagement.pk}/due-date/").status_code == 404


def test_company_member_sees_and_accepts_the_request(personas, engagement, due_request, client):
    client.force_login(personas.company_member)
    page = client.get(f"/planner/due-date-requests/{due_request.pk}/").content.decode()
    assert "Accept the new due date" in page and "Exam week" in page
    response = client.post(f"/planner/due-date-requests/{due_request.pk}/accept/")
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.due_date == f.days(20)


def test_company_declines_from_the_page(personas, engagement, due_request, client):
    client.force_login(personas.company_owner)
    client.post(f"/planner/due-date-requests/{due_request.pk}/decline/")
    due_request.refresh_from_db()
    assert due_request.status == "declined"


def test_the_talent_follows_the_request_but_cannot_decide(talent, due_request, client):
    client.force_login(talent)
    page = client.get(f"/planner/due-date-requests/{due_request.pk}/").content.decode()
    assert "Waiting for the company" in page and "Accept the new due date" not in page
    assert client.post(f"/planner/due-date-requests/{due_request.pk}/accept/").status_code == 404


@pytest.mark.parametrize("persona", ["other_company_member", "other_talent", "advisor"])
def test_outsiders_get_404_on_the_request_page(personas, due_request, client, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(f"/planner/due-date-requests/{due_request.pk}/").status_code == 404
    assert client.post(f"/planner/due-date-requests/{due_request.pk}/accept/").status_code == 404
    due_request.refresh_from_db()
    assert due_request.status == "pending"


def test_anonymous_is_sent_to_login_from_the_request_page(due_request, client):
    response = client.get(f"/planner/due-date-requests/{due_request.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_daily_plan_tag_renders_for_talent_only(talent, personas, engagement):
    template = Template("{% load planner_tags %}{% daily_plan user %}")
    html = template.render(Context({"user": talent}))
    assert "Today’s plan" in html and engagement.project.title in html and "At risk" in html
    assert template.render(Context({"user": personas.company_owner})).strip() == ""
