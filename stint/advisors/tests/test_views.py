"""The network's HTML pages: the same flows as the API, and the same refusals."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from stint.advisors.models import Cohort, CohortMember, Institution, Nomination, ProjectShare, Referral
from stint.applications.models import Application
from stint.applications.tests.factories import ApplicationFactory
from stint.payments.tests.factories import engagement_for
from stint.projects.choices import Visibility
from stint.projects.tests.factories import ProjectFactory
from stint.talent.models import TalentProfile

pytestmark = pytest.mark.django_db
make_project: Any = ProjectFactory
make_application: Any = ApplicationFactory


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_advisor_registers_an_institution_and_creates_a_cohort(personas: Any) -> None:
    client = login(personas.advisor)
    assert client.get("/advisors/").status_code == 200
    client.post("/advisors/institutions/new/", {"name": "Lakeside University", "kind": "university"})
    institution = Institution.objects.get()
    response = client.post(f"/advisors/institutions/{institution.pk}/cohorts/new/", {"name": "Class of 2027"})
    cohort = Cohort.objects.get()
    assert response["Location"] == f"/advisors/cohorts/{cohort.pk}/"
    page = client.get(f"/advisors/cohorts/{cohort.pk}/").content.decode()
    assert cohort.invite_code in page and "<svg" in page and "Download the dashboard as CSV" in page


def test_staff_verify_institutions_on_their_page(personas: Any) -> None:
    institution = Institution.objects.create(name="Hill College", slug="hill")
    assert login(personas.advisor).post(f"/advisors/staff/institutions/{institution.pk}/verify/").status_code == 403
    institution.refresh_from_db()
    assert institution.verified_at is None
    staff = login(personas.staff)
    assert "Hill College" in staff.get("/advisors/staff/institutions/").content.decode()
    staff.post(f"/advisors/staff/institutions/{institution.pk}/verify/")
    institution.refresh_from_db()
    assert institution.verified_at is not None


def test_a_talent_joins_by_link_sees_what_the_advisor_sees_and_leaves(personas: Any, cohort: Any) -> None:
    client = login(personas.other_talent)
    page = client.get(f"/advisors/join/{cohort.invite_code}/").content.decode()
    assert "never sees your messages" in page
    client.post(f"/advisors/join/{cohort.invite_code}/")
    assert CohortMember.objects.filter(cohort=cohort, talent=personas.other_talent).exists()
    me = client.get("/advisors/me/").content.decode()
    assert "exactly what each advisor sees" in me and "Not shared" in me
    client.post(f"/advisors/cohorts/{cohort.pk}/consent/", {"share_earnings": "on"})
    assert CohortMember.objects.get(cohort=cohort, talent=personas.other_talent).share_earnings is True
    client.post(f"/advisors/cohorts/{cohort.pk}/leave/")
    assert not CohortMember.objects.filter(cohort=cohort, talent=personas.other_talent).exists()
    dashboard = login(personas.advisor).get(f"/advisors/cohorts/{cohort.pk}/").content.decode()
    assert personas.other_talent.name not in dashboard


OUTSIDERS = ["colleague", "foreign_advisor", "other_talent", "other_company_member"]


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_get_404_on_cohort_pages_and_actions(personas: Any, cohort: Any, request: Any, name: str) -> None:
    user = request.getfixturevalue(name) if name in ("colleague", "foreign_advisor") else getattr(personas, name)
    project = make_project()
    code = cohort.invite_code
    client = login(user)
    for path in ("", "dashboard.csv"):
        assert client.get(f"/advisors/cohorts/{cohort.pk}/{path}").status_code == 404
    for path, data in (
        ("rotate/", {}),
        ("share/", {"project": f"/projects/{project.pk}/"}),
        ("nominate/", {"talent_id": personas.talent.pk, "project_id": project.pk, "note": "x"}),
        ("leave/", {}),
        ("consent/", {"share_earnings": "on"}),
    ):
        assert client.post(f"/advisors/cohorts/{cohort.pk}/{path}", data).status_code == 404, path
    cohort.refresh_from_db()
    assert cohort.invite_code == code
    assert CohortMember.objects.filter(cohort=cohort).count() == 1
    assert not CohortMember.objects.get(cohort=cohort).share_earnings
    assert not ProjectShare.objects.exists() and not Nomination.objects.exists()


def test_share_and_nominate_through_the_pages_and_the_company_sees_the_badge(personas: Any, cohort: Any) -> None:
    project = make_project(organization=personas.organization, visibility=Visibility.UNLISTED)
    advisor = login(personas.advisor)
    advisor.post(
        f"/advisors/cohorts/{cohort.pk}/share/", {"project": f"http://testserver/projects/p/{project.secret_token}/"}
    )
    assert ProjectShare.objects.filter(project=project, cohort=cohort).exists()
    talent = login(personas.talent)
    assert project.title in talent.get(f"/advisors/cohorts/{cohort.pk}/").content.decode()
    assert project.title in talent.get("/").content.decode()  # on the talent's home page
    assert talent.get(f"/projects/{project.pk}/").status_code == 200
    advisor.post(
        f"/advisors/cohorts/{cohort.pk}/nominate/",
        {"talent_id": personas.talent.pk, "project_id": project.pk, "note": "Strong researcher"},
    )
    assert Nomination.objects.filter(project=project, talent=personas.talent).exists()
    application = make_application(project=project, talent=personas.talent)
    company = login(personas.company_owner)
    applicants = company.get(f"/applications/project/{project.pk}/").content.decode()
    assert "Nominated" in applicants and "Strong researcher" in applicants
    detail = company.get(f"/applications/{application.pk}/").content.decode()
    assert "Nominated" in detail and "Strong researcher" in detail
    other = login(personas.other_company_member)
    assert other.get(f"/applications/{application.pk}/").status_code == 404


def test_references_through_the_pages(personas: Any, cohort: Any) -> None:
    talent = login(personas.talent)
    talent.post("/advisors/references/ask/", {"referee_id": personas.other_advisor.pk})
    assert not Referral.objects.exists()
    talent.post("/advisors/references/ask/", {"referee_id": personas.advisor.pk, "message": "Please"})
    referral = Referral.objects.get()
    assert (
        login(personas.other_advisor).post(f"/advisors/references/{referral.pk}/answer/", {"text": "x"}).status_code
        == 404
    )
    advisor = login(personas.advisor)
    assert personas.talent.name in advisor.get("/advisors/references/").content.decode()
    advisor.post(f"/advisors/references/{referral.pk}/answer/", {"text": "Reliable and curious."})
    referral.refresh_from_db()
    assert referral.status == "given"
    application = make_application(project=make_project(organization=personas.organization), talent=personas.talent)
    assert (
        "Reliable and curious."
        in login(personas.company_owner).get(f"/applications/{application.pk}/").content.decode()
    )


def test_a_company_offers_a_project_to_an_institution_from_its_page(personas: Any, cohort: Any) -> None:
    project = make_project(organization=personas.organization, visibility=Visibility.INVITE_ONLY)
    assert login(personas.other_company_member).get(f"/advisors/projects/{project.pk}/offer/").status_code == 404
    company = login(personas.company_owner)
    assert cohort.institution.name in company.get(f"/advisors/projects/{project.pk}/offer/").content.decode()
    company.post(f"/advisors/projects/{project.pk}/offer/", {"institution_id": cohort.institution_id})
    share = ProjectShare.objects.get()
    assert login(personas.talent).get(f"/projects/{project.pk}/").status_code == 200
    assert login(personas.other_company_member).post(f"/advisors/shares/{share.pk}/delete/").status_code == 404
    company.post(f"/advisors/shares/{share.pk}/delete/")
    assert not ProjectShare.objects.exists()
    assert login(personas.talent).get(f"/projects/{project.pk}/").status_code == 404


def test_the_dashboard_flags_who_may_need_help(personas: Any, cohort: Any) -> None:
    CohortMember.objects.create(cohort=cohort, talent=personas.other_talent)
    make_application(talent=personas.other_talent)
    engagement_for(make_project(), talent=personas.talent, status="paid")
    Application.objects.filter(talent=personas.talent).update(created_at=timezone.now() - datetime.timedelta(days=45))
    page = login(personas.advisor).get(f"/advisors/cohorts/{cohort.pk}/").content.decode()
    assert f"<strong>{personas.talent.name}</strong>: No applications in 30 days" in page
    assert f"<strong>{personas.other_talent.name}</strong>" not in page


def test_the_advisor_opens_the_profile_only_while_the_student_shares_it(personas: Any, cohort: Any) -> None:
    profile = TalentProfile.objects.create(user=personas.talent)
    advisor = login(personas.advisor)
    assert advisor.get(f"/talent/{profile.pk}/").status_code == 404
    assert f"/talent/{profile.pk}/" not in advisor.get(f"/advisors/cohorts/{cohort.pk}/").content.decode()
    login(personas.talent).post(f"/advisors/cohorts/{cohort.pk}/consent/", {"share_resume": "on"})
    assert f"/talent/{profile.pk}/" in advisor.get(f"/advisors/cohorts/{cohort.pk}/").content.decode()
    assert advisor.get(f"/talent/{profile.pk}/").status_code == 200
    assert login(personas.other_advisor).get(f"/talent/{profile.pk}/").status_code == 404
    login(personas.talent).post(f"/advisors/cohorts/{cohort.pk}/consent/", {})
    assert advisor.get(f"/talent/{profile.pk}/").status_code == 404  # revoked on the next request
