from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from stint.core.testing.queries import assert_max_queries
from stint.engagements.choices import EngagementStatus
from stint.engagements.tests.helpers import PDF, log, log_over_days, refresh, submit
from stint.payments.invariants import ledger_violations
from stint.payments.tests.factories import engagement_for

S = EngagementStatus
pytestmark = pytest.mark.django_db


def page(engagement, suffix=""):
    return f"/engagements/{engagement.pk}/{suffix}"


@pytest.mark.parametrize("name", ["company_owner", "company_member", "talent"])
def test_both_sides_open_the_workspace(client, personas, engagement, name):
    log(engagement, personas.talent, 60)
    client.force_login(getattr(personas, name))
    response = client.get(page(engagement))
    assert response.status_code == 200
    html = response.content.decode()
    assert engagement.project.title in html
    assert "Messages" in html
    assert "Timeline" in html
    assert ("Log time" in html) == (name == "talent")


@pytest.mark.parametrize("name", ["other_company_member", "other_talent", "advisor", "staff"])
def test_outsiders_get_404_on_every_page_and_action(client, personas, engagement, name):
    client.force_login(getattr(personas, name))
    assert client.get(page(engagement)).status_code == 404
    for action in ("approve", "cancel", "time", "submit", "dispute", "review", "offer-next"):
        assert client.post(page(engagement, f"{action}/"), {"reason": "x"}).status_code == 404, action


def test_anonymous_is_sent_to_login(client, engagement):
    for url in (page(engagement), "/engagements/", "/engagements/staff/disputes/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response["Location"]
    assert client.post(page(engagement, "approve/")).status_code == 302


def test_list_shows_engagements_with_bounded_queries(client, personas, engagement, project):
    for _ in range(3):
        engagement_for(project)
    client.force_login(personas.company_owner)
    with assert_max_queries(15):
        response = client.get("/engagements/")
    assert response.status_code == 200
    assert response.content.decode().count(engagement.project.title) == 4
    client.force_login(personas.other_talent)
    assert engagement.project.title not in client.get("/engagements/").content.decode()


def test_talent_logs_time_and_submits_a_file_in_the_browser_form(client, personas, engagement):
    client.force_login(personas.talent)
    response = client.post(
        page(engagement, "time/"), {"date": timezone.localdate().isoformat(), "hours": "2.5", "note": "x"}
    )
    assert response.status_code == 302
    assert engagement.time_entries.get().minutes == 150
    response = client.post(
        page(engagement, "submit/"),
        {
            "files": [SimpleUploadedFile("r.pdf", PDF)],
            "links": "https://example.org/a\n",
            "notes": "n",
            "ai_use": "none",
        },
    )
    assert response.status_code == 302
    engagement = refresh(engagement)
    assert engagement.status == S.SUBMITTED
    file_id = engagement.submissions.get().files.get().pk
    client.force_login(personas.company_member)
    download = client.get(page(engagement, f"files/{file_id}/"))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    client.force_login(personas.other_company_member)
    assert client.get(page(engagement, f"files/{file_id}/")).status_code == 404


def test_invalid_action_shows_a_message_and_changes_nothing(client, personas, engagement):
    client.force_login(personas.talent)
    response = client.post(
        page(engagement, "submit/"), {"notes": "n", "ai_use": ""}, HTTP_REFERER=page(engagement), follow=True
    )
    assert "AI-use declaration is required" in response.content.decode()
    assert refresh(engagement).status == S.ACTIVE


def test_company_approves_from_the_workspace(client, personas, engagement):
    submit(engagement, personas.talent)
    client.force_login(personas.company_member)
    assert "Approve and pay" in client.get(page(engagement)).content.decode()
    client.post(page(engagement, "approve/"))
    assert refresh(engagement).status == S.PAID
    assert ledger_violations() == []
    client.force_login(personas.talent)
    assert "Leave review" in client.get(page(engagement)).content.decode()


def test_the_talent_cannot_approve_from_the_workspace(client, personas, engagement):
    submit(engagement, personas.talent)
    client.force_login(personas.talent)
    client.post(page(engagement, "approve/"), HTTP_REFERER=page(engagement))
    assert refresh(engagement).status == S.SUBMITTED


def test_staff_dispute_queue_and_resolution(client, personas, engagement):
    submit(engagement, personas.talent)
    client.force_login(personas.talent)
    client.post(page(engagement, "dispute/"), {"reason": "No answer"})
    client.force_login(personas.staff)
    queue = client.get("/engagements/staff/disputes/")
    assert engagement.project.title in queue.content.decode()
    assert "Resolve dispute" in client.get(page(engagement)).content.decode()
    client.post(page(engagement, "resolve/"), {"talent_amount_minor": "50000", "note": "Delivered"})
    assert refresh(engagement).status == S.PAID
    assert ledger_violations() == []


@pytest.mark.parametrize("name", ["company_owner", "talent", "advisor"])
def test_non_staff_cannot_see_the_dispute_queue(client, personas, name):
    client.force_login(getattr(personas, name))
    assert client.get("/engagements/staff/disputes/").status_code == 404


def test_scope_banner_is_shown_to_both_sides(client, personas, engagement):
    log_over_days(engagement, personas.talent, 20 * 60)
    for name in ("talent", "company_owner"):
        client.force_login(getattr(personas, name))
        assert "Scope guard" in client.get(page(engagement)).content.decode()
    client.post(page(engagement, "overrun/"), {"decision": "adjust_scope", "note": "Skip the deck"})
    assert refresh(engagement).overrun_decision == "adjust_scope"


def test_deleting_a_time_entry_and_bad_ids(client, personas, engagement):
    entry = log(engagement, personas.talent, 30)
    client.force_login(personas.talent)
    assert client.post(page(engagement, "time-delete/"), {"entry": "not-a-uuid"}).status_code == 404
    client.post(page(engagement, "time-delete/"), {"entry": str(entry.pk)})
    assert not engagement.time_entries.exists()
    assert client.post(page(engagement, "unknown/")).status_code == 404


def test_milestones_from_the_workspace(client, personas, engagement):
    client.force_login(personas.company_owner)
    client.post(page(engagement, "milestone/"), {"title": "Outline", "due_date": str(engagement.due_date)})
    milestone = engagement.milestones.get()
    client.force_login(personas.talent)
    client.post(page(engagement, "milestone-done/"), {"milestone": str(milestone.pk)})
    milestone.refresh_from_db()
    assert milestone.done_at is not None
