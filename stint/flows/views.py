"""HTML pages and actions whose work spans apps. Their URLs are the ones they had in the
applications and engagements apps: ``stint.flows.urls`` lists them per namespace and
``config/urls.py`` puts them first in that namespace, so they are matched before the apps' generic
action routes (``<id>/<name>/``) and ``{% url 'applications:apply' … %}`` still reverses."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stint.applications import selectors as application_selectors
from stint.applications import services as applications
from stint.applications.choices import REJECTION_TEMPLATES, ApplicationStatus
from stint.applications.forms import ApplyForm, RejectForm
from stint.applications.models import Application
from stint.applications.views import _back, talent_required
from stint.core.errors import ApplicationError, ValidationFailed
from stint.core.types import AuthedRequest
from stint.engagements import selectors as engagement_selectors
from stint.engagements.models import Engagement
from stint.flows import hiring, settlement
from stint.payments.payment_methods import PaymentMethodRequired
from stint.planner.services import capacity_warnings
from stint.projects.choices import ProjectStatus
from stint.recommendations.selectors import application_list_ranked

S = ApplicationStatus
SORT_LABELS = {
    "fit": gettext_lazy("Fit"),
    "created_at": gettext_lazy("Applied"),
    "status": gettext_lazy("Status"),
    "rubric_total": gettext_lazy("Rubric total"),
}


# --- Hiring --------------------------------------------------------------------------------------


@talent_required
def apply(request: AuthedRequest, project_id: Any) -> HttpResponse:
    """The apply form of one project (reachable from the project page), with the planner's
    capacity warning: applying is allowed, the talent is told which weeks it would overload.
    An unlisted project's form is reached from its secret page, which carries ``?secret=``."""
    secret = request.GET.get("secret", "")
    project = application_selectors.project_get_for_application(
        talent=request.user, project_id=project_id, secret=secret
    )
    existing = Application.objects.filter(project=project, talent_id=request.user.pk).first()
    if existing is not None:
        messages.info(request, _("You have already applied to this project."))
        return redirect("applications:detail", application_id=existing.pk)
    closed = project.status != ProjectStatus.OPEN or project.application_deadline <= timezone.now()
    warnings = [] if closed else capacity_warnings(user=request.user, project=project)
    form = ApplyForm(request.POST or None, questions=project.questions)
    if request.method == "POST" and not closed and form.is_valid():
        try:
            application = applications.application_submit(
                talent=request.user,
                project=project,
                cover_letter=form.cleaned_data["cover_letter"],
                answers=form.answers(),
                links=form.link_list(),
                secret=secret,
            )
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Your application to %(project)s was sent.") % {"project": project.title})
            for warning in warnings:
                messages.warning(request, _("If you are hired, %(warning)s.") % {"warning": warning["message"]})
            return redirect("applications:detail", application_id=application.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "applications/apply.html",
        {
            "project": project,
            "form": form,
            "closed": closed,
            "min_chars": settings.STINT_MIN_COVER_LETTER_CHARS,
            "capacity_warnings": warnings,
        },
        status=status,
    )


@login_required
def project_applicants(request: AuthedRequest, project_id: Any) -> HttpResponse:
    """The applicant list of a project for its organization's members, ranked by fit
    (``stint.recommendations.selectors.application_list_ranked``) or sorted by a column."""
    sort = request.GET.get("sort", application_selectors.DEFAULT_SORT)
    if sort not in application_selectors.SORTS:
        sort = application_selectors.DEFAULT_SORT
    project = application_selectors.project_get_for_company(user=request.user, project_id=project_id)
    ranked = application_list_ranked(user=request.user, project_id=project.pk, sort=sort)
    applications = [a for a, _, _ in ranked]
    rows = []
    for application, fit_score, fit_reasons in ranked:
        scores = {s.criterion: s.score for s in application.rubric_scores.all()}
        rows.append(
            {
                "application": application,
                "fit_percent": round(fit_score * 100) if fit_score is not None else None,
                "fit_reasons": fit_reasons,
                "scores": [
                    {"criterion": r.get("criterion", ""), "score": scores.get(r.get("criterion", ""))}
                    for r in project.rubric or []
                ],
                "reject_form": RejectForm(auto_id=f"id_{application.pk}_%s"),
                "allowed_actions": application_selectors.application_allowed_actions(
                    application=application, side="company"
                ),
            }
        )
    current_key = sort.lstrip("-")
    columns = []
    for key, label in SORT_LABELS.items():
        descending = sort.startswith("-") if key == current_key else True
        if key == "fit":  # best fit first; no ascending order
            descending = True
        columns.append(
            {
                "key": key,
                "label": label,
                "active": key == current_key,
                "aria_sort": ("descending" if descending else "ascending") if key == current_key else "",
                "next_sort": "fit"
                if key == "fit"
                else ((key if descending else f"-{key}") if key == current_key else f"-{key}"),
            }
        )
    return render(
        request,
        "applications/project_applicants.html",
        {
            "project": project,
            "rows": rows,
            "columns": {c["key"]: c for c in columns},
            "sort": sort,
            "S": S,
            "templates": REJECTION_TEMPLATES,
            "hired": sum(1 for a in applications if a.status == S.HIRED),
        },
    )


def _add_payment_method(request: HttpRequest, organization_id: Any, back: str) -> HttpResponse:
    """An offer that had to fund a freed opening without a card: nothing was charged or offered;
    send the company to add a payment method, and back to the page the offer was made on."""
    target = request.POST.get("next") or back
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = back
    messages.info(
        request,
        _(
            "Add a payment method first: this offer funds the opening a drop-out freed. "
            "Nothing was charged and no offer was sent."
        ),
    )
    url = reverse("payments:payment_method", args=[organization_id])
    return redirect(f"{url}?{urlencode({'next': target})}")


@login_required
@require_POST
def application_offer(request: AuthedRequest, application_id: Any) -> HttpResponse:
    """Company: offer the project (funding a slot a drop-out freed first)."""
    application = application_selectors.application_get_for_company(user=request.user, application_id=application_id)
    try:
        hiring.application_offer(actor=request.user, application=application)
    except PaymentMethodRequired:
        back = f"/applications/{application_id}/"
        return _add_payment_method(request, application.project.organization_id, back)
    messages.success(request, _("Offer sent to %(talent)s.") % {"talent": application.talent})
    return _back(request, f"/applications/{application_id}/")


@login_required
@require_POST
def application_accept(request: AuthedRequest, application_id: Any) -> HttpResponse:
    """Talent: accept an offer (the capacity guard, then the engagement)."""
    application = application_selectors.application_get_for_talent(talent=request.user, application_id=application_id)
    hiring.application_accept(
        actor=request.user, application=application, accept_overload=request.POST.get("accept_overload") == "on"
    )
    messages.success(request, _("You are hired for %(project)s.") % {"project": application.project.title})
    return _back(request, f"/applications/{application_id}/")


# --- Settlement ----------------------------------------------------------------------------------


def _engagement(request: AuthedRequest, engagement_id: Any) -> Engagement:
    return engagement_selectors.engagement_get_for_user(user=request.user, engagement_id=engagement_id)


def _done(request: HttpRequest, engagement: Engagement, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(f"/engagements/{engagement.pk}/")


@login_required
@require_POST
def engagement_approve(request: AuthedRequest, engagement_id: Any) -> HttpResponse:
    e = _engagement(request, engagement_id)
    settlement.engagement_approve(actor=request.user, engagement=e)
    return _done(request, e, _("Approved. The fee is in the talent's balance."))


@login_required
@require_POST
def engagement_cancel(request: AuthedRequest, engagement_id: Any) -> HttpResponse:
    e = _engagement(request, engagement_id)
    settlement.engagement_cancel(actor=request.user, engagement=e, reason=request.POST.get("reason", ""))
    return _done(request, e, _("Engagement cancelled."))


@login_required
@require_POST
def engagement_resolve(request: AuthedRequest, engagement_id: Any) -> HttpResponse:
    e = _engagement(request, engagement_id)
    try:
        amount = int(request.POST.get("talent_amount_minor", ""))
    except ValueError as exc:
        raise ValidationFailed(_("Enter the talent's share in minor units."), code="invalid_split") from exc
    settlement.engagement_dispute_resolve(
        staff=request.user, engagement=e, talent_amount_minor=amount, note=request.POST.get("note", "")
    )
    return _done(request, e, _("Dispute resolved."))


@login_required
@require_POST
def engagement_offer_next(request: AuthedRequest, engagement_id: Any) -> HttpResponse:
    e = _engagement(request, engagement_id)
    try:
        application = settlement.engagement_offer_next(actor=request.user, engagement=e)
    except PaymentMethodRequired:
        return _add_payment_method(request, e.project.organization_id, f"/engagements/{e.pk}/")
    return _done(request, e, _("Offer sent to %(talent)s.") % {"talent": application.talent})
