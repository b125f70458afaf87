from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stint.engagements.choices import EngagementStatus
from stint.engagements.tests.helpers import PDF, log, log_over_days, refresh, submit
from stint.payments.invariants import ledger_violations
from stint.payments.models import LedgerTransaction

S = EngagementStatus
pytestmark = pytest.mark.django_db

OUTSIDERS = ["other_company_member", "other_talent", "advisor", "staff"]
INSIDERS = ["company_owner", "company_member", "talent"]


def url(engagement, suffix=""):
    return f"engagements/{engagement.pk}{suffix}"


def who(personas, name):
    return None if name == "anonymous" else getattr(personas, name)


@pytest.mark.parametrize("name", INSIDERS)
def test_both_sides_see_the_engagement(personas, engagement, api_client_for, name):
    log(engagement, personas.talent, 90)
    response = api_client_for(who(personas, name)).get(url(engagement))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "active"
    assert body["hours_logged"] == 1.5
    assert body["funds"]["state"] == "held"
    assert body["viewer_side"] == ("talent" if name == "talent" else "company")


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_get_404(personas, engagement, api_client_for, name):
    response = api_client_for(who(personas, name)).get(url(engagement))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    for suffix, data in [
        ("/time-entries", {"date": "2026-01-01", "hours": 1}),
        ("/request-changes", {"message": "x"}),
        ("/approve", {}),
        ("/cancel", {"reason": "x"}),
        ("/dispute", {"reason": "x"}),
        ("/milestones", {"title": "x"}),
        ("/offer-next", {}),
    ]:
        assert api_client_for(who(personas, name)).post(url(engagement, suffix), data).status_code == 404, suffix


def test_anonymous_gets_401(engagement, api_client_for):
    assert api_client_for(None).get(url(engagement)).status_code == 401
    assert api_client_for(None).post(url(engagement, "/approve")).status_code == 401
    assert api_client_for(None).get("me/engagements").status_code == 401


def test_my_engagements_lists_both_sides(personas, engagement, api_client_for):
    for name in ("talent", "company_member"):
        body = api_client_for(getattr(personas, name)).get("me/engagements").json()
        assert body["count"] == 1
        assert body["items"][0]["id"] == str(engagement.pk)
    assert api_client_for(personas.other_talent).get("me/engagements").json()["count"] == 0


def test_talent_logs_time_in_hours(personas, engagement, api_client_for):
    from django.utils import timezone

    response = api_client_for(personas.talent).post(
        url(engagement, "/time-entries"), {"date": str(timezone.localdate()), "hours": "1.5", "note": "Research"}
    )
    assert response.status_code == 201
    assert response.json()["minutes"] == 90
    bad = api_client_for(personas.talent).post(url(engagement, "/time-entries"), {"date": "2999-01-01", "hours": 1})
    assert bad.status_code == 422
    assert bad.json()["code"] == "date_in_future"
    company = api_client_for(personas.company_owner).post(
        url(engagement, "/time-entries"), {"date": str(timezone.localdate()), "hours": 1}
    )
    assert company.status_code == 403


def test_talent_submits_multipart_with_files_and_links(personas, engagement, api_client_for):
    client = api_client_for(personas.talent)
    response = client.post(
        url(engagement, "/submissions"),
        {
            "files": [SimpleUploadedFile("report.pdf", PDF), SimpleUploadedFile("data.csv", b"a,b\n1,2\n")],
            "links": ["https://example.org/deck"],
            "notes": "Done",
            "ai_use": "Spell-check only",
        },
        multipart=True,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [f["content_type"] for f in body["files"]] == ["application/pdf", "text/csv"]
    assert body["links"] == ["https://example.org/deck"]
    assert refresh(engagement).status == S.SUBMITTED
    file_url = f"{url(engagement)}/files/{body['files'][0]['id']}"
    download = api_client_for(personas.company_member).get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert api_client_for(personas.other_company_member).get(file_url).status_code == 404


def test_submissions_refuse_html_and_missing_declaration(personas, engagement, api_client_for):
    client = api_client_for(personas.talent)
    html = client.post(
        url(engagement, "/submissions"),
        {"files": [SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>")], "ai_use": "none"},
        multipart=True,
    )
    assert html.status_code == 422
    assert html.json()["code"] == "file_type_not_allowed"
    missing = client.post(url(engagement, "/submissions"), {"notes": "Done"}, multipart=True)
    assert missing.status_code == 422
    assert missing.json()["code"] == "ai_use_required"


def test_request_changes_then_approve_with_idempotency_key(personas, engagement, api_client_for):
    submit(engagement, personas.talent)
    company = api_client_for(personas.company_member)
    response = company.post(url(engagement, "/request-changes"), {"message": "Add sources"})
    assert response.status_code == 200
    assert response.json()["status"] == "changes_requested"
    assert company.post(url(engagement, "/approve")).json()["code"] == "illegal_transition"
    submit(engagement, personas.talent)
    first = company.post(url(engagement, "/approve"), headers={"Idempotency-Key": "k1"})
    assert first.status_code == 200
    assert first.json()["status"] == "paid"
    assert first.json()["funds"]["state"] == "released"
    replay = company.post(url(engagement, "/approve"), headers={"Idempotency-Key": "k1"})
    assert replay.content == first.content
    assert replay["Idempotent-Replayed"] == "true"
    assert LedgerTransaction.objects.filter(engagement=engagement, kind="release").count() == 1
    assert api_client_for(personas.talent).post(url(engagement, "/approve")).status_code == 403
    assert ledger_violations() == []


def test_change_rounds_exhausted_is_409(personas, engagement, api_client_for, settings):
    settings.STINT_MAX_CHANGE_ROUNDS = 0
    submit(engagement, personas.talent)
    response = api_client_for(personas.company_owner).post(url(engagement, "/request-changes"), {"message": "x"})
    assert response.status_code == 409
    assert response.json()["code"] == "change_rounds_exhausted"


def test_cancel_dispute_resolve_over_the_api(personas, engagement, api_client_for, settings):
    settings.STINT_CANCELLATION_CONTEST_DAYS = 3
    log(engagement, personas.talent, 120)
    cancelled = api_client_for(personas.company_owner).post(url(engagement, "/cancel"), {"reason": "Budget"})
    assert cancelled.json()["funds"]["state"] == "settling"
    disputed = api_client_for(personas.talent).post(url(engagement, "/dispute"), {"reason": "Unfair"})
    assert disputed.json()["status"] == "disputed"
    staff = api_client_for(personas.staff)
    assert staff.get(url(engagement)).status_code == 200
    bad = staff.post(url(engagement, "/resolve"), {"talent_amount_minor": -1})
    assert bad.status_code == 422
    assert (
        api_client_for(personas.company_owner).post(url(engagement, "/resolve"), {"talent_amount_minor": 1}).status_code
        == 404
    )
    resolved = staff.post(url(engagement, "/resolve"), {"talent_amount_minor": 10_000, "note": "Partial"})
    assert resolved.status_code == 200
    assert resolved.json()["status"] == "paid"
    assert resolved.json()["funds"]["talent_share"]["amount_minor"] == 10_000
    assert ledger_violations() == []


def test_cancel_needs_a_reason(personas, engagement, api_client_for):
    response = api_client_for(personas.company_owner).post(url(engagement, "/cancel"), {"reason": " "})
    assert response.status_code == 422
    assert response.json()["code"] == "reason_required"


def test_reviews_over_the_api_are_blind(personas, engagement, api_client_for):
    submit(engagement, personas.talent)
    api_client_for(personas.company_owner).post(url(engagement, "/approve"))
    early = api_client_for(personas.talent).post(url(engagement, "/reviews"), {"rating": 5, "comment": "Great"})
    assert early.status_code == 201
    assert api_client_for(personas.company_owner).get(url(engagement)).json()["reviews"] == []
    again = api_client_for(personas.talent).post(url(engagement, "/reviews"), {"rating": 4})
    assert again.status_code == 409
    api_client_for(personas.company_member).post(url(engagement, "/reviews"), {"rating": 4})
    assert len(api_client_for(personas.company_owner).get(url(engagement)).json()["reviews"]) == 2
    bad = api_client_for(personas.company_owner).post(url(engagement, "/reviews"), {"rating": 9})
    assert bad.status_code in (409, 422)


def test_milestones_and_overrun(personas, engagement, api_client_for):
    response = api_client_for(personas.company_owner).post(
        url(engagement, "/milestones"), {"title": "Draft outline", "due_date": str(engagement.due_date)}
    )
    assert response.status_code == 201
    assert response.json()["title"] == "Draft outline"
    no = api_client_for(personas.company_owner).post(url(engagement, "/overrun"), {"decision": "adjust_scope"})
    assert no.json()["code"] == "no_overrun"
    log_over_days(engagement, personas.talent, 20 * 60)
    body = api_client_for(personas.talent).get(url(engagement)).json()
    assert body["scope"]["at_estimate"] is True
    ok = api_client_for(personas.company_owner).post(url(engagement, "/overrun"), {"decision": "approve_overrun"})
    assert ok.json()["scope"]["decision"] == "approve_overrun"
    assert ok.json()["fee"]["amount_minor"] == 50_000


def test_offer_next_over_the_api(personas, engagement, api_client_for):
    api_client_for(personas.talent).post(url(engagement, "/cancel"), {"reason": "Exams"})
    response = api_client_for(personas.company_owner).post(url(engagement, "/offer-next"))
    assert response.status_code == 409
    assert response.json()["code"] == "no_shortlisted_applicant"
