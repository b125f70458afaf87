"""HTML pages of applications. They call the same selectors and services as the JSON API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stint.applications import selectors, services
from stint.applications.choices import (
    ACTIVE_STATUSES,
    NEXT_STEPS,
    PROJECT_CLOSED_PREFIX,
    SYSTEM_REASONS,
    ApplicationStatus,
)
from stint.applications.forms import RejectForm
from stint.applications.models import Application
from stint.core.audit import audit_events_for
from stint.core.errors import NotFound
from stint.core.types import AuthedRequest

S = ApplicationStatus

TIMELINE_LABELS = {
    "application.submitted": gettext_lazy("Application submitted"),
    "application.shortlisted": gettext_lazy("Shortlisted"),
    "application.scored": gettext_lazy("Scored against the rubric"),
    "application.offered": gettext_lazy("Offer made"),
    "application.hired": gettext_lazy("Offer accepted: hired"),
    "application.rejected": gettext_lazy("Not selected"),
    "application.withdrawn": gettext_lazy("Withdrawn"),
    "application.expired": gettext_lazy("Closed without an answer"),
    "application.declined": gettext_lazy("Offer declined"),
}


def closing_reason_text(reason: str) -> str:
    """A stored closing reason for people: the system's own reasons translated, a company's
    closing note after the translated prefix, anything else as written."""
    if reason in SYSTEM_REASONS:
        return _(reason)
    if reason.startswith(PROJECT_CLOSED_PREFIX):
        return _("The project was closed: %(reason)s") % {"reason": reason[len(PROJECT_CLOSED_PREFIX) :]}
    return reason


def talent_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in talent only: anonymous users go to the login page, other roles get 403."""

    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "is_talent", False):
            raise DjangoPermissionDenied(_("Only talent accounts have applications."))
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
def tracker(request: AuthedRequest) -> HttpResponse:
    """The talent's applications: status, dates, next step and the actions available now."""
    applications = list(selectors.application_list_for_talent(talent=request.user))
    for application in applications:
        application.next_step = NEXT_STEPS.get(application.status, "")  # type: ignore[attr-defined]
        allowed = selectors.application_allowed_actions(application=application, side="talent")
        application.allowed_actions = allowed  # type: ignore[attr-defined]
    active = sum(1 for a in applications if a.status in ACTIVE_STATUSES)
    return render(
        request,
        "applications/tracker.html",
        {"applications": applications, "active_count": active, "now": timezone.now(), "S": S},
    )


# --- Both sides ------------------------------------------------------------------------------------


@login_required
def detail(request: AuthedRequest, application_id: Any) -> HttpResponse:
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
    context = {
        "application": application,
        "side": side,
        "project": application.project,
        "events": events,
        "rubric_rows": _rubric_rows(application, side),
        "next_step": NEXT_STEPS.get(application.status, ""),
        "closing_reason": closing_reason_text(application.closing_reason),
        "answers": list(zip(application.project.questions or [], application.answers or [], strict=False)),
        "allowed_actions": selectors.application_allowed_actions(application=application, side=side),
        "reject_form": RejectForm(auto_id=f"id_{application.pk}_%s"),
        "S": S,
        "now": timezone.now(),
        "engagement": getattr(application, "engagement", None) if application.status == S.HIRED else None,
    }
    return render(request, "applications/detail.html", context)


# --- Actions (POST → redirect; an ApplicationError becomes a message via the core middleware) -----


def _company_action(request: AuthedRequest, application_id: Any) -> Application:
    return selectors.application_get_for_company(user=request.user, application_id=application_id)


def _talent_action(request: AuthedRequest, application_id: Any) -> Application:
    return selectors.application_get_for_talent(talent=request.user, application_id=application_id)


@login_required
@require_POST
def action(request: AuthedRequest, application_id: Any, name: str) -> HttpResponse:
    """shortlist, reject, score (company); decline, withdraw (talent). Offer and accept span apps
    (funding, capacity, the engagement): ``stint.flows.views`` answers them (same URLs, matched first)."""
    default = f"/applications/{application_id}/"
    if name in ("shortlist", "reject", "score"):
        application = _company_action(request, application_id)
        if name == "shortlist":
            services.application_shortlist(actor=request.user, application=application)
            messages.success(request, _("%(talent)s is on the shortlist.") % {"talent": application.talent})
        elif name == "reject":
            form = RejectForm(request.POST)
            form.is_valid()
            services.application_reject(actor=request.user, application=application, reason=form.reason_text())
            messages.success(
                request, _("%(talent)s was told why they were not selected.") % {"talent": application.talent}
            )
        else:
            scores = [
                {"criterion": item.get("criterion", ""), "score": request.POST.get(f"score_{i}")}
                for i, item in enumerate(application.project.rubric or [])
                if request.POST.get(f"score_{i}")
            ]
            services.application_score(actor=request.user, application=application, scores=scores)
            messages.success(request, _("Scores saved for %(talent)s.") % {"talent": application.talent})
        return _back(request, default)
    if name in ("decline", "withdraw"):
        application = _talent_action(request, application_id)
        if name == "decline":
            services.application_decline(actor=request.user, application=application)
            messages.success(request, _("You declined the offer."))
        else:
            services.application_withdraw(actor=request.user, application=application)
            messages.success(request, _("You withdrew your application."))
        return _back(request, default)
    raise NotFound(_("Unknown action."))
