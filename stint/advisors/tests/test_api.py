"""The network through the API: institutions, cohorts, consent, dashboard, sharing, nominations,
references, and every persona that must be refused (404, nothing changed)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from stint.advisors.models import Cohort, CohortMember, Institution, Nomination, ProjectShare, Referral
from stint.applications.tests.factories import ApplicationFactory, letter
from stint.core.models import AuditEvent
from stint.payments.tests.factories import engagement_for
from stint.projects.choices import Visibility
from stint.projects.tests.factories import ProjectFactory
from stint.talent.models import TalentProfile

pytestmark = pytest.mark.django_db
make_project: Any = ProjectFactory
make_application: Any = ApplicationFactory


def test_an_advisor_registers_an_institution_unverified_and_staff_verify_it(personas: Any, api_client_for: Any) -> None:
    response = api_client_for(personas.advisor).post("institutions", {"name": "Lakeside University"})
    assert response.status_code == 201, response.content
    assert response.json()["verified"] is False
    pk = response.json()["id"]
    refused = api_client_for(personas.advisor).post(f"institutions/{pk}/verify")
    assert refused.status_code == 403 and refused.json()["code"] == "staff_only"
    assert Institution.objects.get(pk=pk).verified_at is None
    assert api_client_for(personas.staff).post(f"institutions/{pk}/verify").json()["verified"] is True


@pytest.mark.parametrize("name", ["talent", "company_owner"])
def test_only_advisors_register_institutions(personas: Any, api_client_for: Any, name: str) -> None:
    response = api_client_for(getattr(personas, name)).post("institutions", {"name": "Fake U"})
    assert response.status_code == 403 and response.json()["code"] == "advisor_role_required"
    assert not Institution.objects.exists()


def test_a_talent_joins_with_the_code_and_leaves(personas: Any, api_client_for: Any, cohort: Any) -> None:
    client = api_client_for(personas.other_talent)
    joined = client.post("cohorts/join", {"code": cohort.invite_code})
    assert joined.status_code == 200
    assert joined.json()["cohort"]["invite_code"] is None  # only the advisor sees the code
    assert client.post("cohorts/join", {"code": cohort.invite_code}).status_code == 200  # idempotent
    assert CohortMember.objects.filter(cohort=cohort).count() == 2
    dashboard = api_client_for(personas.advisor).get(f"cohorts/{cohort.pk}/dashboard").json()
    assert dashboard["students"] == 2
    assert client.post(f"cohorts/{cohort.pk}/leave").status_code == 204
    dashboard = api_client_for(personas.advisor).get(f"cohorts/{cohort.pk}/dashboard").json()
    assert dashboard["students"] == 1
    assert [r["name"] for r in dashboard["rows"]] == [personas.talent.name]


def test_an_unknown_code_is_404_and_an_advisor_cannot_join(personas: Any, api_client_for: Any, cohort: Any) -> None:
    assert api_client_for(personas.other_talent).post("cohorts/join", {"code": "nope"}).status_code == 404
    refused = api_client_for(personas.other_advisor).post("cohorts/join", {"code": cohort.invite_code})
    assert refused.status_code == 403 and refused.json()["code"] == "talent_role_required"
    assert CohortMember.objects.filter(cohort=cohort).count() == 1


def test_the_talent_sees_exactly_the_advisors_row_and_earnings_only_when_shared(
    personas: Any, api_client_for: Any, cohort: Any
) -> None:
    engagement = engagement_for(make_project(), talent=personas.talent, status="paid")
    talent = api_client_for(personas.talent)
    mine = talent.get(f"cohorts/{cohort.pk}/me").json()
    row = api_client_for(personas.advisor).get(f"cohorts/{cohort.pk}/dashboard").json()["rows"][0]
    assert mine == row
    assert row["earnings"] is None and row["completions"] == 1
    assert talent.post(f"cohorts/{cohort.pk}/consent", {"share_earnings": True}).status_code == 200
    row = api_client_for(personas.advisor).get(f"cohorts/{cohort.pk}/dashboard").json()["rows"][0]
    assert row["earnings"] == {"USD": engagement.fee_minor}
    talent.post(f"cohorts/{cohort.pk}/consent", {"share_earnings": False})
    row = api_client_for(personas.advisor).get(f"cohorts/{cohort.pk}/dashboard").json()["rows"][0]
    assert row["earnings"] is None


def test_the_csv_export_equals_the_dashboard(personas: Any, api_client_for: Any, cohort: Any) -> None:
    CohortMember.objects.create(cohort=cohort, talent=personas.other_talent, share_earnings=True)
    engagement_for(make_project(), talent=personas.talent, status="approved")
    engagement_for(make_project(), talent=personas.other_talent, status="paid")
    make_application(talent=personas.other_talent)
    client = api_client_for(personas.advisor)
    dashboard = client.get(f"cohorts/{cohort.pk}/dashboard").json()
    response = client.get(f"cohorts/{cohort.pk}/dashboard.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    total = rows[-1]
    assert total["student"] == "TOTAL"
    assert int(total["applications"]) == dashboard["applications"] == 3
    assert int(total["offers"]) == dashboard["offers"]
    assert int(total["completions"]) == dashboard["completions"] == 2
    assert float(total["hours"]) == dashboard["hours"]
    assert int(total["active"]) == dashboard["active"]
    assert int(total["skills_gained"]) == len(dashboard["skills"])
    assert int(total["organizations"]) == len(dashboard["organizations"]) == 2
    assert int(total["needs_help"]) == dashboard["needs_help"]
    assert total["earnings"] == "500.00 USD" and dashboard["earnings"] == {"USD": 50_000}
    by_name = {r["name"]: r for r in dashboard["rows"]}
    for line in rows[:-1]:
        assert int(line["applications"]) == by_name[line["student"]]["applications"]
        assert int(line["completions"]) == by_name[line["student"]]["completions"]


OUTSIDERS = ["colleague", "foreign_advisor", "other_talent", "other_company_member"]


def _outsider(name: str, request: Any, personas: Any) -> Any:
    if name in ("colleague", "foreign_advisor"):
        return request.getfixturevalue(name)
    return getattr(personas, name)


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_get_404_on_every_cohort_read(
    personas: Any, api_client_for: Any, cohort: Any, request: Any, name: str
) -> None:
    client = api_client_for(_outsider(name, request, personas))
    for path in ("", "/projects", "/dashboard", "/dashboard.csv", "/me"):
        assert client.get(f"cohorts/{cohort.pk}{path}").status_code == 404, path


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_get_404_on_every_cohort_write_and_nothing_changes(
    personas: Any, api_client_for: Any, cohort: Any, request: Any, name: str
) -> None:
    project = make_project()
    code = cohort.invite_code
    client = api_client_for(_outsider(name, request, personas))
    events = AuditEvent.objects.count()
    assert client.post(f"cohorts/{cohort.pk}/rotate-code").status_code == 404
    assert client.post(f"cohorts/{cohort.pk}/leave").status_code == 404
    assert client.post(f"cohorts/{cohort.pk}/consent", {"share_earnings": True}).status_code == 404
    nominate = {"talent_id": str(personas.talent.pk), "project_id": str(project.pk), "note": "Great fit"}
    assert client.post(f"cohorts/{cohort.pk}/nominations", nominate).status_code == 404
    assert client.post("shares", {"project_id": str(project.pk), "cohort_id": str(cohort.pk)}).status_code in (
        403,
        404,
    )
    assert client.post("shares", {"project_id": str(project.pk), "talent_id": str(personas.talent.pk)}).status_code in (
        404,
        422,
    )
    cohort.refresh_from_db()
    assert cohort.invite_code == code
    assert CohortMember.objects.get(cohort=cohort, talent=personas.talent).share_earnings is False
    assert not Nomination.objects.exists() and not ProjectShare.objects.exists()
    assert AuditEvent.objects.count() == events


def test_an_advisor_shares_an_unlisted_project_by_its_secret_link_with_the_cohort(
    personas: Any, api_client_for: Any, cohort: Any
) -> None:
    project = make_project(organization=personas.organization, visibility=Visibility.UNLISTED)
    talent = api_client_for(personas.talent)
    outsider = api_client_for(personas.other_talent)
    assert talent.get(f"projects/{project.pk}").status_code == 404
    refused = api_client_for(personas.advisor).post(
        "shares", {"project_id": str(project.pk), "cohort_id": str(cohort.pk)}
    )
    assert refused.status_code == 404 and not ProjectShare.objects.exists()
    shared = api_client_for(personas.advisor).post(
        "shares",
        {"project_secret": f"/projects/p/{project.secret_token}/", "cohort_id": str(cohort.pk), "note": "Try it"},
    )
    assert shared.status_code == 201, shared.content
    assert talent.get(f"projects/{project.pk}").status_code == 200
    assert [p["id"] for p in talent.get(f"cohorts/{cohort.pk}/projects").json()] == [str(project.pk)]
    assert [p["id"] for p in talent.get("me/shared-projects").json()] == [str(project.pk)]
    assert outsider.get(f"projects/{project.pk}").status_code == 404
    applied = talent.post(f"projects/{project.pk}/applications", {"cover_letter": letter(), "answers": ["Surveys."]})
    assert applied.status_code == 201, applied.content
    talent.post(f"cohorts/{cohort.pk}/leave")
    assert talent.get(f"projects/{project.pk}").status_code == 404  # effective on the next request


def test_a_company_offers_an_invite_only_project_to_a_verified_institution(
    personas: Any, api_client_for: Any, cohort: Any
) -> None:
    project = make_project(organization=personas.organization, visibility=Visibility.INVITE_ONLY)
    body = {"project_id": str(project.pk), "institution_id": str(cohort.institution_id)}
    assert api_client_for(personas.other_company_member).post("shares", body).status_code == 404
    assert not ProjectShare.objects.exists()
    assert api_client_for(personas.company_member).post("shares", body).status_code == 201
    assert api_client_for(personas.talent).get(f"projects/{project.pk}").status_code == 200
    # The institution's advisors see it too, and can pass it on to one of their students by name.
    assert api_client_for(personas.advisor).get(f"projects/{project.pk}").status_code == 200
    assert api_client_for(personas.other_talent).get(f"projects/{project.pk}").status_code == 404


def test_a_company_cannot_offer_to_an_unverified_institution(personas: Any, api_client_for: Any, cohort: Any) -> None:
    Institution.objects.filter(pk=cohort.institution_id).update(verified_at=None)
    project = make_project(organization=personas.organization, visibility=Visibility.INVITE_ONLY)
    body = {"project_id": str(project.pk), "institution_id": str(cohort.institution_id)}
    response = api_client_for(personas.company_owner).post("shares", body)
    assert response.status_code == 409 and response.json()["code"] == "institution_unverified"
    assert not ProjectShare.objects.exists()


def test_nomination_flow(
    personas: Any, api_client_for: Any, cohort: Any, django_capture_on_commit_callbacks: Any
) -> None:
    project = make_project(organization=personas.organization)
    advisor = api_client_for(personas.advisor)
    body = {"talent_id": str(personas.talent.pk), "project_id": str(project.pk), "note": "Top of my class in research."}
    with django_capture_on_commit_callbacks(execute=True):
        created = advisor.post(f"cohorts/{cohort.pk}/nominations", body)
    assert created.status_code == 201, created.content
    again = advisor.post(f"cohorts/{cohort.pk}/nominations", body)
    assert again.status_code == 409 and again.json()["code"] == "already_nominated"
    talent = api_client_for(personas.talent)
    assert [n["project_id"] for n in talent.get("me/nominations").json()] == [str(project.pk)]
    assert personas.talent.notifications.filter(event="nomination.created").exists()
    application = make_application(project=project, talent=personas.talent)
    company = api_client_for(personas.company_member)
    network = company.get(f"applications/{application.pk}/network").json()
    assert network["nomination"]["note"] == "Top of my class in research."
    assert (
        api_client_for(personas.other_company_member).get(f"applications/{application.pk}/network").status_code == 404
    )
    assert [n["talent_id"] for n in company.get(f"projects/{project.pk}/nominations").json()] == [
        str(personas.talent.pk)
    ]
    nomination_id = created.json()["id"]
    assert api_client_for(personas.other_talent).post(f"nominations/{nomination_id}/decline").status_code == 404
    assert Nomination.objects.get(pk=nomination_id).status == "nominated"
    assert talent.post(f"nominations/{nomination_id}/decline").json()["status"] == "declined"
    assert company.get(f"applications/{application.pk}/network").json()["nomination"] is None


def test_a_nomination_for_a_project_the_student_cannot_see_is_refused(
    personas: Any, api_client_for: Any, cohort: Any
) -> None:
    project = make_project(organization=personas.organization, visibility=Visibility.INVITE_ONLY)
    ProjectShare.objects.create(
        project=project,
        cohort=cohort.__class__.objects.create(
            institution=cohort.institution, owner=personas.advisor, name="Another", invite_code="another-code"
        ),
    )
    body = {"talent_id": str(personas.talent.pk), "project_id": str(project.pk), "note": "Good fit."}
    response = api_client_for(personas.advisor).post(f"cohorts/{cohort.pk}/nominations", body)
    assert response.status_code == 409 and response.json()["code"] == "project_not_visible_to_student"
    assert not Nomination.objects.exists()


def test_reference_flow(personas: Any, api_client_for: Any, cohort: Any) -> None:
    talent = api_client_for(personas.talent)
    referees = talent.get("me/referees").json()
    assert [r["user_id"] for r in referees] == [str(personas.advisor.pk)]
    refused = talent.post("referrals", {"referee_id": str(personas.other_advisor.pk)})
    assert refused.status_code == 404 and refused.json()["code"] == "referee_not_found"
    assert not Referral.objects.exists()
    asked = talent.post("referrals", {"referee_id": str(personas.advisor.pk), "message": "For my applications"})
    assert asked.status_code == 201
    pk = asked.json()["id"]
    assert api_client_for(personas.other_advisor).post(f"referrals/{pk}/answer", {"text": "x"}).status_code == 404
    empty = api_client_for(personas.advisor).post(f"referrals/{pk}/answer", {"text": " "})
    assert empty.status_code == 422 and Referral.objects.get(pk=pk).status == "requested"
    given = api_client_for(personas.advisor).post(f"referrals/{pk}/answer", {"text": "Sam is diligent and kind."})
    assert given.json()["status"] == "given"
    assert api_client_for(personas.advisor).post(f"referrals/{pk}/answer", {"decline": True}).status_code == 409
    application = make_application(project=make_project(organization=personas.organization), talent=personas.talent)
    network = api_client_for(personas.company_owner).get(f"applications/{application.pk}/network").json()
    assert [r["text"] for r in network["references"]] == ["Sam is diligent and kind."]


def test_a_past_supervisor_is_a_referee(personas: Any, api_client_for: Any) -> None:
    engagement_for(make_project(organization=personas.organization), talent=personas.talent, status="paid")
    ids = {r["user_id"] for r in api_client_for(personas.talent).get("me/referees").json()}
    assert str(personas.company_owner.pk) in ids


def test_cohorts_list_for_their_advisor_only(personas: Any, api_client_for: Any, cohort: Any, colleague: Any) -> None:
    assert [c["id"] for c in api_client_for(personas.advisor).get("advisor/cohorts").json()] == [str(cohort.pk)]
    assert str(cohort.pk) not in {c["id"] for c in api_client_for(colleague).get("advisor/cohorts").json()}
    assert Cohort.objects.count() == 2


def test_a_supervisor_reference_shows_on_the_portfolio_only_with_both_consents(
    personas: Any, api_client_for: Any
) -> None:
    from django.test import Client

    engagement_for(make_project(organization=personas.organization), talent=personas.talent, status="paid")
    profile = TalentProfile.objects.create(user=personas.talent)
    talent = api_client_for(personas.talent)
    pk = talent.post("referrals", {"referee_id": str(personas.company_owner.pk)}).json()["id"]
    api_client_for(personas.company_owner).post(f"referrals/{pk}/answer", {"text": "A pleasure to supervise."})
    refused = talent.post(f"referrals/{pk}/portfolio", {"show": True})
    assert refused.status_code == 409 and refused.json()["code"] == "referee_consent_missing"
    assert Referral.objects.get(pk=pk).show_on_portfolio is False
    Referral.objects.filter(pk=pk).update(referee_allows_portfolio=True)
    assert api_client_for(personas.other_talent).post(f"referrals/{pk}/portfolio", {"show": True}).status_code == 404
    assert talent.post(f"referrals/{pk}/portfolio", {"show": True}).json()["show_on_portfolio"] is True
    client = Client()
    client.force_login(personas.talent)
    assert "A pleasure to supervise." in client.get(f"/talent/{profile.pk}/").content.decode()


def test_staff_add_colleagues_by_verified_email_and_rotate_codes(
    personas: Any, api_client_for: Any, cohort: Any
) -> None:
    client = api_client_for(personas.advisor)
    institution = cohort.institution_id
    added = client.post(
        f"institutions/{institution}/staff", {"email": personas.other_advisor.email, "title": "professor"}
    )
    assert added.status_code == 201 and added.json()["title"] == "professor"
    unknown = client.post(f"institutions/{institution}/staff", {"email": personas.talent.email})
    assert unknown.status_code == 404 and unknown.json()["code"] == "advisor_not_found"
    outsider = api_client_for(personas.talent).post(f"institutions/{institution}/staff", {"email": "x@example.test"})
    assert outsider.status_code == 404
    old = cohort.invite_code
    rotated = client.post(f"cohorts/{cohort.pk}/rotate-code").json()["invite_code"]
    assert rotated != old
    assert api_client_for(personas.other_talent).post("cohorts/join", {"code": old}).status_code == 404
    assert api_client_for(personas.other_talent).post("cohorts/join", {"code": rotated}).status_code == 200
