"""HTML pages of applications. They call the same selectors and services as the JSON API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from stint.applications import selectors, services
from stint.applications.choices import ACTIVE_STATUSES, NEXT_STEPS, REJECTION_TEMPLATES, ApplicationStatus
from stint.applications.forms import ApplyForm, RejectForm
from stint.applications.models import Application
from stint.core.audit import audit_events_for
from stint.core.errors import ApplicationError, NotFound
from stint.messaging.services import thread_for_application
from stint.messaging.views import thread_context

S = ApplicationStatus

TIMELINE_LABELS = {
    "application.submitted": "Application submitted",
    "application.shortlisted": "Shortlisted",
    "application.scored": "Scored against the rubric",
    "application.offered": "Offer made",
    "application.hired": "Offer accepted: hired",
    "application.rejected": "Not selected",
    "application.withdrawn": "Withdrawn",
    "application.expired": "Closed without an answer",
    "application.declined": "Offer declined",
}


def talent_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in talent only: anonymous users go to the login page, other roles get 403."""

    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "is_talent", False):
            raise DjangoPermissionDenied("Only talent accounts have applications.")
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next") or default
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = default
    return redirect(target)


def _rubric_rows(application: Application, side: str) -> list[dict[str, Any]]:
    scores = {s.criterion: s.score for s in application.rubric_scores.all()}
    show = selectors.scores_visible(application=application, side=side)
    return [
        {
            "criterion": item.get("criterion", ""),
            "weight": int(item.get("weight") or 1),
            "score": scores.get(item.get("criterion", "")) if show else None,
        }
        for item in application.project.rubric or []
    ]


# --- Talent ----------------------------------------------------------------------------------------


@talent_required
def tracker(request: HttpRequest) -> HttpResponse:
    """The talent's applications: status, dates, next step and the actions available now."""
    applications = list(selectors.application_list_for_talent(talent=request.user))
    for application in applications:
        application.next_step = NEXT_STEPS.get(application.status, "")  # type: ignore[attr-defined]
        application.can_withdraw = application.status in ACTIVE_STATUSES  # type: ignore[attr-defined]
    active = sum(1 for a in applications if a.status in ACTIVE_STATUSES)
    return render(
        request,
        "applications/tracker.html",
        {"applications": applications, "active_count": active, "now": timezone.now(), "S": S},
    )


@talent_required
def apply(request: HttpRequest, project_id: Any) -> HttpResponse:
    """The apply form of one project (reachable from the project page)."""
    project = selectors.project_get_for_application(talent=request.user, project_id=project_id)
    existing = Application.objects.filter(project=project, talent_id=request.user.pk).first()
    if existing is not None:
        messages.info(request, "You have already applied to this project.")
        return redirect("applications:detail", application_id=existing.pk)
    closed = project.status != "open" or project.application_deadline <= timezone.now()
    from stint.planner.services import capacity_warnings

    warnings = [] if closed else capacity_warnings(user=request.user, project=project)
    form = ApplyForm(request.POST or None, questions=project.questions)
    if request.method == "POST" and not closed and form.is_valid():
        try:
            application = services.application_submit(
                talent=request.user,
                project=project,
                cover_letter=form.cleaned_data["cover_letter"],
                answers=form.answers(),
                links=form.link_list(),
            )
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"Your application to {project.title} was sent.")
            for warning in warnings:
                messages.warning(request, f"If you are hired, {warning['message']}.")
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


# --- Both sides ------------------------------------------------------------------------------------


@login_required
def detail(request: HttpRequest, application_id: Any) -> HttpResponse:
    """One application for its talent or the organization: timeline, rubric, actions, messages."""
    application, side = selectors.application_get_for_participant(user=request.user, application_id=application_id)
    events = [
        {
            "label": TIMELINE_LABELS.get(e.code, e.code),
            "at": e.created_at,
            "reason": (e.data or {}).get("reason", ""),
        }
        for e in audit_events_for(application)
    ]
    thread = thread_for_application(application=application)
    overloads: list[Any] = []
    if side == "talent" and application.status == S.OFFERED:
        from stint.planner.services import capacity_warnings

        overloads = capacity_warnings(user=request.user, project=application.project)
    context = {
        "overloads": overloads,
        "application": application,
        "side": side,
        "project": application.project,
        "events": events,
        "rubric_rows": _rubric_rows(application, side),
        "next_step": NEXT_STEPS.get(application.status, ""),
        "answers": list(zip(application.project.questions or [], application.answers or [], strict=False)),
        "can_withdraw": application.status in ACTIVE_STATUSES,
        "reject_form": RejectForm(auto_id=f"id_{application.pk}_%s"),
        "S": S,
        "now": timezone.now(),
        "engagement": getattr(application, "engagement", None) if application.status == S.HIRED else None,
        **thread_context(thread, f"/messages/{thread.pk}/", reader=request.user),
    }
    return render(request, "applications/detail.html", context)


# --- Company ---------------------------------------------------------------------------------------

SORT_LABELS = {"fit": "Fit", "created_at": "Applied", "status": "Status", "rubric_total": "Rubric total"}


@login_required
def project_applicants(request: HttpRequest, project_id: Any) -> HttpResponse:
    """The applicant list of a project for its organization's members, sortable."""
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    if sort not in selectors.SORTS:
        sort = selectors.DEFAULT_SORT
    project = selectors.project_get_for_company(user=request.user, project_id=project_id)
    ranked = selectors.application_list_ranked(user=request.user, project_id=project.pk, sort=sort)
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


# --- Actions (POST → redirect; an ApplicationError becomes a message via the core middleware) -----


def _company_action(request: HttpRequest, application_id: Any) -> Application:
    return selectors.application_get_for_company(user=request.user, application_id=application_id)


def _talent_action(request: HttpRequest, application_id: Any) -> Application:
    return selectors.application_get_for_talent(talent=request.user, application_id=application_id)


@login_required
@require_POST
def action(request: HttpRequest, application_id: Any, name: str) -> HttpResponse:
    """shortlist, reject, score, offer (company); accept, decline, withdraw (talent)."""
    default = f"/applications/{application_id}/"
    if name in ("shortlist", "reject", "score", "offer"):
        application = _company_action(request, application_id)
        if name == "shortlist":
            services.application_shortlist(actor=request.user, application=application)
            messages.success(request, f"{application.talent} is on the shortlist.")
        elif name == "offer":
            services.application_offer(actor=request.user, application=application)
            messages.success(request, f"Offer sent to {application.talent}.")
        elif name == "reject":
            form = RejectForm(request.POST)
            form.is_valid()
            services.application_reject(actor=request.user, application=application, reason=form.reason_text())
            messages.success(request, f"{application.talent} was told why they were not selected.")
        else:
            scores = [
                {"criterion": item.get("criterion", ""), "score": request.POST.get(f"score_{i}")}
                for i, item in enumerate(application.project.rubric or [])
                if request.POST.get(f"score_{i}")
            ]
            services.application_score(actor=request.user, application=application, scores=scores)
            messages.success(request, f"Scores saved for {application.talent}.")
        return _back(request, default)
    if name in ("accept", "decline", "withdraw"):
        application = _talent_action(request, application_id)
        if name == "accept":
            services.application_accept(
                actor=request.user, application=application, accept_overload=request.POST.get("accept_overload") == "on"
            )
            messages.success(request, f"You are hired for {application.project.title}.")
        elif name == "decline":
            services.application_decline(actor=request.user, application=application)
            messages.success(request, "You declined the offer.")
        else:
            services.application_withdraw(actor=request.user, application=application)
            messages.success(request, "You withdrew your application.")
        return _back(request, default)
    raise NotFound("Unknown action.")
