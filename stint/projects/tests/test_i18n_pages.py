"""Every page of the projects app in Spanish and French: no English left in ``<main>`` (docs/i18n.md).

Each page is rendered for each persona that sees something different, in English and in the other
language; ``untranslated`` lists the texts the translated page still shows exactly as the English
one does, minus stored data (titles, names), numbers and the shared allow-list. Also: the editor's
htmx checks fragment, an API error's ``detail`` and ``title`` in Spanish with an unchanged ``code``,
and a notification written in its recipient's language rather than the actor's."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone, translation

from stint.core.testing.i18n import database_texts, main_html, untranslated, visible_texts
from stint.notifications.models import Notification
from stint.projects import services
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.models import Project, ProjectInvitation
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.projects.tests.helpers import api_payload, skill_and_category
from stint.projects.tests.view_support import _editor_post, _login

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")

# Texts these pages include from other apps' templates and template tags (the apply button of
# ``applications``, the reliability rows of ``organizations``, the list filters of ``matching``): their
# catalogues belong to those apps. Listed exactly, so that every text of this app is still checked.
OTHER_APPS = (
    "Fits my free hours",  # matching
    "Sort by",
    "Best match",
    "Newest",
    "Closing soon",
    "Highest hourly rate",
    "Suggested skills",  # skills (the editor's skill pickers)
    "Type a skill, e.g. excel",
    "Apply to this project",  # applications (the apply_or_status tag)
    "Response rate",  # organizations (reliability_rows)
    "Median time to first response",
    "Completion rate",
    "Median time to pay",
    "Micro-interns hired",
)


def _project_texts(posted: Any = None) -> set[str]:
    """What projects store outside text columns and pages show as written: deliverables,
    questions, rubric criteria (JSON lists), the rendered brief's text nodes, and the values a
    refused form shows back."""
    texts: set[str] = set()
    for project in Project.objects.all():
        lists = [*project.deliverables, *project.questions, *(r.get("criterion", "") for r in project.rubric)]
        texts.update(lists)
        texts.add(" ".join(project.deliverables))
        texts.add(" ".join(project.questions))
        texts.update(visible_texts(project.description_html))
    for value in (posted or {}).values():
        if isinstance(value, str):
            texts.add(" ".join(value.split()))
            texts.update(line.strip() for line in value.splitlines())
    return texts


def _pages(client: Any, url: str, *, method: str = "get", data: Any = None, **headers: Any) -> dict[str, Any]:
    responses = {}
    for language in ("en", *LANGUAGES):
        call = getattr(client, method)
        responses[language] = call(url, data, HTTP_ACCEPT_LANGUAGE=language, **headers)
    return responses


def _assert_translated(
    responses: dict[str, Any], status: int = 200, *, whole: bool = False, posted: Any = None
) -> None:
    english = responses["en"]
    assert english.status_code == status, english.status_code
    data = database_texts() | _project_texts(posted)
    pick = (lambda html: html) if whole else main_html
    for language in LANGUAGES:
        other = responses[language]
        assert other.status_code == status
        assert other.headers.get("Content-Language") == language
        left = untranslated(pick(english.content.decode()), pick(other.content.decode()), data=data, allow=OTHER_APPS)
        assert left == [], (language, left)


@pytest.fixture
def projects(personas: Any) -> dict[str, Any]:
    """Projects of every kind, with rubric, questions and skills so that every section shows."""
    _, skill = skill_and_category()
    org = personas.organization
    rubric = [{"criterion": "Depth of analysis", "weight": 3}]
    made = {
        "open": ProjectFactory(organization=org, title="Open one", rubric=rubric, questions=["Which tool?"]),
        "unlisted": ProjectFactory(organization=org, visibility=Visibility.UNLISTED, title="Unlisted one"),
        "invite_only": ProjectFactory(organization=org, visibility=Visibility.INVITE_ONLY, title="Invited one"),
        "draft": ProjectFactory(organization=org, status=ProjectStatus.DRAFT, published_at=None, title="Draft one"),
        "closed": ProjectFactory(organization=org, status=ProjectStatus.CLOSED, close_reason="Filled", title="Shut"),
        "pending": ProjectFactory(
            organization=personas.other_organization, status=ProjectStatus.PENDING_REVIEW, title="Waiting one"
        ),
        "low_fee": ProjectFactory(
            organization=org, status=ProjectStatus.DRAFT, published_at=None, fee_minor=2_000, title="Cheap one"
        ),
    }
    for project in made.values():
        ProjectSkillFactory(project=project, skill=skill)
    ProjectInvitation.objects.create(project=made["invite_only"], email="someone@example.test")
    return made


@pytest.mark.parametrize("persona", ["anonymous", "talent", "company_owner"])
def test_project_list(client, personas, projects, persona):
    _login(client, personas, persona)
    _assert_translated(_pages(client, "/projects/"))


def test_project_list_of_a_members_organization(client, personas, projects):
    _login(client, personas, "company_owner")
    _assert_translated(_pages(client, f"/projects/?organization={personas.organization.pk}"))


def test_project_list_without_results(client, personas, projects):
    _assert_translated(_pages(client, "/projects/?q=nothing-matches-this"))


@pytest.mark.parametrize("persona", ["anonymous", "talent", "company_owner", "advisor", "staff"])
@pytest.mark.parametrize("kind", ["open", "closed"])
def test_project_page(client, personas, projects, persona, kind):
    _login(client, personas, persona)
    _assert_translated(_pages(client, f"/projects/{projects[kind].pk}/"))


def test_secret_link_page(client, personas, projects):
    _login(client, personas, "talent")
    _assert_translated(_pages(client, f"/projects/p/{projects['unlisted'].secret_token}/"))


@pytest.mark.parametrize("kind", ["open", "draft"])
def test_preview(client, personas, projects, kind):
    _login(client, personas, "company_owner")
    _assert_translated(_pages(client, f"/projects/{projects[kind].pk}/preview/"))


@pytest.mark.parametrize("kind", ["open", "unlisted", "invite_only", "draft", "closed", "low_fee"])
def test_manage_page(client, personas, projects, kind):
    _login(client, personas, "company_owner")
    _assert_translated(_pages(client, f"/projects/{projects[kind].pk}/manage/"))


def test_manage_page_of_a_project_waiting_for_review(client, personas, projects):
    _login(client, personas, "other_company_member")
    _assert_translated(_pages(client, f"/projects/{projects['pending'].pk}/manage/"))


@pytest.mark.parametrize("persona", ["company_owner", "talent"])
def test_my_projects(client, personas, projects, persona):
    _login(client, personas, persona)
    _assert_translated(_pages(client, "/projects/mine/"))


def test_my_projects_of_one_organization(client, personas, projects):
    _login(client, personas, "company_owner")
    _assert_translated(_pages(client, f"/projects/mine/?organization={personas.organization.pk}"))


def test_choose_an_organization(client, personas):
    _login(client, personas, "talent")
    _assert_translated(_pages(client, "/projects/new/"))


def test_new_project_editor(client, personas):
    _login(client, personas, "company_owner")
    _assert_translated(_pages(client, f"/projects/new/?organization={personas.organization.pk}"))


@pytest.mark.parametrize("kind", ["draft", "low_fee"])
def test_edit_project_editor(client, personas, projects, kind):
    _login(client, personas, "company_owner")
    _assert_translated(_pages(client, f"/projects/{projects[kind].pk}/edit/"))


def test_refused_save_lists_what_to_fix(client, personas):
    category, skill = skill_and_category()
    _login(client, personas, "company_owner")
    data = _editor_post(category, skill, title="", estimated_hours="90", deliverables="", fee="1.00")
    responses = _pages(client, f"/projects/new/?organization={personas.organization.pk}", method="post", data=data)
    _assert_translated(responses, status=422, posted=data)


def test_editor_checks_fragment(client, personas):
    category, skill = skill_and_category()
    _login(client, personas, "company_owner")
    data = _editor_post(category, skill, estimated_hours="20", fee="10.00", title="")
    responses = _pages(client, "/projects/check/", method="post", data=data, HTTP_HX_REQUEST="true")
    _assert_translated(responses, whole=True, posted=data)
    assert "Ponle un título al proyecto." in responses["es"].content.decode()


def test_moderation_queue(client, personas, projects):
    _login(client, personas, "staff")
    _assert_translated(_pages(client, "/projects/staff/moderation/"))


def test_empty_moderation_queue(client, personas):
    _login(client, personas, "staff")
    _assert_translated(_pages(client, "/projects/staff/moderation/"))


def test_flash_message_after_an_action_is_translated(client, personas, projects):
    _login(client, personas, "company_owner")
    response = client.post(
        f"/projects/{projects['invite_only'].pk}/invitations/",
        {"talent_email": "not an address"},
        HTTP_ACCEPT_LANGUAGE="fr",
        follow=True,
    )
    assert "Saisissez une adresse e-mail valide." in response.content.decode()


def test_api_error_is_translated_and_its_code_is_not(api_client_for, personas):
    data = api_payload(estimated_hours=90)
    client = api_client_for(personas.company_owner)
    url = f"organizations/{personas.organization.pk}/projects"
    english = client.post(url, data, headers={"Accept-Language": "en"}).json()
    spanish = client.post(url, data, headers={"Accept-Language": "es"}).json()
    assert english["code"] == spanish["code"] == "hours_out_of_range"
    assert spanish["detail"] == "Una micropasantía dura entre 5 y 40 horas; estimaste 90."
    assert spanish["detail"] != english["detail"]
    assert {e["code"] for e in spanish["errors"]} == {e["code"] for e in english["errors"]}
    with translation.override("es"):
        assert spanish["title"] == translation.gettext("The data is not valid")


def test_notification_is_written_in_the_recipients_language(personas, django_capture_on_commit_callbacks):
    """The company owner reads French; a Spanish-speaking staff member sends the project back."""
    owner = personas.company_owner
    owner.language = "fr"
    owner.save(update_fields=["language"])
    project = ProjectFactory(organization=personas.organization, status=ProjectStatus.PENDING_REVIEW, title="Étude")
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        services.project_reject(actor=personas.staff, project=project, note="Précisez le livrable.")
    notification = Notification.objects.get(user=owner, event="project.rejected")
    assert notification.title == "« Étude » doit être modifié avant publication"


def test_invitation_notification_is_in_the_talents_language(personas, django_capture_on_commit_callbacks):
    talent = personas.talent
    talent.language = "es"
    talent.save(update_fields=["language"])
    project = ProjectFactory(organization=personas.organization, visibility=Visibility.INVITE_ONLY, title="Encuesta")
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        services.project_invite(actor=personas.company_owner, project=project, talent_email=talent.email)
    notification = Notification.objects.get(user=talent, event="project.invited")
    assert notification.title == f"{personas.organization.name} te invitó a «Encuesta»"


def test_validation_messages_follow_the_active_language():
    from stint.projects.rules import pay_floor_message

    with translation.override("fr"):
        assert pay_floor_message(20, "USD").startswith("Pour 20 heures, la rémunération doit être d’au moins")
    start = timezone.localdate() + datetime.timedelta(days=1)
    from stint.projects.rules import check_duration

    errors: list[dict[str, str]] = []
    with translation.override("es"):
        check_duration(start, start, errors)
    assert errors[0]["code"] == "due_date_out_of_range"
    assert errors[0]["message"].startswith("La fecha de entrega debe estar entre 3 días y 8 semanas")
