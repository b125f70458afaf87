from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from stint.applications import selectors, services
from stint.applications.choices import ALLOWED_TRANSITIONS, OFFER_EXPIRED_REASON, ApplicationStatus
from stint.applications.models import Application, RubricScore
from stint.applications.reliability import response_figures
from stint.applications.tests.factories import ApplicationFactory, letter
from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.models import AuditEvent
from stint.core.testing.factories import TalentFactory
from stint.engagements.models import Engagement
from stint.flows import hiring
from stint.notifications.models import Notification
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.models import ProjectInvitation
from stint.projects.tests.factories import ProjectFactory

S = ApplicationStatus
pytestmark = pytest.mark.django_db


def submit(talent, project, n=0, **kw):
    kw.setdefault("answers", ["Desk research first, then interviews." for _ in project.questions])
    return services.application_submit(talent=talent, project=project, cover_letter=letter(n), **kw)


def codes(exc_info):
    return exc_info.value.code


# --- Submitting ------------------------------------------------------------------------------------


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


# --- Company actions -------------------------------------------------------------------------------


@pytest.fixture
def application(personas, project):
    return ApplicationFactory(project=project, talent=personas.talent)


def test_a_member_shortlists_and_the_talent_hears_about_it(personas, application):
    result = services.application_shortlist(actor=personas.company_member, application=application)
    assert result.status == S.SHORTLISTED
    assert result.first_response_at is not None
    assert Notification.objects.filter(user=personas.talent, event="application.shortlisted").exists()
    first = result.first_response_at
    # Repeating the same transition changes nothing.
    again = services.application_shortlist(actor=personas.company_owner, application=result)
    assert again.first_response_at == first
    assert AuditEvent.objects.filter(code="application.shortlisted").count() == 1


def test_another_companys_member_cannot_act_on_the_application(personas, application):
    for action in (services.application_shortlist, hiring.application_offer):
        with pytest.raises(NotFound):
            action(actor=personas.other_company_member, application=application)
    with pytest.raises(NotFound):
        services.application_reject(actor=personas.other_company_member, application=application, reason="No.")
    with pytest.raises(NotFound):
        services.application_shortlist(actor=personas.talent, application=application)


def test_rejection_needs_a_reason(personas, application):
    with pytest.raises(ValidationFailed) as exc:
        services.application_reject(actor=personas.company_owner, application=application, reason="  ")
    assert codes(exc) == "rejection_reason_required"


def test_rejection_records_the_reason_and_tells_the_talent(personas, application):
    result = services.application_reject(
        actor=personas.company_owner, application=application, reason="We needed more survey experience."
    )
    assert result.status == S.REJECTED and result.decided_at and result.first_response_at
    note = Notification.objects.get(user=personas.talent, event="application.rejected")
    assert "survey experience" in note.body


def test_illegal_transitions_are_conflicts(personas, application):
    services.application_reject(actor=personas.company_owner, application=application, reason="Not this time.")
    with pytest.raises(Conflict) as exc:
        services.application_shortlist(actor=personas.company_owner, application=application)
    assert codes(exc) == "illegal_transition"
    with pytest.raises(Conflict):
        hiring.application_offer(actor=personas.company_owner, application=application)
    with pytest.raises(Conflict):
        services.application_withdraw(actor=personas.talent, application=application)
    with pytest.raises(Conflict):
        hiring.application_accept(actor=personas.talent, application=application)
    with pytest.raises(Conflict):
        services.application_decline(actor=personas.talent, application=application)


def test_the_transition_table_has_no_way_out_of_final_states():
    for final in (S.HIRED, S.REJECTED, S.WITHDRAWN, S.EXPIRED, S.DECLINED):
        assert ALLOWED_TRANSITIONS[final] == ()
    assert set(ALLOWED_TRANSITIONS) == set(S.values)


def test_scores_must_match_the_rubric(personas, application):
    with pytest.raises(ValidationFailed) as exc:
        services.application_score(
            actor=personas.company_owner, application=application, scores=[{"criterion": "Charm", "score": 3}]
        )
    assert codes(exc) == "unknown_criterion"
    for bad in (0, 6, "x"):
        with pytest.raises(ValidationFailed) as exc:
            services.application_score(
                actor=personas.company_owner,
                application=application,
                scores=[{"criterion": "Writing", "score": bad}],
            )
        assert codes(exc) == "invalid_score"


def test_scoring_twice_replaces_the_score(personas, application):
    services.application_score(
        actor=personas.company_owner, application=application, scores=[{"criterion": "Writing", "score": 2}]
    )
    services.application_score(
        actor=personas.company_member,
        application=application,
        scores=[{"criterion": "Writing", "score": 4}, {"criterion": "Research method", "score": 5}],
    )
    scores = dict(RubricScore.objects.filter(application=application).values_list("criterion", "score"))
    assert scores == {"Writing": 4, "Research method": 5}
    # The rubric total weighs each score: 5×2 + 4×1.
    listed = selectors.application_list_for_project(
        user=personas.company_owner, project_id=application.project_id, sort="-rubric_total"
    )
    assert listed[0].rubric_total == 14


def test_a_withdrawn_application_cannot_be_scored(personas, application):
    services.application_withdraw(actor=personas.talent, application=application)
    with pytest.raises(Conflict):
        services.application_score(
            actor=personas.company_owner, application=application, scores=[{"criterion": "Writing", "score": 4}]
        )


def test_an_offer_expires_after_the_configured_hours(personas, application, settings):
    settings.STINT_OFFER_EXPIRY_HOURS = 48
    before = timezone.now()
    result = hiring.application_offer(actor=personas.company_owner, application=application)
    assert result.status == S.OFFERED
    assert result.offer_expires_at is not None
    assert before + datetime.timedelta(hours=48) <= result.offer_expires_at
    assert result.offer_expires_at <= timezone.now() + datetime.timedelta(hours=48)
    assert Notification.objects.filter(user=personas.talent, event="application.offered").exists()


def test_offers_stop_when_the_openings_are_taken(personas, project):
    first, second = ApplicationFactory(project=project), ApplicationFactory(project=project)
    hiring.application_offer(actor=personas.company_owner, application=first)
    with pytest.raises(Conflict) as exc:
        hiring.application_offer(actor=personas.company_owner, application=second)
    assert codes(exc) == "no_openings_left"
    # When the first offer is declined the opening is free again.
    services.application_decline(actor=first.talent, application=first)
    assert hiring.application_offer(actor=personas.company_owner, application=second).status == S.OFFERED


def test_offers_need_an_open_project(personas, application):
    type(application.project).objects.filter(pk=application.project_id).update(status=ProjectStatus.CLOSED)
    with pytest.raises(Conflict) as exc:
        hiring.application_offer(actor=personas.company_owner, application=application)
    assert codes(exc) == "project_not_open"


# --- Talent actions --------------------------------------------------------------------------------


def test_accepting_an_offer_hires_and_creates_the_engagement(personas, application):
    hiring.application_offer(actor=personas.company_owner, application=application)
    result = hiring.application_accept(actor=personas.talent, application=application)
    assert result.status == S.HIRED and result.decided_at
    engagement = Engagement.objects.get(application=application)
    project = application.project
    assert engagement.status == "active"
    assert (engagement.fee_minor, engagement.currency, engagement.due_date) == (
        project.fee_minor,
        project.currency,
        project.due_date,
    )
    assert engagement.talent == personas.talent and engagement.project == project
    assert Notification.objects.filter(user=personas.company_owner, event="application.hired").exists()
    # Accepting again is harmless.
    hiring.application_accept(actor=personas.talent, application=result)
    assert Engagement.objects.count() == 1


def test_another_talent_cannot_accept_or_withdraw(personas, application):
    hiring.application_offer(actor=personas.company_owner, application=application)
    for action in (hiring.application_accept, services.application_decline, services.application_withdraw):
        with pytest.raises(NotFound):
            action(actor=personas.other_talent, application=application)
        with pytest.raises(NotFound):
            action(actor=personas.company_owner, application=application)


def test_an_expired_offer_cannot_be_accepted(personas, application):
    hiring.application_offer(actor=personas.company_owner, application=application)
    Application.objects.filter(pk=application.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(Conflict) as exc:
        hiring.application_accept(actor=personas.talent, application=application)
    assert codes(exc) == "offer_expired"
    assert not Engagement.objects.exists()


def test_when_the_last_opening_fills_other_offers_cannot_be_accepted(personas, project):
    first, second = ApplicationFactory(project=project), ApplicationFactory(project=project)
    # Two outstanding offers on one opening (e.g. made while the project had two openings).
    for app in (first, second):
        Application.objects.filter(pk=app.pk).update(
            status=S.OFFERED, offer_expires_at=timezone.now() + datetime.timedelta(hours=5)
        )
    hiring.application_accept(actor=first.talent, application=first)
    with pytest.raises(Conflict) as exc:
        hiring.application_accept(actor=second.talent, application=second)
    assert codes(exc) == "no_openings_left"
    second.refresh_from_db()
    assert second.status == S.OFFERED
    assert Engagement.objects.count() == 1


def test_declining_needs_an_offer(personas, application):
    with pytest.raises(Conflict):
        services.application_decline(actor=personas.talent, application=application)
    hiring.application_offer(actor=personas.company_owner, application=application)
    result = services.application_decline(actor=personas.talent, application=application)
    assert result.status == S.DECLINED
    assert Notification.objects.filter(user=personas.company_owner, event="application.declined").exists()


def test_withdrawing_tells_the_company(personas, application):
    result = services.application_withdraw(actor=personas.talent, application=application)
    assert result.status == S.WITHDRAWN
    assert Notification.objects.filter(user=personas.company_owner, event="application.withdrawn").exists()


# --- What rejected applicants see ------------------------------------------------------------------


def test_a_rejected_applicant_sees_the_rubric_and_their_scores(personas, application):
    services.application_score(
        actor=personas.company_owner, application=application, scores=[{"criterion": "Writing", "score": 3}]
    )
    mine = selectors.application_get_for_talent(talent=personas.talent, application_id=application.pk)
    assert not selectors.scores_visible(application=mine, side="talent")
    services.application_reject(actor=personas.company_owner, application=application, reason="Closer fit elsewhere.")
    mine = selectors.application_get_for_talent(talent=personas.talent, application_id=application.pk)
    assert selectors.scores_visible(application=mine, side="talent")
    assert selectors.application_scores(mine) == [{"criterion": "Writing", "score": 3}]


# --- Everyone hears back ---------------------------------------------------------------------------


def test_undecided_applications_expire_after_the_response_deadline(personas, project):
    submitted = ApplicationFactory(project=project)
    shortlisted = ApplicationFactory(project=project, status=S.SHORTLISTED)
    rejected = ApplicationFactory(project=project, status=S.REJECTED, first_response_at=timezone.now())
    assert services.applications_expire_unanswered() == {"expired": 0, "offers_declined": 0}

    later = project.response_deadline + datetime.timedelta(minutes=1)
    assert services.applications_expire_unanswered(now=later) == {"expired": 2, "offers_declined": 0}
    for app in (submitted, shortlisted):
        app.refresh_from_db()
        assert app.status == S.EXPIRED and app.decided_at == later
        note = Notification.objects.get(user=app.talent, event="application.expired")
        assert "did not answer" in note.body and "response rate" in note.body
    rejected.refresh_from_db()
    assert rejected.status == S.REJECTED
    # Idempotent: a second run changes and sends nothing.
    assert services.applications_expire_unanswered(now=later) == {"expired": 0, "offers_declined": 0}
    assert Notification.objects.filter(event="application.expired").count() == 2
    # The one owner of the response rate (the reliability card, the API and this test read it).
    figures = response_figures(project.organization)
    assert figures["responses_counted"] == 3 and figures["response_rate"] == 0.333  # 1 answer, 2 expired


def test_offers_past_their_expiry_are_declined(personas, application):
    hiring.application_offer(actor=personas.company_owner, application=application)
    application.refresh_from_db()
    later = application.offer_expires_at + datetime.timedelta(seconds=1)
    assert services.applications_expire_unanswered(now=later)["offers_declined"] == 1
    application.refresh_from_db()
    assert application.status == S.DECLINED and application.closing_reason == OFFER_EXPIRED_REASON
    assert Notification.objects.filter(user=personas.talent, event="application.offer_expired").exists()
    assert Notification.objects.filter(user=personas.company_owner, event="application.offer_expired").exists()
    assert services.applications_expire_unanswered(now=later)["offers_declined"] == 0


def test_the_periodic_task_is_registered_and_runs(personas, project):
    from stint.applications import tasks
    from stint.core.scheduler import REGISTRY

    assert REGISTRY["applications.expire_unanswered"].every_seconds == 300
    app = ApplicationFactory(project=project)
    type(project).objects.filter(pk=project.pk).update(
        application_deadline=timezone.now() - datetime.timedelta(days=2),
        response_deadline=timezone.now() - datetime.timedelta(days=1),
    )
    tasks.expire_unanswered_applications.enqueue()
    app.refresh_from_db()
    assert app.status == S.EXPIRED


def test_closing_a_project_closes_its_open_applications(personas, project):
    submitted = ApplicationFactory(project=project)
    offered = ApplicationFactory(project=project, status=S.OFFERED)
    hired = ApplicationFactory(project=project, status=S.HIRED)
    closed = services.applications_close_for_project(project=project, actor=personas.company_owner, reason="Budget cut")
    assert closed == 2
    for app, status in ((submitted, S.EXPIRED), (offered, S.DECLINED), (hired, S.HIRED)):
        app.refresh_from_db()
        assert app.status == status
    assert Notification.objects.filter(event="application.project_closed").count() == 2
    assert "Budget cut" in Notification.objects.filter(user=submitted.talent).get().body


def test_a_talent_dropping_out_frees_the_opening_for_the_next_applicant(personas, project):
    first = submit(personas.talent, project)
    second = submit(personas.other_talent, project, n=1)
    hiring.application_offer(actor=personas.company_owner, application=first)
    hiring.application_accept(actor=personas.talent, application=first)
    with pytest.raises(Conflict) as exc:
        hiring.application_offer(actor=personas.company_owner, application=second)
    assert codes(exc) == "no_openings_left"

    Engagement.objects.filter(application=first).update(status="cancelled", cancelled_by="company")
    with pytest.raises(Conflict):  # a company cancellation does not give the opening back
        hiring.application_offer(actor=personas.company_owner, application=second)

    Engagement.objects.filter(application=first).update(cancelled_by="talent")
    offered = hiring.application_offer(actor=personas.company_owner, application=second)
    assert offered.status == S.OFFERED
    hired = hiring.application_accept(actor=personas.other_talent, application=second)
    assert hired.status == S.HIRED
