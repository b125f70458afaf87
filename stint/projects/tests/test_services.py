from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from stint.applications import services as application_services
from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.models import AuditEvent
from stint.core.testing.factories import CompanyUserFactory
from stint.flows import publishing
from stint.notifications.models import Notification
from stint.organizations.choices import MemberRole
from stint.organizations.tests.factories import MembershipFactory, OrganizationFactory
from stint.payments.testing import card_on_file
from stint.projects import services
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project, ProjectInvitation
from stint.projects.tests.factories import ProjectFactory
from stint.projects.tests.helpers import valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def unverified(db):
    organization = OrganizationFactory(verified_at=None)
    owner = CompanyUserFactory()
    MembershipFactory(organization=organization, user=owner, role=MemberRole.OWNER)
    card_on_file(organization)  # the one-time set-up step: publishing charges it
    return organization, owner


def _draft(personas, **overrides):
    return services.project_create(
        actor=personas.company_owner, organization=personas.organization, data=valid_data(**overrides)
    )


def _codes(exc) -> set[str]:
    return {e["code"] for e in exc.value.errors}


def test_create_saves_a_draft_with_skills_and_rendered_description(personas):
    project = _draft(personas, description="Hi <script>alert(1)</script> **there**")
    assert project.status == ProjectStatus.DRAFT
    assert project.created_by == personas.company_owner
    assert "<strong>there</strong>" in project.description_html
    assert "script" not in project.description_html
    assert [ps.skill.slug for ps in project.project_skills.all()] == ["market-research"]
    assert len(project.secret_token) >= 40
    assert AuditEvent.objects.filter(code="project.created", target_id=str(project.pk)).exists()


def test_any_member_may_create_a_project(personas):
    project = services.project_create(
        actor=personas.company_member, organization=personas.organization, data=valid_data()
    )
    assert project.organization == personas.organization


@pytest.mark.parametrize("persona", ["other_company_member", "talent", "advisor", "staff"])
def test_outsiders_cannot_create_a_project(personas, persona):
    with pytest.raises(NotFound):
        services.project_create(actor=getattr(personas, persona), organization=personas.organization, data=valid_data())
    assert not Project.objects.exists()


def test_create_reports_the_first_rule_and_all_of_them(personas):
    with pytest.raises(ValidationFailed) as exc:
        _draft(personas, estimated_hours=50, fee_minor=100)
    assert exc.value.code == "hours_out_of_range"
    assert {"hours_out_of_range"} <= _codes(exc)
    assert exc.value.status == 422


def test_a_draft_with_a_low_fee_is_kept_and_publishing_states_the_minimum_fee(personas):
    project = _draft(personas, estimated_hours=20, fee_minor=30_000)
    assert project.status == ProjectStatus.DRAFT and project.fee_minor == 30_000
    with pytest.raises(ValidationFailed) as exc:
        publishing.project_publish(actor=personas.company_owner, project=project)
    assert exc.value.code == "fee_below_minimum_rate"
    assert "$400.00" in exc.value.message
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT


def test_update_changes_a_draft(personas):
    project = _draft(personas)
    updated = services.project_update(
        actor=personas.company_member, project=project, data={"title": "New title", "estimated_hours": 10}
    )
    assert updated.title == "New title" and updated.estimated_hours == 10
    assert updated.status == ProjectStatus.DRAFT


def test_update_checks_the_merged_result(personas):
    project = _draft(personas)
    with pytest.raises(ValidationFailed) as exc:
        services.project_update(actor=personas.company_owner, project=project, data={"estimated_hours": 50})
    assert exc.value.code == "hours_out_of_range"
    # A fee that falls under the floor for the new hours is kept in the draft; publishing refuses it.
    updated = services.project_update(actor=personas.company_owner, project=project, data={"estimated_hours": 40})
    assert updated.estimated_hours == 40
    with pytest.raises(ValidationFailed) as exc:
        publishing.project_publish(actor=personas.company_owner, project=updated)
    assert exc.value.code == "fee_below_minimum_rate"


def test_update_of_a_project_waiting_for_review_returns_it_to_draft(unverified):
    organization, owner = unverified
    project = services.project_create(actor=owner, organization=organization, data=valid_data())
    publishing.project_publish(actor=owner, project=project)
    assert project.status == ProjectStatus.PENDING_REVIEW
    services.project_update(actor=owner, project=project, data={"title": "Changed"})
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT and project.title == "Changed"


@pytest.mark.parametrize("status", [ProjectStatus.OPEN, ProjectStatus.CLOSED, ProjectStatus.CANCELLED])
def test_update_of_a_published_project_is_refused(personas, status):
    project = ProjectFactory(organization=personas.organization, status=status)
    with pytest.raises(Conflict) as exc:
        services.project_update(actor=personas.company_owner, project=project, data={"title": "x"})
    assert exc.value.code == "project_not_editable"


def test_outsider_cannot_update(personas):
    project = _draft(personas)
    with pytest.raises(NotFound):
        services.project_update(actor=personas.other_company_member, project=project, data={"title": "x"})


def test_publish_by_verified_organization_opens_at_once(personas, django_capture_on_commit_callbacks):
    project = _draft(personas)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.project_publish(actor=personas.company_member, project=project)
    project.refresh_from_db()
    assert project.status == ProjectStatus.OPEN
    assert project.published_at is not None
    assert AuditEvent.objects.filter(code="project.published", target_id=str(project.pk)).exists()
    assert Notification.objects.filter(user=personas.company_owner, event="project.published").exists()


def test_publish_by_unverified_organization_waits_for_review(unverified):
    organization, owner = unverified
    project = services.project_create(actor=owner, organization=organization, data=valid_data())
    publishing.project_publish(actor=owner, project=project)
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING_REVIEW
    assert project.published_at is None


def test_publish_rechecks_the_rules(personas):
    project = ProjectFactory(
        organization=personas.organization,
        status=ProjectStatus.DRAFT,
        published_at=None,
        application_deadline=timezone.now() - datetime.timedelta(hours=1),
        response_deadline=timezone.now() + datetime.timedelta(days=2),
    )
    with pytest.raises(ValidationFailed) as exc:
        publishing.project_publish(actor=personas.company_owner, project=project)
    assert "application_deadline_in_past" in _codes(exc)
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT


@pytest.mark.parametrize(
    "status", [ProjectStatus.OPEN, ProjectStatus.PENDING_REVIEW, ProjectStatus.CLOSED, ProjectStatus.CANCELLED]
)
def test_publishing_anything_but_a_draft_is_an_illegal_transition(personas, status):
    project = ProjectFactory(organization=personas.organization, status=status)
    with pytest.raises(Conflict) as exc:
        publishing.project_publish(actor=personas.company_owner, project=project)
    assert exc.value.code == "illegal_transition"


def test_outsider_cannot_publish(personas):
    project = _draft(personas)
    with pytest.raises(NotFound):
        publishing.project_publish(actor=personas.talent, project=project)


def test_verifying_the_organization_publishes_its_pending_projects(unverified, personas):
    organization, owner = unverified
    first = services.project_create(actor=owner, organization=organization, data=valid_data())
    second = services.project_create(actor=owner, organization=organization, data=valid_data(title="Second"))
    publishing.project_publish(actor=owner, project=first)
    publishing.project_publish(actor=owner, project=second)
    draft = services.project_create(actor=owner, organization=organization, data=valid_data(title="Still a draft"))
    # One of them went stale while waiting: its application deadline passed.
    Project.objects.filter(pk=second.pk).update(application_deadline=timezone.now() - datetime.timedelta(minutes=1))

    assert services.project_publish_pending_for_organization(organization=organization, actor=personas.staff) == 1
    for p in (first, second, draft):
        p.refresh_from_db()
    assert first.status == ProjectStatus.OPEN and first.published_at is not None
    assert second.status == ProjectStatus.DRAFT and "deadline" in second.moderation_note
    assert draft.status == ProjectStatus.DRAFT
    assert services.project_publish_pending_for_organization(organization=organization, actor=personas.staff) == 0


def test_staff_approve_opens_a_pending_project(unverified, personas):
    organization, owner = unverified
    project = services.project_create(actor=owner, organization=organization, data=valid_data())
    publishing.project_publish(actor=owner, project=project)
    services.project_approve(actor=personas.staff, project=project)
    assert project.status == ProjectStatus.OPEN


def test_staff_reject_returns_to_draft_with_a_note(unverified, personas, django_capture_on_commit_callbacks):
    organization, owner = unverified
    project = services.project_create(actor=owner, organization=organization, data=valid_data())
    publishing.project_publish(actor=owner, project=project)
    with django_capture_on_commit_callbacks(execute=True):
        services.project_reject(actor=personas.staff, project=project, note="Describe the deliverables better.")
    assert project.status == ProjectStatus.DRAFT
    assert project.moderation_note == "Describe the deliverables better."
    assert Notification.objects.filter(user=owner, event="project.rejected").exists()


def test_only_staff_moderate(unverified, personas):
    organization, owner = unverified
    project = services.project_create(actor=owner, organization=organization, data=valid_data())
    publishing.project_publish(actor=owner, project=project)
    with pytest.raises(PermissionDenied):
        services.project_approve(actor=owner, project=project)
    with pytest.raises(PermissionDenied):
        services.project_reject(actor=personas.talent, project=project, note="no")


def test_approving_a_draft_is_illegal(personas):
    project = _draft(personas)
    with pytest.raises(Conflict) as exc:
        services.project_approve(actor=personas.staff, project=project)
    assert exc.value.code == "illegal_transition"


def test_close_an_open_project(personas):
    project = ProjectFactory(organization=personas.organization)
    publishing.project_close(actor=personas.company_member, project=project, reason="We found our intern.")
    assert project.status == ProjectStatus.CLOSED
    assert project.close_reason == "We found our intern." and project.closed_at is not None
    assert AuditEvent.objects.filter(code="project.closed", target_id=str(project.pk)).exists()


@pytest.mark.parametrize(
    "status", [ProjectStatus.DRAFT, ProjectStatus.PENDING_REVIEW, ProjectStatus.CLOSED, ProjectStatus.CANCELLED]
)
def test_closing_anything_but_an_open_project_is_illegal(personas, status):
    project = ProjectFactory(organization=personas.organization, status=status)
    with pytest.raises(Conflict) as exc:
        publishing.project_close(actor=personas.company_owner, project=project, reason="Done")
    assert exc.value.code == "illegal_transition"
    project.refresh_from_db()
    assert project.status == status


@pytest.mark.parametrize("status", [ProjectStatus.DRAFT, ProjectStatus.PENDING_REVIEW, ProjectStatus.OPEN])
def test_cancel_from_every_live_status(personas, status):
    project = ProjectFactory(organization=personas.organization, status=status)
    publishing.project_cancel(actor=personas.company_owner, project=project, reason="Budget was cut.")
    assert project.status == ProjectStatus.CANCELLED


@pytest.mark.parametrize("status", [ProjectStatus.CLOSED, ProjectStatus.CANCELLED])
def test_cancelling_an_ended_project_is_illegal(personas, status):
    project = ProjectFactory(organization=personas.organization, status=status)
    with pytest.raises(Conflict) as exc:
        publishing.project_cancel(actor=personas.company_owner, project=project, reason="Again")
    assert exc.value.code == "illegal_transition"


def test_close_needs_a_reason(personas):
    project = ProjectFactory(organization=personas.organization)
    with pytest.raises(ValidationFailed) as exc:
        publishing.project_close(actor=personas.company_owner, project=project, reason="  ")
    assert exc.value.code == "reason_required"


def test_outsider_cannot_close_or_cancel(personas):
    project = ProjectFactory(organization=personas.organization)
    with pytest.raises(NotFound):
        publishing.project_close(actor=personas.other_company_member, project=project, reason="x")
    with pytest.raises(NotFound):
        publishing.project_cancel(actor=personas.talent, project=project, reason="x")


def test_close_tells_the_applications_app(personas, monkeypatch):
    calls = []

    monkeypatch.setattr(application_services, "applications_close_for_project", lambda **kw: calls.append(kw))
    project = ProjectFactory(organization=personas.organization)
    publishing.project_close(actor=personas.company_owner, project=project, reason="Filled")
    assert calls == [{"project": project, "actor": personas.company_owner, "reason": "Filled"}]


def test_invite_talent_to_an_invite_only_project(personas, django_capture_on_commit_callbacks):
    project = ProjectFactory(organization=personas.organization, visibility="invite_only")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.project_invite(
            actor=personas.company_member, project=project, talent_email=personas.talent.email.upper()
        )
    assert invitation.talent == personas.talent
    assert invitation.email == personas.talent.email.lower()
    assert Notification.objects.filter(user=personas.talent, event="project.invited").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = services.project_invite(
            actor=personas.company_owner, project=project, talent_email=personas.talent.email
        )
    assert again.pk == invitation.pk  # inviting again is harmless: same invitation, no second notice
    assert ProjectInvitation.objects.count() == 1
    assert Notification.objects.filter(user=personas.talent, event="project.invited").count() == 1


def test_invite_keeps_unknown_and_non_talent_addresses_pending_and_refuses_public_projects(personas):
    project = ProjectFactory(organization=personas.organization, visibility="invite_only")
    unknown = services.project_invite(actor=personas.company_owner, project=project, talent_email="nobody@example.test")
    assert unknown.talent is None and unknown.email == "nobody@example.test"
    advisor = services.project_invite(
        actor=personas.company_owner, project=project, talent_email=personas.advisor.email
    )
    assert advisor.talent is None  # only a talent account can take an invitation
    with pytest.raises(ValidationFailed) as bad:
        services.project_invite(actor=personas.company_owner, project=project, talent_email="not-an-address")
    assert bad.value.code == "invalid_email"
    public = ProjectFactory(organization=personas.organization)
    with pytest.raises(Conflict) as exc2:
        services.project_invite(actor=personas.company_owner, project=public, talent_email=personas.talent.email)
    assert exc2.value.code == "project_is_public"
