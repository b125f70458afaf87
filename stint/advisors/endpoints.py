"""JSON API of the network: institutions, cohorts and consent, dashboards, shares, nominations and
references (docs/advisors.md). Outside the actor's scope everything is 404."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from stint.advisors import selectors, services, sharing
from stint.advisors.api_helpers import (
    cohort_out,
    dashboard_out,
    institution_out,
    membership_out,
    nomination_out,
    referral_out,
    resolve_cohort,
    resolve_project,
    resolve_talent,
    share_out,
    shared_project_out,
    student_out,
)
from stint.advisors.dashboard import cohort_csv, cohort_figures, student_row
from stint.advisors.schemas import (
    ApplicationNetworkOut,
    CohortIn,
    CohortOut,
    ConsentIn,
    DashboardOut,
    InstitutionIn,
    InstitutionOut,
    JoinIn,
    MembershipOut,
    NominationIn,
    NominationOut,
    RefereeOut,
    ReferralAnswerIn,
    ReferralIn,
    ReferralOut,
    ReferralPortfolioIn,
    SharedProjectOut,
    ShareIn,
    ShareOut,
    StaffIn,
    StaffOut,
    StudentOut,
)
from stint.applications.selectors import application_get_for_company, project_get_for_company
from stint.core.api import ProblemSchema
from stint.core.errors import NotFound
from stint.core.types import AuthedRequest

router = Router(tags=["advisors"])

ERRORS: dict[int, Any] = {
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
    404: ProblemSchema,
    409: ProblemSchema,
    422: ProblemSchema,
}


# --- Institutions ----------------------------------------------------------------------------------


@router.post("/institutions", response={201: InstitutionOut, **ERRORS})
def institution_create(request: AuthedRequest, payload: InstitutionIn):
    """Register your institution (advisor accounts; others 403 `advisor_role_required`). It is
    unverified until Stint staff verify it."""
    institution = services.institution_create(actor=request.user, **payload.dict())
    return Status(201, institution_out(institution))


@router.get("/institutions", response={200: list[InstitutionOut], **ERRORS})
def institution_list(request: HttpRequest):
    """Verified institutions (companies offer projects to them)."""
    return [institution_out(i) for i in selectors.institution_list_verified()[:500]]


@router.get("/me/institutions", response={200: list[InstitutionOut], **ERRORS})
def my_institutions(request: AuthedRequest):
    """The institutions you work at."""
    return [institution_out(r.institution) for r in selectors.institution_roles(user=request.user)]


@router.post("/institutions/{uuid:institution_id}/staff", response={201: StaffOut, **ERRORS})
def institution_staff_add(request: AuthedRequest, institution_id: uuid.UUID, payload: StaffIn):
    """Add a colleague's advisor account by its verified email (staff of the institution only)."""
    institution = selectors.institution_get_for_staff(user=request.user, institution_id=institution_id)
    staff = services.institution_staff_add(
        actor=request.user, institution=institution, email=payload.email, title=payload.title
    )
    return Status(
        201,
        {"institution_id": institution.pk, "user_id": staff.user_id, "name": staff.user.name, "title": staff.title},
    )


@router.post("/institutions/{uuid:institution_id}/verify", response={200: InstitutionOut, **ERRORS})
def institution_verify(request: HttpRequest, institution_id: uuid.UUID):
    """Verify an institution (platform staff only; others 403 `staff_only`)."""
    institution = selectors.institution_get(institution_id=institution_id)
    return institution_out(services.institution_verify(actor=request.user, institution=institution))


@router.post("/institutions/{uuid:institution_id}/cohorts", response={201: CohortOut, **ERRORS})
def cohort_create(request: AuthedRequest, institution_id: uuid.UUID, payload: CohortIn):
    """Create a cohort you run, with an invite code and link."""
    institution = selectors.institution_get_for_staff(user=request.user, institution_id=institution_id)
    cohort = services.cohort_create(actor=request.user, institution=institution, **payload.dict())
    return Status(201, cohort_out(cohort, request.user))


# --- Cohorts and consent ---------------------------------------------------------------------------


@router.get("/advisor/cohorts", response={200: list[CohortOut], **ERRORS})
def advisor_cohorts(request: AuthedRequest):
    """The cohorts you run."""
    return [cohort_out(c, request.user) for c in selectors.cohort_list_for_advisor(user=request.user)]


@router.get("/me/cohorts", response={200: list[MembershipOut], **ERRORS})
def my_cohorts(request: AuthedRequest):
    """The cohorts you belong to, with what you share."""
    return [membership_out(m, request.user) for m in selectors.cohort_list_for_talent(user=request.user)]


@router.post("/cohorts/join", response={200: MembershipOut, **ERRORS})
def cohort_join(request: AuthedRequest, payload: JoinIn):
    """Join a cohort with its invite code (talent accounts). Unknown code: 404."""
    cohort = selectors.cohort_get_by_code(code=payload.code)
    member = services.cohort_join(actor=request.user, cohort=cohort)
    return membership_out(member, request.user)


@router.get("/cohorts/{uuid:cohort_id}", response={200: CohortOut, **ERRORS})
def cohort_detail(request: AuthedRequest, cohort_id: uuid.UUID):
    """A cohort, for its advisor or a member."""
    cohort, _member = selectors.cohort_get_for_viewer(user=request.user, cohort_id=cohort_id)
    return cohort_out(cohort, request.user)


@router.get("/cohorts/{uuid:cohort_id}/projects", response={200: list[SharedProjectOut], **ERRORS})
def cohort_projects(request: AuthedRequest, cohort_id: uuid.UUID):
    """Open projects shared with the cohort or offered to its institution (advisor or member)."""
    cohort, _member = selectors.cohort_get_for_viewer(user=request.user, cohort_id=cohort_id)
    return [shared_project_out(p) for p in selectors.cohort_shared_projects(cohort=cohort)[:200]]


@router.post("/cohorts/{uuid:cohort_id}/rotate-code", response={200: CohortOut, **ERRORS})
def cohort_rotate_code(request: AuthedRequest, cohort_id: uuid.UUID):
    """A new invite code; the old link stops working (the cohort's advisor)."""
    cohort = selectors.cohort_get_for_advisor(user=request.user, cohort_id=cohort_id)
    return cohort_out(services.cohort_rotate_code(actor=request.user, cohort=cohort), request.user)


@router.post("/cohorts/{uuid:cohort_id}/leave", response={204: None, **ERRORS})
def cohort_leave(request: AuthedRequest, cohort_id: uuid.UUID):
    """Leave the cohort: from the next request the advisor no longer sees you."""
    member = _member(request, cohort_id)
    services.cohort_leave(actor=request.user, cohort=member.cohort)
    return HttpResponse(status=204)


@router.get("/cohorts/{uuid:cohort_id}/me", response={200: StudentOut, **ERRORS})
def cohort_what_advisor_sees(request: AuthedRequest, cohort_id: uuid.UUID):
    """Exactly what the cohort's advisor sees about you (members only)."""
    member = _member(request, cohort_id)
    return student_out(student_row(member))


@router.post("/cohorts/{uuid:cohort_id}/consent", response={200: MembershipOut, **ERRORS})
def cohort_consent(request: AuthedRequest, cohort_id: uuid.UUID, payload: ConsentIn):
    """Share or stop sharing your earnings totals and your résumé with the cohort's advisor."""
    member = _member(request, cohort_id)
    member = services.cohort_consent_update(actor=request.user, member=member, **payload.dict())
    return membership_out(member, request.user)


def _member(request: AuthedRequest, cohort_id: uuid.UUID) -> Any:
    cohort, member = selectors.cohort_get_for_viewer(user=request.user, cohort_id=cohort_id)
    if member is None:
        raise NotFound(_("Cohort not found."), code="cohort_not_found")
    member.cohort = cohort
    return member


@router.get("/cohorts/{uuid:cohort_id}/dashboard", response={200: DashboardOut, **ERRORS})
def cohort_dashboard(request: AuthedRequest, cohort_id: uuid.UUID):
    """The cohort's figures, a row per student (the cohort's advisor only)."""
    cohort = selectors.cohort_get_for_advisor(user=request.user, cohort_id=cohort_id)
    return dashboard_out(cohort, cohort_figures(cohort))


@router.get("/cohorts/{uuid:cohort_id}/dashboard.csv", response={200: None, **ERRORS})
def cohort_dashboard_csv(request: AuthedRequest, cohort_id: uuid.UUID):
    """The dashboard as CSV (`text/csv`): a line per student and a TOTAL line."""
    cohort = selectors.cohort_get_for_advisor(user=request.user, cohort_id=cohort_id)
    response = HttpResponse(cohort_csv(cohort_figures(cohort)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cohort-{cohort.pk}.csv"'
    return response


# --- Shares and nominations ------------------------------------------------------------------------


@router.post("/shares", response={201: ShareOut, **ERRORS})
def share_create(request: HttpRequest, payload: ShareIn):
    """Share a project with one cohort, institution or student. Companies offer theirs to verified
    institutions or to cohorts; advisors share projects they can see (by id or secret link) with
    their cohorts or their students."""
    project, via_secret = resolve_project(request.user, project_id=payload.project_id, secret=payload.project_secret)
    institution = selectors.institution_get(institution_id=payload.institution_id) if payload.institution_id else None
    share = sharing.project_share(
        actor=request.user,
        project=project,
        cohort=resolve_cohort(payload.cohort_id),
        institution=institution,
        talent=resolve_talent(payload.talent_id) if payload.talent_id else None,
        note=payload.note,
        via_secret=via_secret,
    )
    return Status(201, share_out(share))


@router.delete("/shares/{uuid:share_id}", response={204: None, **ERRORS})
def share_delete(request: AuthedRequest, share_id: uuid.UUID):
    """Withdraw a share (its author or a member of the project's organization)."""
    sharing.project_unshare(
        actor=request.user, share=selectors.share_get_for_actor(user=request.user, share_id=share_id)
    )
    return HttpResponse(status=204)


@router.get("/me/shared-projects", response={200: list[SharedProjectOut], **ERRORS})
def my_shared_projects(request: HttpRequest):
    """Open projects shared with you through your network."""
    return [shared_project_out(p) for p in selectors.shared_projects_for_talent(user=request.user)[:200]]


@router.post("/cohorts/{uuid:cohort_id}/nominations", response={201: NominationOut, **ERRORS})
def nomination_create(request: AuthedRequest, cohort_id: uuid.UUID, payload: NominationIn):
    """Nominate a student of your cohort for a project they can see, with a note for the company."""
    cohort = selectors.cohort_get_for_advisor(user=request.user, cohort_id=cohort_id)
    member = selectors.cohort_member_get(cohort=cohort, talent_id=payload.talent_id)
    project, _via_secret = resolve_project(request.user, project_id=payload.project_id)
    nomination = sharing.nomination_create(
        actor=request.user, cohort=cohort, talent=member.talent, project=project, note=payload.note
    )
    return Status(201, nomination_out(nomination))


@router.get("/me/nominations", response={200: list[NominationOut], **ERRORS})
def my_nominations(request: AuthedRequest):
    """Your nominations."""
    return [nomination_out(n) for n in selectors.nominations_for_talent(user=request.user)[:200]]


@router.post("/nominations/{uuid:nomination_id}/decline", response={200: NominationOut, **ERRORS})
def nomination_decline(request: AuthedRequest, nomination_id: uuid.UUID):
    """Decline a nomination; the company no longer sees it."""
    nomination = selectors.nomination_get_for_talent(user=request.user, nomination_id=nomination_id)
    return nomination_out(sharing.nomination_decline(actor=request.user, nomination=nomination))


@router.get("/projects/{uuid:project_id}/nominations", response={200: list[NominationOut], **ERRORS})
def project_nominations(request: AuthedRequest, project_id: uuid.UUID):
    """Standing nominations for one of your organization's projects (members only)."""
    project = project_get_for_company(user=request.user, project_id=project_id)
    return [nomination_out(n) for n in selectors.nominations_for_project(project=project)[:500]]


@router.get("/applications/{uuid:application_id}/network", response={200: ApplicationNetworkOut, **ERRORS})
def application_network(request: AuthedRequest, application_id: uuid.UUID):
    """The nomination and the references behind an application (members of the company only)."""
    application = application_get_for_company(user=request.user, application_id=application_id)
    nomination = selectors.nomination_for_application(
        project_id=application.project_id, talent_id=application.talent_id
    )
    return {
        "nomination": nomination_out(nomination) if nomination else None,
        "references": [referral_out(r) for r in selectors.referrals_given_for(talent_id=application.talent_id)],
    }


# --- References ------------------------------------------------------------------------------------


@router.get("/me/referees", response={200: list[RefereeOut], **ERRORS})
def my_referees(request: AuthedRequest):
    """Whom you may ask for a reference: your cohorts' advisors and your past supervisors."""
    return [
        {"user_id": r.user.pk, "name": r.user.name or r.user.email, "relation": r.relation, "context": r.context}
        for r in selectors.eligible_referees(talent=request.user)
    ]


@router.post("/referrals", response={201: ReferralOut, **ERRORS})
def referral_request(request: HttpRequest, payload: ReferralIn):
    """Ask one of your referees for a short reference."""
    referral = sharing.referral_request(actor=request.user, referee_id=payload.referee_id, message=payload.message)
    return Status(201, referral_out(referral))


@router.get("/me/referrals", response={200: list[ReferralOut], **ERRORS})
def my_referrals(request: AuthedRequest):
    """The references you asked for."""
    return [referral_out(r) for r in selectors.referrals_for_talent(user=request.user)[:200]]


@router.get("/referrals/received", response={200: list[ReferralOut], **ERRORS})
def referrals_received(request: AuthedRequest):
    """References asked of you."""
    return [referral_out(r) for r in selectors.referrals_for_referee(user=request.user)[:200]]


@router.post("/referrals/{uuid:referral_id}/answer", response={200: ReferralOut, **ERRORS})
def referral_answer(request: AuthedRequest, referral_id: uuid.UUID, payload: ReferralAnswerIn):
    """Write the reference (`text`) or decline (`decline: true`); once only."""
    referral = selectors.referral_get_for_referee(user=request.user, referral_id=referral_id)
    return referral_out(sharing.referral_answer(actor=request.user, referral=referral, **payload.dict()))


@router.post("/referrals/{uuid:referral_id}/portfolio", response={200: ReferralOut, **ERRORS})
def referral_portfolio(request: AuthedRequest, referral_id: uuid.UUID, payload: ReferralPortfolioIn):
    """Show or hide a given reference on your portfolio (needs the referee's consent too)."""
    referral = selectors.referrals_for_talent(user=request.user).filter(pk=referral_id).first()
    if referral is None:
        raise NotFound(_("Reference not found."), code="referral_not_found")
    return referral_out(sharing.referral_portfolio_set(actor=request.user, referral=referral, show=payload.show))
