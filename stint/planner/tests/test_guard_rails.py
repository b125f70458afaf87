"""Guard rails: applying warns (and still sends), accepting refuses with ``over_capacity`` and the
numbers unless the talent explicitly accepts the overload, which is recorded in the audit log."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from stint.applications.models import Application
from stint.applications.tests.factories import letter
from stint.core.formatting import format_date
from stint.core.models import AuditEvent
from stint.planner import selectors
from stint.planner.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(talent, personas):
    """20 h of work over the next 14 days: exactly the talent's capacity (10 h a week)."""
    return f.engagement(talent, personas.organization, hours=20, start=0, due=13)


@pytest.fixture
def heavy_project(personas):
    return f.project(personas.organization, hours=10, start=0, due=6)


def test_capacity_check_names_the_weeks_and_numbers(talent, busy, heavy_project):
    overloads = selectors.capacity_check(talent, heavy_project)
    assert overloads
    for o in overloads:
        assert o.load_minutes > o.capacity_minutes
        assert o.new_minutes > 0
    assert sum(o.new_minutes for o in overloads) == 10 * 60


def test_a_project_that_fits_gives_no_warning(talent, personas, api_client_for):
    small = f.project(personas.organization, hours=5, start=0, due=13)
    response = api_client_for(talent).post(
        f"projects/{small.pk}/applications", {"cover_letter": letter(1), "answers": ["Interviews first."]}
    )
    assert response.status_code == 201
    assert response.json()["warnings"] == []


def test_applying_over_capacity_warns_with_the_numbers_and_still_sends(talent, busy, heavy_project, api_client_for):
    response = api_client_for(talent).post(
        f"projects/{heavy_project.pk}/applications", {"cover_letter": letter(2), "answers": ["Interviews first."]}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted"
    warnings = body["warnings"]
    assert warnings and all(w["code"] == "over_capacity" for w in warnings)
    expected = selectors.capacity_check(talent, heavy_project)
    assert [w["week_start"] for w in warnings] == [o.week_start.isoformat() for o in expected]
    assert [w["capacity_hours"] for w in warnings] == [round(o.capacity_minutes / 60, 1) for o in expected]
    assert [w["load_hours"] for w in warnings] == [round(o.load_minutes / 60, 1) for o in expected]
    assert Application.objects.filter(project=heavy_project, talent=talent).exists()


def test_accepting_an_overloading_offer_is_refused_with_the_numbers(talent, busy, personas, api_client_for):
    offer = f.offer(talent, personas.organization, hours=10, start=0, due=6)
    response = api_client_for(talent).post(f"applications/{offer.pk}/accept")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "over_capacity"
    assert body["weeks"]
    for week in body["weeks"]:
        assert week["load_hours"] > week["capacity_hours"]
        assert {"week_start", "capacity_minutes", "load_minutes", "new_minutes"} <= set(week)
        assert week["week_start"] in body["detail"]
    offer.refresh_from_db()
    assert offer.status == "offered"
    assert not AuditEvent.objects.filter(code="planner.overload_accepted").exists()


def test_accepting_the_stated_overload_hires_and_records_it(talent, busy, personas, api_client_for):
    offer = f.offer(talent, personas.organization, hours=10, start=0, due=6)
    response = api_client_for(talent).post(f"applications/{offer.pk}/accept", {"accept_overload": True})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "hired"
    event = AuditEvent.objects.get(code="planner.overload_accepted")
    assert event.actor == talent
    assert event.target_id == str(offer.pk)
    assert event.data["weeks"][0]["load_minutes"] > event.data["weeks"][0]["capacity_minutes"]


def test_accepting_an_offer_that_fits_needs_no_override(talent, personas, api_client_for):
    offer = f.offer(talent, personas.organization, hours=5, start=0, due=13)
    response = api_client_for(talent).post(f"applications/{offer.pk}/accept")
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(code="planner.overload_accepted").exists()


def test_the_apply_page_warns_with_the_week_and_numbers(talent, busy, heavy_project, client):
    client.force_login(talent)
    html = client.get(f"/applications/apply/{heavy_project.pk}/").content.decode()
    overload = selectors.capacity_check(talent, heavy_project)[0]
    assert "would go over your weekly capacity" in html
    assert f"Week of {format_date(overload.week_start)}" in html  # in the viewer's language: "Nov 30, 2026"
    assert f"{overload.load_minutes / 60:.1f} h of work for {overload.capacity_minutes / 60:.1f} h of capacity" in html
    response = client.post(
        f"/applications/apply/{heavy_project.pk}/", {"cover_letter": letter(3), "answer_0": "Interviews.", "links": ""}
    )
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("If you are hired, the week of" in t for t in texts)
    assert Application.objects.filter(project=heavy_project, talent=talent, status="submitted").exists()


def test_the_offer_page_refuses_then_accepts_with_the_checkbox(talent, busy, personas, client):
    offer = f.offer(talent, personas.organization, hours=10, start=0, due=6)
    client.force_login(talent)
    page = client.get(f"/applications/{offer.pk}/").content.decode()
    assert "I accept this overload" in page and "Accepting this offer would overload you" in page
    url = f"/applications/{offer.pk}/accept/"
    response = client.post(url, {"next": f"/applications/{offer.pk}/"}, HTTP_REFERER=f"/applications/{offer.pk}/")
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("would overload you" in t and "h of capacity" in t for t in texts)
    offer.refresh_from_db()
    assert offer.status == "offered"
    response = client.post(url, {"next": f"/applications/{offer.pk}/", "accept_overload": "on"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "hired"
    assert AuditEvent.objects.filter(code="planner.overload_accepted", target_id=str(offer.pk)).count() == 1
