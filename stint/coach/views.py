"""The coach on the apply form. "Check my application" posts the form here (``formaction``):
without JavaScript the apply form comes back with the advice above it and the talent's text kept;
with htmx only the advice region is swapped. Nothing is saved (docs/coach.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stint.applications.forms import ApplyForm
from stint.applications.models import Application
from stint.applications.views import talent_required
from stint.coach import selectors
from stint.core.errors import ApplicationError
from stint.core.types import AuthedRequest
from stint.planner.services import capacity_warnings


def _form_input(request: HttpRequest, questions: list[str]) -> dict[str, Any]:
    data = request.POST
    return {
        "cover_letter": data.get("cover_letter", ""),
        "links": data.get("links", ""),
        **{f"answer_{i}": data.get(f"answer_{i}", "") for i in range(len(questions))},
    }


@require_POST
@talent_required
def check(request: AuthedRequest, project_id: Any) -> HttpResponse:
    """The coach's report on the letter being written; the apply form re-rendered (unbound, with
    the talent's text as its initial values, so no field error is shown for a draft)."""
    secret = request.GET.get("secret", "")
    try:
        project = selectors.project_get_for_check(talent=request.user, project_id=project_id, secret=secret)
    except ApplicationError as exc:
        if exc.code == "already_applied":
            existing = Application.objects.get(project_id=project_id, talent_id=request.user.pk)
            messages.info(request, _("You have already applied to this project."))
            return redirect("applications:detail", application_id=existing.pk)
        raise
    questions = list(project.questions or [])
    initial = _form_input(request, questions)
    report = selectors.application_check(
        talent=request.user,
        project=project,
        cover_letter=initial["cover_letter"],
        answers=[initial[f"answer_{i}"] for i in range(len(questions))],
        links=[line.strip() for line in initial["links"].splitlines() if line.strip()],
    )
    context = {"project": project, "coach": report, "secret": secret}
    if getattr(request, "htmx", False):
        return render(request, "coach/advice.html", context)
    context.update(
        {
            "form": ApplyForm(initial=initial, questions=questions),
            "closed": False,
            "min_chars": settings.STINT_MIN_COVER_LETTER_CHARS,
            "capacity_warnings": capacity_warnings(user=request.user, project=project),
        }
    )
    return render(request, "applications/apply.html", context)
