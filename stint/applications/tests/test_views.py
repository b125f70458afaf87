"""HTML pages of applications: happy paths, form errors and the permission matrix."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from stint.applications.choices import ApplicationStatus
from stint.applications.models import Application
from stint.applications.tests.factories import ApplicationFactory, letter
from stint.core.testing.queries import assert_max_queries
from stint.messaging.models import Message
from stint.messaging.services import thread_for_application
from stint.projects.tests.factories import ProjectFactory

S = ApplicationStatus
pytestmark = pytest.mark.django_db

PERSONAS = (
    "company_owner",
    "company_member",
    "other_company_member",
    "talent",
    "other_talent",
    "advisor",
    "staff",
    "anonymous",
)
COMPANY = {"company_owner", "company_member"}


def client_for(personas, name):
    client = Client()
    if name != "anonymous":
        client.force_login(getattr(personas, name))
    return client


def is_login_redirect(response):
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.fixture
def application(personas, project):
    return ApplicationFactory(project=project, talent=personas.talent)


# --- Tracker and apply form -------------------------------------------------------------------------


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_open_the_tracker(personas, application, name):
    response = client_for(personas, name).get("/applications/")
    if name == "anonymous":
        assert is_login_redirect(response)
    elif name in ("talent", "other_talent"):
        assert response.status_code == 200
        assert (application.project.title in response.content.decode()) == (name == "talent")
    else:
        assert response.status_code == 403


def test_the_tracker_shows_status_next_step_and_offer_buttons(personas, project):
    ApplicationFactory(
        project=project,
        talent=personas.talent,
        status=S.OFFERED,
        offer_expires_at=timezone.now() + datetime.timedelta(hours=5),
    )
    client = client_for(personas, "talent")
    with assert_max_queries(12):
        response = client.get("/applications/")
    html = response.content.decode()
    assert "Offered" in html and "accept or decline it" in html
    assert "Accept offer" in html and "Decline" in html and "Withdraw" in html


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_open_the_apply_form(personas, project, name):
    response = client_for(personas, name).get(f"/applications/apply/{project.pk}/")
    if name == "anonymous":
        assert is_login_redirect(response)
    elif name in ("talent", "other_talent"):
        assert response.status_code == 200
        assert project.questions[0] in response.content.decode()
    else:
        assert response.status_code == 403


def test_applying_through_the_form(personas, project):
    client = client_for(personas, "talent")
    response = client.post(
        f"/applications/apply/{project.pk}/",
        {"cover_letter": letter(), "answer_0": "Desk research.", "links": "https://example.org/me\n"},
    )
    application = Application.objects.get(talent=personas.talent, project=project)
    assert response.status_code == 302 and response["Location"] == f"/applications/{application.pk}/"
    assert application.links == ["https://example.org/me"]
    # Coming back to the form leads to the application.
    again = client.get(f"/applications/apply/{project.pk}/")
    assert again.status_code == 302 and again["Location"] == f"/applications/{application.pk}/"


def test_the_apply_form_shows_service_errors_on_the_fields(personas, project):
    client = client_for(personas, "talent")
    response = client.post(f"/applications/apply/{project.pk}/", {"cover_letter": "Short.", "answer_0": "Yes."})
    assert response.status_code == 422
    assert "at least" in response.content.decode()
    assert not Application.objects.exists()


def test_the_apply_form_says_when_applications_are_closed(personas, project):
    project.application_deadline = timezone.now() - datetime.timedelta(hours=1)
    project.save()
    response = client_for(personas, "talent").get(f"/applications/apply/{project.pk}/")
    assert "no longer accepts applications" in response.content.decode()
    assert "Send application" not in response.content.decode()


def test_an_invisible_project_has_no_apply_form(personas):
    draft = ProjectFactory(status="draft")
    assert client_for(personas, "talent").get(f"/applications/apply/{draft.pk}/").status_code == 404


# --- Detail and applicant list ---------------------------------------------------------------------


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_open_an_application(personas, application, name):
    response = client_for(personas, name).get(f"/applications/{application.pk}/")
    if name == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (200 if name in COMPANY | {"talent"} else 404)


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_open_the_applicant_list(personas, application, name):
    response = client_for(personas, name).get(f"/applications/project/{application.project_id}/")
    if name == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (200 if name in COMPANY else 404)


def test_the_applicant_list_is_sortable_with_a_bounded_number_of_queries(personas, project):
    for _ in range(6):
        ApplicationFactory(project=project)
    client = client_for(personas, "company_owner")
    client.get(f"/applications/project/{project.pk}/")  # computes the project's embedding once
    for sort in ("fit", "created_at", "-status", "-rubric_total", "bogus"):
        with assert_max_queries(24):
            response = client.get(f"/applications/project/{project.pk}/", {"sort": sort})
        assert response.status_code == 200
    html = response.content.decode()
    assert "Shortlist" in html and "Offer" in html and "Reject" in html
    assert "Thank you for applying." in html  # a template reason
    assert "Fit" in html

    # The same bound holds with twice as many applicants.
    for _ in range(6):
        ApplicationFactory(project=project)
    client.get(f"/applications/project/{project.pk}/")  # new talent embeddings are computed once
    with assert_max_queries(24):
        client.get(f"/applications/project/{project.pk}/")


def test_a_rejected_applicant_sees_the_rubric_and_scores_on_the_page(personas, application):
    company = client_for(personas, "company_owner")
    company.post(f"/applications/{application.pk}/score/", {"score_1": "4"})
    talent = client_for(personas, "talent")
    html = talent.get(f"/applications/{application.pk}/").content.decode()
    assert "Research method" in html and "Score (1–5)" not in html
    company.post(f"/applications/{application.pk}/reject/", {"template": "", "reason": "Closer fit elsewhere."})
    html = talent.get(f"/applications/{application.pk}/").content.decode()
    assert "Score (1–5)" in html and "<td>4</td>" in html and "Closer fit elsewhere." in html


def test_the_timeline_shows_audit_events(personas, application):
    client = client_for(personas, "company_owner")
    client.post(f"/applications/{application.pk}/shortlist/")
    html = client_for(personas, "talent").get(f"/applications/{application.pk}/").content.decode()
    assert "Shortlisted" in html


# --- Actions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "data", "status"),
    [
        ("shortlist", {}, S.SHORTLISTED),
        ("offer", {}, S.OFFERED),
        ("reject", {"template": "We filled the opening with an applicant who could start sooner."}, S.REJECTED),
    ],
)
@pytest.mark.parametrize("name", PERSONAS)
def test_company_buttons_permissions(personas, application, action, data, status, name):
    response = client_for(personas, name).post(f"/applications/{application.pk}/{action}/", data)
    application.refresh_from_db()
    if name == "anonymous":
        assert is_login_redirect(response)
    elif name in COMPANY:
        assert response.status_code == 302
        assert application.status == status
        return
    else:
        assert response.status_code == 404
    assert application.status == S.SUBMITTED


def test_a_reject_template_becomes_the_reason(personas, application):
    template = "We filled the opening with an applicant who could start sooner."
    client_for(personas, "company_member").post(f"/applications/{application.pk}/reject/", {"template": template})
    application.refresh_from_db()
    assert application.rejection_reason == template


def test_a_refused_action_becomes_a_message(personas, project):
    first, second = ApplicationFactory(project=project), ApplicationFactory(project=project)
    client = client_for(personas, "company_owner")
    client.post(f"/applications/{first.pk}/offer/")
    response = client.post(
        f"/applications/{second.pk}/offer/", HTTP_REFERER=f"http://testserver/applications/project/{project.pk}/"
    )
    assert response.status_code == 302
    page = client.get(f"/applications/project/{project.pk}/").content.decode()
    assert "Every opening is already filled or offered" in page
    second.refresh_from_db()
    assert second.status == S.SUBMITTED


@pytest.mark.parametrize("action", ["accept", "decline", "withdraw"])
@pytest.mark.parametrize("name", PERSONAS)
def test_talent_buttons_permissions(personas, project, action, name):
    offered = ApplicationFactory(
        project=project,
        talent=personas.talent,
        status=S.OFFERED,
        offer_expires_at=timezone.now() + datetime.timedelta(hours=5),
    )
    response = client_for(personas, name).post(f"/applications/{offered.pk}/{action}/", {"next": "/applications/"})
    offered.refresh_from_db()
    if name == "anonymous":
        assert is_login_redirect(response)
    elif name == "talent":
        assert response.status_code == 302 and response["Location"] == "/applications/"
        assert offered.status == {"accept": S.HIRED, "decline": S.DECLINED, "withdraw": S.WITHDRAWN}[action]
        return
    else:
        assert response.status_code == 404
    assert offered.status == S.OFFERED


def test_an_unknown_action_is_404(personas, application):
    assert client_for(personas, "company_owner").post(f"/applications/{application.pk}/explode/").status_code == 404


def test_next_must_stay_on_the_site(personas, application):
    response = client_for(personas, "company_owner").post(
        f"/applications/{application.pk}/shortlist/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == f"/applications/{application.pk}/"


# --- Messages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_post_to_a_thread(personas, application, name):
    thread = thread_for_application(application=application)
    response = client_for(personas, name).post(f"/messages/{thread.pk}/", {"body": "Hello <script>x</script>"})
    if name == "anonymous":
        assert is_login_redirect(response)
    elif name in COMPANY | {"talent"}:
        assert response.status_code == 302
        assert Message.objects.filter(thread=thread).count() == 1
        return
    else:
        assert response.status_code == 404
    assert not Message.objects.exists()


def test_messages_are_rendered_escaped_with_line_breaks(personas, application):
    thread = thread_for_application(application=application)
    client = client_for(personas, "talent")
    client.post(f"/messages/{thread.pk}/", {"body": "<script>alert(1)</script>\nsecond line"})
    html = client_for(personas, "company_owner").get(f"/applications/{application.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>second line" in html
    assert "<script>alert(1)" not in html


def test_htmx_posts_get_the_thread_partial(personas, application):
    thread = thread_for_application(application=application)
    response = client_for(personas, "talent").post(f"/messages/{thread.pk}/", {"body": "Hi"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section id="messages"')
    empty = client_for(personas, "talent").post(f"/messages/{thread.pk}/", {"body": " "}, HTTP_HX_REQUEST="true")
    assert "Write a message first." in empty.content.decode()
