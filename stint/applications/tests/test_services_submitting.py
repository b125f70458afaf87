"""Application services: submitting (who may apply, to what, with which letter and answers)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from stint.applications import services
from stint.applications.choices import ApplicationStatus
from stint.applications.models import Application
from stint.applications.tests.factories import letter
from stint.applications.tests.helpers import codes, submit
from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.models import AuditEvent
from stint.core.testing.factories import TalentFactory
from stint.notifications.models import Notification
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.models import ProjectInvitation
from stint.projects.tests.factories import ProjectFactory

S = ApplicationStatus
pytestmark = pytest.mark.django_db


def test_talent_applies_and_the_organization_members_are_notified(personas, project):
    personas.company_member
    application = submit(personas.talent, project, links=["https://example.org/portfolio"])
    assert application.status == S.SUBMITTED
    assert application.links == ["https://example.org/portfolio"]
    notified = set(Notification.objects.filter(event="application.submitted").values_list("user__email", flat=True))
    assert notified == {"company_owner@example.test", "company_member@example.test"}
    assert AuditEvent.objects.filter(code="application.submitted", target_id=str(application.pk)).exists()


def test_only_talent_can_apply(personas, project):
    for user in (personas.company_owner, personas.advisor, personas.staff):
        with pytest.raises(PermissionDenied) as exc:
            submit(user, project)
        assert codes(exc) == "talent_role_required"


def test_a_closed_project_refuses_applications(personas, project):
    project.status = ProjectStatus.CLOSED
    project.save()
    with pytest.raises(Conflict) as exc:
        submit(personas.talent, project)
    assert codes(exc) == "applications_closed"


def test_applications_after_the_deadline_are_refused(personas, project):
    project.application_deadline = timezone.now() - datetime.timedelta(minutes=1)
    project.save()
    with pytest.raises(Conflict) as exc:
        submit(personas.talent, project)
    assert codes(exc) == "applications_closed"


def test_a_draft_project_is_not_found(personas):
    project = ProjectFactory(organization=personas.organization, status=ProjectStatus.DRAFT)
    with pytest.raises(NotFound):
        submit(personas.talent, project)


def test_invite_only_projects_accept_only_invited_talent(personas):
    project = ProjectFactory(organization=personas.organization, visibility=Visibility.INVITE_ONLY)
    with pytest.raises(NotFound):
        submit(personas.other_talent, project)
    ProjectInvitation.objects.create(project=project, talent=personas.talent, invited_by=personas.company_owner)
    assert submit(personas.talent, project).status == S.SUBMITTED


def test_an_unlisted_project_accepts_only_talent_who_has_its_link(personas):
    project = ProjectFactory(organization=personas.organization, visibility=Visibility.UNLISTED)
    with pytest.raises(NotFound):
        submit(personas.talent, project)
    assert not Application.objects.filter(project=project).exists()
    assert submit(personas.talent, project, secret=project.secret_token).status == S.SUBMITTED


def test_a_short_cover_letter_is_refused(personas, project, settings):
    settings.STINT_MIN_COVER_LETTER_CHARS = 200
    with pytest.raises(ValidationFailed) as exc:
        services.application_submit(talent=personas.talent, project=project, cover_letter="Hi!" * 10, answers=["a"])
    assert codes(exc) == "cover_letter_too_short"
    assert exc.value.errors[0]["field"] == "cover_letter"


def test_the_same_letter_sent_twice_is_not_tailored(personas, project):
    other = ProjectFactory(organization=personas.other_organization)
    submit(personas.talent, project, n=1)
    same_letter_reformatted = "  " + letter(1).upper().replace(" ", "\n  ") + "\n"
    with pytest.raises(ValidationFailed) as exc:
        services.application_submit(
            talent=personas.talent, project=other, cover_letter=same_letter_reformatted, answers=["Interviews."]
        )
    assert codes(exc) == "cover_letter_not_tailored"
    # Another talent may write the same words.
    assert submit(personas.other_talent, other, n=1).status == S.SUBMITTED


@pytest.mark.parametrize("answers", [[], ["one", "two"], ["   "]])
def test_every_screening_question_needs_an_answer(personas, project, answers):
    with pytest.raises(ValidationFailed) as exc:
        submit(personas.talent, project, answers=answers)
    assert codes(exc) == "answers_required"


def test_links_must_be_web_addresses(personas, project):
    with pytest.raises(ValidationFailed) as exc:
        submit(personas.talent, project, links=["javascript:alert(1)"])
    assert codes(exc) == "invalid_link"


def test_one_application_per_talent_per_project(personas, project):
    submit(personas.talent, project, n=1)
    with pytest.raises(Conflict) as exc:
        submit(personas.talent, project, n=2)
    assert codes(exc) == "already_applied"
    assert Application.objects.count() == 1


def test_a_talent_has_at_most_n_active_applications(personas, settings):
    settings.STINT_MAX_ACTIVE_APPLICATIONS = 2
    projects = [ProjectFactory() for _ in range(4)]
    first = submit(personas.talent, projects[0], n=0)
    submit(personas.talent, projects[1], n=1)
    with pytest.raises(Conflict) as exc:
        submit(personas.talent, projects[2], n=2)
    assert codes(exc) == "too_many_active_applications"
    assert exc.value.status == 409
    services.application_withdraw(actor=personas.talent, application=first)
    assert submit(personas.talent, projects[2], n=2).status == S.SUBMITTED


def test_the_project_cap_on_applications_holds(personas):
    project = ProjectFactory(max_applications=2)
    submit(TalentFactory(), project, n=1)
    submit(TalentFactory(), project, n=2)
    with pytest.raises(Conflict) as exc:
        submit(personas.talent, project, n=3)
    assert codes(exc) == "project_application_cap_reached"
