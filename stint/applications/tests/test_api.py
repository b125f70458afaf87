"""The JSON API of applications: happy paths, validation codes and the permission matrix."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from stint.applications.choices import ApplicationStatus
from stint.applications.models import Application
from stint.applications.tests.factories import ApplicationFactory, letter
from stint.engagements.models import Engagement
from stint.messaging.models import Message
from stint.notifications.models import Notification
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.skills.tests.factories import SkillFactory
from stint.talent.models import TalentSkill
from stint.talent.tests.factories import TalentProfileFactory

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


def user_of(personas, name):
    return None if name == "anonymous" else getattr(personas, name)


def expected(name, allowed, ok):
    if name == "anonymous":
        return 401
    return ok if name in allowed else 404


@pytest.fixture
def application(personas, project):
    return ApplicationFactory(project=project, talent=personas.talent)


def body(project, n=0):
    return {"cover_letter": letter(n), "answers": ["Desk research first."] * len(project.questions), "links": []}


# --- Apply -----------------------------------------------------------------------------------------


def test_talent_applies_through_the_api(personas, project, api_client_for):
    response = api_client_for(personas.talent).post(f"projects/{project.pk}/applications", body(project))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "submitted" and data["project"]["id"] == str(project.pk)
    assert data["rubric"][0] == {"criterion": "Research method", "weight": 2}
    assert data["scores"] == []
    assert Application.objects.filter(talent=personas.talent, project=project).exists()


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_apply(personas, project, api_client_for, name):
    response = api_client_for(user_of(personas, name)).post(f"projects/{project.pk}/applications", body(project))
    want = {"talent": 201, "other_talent": 201, "anonymous": 401}.get(name, 403)
    assert response.status_code == want, response.content
    if want == 403:
        assert response.json()["code"] == "talent_role_required"


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"cover_letter": "Too short", "answers": ["a"]}, 422, "cover_letter_too_short"),
        ({"cover_letter": letter(1), "answers": []}, 422, "answers_required"),
        ({"cover_letter": letter(1), "answers": ["a"], "links": ["ftp://x"]}, 422, "invalid_link"),
        ({"answers": ["a"]}, 422, "validation_error"),
    ],
)
def test_apply_validation_codes(personas, project, api_client_for, payload, status, code):
    response = api_client_for(personas.talent).post(f"projects/{project.pk}/applications", payload)
    assert response.status_code == status
    assert response.json()["code"] == code


def test_applying_twice_is_a_conflict(personas, project, api_client_for):
    client = api_client_for(personas.talent)
    assert client.post(f"projects/{project.pk}/applications", body(project, 1)).status_code == 201
    response = client.post(f"projects/{project.pk}/applications", body(project, 2))
    assert response.status_code == 409 and response.json()["code"] == "already_applied"


def test_the_active_application_cap_answers_409(personas, api_client_for, settings):
    settings.STINT_MAX_ACTIVE_APPLICATIONS = 1
    first, second = ProjectFactory(), ProjectFactory()
    client = api_client_for(personas.talent)
    assert client.post(f"projects/{first.pk}/applications", body(first, 1)).status_code == 201
    response = client.post(f"projects/{second.pk}/applications", body(second, 2))
    assert response.status_code == 409 and response.json()["code"] == "too_many_active_applications"


def test_applying_to_an_unknown_project_is_404(personas, api_client_for):
    response = api_client_for(personas.talent).post(
        "projects/00000000-0000-4000-8000-000000000000/applications", {"cover_letter": letter(), "answers": []}
    )
    assert response.status_code == 404


# --- Reading ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_read_an_application(personas, application, api_client_for, name):
    response = api_client_for(user_of(personas, name)).get(f"applications/{application.pk}")
    assert response.status_code == expected(name, COMPANY | {"talent"}, 200)


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_list_a_projects_applications(personas, application, api_client_for, name):
    response = api_client_for(user_of(personas, name)).get(f"projects/{application.project_id}/applications")
    assert response.status_code == expected(name, COMPANY, 200)
    if response.status_code == 200:
        assert response.json()["count"] == 1


def test_my_applications_lists_only_mine(personas, application, api_client_for):
    ApplicationFactory(talent=personas.other_talent)
    data = api_client_for(personas.talent).get("me/applications").json()
    assert data["count"] == 1 and data["items"][0]["id"] == str(application.pk)
    assert api_client_for(personas.other_talent).get("me/applications").json()["count"] == 1
    assert api_client_for(None).get("me/applications").status_code == 401


def test_project_applications_are_paginated_and_sortable(personas, project, api_client_for):
    apps = [ApplicationFactory(project=project) for _ in range(3)]
    client = api_client_for(personas.company_owner)
    client.post(f"applications/{apps[1].pk}/score", {"scores": [{"criterion": "Writing", "score": 5}]})
    data = client.get(f"projects/{project.pk}/applications", {"page_size": 2, "sort": "-rubric_total"}).json()
    assert data["count"] == 3 and len(data["items"]) == 2
    assert data["items"][0]["id"] == str(apps[1].pk) and data["items"][0]["rubric_total"] == 5


def test_a_rejected_talent_sees_rubric_and_scores_through_the_api(personas, application, api_client_for):
    company = api_client_for(personas.company_owner)
    company.post(f"applications/{application.pk}/score", {"scores": [{"criterion": "Writing", "score": 2}]})
    talent = api_client_for(personas.talent)
    assert talent.get(f"applications/{application.pk}").json()["scores"] == []
    company.post(f"applications/{application.pk}/reject", {"reason": "Closer fit elsewhere."})
    data = talent.get(f"applications/{application.pk}").json()
    assert data["status"] == "rejected" and data["rejection_reason"] == "Closer fit elsewhere."
    assert data["scores"] == [{"criterion": "Writing", "score": 2}] and data["rubric_total"] == 2
    assert [r["criterion"] for r in data["rubric"]] == ["Research method", "Writing"]


# --- Company actions -------------------------------------------------------------------------------

COMPANY_ACTIONS = [
    ("shortlist", {}, "shortlisted"),
    ("reject", {"reason": "We chose someone with more survey experience."}, "rejected"),
    ("score", {"scores": [{"criterion": "Writing", "score": 4}]}, "submitted"),
    ("offer", {}, "offered"),
]


@pytest.mark.parametrize(("action", "payload", "status"), COMPANY_ACTIONS)
@pytest.mark.parametrize("name", PERSONAS)
def test_company_action_permissions(personas, application, api_client_for, action, payload, status, name):
    response = api_client_for(user_of(personas, name)).post(f"applications/{application.pk}/{action}", payload)
    assert response.status_code == expected(name, COMPANY, 200), response.content
    application.refresh_from_db()
    assert application.status == (status if name in COMPANY else "submitted")


@pytest.mark.parametrize(
    ("action", "payload", "code"),
    [
        ("reject", {"reason": ""}, "rejection_reason_required"),
        ("score", {"scores": [{"criterion": "Charm", "score": 4}]}, "unknown_criterion"),
        ("score", {"scores": [{"criterion": "Writing", "score": 9}]}, "invalid_score"),
    ],
)
def test_company_action_validation(personas, application, api_client_for, action, payload, code):
    response = api_client_for(personas.company_member).post(f"applications/{application.pk}/{action}", payload)
    assert response.status_code == 422 and response.json()["code"] == code


def test_an_offer_beyond_the_openings_is_refused(personas, project, api_client_for):
    first, second = ApplicationFactory(project=project), ApplicationFactory(project=project)
    client = api_client_for(personas.company_owner)
    assert client.post(f"applications/{first.pk}/offer").status_code == 200
    response = client.post(f"applications/{second.pk}/offer")
    assert response.status_code == 409 and response.json()["code"] == "no_openings_left"


def test_an_illegal_transition_is_409(personas, application, api_client_for):
    client = api_client_for(personas.company_owner)
    client.post(f"applications/{application.pk}/reject", {"reason": "Not this time."})
    response = client.post(f"applications/{application.pk}/offer")
    assert response.status_code == 409 and response.json()["code"] == "illegal_transition"


# --- Talent actions --------------------------------------------------------------------------------


@pytest.fixture
def offered(personas, project):
    return ApplicationFactory(
        project=project,
        talent=personas.talent,
        status=S.OFFERED,
        offered_at=timezone.now(),
        offer_expires_at=timezone.now() + datetime.timedelta(hours=24),
    )


@pytest.mark.parametrize(
    ("action", "status"), [("accept", "hired"), ("decline", "declined"), ("withdraw", "withdrawn")]
)
@pytest.mark.parametrize("name", PERSONAS)
def test_talent_action_permissions(personas, offered, api_client_for, action, status, name):
    response = api_client_for(user_of(personas, name)).post(f"applications/{offered.pk}/{action}")
    assert response.status_code == expected(name, {"talent"}, 200), response.content
    offered.refresh_from_db()
    assert offered.status == (status if name == "talent" else "offered")


def test_accepting_creates_the_engagement_listed_under_my_engagements(personas, offered, api_client_for):
    client = api_client_for(personas.talent)
    data = client.post(f"applications/{offered.pk}/accept").json()
    engagement = Engagement.objects.get(application=offered)
    assert data["engagement_id"] == str(engagement.pk)
    listing = client.get("me/engagements").json()
    assert listing["count"] == 1
    item = listing["items"][0]
    assert item["status"] == "active" and item["project"]["id"] == str(offered.project_id)
    assert item["fee"] == {"amount_minor": 50_000, "currency": "USD"}
    assert api_client_for(personas.other_talent).get("me/engagements").json()["count"] == 0
    assert api_client_for(None).get("me/engagements").status_code == 401


def test_an_expired_offer_answers_409(personas, offered, api_client_for):
    Application.objects.filter(pk=offered.pk).update(offer_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = api_client_for(personas.talent).post(f"applications/{offered.pk}/accept")
    assert response.status_code == 409 and response.json()["code"] == "offer_expired"


# --- Messages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_read_and_post_messages(personas, application, api_client_for, name):
    client = api_client_for(user_of(personas, name))
    read = client.get(f"applications/{application.pk}/messages")
    post = client.post(f"applications/{application.pk}/messages", {"body": "Hello there"})
    allowed = COMPANY | {"talent"}
    assert read.status_code == expected(name, allowed, 200)
    assert post.status_code == expected(name, allowed, 201)
    assert Message.objects.count() == (1 if name in allowed else 0)


def test_a_message_notifies_the_other_side_and_stays_plain_text(personas, application, api_client_for):
    personas.company_member
    talent = api_client_for(personas.talent)
    response = talent.post(f"applications/{application.pk}/messages", {"body": "<b>Hi</b> there\r\nLine 2"})
    assert response.status_code == 201
    assert response.json()["body"] == "<b>Hi</b> there\nLine 2"
    recipients = set(Notification.objects.filter(event="message.posted").values_list("user__email", flat=True))
    assert recipients == {"company_owner@example.test", "company_member@example.test"}
    api_client_for(personas.company_member).post(f"applications/{application.pk}/messages", {"body": "Thanks!"})
    assert Notification.objects.filter(event="message.posted", user=personas.talent).count() == 1
    listing = talent.get(f"applications/{application.pk}/messages").json()
    assert [m["body"] for m in listing["items"]] == ["<b>Hi</b> there\nLine 2", "Thanks!"]


@pytest.mark.parametrize(("text", "code"), [("   ", "message_empty"), ("x" * 5001, "message_too_long")])
def test_message_validation(personas, application, api_client_for, text, code):
    response = api_client_for(personas.talent).post(f"applications/{application.pk}/messages", {"body": text})
    assert response.status_code == 422 and response.json()["code"] == code


def test_the_applicant_list_is_ranked_by_fit_with_true_reasons(personas, api_client_for):
    project = ProjectFactory(organization=personas.organization)
    skills = [SkillFactory(label=label) for label in ("Survey design", "Statistics", "Report writing")]
    for skill in skills:
        ProjectSkillFactory(project=project, skill=skill)
    strong = TalentProfileFactory()
    weak = TalentProfileFactory(career_goals="I want to become a pastry chef.", target_roles=["Baker"])
    for skill in skills:
        TalentSkill.objects.create(profile=strong, skill=skill, level=4)
    ApplicationFactory(project=project, talent=weak.user)
    best = ApplicationFactory(project=project, talent=strong.user)

    response = api_client_for(personas.company_member).get(f"projects/{project.pk}/applications")
    assert response.status_code == 200
    items = response.json()["items"]
    assert items[0]["id"] == str(best.pk)
    assert items[0]["fit_score"] > items[1]["fit_score"]
    assert any("3 of the project's 3 skills" in reason for reason in items[0]["fit_reasons"]), items[0]["fit_reasons"]
    assert not any("skills" in reason and "Has 3" in reason for reason in items[1]["fit_reasons"])

    by_date = api_client_for(personas.company_member).get(f"projects/{project.pk}/applications", {"sort": "created_at"})
    assert [i["id"] for i in by_date.json()["items"]][-1] == str(best.pk)
    assert all(i["fit_score"] is not None for i in by_date.json()["items"])


def test_another_company_cannot_see_the_ranked_list(personas, api_client_for):
    project = ProjectFactory(organization=personas.organization)
    ApplicationFactory(project=project)
    assert api_client_for(personas.other_company_member).get(f"projects/{project.pk}/applications").status_code == 404
