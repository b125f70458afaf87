"""Milestones: due dates inside the engagement's window; the company changes and removes them (API
and page); everyone else is refused and nothing changes."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from stint.core.errors import NotFound, PermissionDenied, ValidationFailed
from stint.core.models import AuditEvent
from stint.engagements import milestones, services
from stint.engagements.models import Milestone
from stint.engagements.tests.helpers import refresh
from stint.flows import settlement

pytestmark = pytest.mark.django_db


def _state(engagement):
    return list(Milestone.objects.filter(engagement=engagement).order_by("pk").values_list("pk", "title", "due_date"))


@pytest.fixture
def milestone(personas, engagement):
    return services.milestone_create(
        actor=personas.company_owner, engagement=engagement, title="Outline", due_date=engagement.due_date
    )


def api(engagement, milestone=None):
    base = f"engagements/{engagement.pk}/milestones"
    return f"{base}/{milestone.pk}" if milestone else base


@pytest.mark.parametrize(
    "due", [datetime.date(9999, 12, 31), "after_due", "before_start"], ids=["9999", "after_due", "before_start"]
)
def test_a_date_outside_the_window_is_refused(personas, engagement, due):
    if due == "after_due":
        due = engagement.due_date + datetime.timedelta(days=1)
    elif due == "before_start":
        due = timezone.localdate(engagement.created_at) - datetime.timedelta(days=1)
    with pytest.raises(ValidationFailed) as exc:
        services.milestone_create(actor=personas.company_owner, engagement=engagement, title="Far", due_date=due)
    assert exc.value.code == "milestone_date_out_of_window"
    assert exc.value.errors[0]["field"] == "due_date"
    assert _state(engagement) == []


def test_the_window_ends_on_the_due_date(personas, engagement):
    start, end = milestones.milestone_window(engagement)
    assert (start, end) == (timezone.localdate(engagement.created_at), engagement.due_date)
    for day in (start, end, None):
        services.milestone_create(actor=personas.talent, engagement=engagement, title="Step", due_date=day)
    assert len(_state(engagement)) == 3


def test_the_company_changes_and_removes_a_milestone(personas, engagement, milestone):
    start, _ = milestones.milestone_window(engagement)
    changed = milestones.milestone_update(
        actor=personas.company_member, milestone=milestone, title="Outline v2", due_date=start
    )
    assert (changed.title, changed.due_date) == ("Outline v2", start)
    cleared = milestones.milestone_update(actor=personas.company_owner, milestone=milestone, title="X", due_date=None)
    assert cleared.due_date is None
    milestones.milestone_delete(actor=personas.company_owner, milestone=milestone)
    assert _state(engagement) == []
    codes = set(AuditEvent.objects.filter(target_id=str(engagement.pk)).values_list("code", flat=True))
    assert {"engagement.milestone_changed", "engagement.milestone_removed"} <= codes


def test_a_change_to_a_date_outside_the_window_is_refused(personas, engagement, milestone):
    before = _state(engagement)
    with pytest.raises(ValidationFailed) as exc:
        milestones.milestone_update(
            actor=personas.company_owner, milestone=milestone, title="Far", due_date=datetime.date(9999, 12, 31)
        )
    assert exc.value.code == "milestone_date_out_of_window"
    assert _state(engagement) == before


def test_the_talent_and_outsiders_cannot_change_or_remove(personas, engagement, milestone):
    before = _state(engagement)
    with pytest.raises(PermissionDenied) as exc:
        milestones.milestone_update(actor=personas.talent, milestone=milestone, title="Mine", due_date=None)
    assert exc.value.code == "wrong_side"
    with pytest.raises(PermissionDenied):
        milestones.milestone_delete(actor=personas.talent, milestone=milestone)
    for name in ("other_company_member", "other_talent", "advisor", "staff"):
        with pytest.raises(NotFound):
            milestones.milestone_delete(actor=getattr(personas, name), milestone=milestone)
    assert _state(engagement) == before


def test_milestones_of_a_closed_engagement_are_final(personas, engagement, milestone):
    settlement.engagement_cancel(actor=personas.company_owner, engagement=engagement, reason="Budget cut")
    before = _state(engagement)
    with pytest.raises(Exception) as exc:
        milestones.milestone_delete(actor=personas.company_owner, milestone=milestone)
    assert getattr(exc.value, "code", "") == "illegal_transition"
    assert _state(refresh(engagement)) == before


# --- API -----------------------------------------------------------------------------------------


def test_api_refuses_9999_12_31(personas, engagement, api_client_for):
    response = api_client_for(personas.company_owner).post(api(engagement), {"title": "Far", "due_date": "9999-12-31"})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert _state(engagement) == []


def test_api_window_code(personas, engagement, api_client_for):
    day = str(engagement.due_date + datetime.timedelta(days=1))
    response = api_client_for(personas.company_owner).post(api(engagement), {"title": "Late", "due_date": day})
    assert response.status_code == 422
    assert response.json()["code"] == "milestone_date_out_of_window"


def test_api_company_edits_and_deletes(personas, engagement, milestone, api_client_for):
    client = api_client_for(personas.company_member)
    response = client.put(api(engagement, milestone), {"title": "Outline v2", "due_date": None})
    assert response.status_code == 200
    assert response.json()["title"] == "Outline v2"
    assert response.json()["due_date"] is None
    bad = client.put(api(engagement, milestone), {"title": "Far", "due_date": "2999-01-01"})
    assert bad.status_code == 422
    assert Milestone.objects.get(pk=milestone.pk).title == "Outline v2"
    assert client.delete(api(engagement, milestone)).status_code == 204
    assert _state(engagement) == []


@pytest.mark.parametrize(
    ("name", "status"),
    [("talent", 403), ("other_company_member", 404), ("other_talent", 404), ("advisor", 404), ("staff", 404)],
)
def test_api_others_are_refused(personas, engagement, milestone, api_client_for, name, status):
    client = api_client_for(getattr(personas, name))
    before = _state(engagement)
    assert client.put(api(engagement, milestone), {"title": "Mine"}).status_code == status
    assert client.delete(api(engagement, milestone)).status_code == status
    assert _state(engagement) == before


def test_api_anonymous_is_refused(engagement, milestone, api_client_for):
    before = _state(engagement)
    assert api_client_for(None).delete(api(engagement, milestone)).status_code == 401
    assert _state(engagement) == before


# --- Page ----------------------------------------------------------------------------------------


def page(engagement, name):
    return f"/engagements/{engagement.pk}/{name}/"


def test_page_company_edits_and_removes(client, personas, engagement, milestone):
    client.force_login(personas.company_owner)
    html = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "Remove “Outline”" in html
    assert f'max="{engagement.due_date:%Y-%m-%d}"' in html
    client.post(page(engagement, "milestone-edit"), {"milestone": str(milestone.pk), "title": "Outline v2"})
    assert Milestone.objects.get(pk=milestone.pk).title == "Outline v2"
    response = client.post(
        page(engagement, "milestone-edit"),
        {"milestone": str(milestone.pk), "title": "Far", "due_date": "9999-12-31"},
        follow=True,
    )
    assert "A milestone is due between" in response.content.decode()
    assert Milestone.objects.get(pk=milestone.pk).title == "Outline v2"
    client.post(page(engagement, "milestone-delete"), {"milestone": str(milestone.pk)})
    assert _state(engagement) == []


def test_page_talent_sees_no_manage_form_and_is_refused(client, personas, engagement, milestone):
    client.force_login(personas.talent)
    assert "Remove “Outline”" not in client.get(f"/engagements/{engagement.pk}/").content.decode()
    before = _state(engagement)
    client.post(page(engagement, "milestone-delete"), {"milestone": str(milestone.pk)})
    client.post(page(engagement, "milestone-edit"), {"milestone": str(milestone.pk), "title": "Mine"})
    assert _state(engagement) == before


def test_page_outsider_gets_404(client, personas, engagement, milestone):
    client.force_login(personas.other_company_member)
    before = _state(engagement)
    assert client.post(page(engagement, "milestone-delete"), {"milestone": str(milestone.pk)}).status_code == 404
    assert _state(engagement) == before
