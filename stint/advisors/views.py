"""HTML pages of the network. Each view fetches within the actor's scope and calls the same services
as the API; a refused action becomes a message and a redirect (``ApplicationErrorMiddleware``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stint.advisors import selectors, services, sharing
from stint.advisors.api_helpers import invite_path, resolve_cohort, resolve_project, resolve_talent
from stint.advisors.chart import bar_chart
from stint.advisors.choices import InstitutionKind, ReferralStatus, StaffTitle
from stint.advisors.dashboard import cohort_csv, cohort_figures, student_row
from stint.advisors.models import ProjectShare
from stint.applications.selectors import project_get_for_company
from stint.core.errors import NotFound
from stint.core.types import AuthedRequest


def _post_bool(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name) in ("on", "true", "1", "yes")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Advisors: institutions, cohorts, references asked of them. Talent: their network page."""
    user: Any = request.user
    if selectors.is_talent(user):
        return HttpResponseRedirect(reverse("advisors:me"))
    if not selectors.is_advisor(user):
        raise DjangoPermissionDenied(_("This page is for advisors and professors."))
    context = {
        "roles": selectors.institution_roles(user=user),
        "cohorts": selectors.cohort_list_for_advisor(user=user),
        "referrals": selectors.referrals_for_referee(user=user).filter(status=ReferralStatus.REQUESTED),
        "kinds": InstitutionKind.choices,
        "titles": StaffTitle.choices,
    }
    return render(request, "advisors/home.html", context)


@login_required
@require_POST
def institution_create(request: AuthedRequest) -> HttpResponse:
    institution = services.institution_create(
        actor=request.user,
        name=request.POST.get("name", ""),
        kind=request.POST.get("kind", InstitutionKind.UNIVERSITY),
        website=request.POST.get("website", ""),
        title=request.POST.get("title", StaffTitle.ADVISOR),
    )
    messages.success(
        request, _("%(institution)s is registered. Stint staff will verify it.") % {"institution": institution.name}
    )
    return HttpResponseRedirect(reverse("advisors:home"))


@login_required
@require_POST
def cohort_create(request: AuthedRequest, pk: Any) -> HttpResponse:
    institution = selectors.institution_get_for_staff(user=request.user, institution_id=pk)
    cohort = services.cohort_create(
        actor=request.user,
        institution=institution,
        name=request.POST.get("name", ""),
        description=request.POST.get("description", ""),
    )
    messages.success(
        request, _("%(cohort)s is created. Share its invite link with your students.") % {"cohort": cohort.name}
    )
    return HttpResponseRedirect(reverse("advisors:cohort", args=[cohort.pk]))


@login_required
def cohort_page(request: AuthedRequest, pk: Any) -> HttpResponse:
    """The advisor's dashboard, or for a member the cohort's shared projects."""
    cohort, member = selectors.cohort_get_for_viewer(user=request.user, cohort_id=pk)
    projects = selectors.cohort_shared_projects(cohort=cohort)
    if member is not None:
        return render(
            request, "advisors/cohort_member.html", {"cohort": cohort, "member": member, "projects": projects}
        )
    figures = cohort_figures(cohort)
    outcome_chart = bar_chart(
        [
            (_("Applications"), figures.applications),
            (_("Offers"), figures.offers),
            (_("Completions"), figures.completions),
            (_("Students needing help"), figures.needs_help),
        ]
    )
    hours_chart = bar_chart([(row.name, row.hours) for row in figures.rows])
    context = {
        "cohort": cohort,
        "figures": figures,
        "outcome_chart": outcome_chart,
        "hours_chart": hours_chart,
        "projects": projects,
        "shares": selectors.share_list_for_cohort(cohort=cohort),
        "nominations": selectors.nominations_for_cohort(cohort=cohort),
        "members": selectors.cohort_members(cohort=cohort),
        "invite_url": request.build_absolute_uri(invite_path(cohort)),
    }
    return render(request, "advisors/dashboard.html", context)


@login_required
def cohort_csv_view(request: AuthedRequest, pk: Any) -> HttpResponse:
    cohort = selectors.cohort_get_for_advisor(user=request.user, cohort_id=pk)
    response = HttpResponse(cohort_csv(cohort_figures(cohort)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cohort-{cohort.pk}.csv"'
    return response


@login_required
@require_POST
def cohort_rotate(request: AuthedRequest, pk: Any) -> HttpResponse:
    cohort = selectors.cohort_get_for_advisor(user=request.user, cohort_id=pk)
    services.cohort_rotate_code(actor=request.user, cohort=cohort)
    messages.success(request, _("The cohort has a new invite link; the old one no longer works."))
    return HttpResponseRedirect(reverse("advisors:cohort", args=[cohort.pk]))


@login_required
@require_POST
def cohort_share(request: AuthedRequest, pk: Any) -> HttpResponse:
    """Share a project (by its page or secret link) with the whole cohort or one student."""
    cohort = selectors.cohort_get_for_advisor(user=request.user, cohort_id=pk)
    link = request.POST.get("project", "").strip()
    project_id = link.rstrip("/").rsplit("/", 1)[-1] if "/p/" not in link else None
    project, via_secret = resolve_project(request.user, project_id=project_id, secret=link if "/p/" in link else None)
    talent_id = request.POST.get("talent_id", "")
    sharing.project_share(
        actor=request.user,
        project=project,
        cohort=None if talent_id else cohort,
        talent=resolve_talent(talent_id) if talent_id else None,
        note=request.POST.get("note", ""),
        via_secret=via_secret,
    )
    messages.success(request, _("“%(project)s” is shared.") % {"project": project.title})
    return HttpResponseRedirect(reverse("advisors:cohort", args=[cohort.pk]))


@login_required
@require_POST
def cohort_nominate(request: AuthedRequest, pk: Any) -> HttpResponse:
    cohort = selectors.cohort_get_for_advisor(user=request.user, cohort_id=pk)
    member = selectors.cohort_member_get(cohort=cohort, talent_id=request.POST.get("talent_id"))
    project, _via_secret = resolve_project(request.user, project_id=request.POST.get("project_id"))
    sharing.nomination_create(
        actor=request.user, cohort=cohort, talent=member.talent, project=project, note=request.POST.get("note", "")
    )
    messages.success(
        request, _("%(student)s is nominated for “%(project)s”.") % {"student": member.talent, "project": project.title}
    )
    return HttpResponseRedirect(reverse("advisors:cohort", args=[cohort.pk]))


def join(request: HttpRequest, code: str) -> HttpResponse:
    """The invite link: shows the cohort and what joining shares; POST joins."""
    cohort = selectors.cohort_get_by_code(code=code)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return HttpResponseRedirect(f"{reverse('account_login')}?next={request.path}")
        services.cohort_join(actor=request.user, cohort=cohort)
        messages.success(request, _("You joined %(cohort)s.") % {"cohort": cohort.name})
        return HttpResponseRedirect(reverse("advisors:me"))
    return render(request, "advisors/join.html", {"cohort": cohort})


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The talent's network: cohorts with exactly what each advisor sees, nominations, references."""
    user: Any = request.user
    memberships = list(selectors.cohort_list_for_talent(user=user))
    context = {
        "memberships": [(m, student_row(m)) for m in memberships],
        "nominations": selectors.nominations_for_talent(user=user),
        "referrals": selectors.referrals_for_talent(user=user),
        "referees": selectors.eligible_referees(talent=user) if selectors.is_talent(user) else [],
        "shared_projects": selectors.shared_projects_for_talent(user=user),
    }
    return render(request, "advisors/me.html", context)


def _membership(request: AuthedRequest, pk: Any) -> Any:
    cohort, member = selectors.cohort_get_for_viewer(user=request.user, cohort_id=pk)
    if member is None:
        raise NotFound(_("Cohort not found."), code="cohort_not_found")
    member.cohort = cohort
    return member


@login_required
@require_POST
def cohort_leave(request: AuthedRequest, pk: Any) -> HttpResponse:
    member = _membership(request, pk)
    services.cohort_leave(actor=request.user, cohort=member.cohort)
    messages.success(
        request, _("You left %(cohort)s. Its advisor no longer sees you.") % {"cohort": member.cohort.name}
    )
    return HttpResponseRedirect(reverse("advisors:me"))


@login_required
@require_POST
def cohort_consent(request: AuthedRequest, pk: Any) -> HttpResponse:
    member = _membership(request, pk)
    services.cohort_consent_update(
        actor=request.user,
        member=member,
        share_earnings=_post_bool(request, "share_earnings"),
        share_resume=_post_bool(request, "share_resume"),
    )
    messages.success(request, _("Saved: your advisor sees exactly what the page shows."))
    return HttpResponseRedirect(reverse("advisors:me"))


@login_required
@require_POST
def nomination_decline(request: AuthedRequest, pk: Any) -> HttpResponse:
    nomination = selectors.nomination_get_for_talent(user=request.user, nomination_id=pk)
    sharing.nomination_decline(actor=request.user, nomination=nomination)
    messages.success(request, _("The nomination is declined."))
    return HttpResponseRedirect(reverse("advisors:me"))


@login_required
@require_POST
def referral_request(request: HttpRequest) -> HttpResponse:
    sharing.referral_request(
        actor=request.user, referee_id=request.POST.get("referee_id"), message=request.POST.get("message", "")
    )
    messages.success(request, _("Your request is sent."))
    return HttpResponseRedirect(reverse("advisors:me"))


@login_required
def references(request: AuthedRequest) -> HttpResponse:
    """References asked of the signed-in user (advisors, professors and past supervisors)."""
    return render(
        request, "advisors/references.html", {"referrals": selectors.referrals_for_referee(user=request.user)}
    )


@login_required
@require_POST
def referral_answer(request: AuthedRequest, pk: Any) -> HttpResponse:
    referral = selectors.referral_get_for_referee(user=request.user, referral_id=pk)
    sharing.referral_answer(
        actor=request.user,
        referral=referral,
        text=request.POST.get("text", ""),
        decline=_post_bool(request, "decline"),
        allow_portfolio=_post_bool(request, "allow_portfolio"),
    )
    messages.success(request, _("Thank you: your answer is sent."))
    return HttpResponseRedirect(reverse("advisors:references"))


@login_required
def project_offer(request: AuthedRequest, pk: Any) -> HttpResponse:
    """A company offers one of its projects to verified institutions (or a cohort by its id)."""
    project = project_get_for_company(user=request.user, project_id=pk)
    if request.method == "POST":
        institution_id = request.POST.get("institution_id")
        sharing.project_share(
            actor=request.user,
            project=project,
            institution=selectors.institution_get(institution_id=institution_id) if institution_id else None,
            cohort=resolve_cohort(request.POST.get("cohort_id")) if not institution_id else None,
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("“%(project)s” is offered.") % {"project": project.title})
        return HttpResponseRedirect(reverse("advisors:project_offer", args=[project.pk]))
    shares = ProjectShare.objects.filter(project=project).select_related("institution", "cohort", "talent")
    context = {"project": project, "institutions": selectors.institution_list_verified(), "shares": shares}
    return render(request, "advisors/project_offer.html", context)


@login_required
@require_POST
def share_delete(request: AuthedRequest, pk: Any) -> HttpResponse:
    share = selectors.share_get_for_actor(user=request.user, share_id=pk)
    sharing.project_unshare(actor=request.user, share=share)
    messages.success(request, _("The share is withdrawn."))
    target = request.POST.get("next", "")
    return HttpResponseRedirect(target if target.startswith("/") and not target.startswith("//") else "/advisors/")


@login_required
def staff_institutions(request: HttpRequest) -> HttpResponse:
    if not getattr(request.user, "is_platform_staff", False):
        raise DjangoPermissionDenied(_("Only platform staff can see this page."))
    institutions = selectors.institution_list_unverified().prefetch_related("staff__user")
    return render(request, "advisors/staff_institutions.html", {"institutions": institutions})


@login_required
@require_POST
def staff_verify(request: HttpRequest, pk: Any) -> HttpResponse:
    if not getattr(request.user, "is_platform_staff", False):
        raise DjangoPermissionDenied(_("Only platform staff can verify institutions."))
    institution = services.institution_verify(
        actor=request.user, institution=selectors.institution_get(institution_id=pk)
    )
    messages.success(request, _("%(institution)s is verified.") % {"institution": institution.name})
    return HttpResponseRedirect(reverse("advisors:staff_institutions"))


@login_required
@require_POST
def referral_portfolio(request: AuthedRequest, pk: Any) -> HttpResponse:
    referral = selectors.referrals_for_talent(user=request.user).filter(pk=pk).first()
    if referral is None:
        raise NotFound(_("Reference not found."), code="referral_not_found")
    sharing.referral_portfolio_set(actor=request.user, referral=referral, show=_post_bool(request, "show"))
    messages.success(request, _("Saved."))
    return HttpResponseRedirect(reverse("advisors:me"))
