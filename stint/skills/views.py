from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from stint.core.errors import ApplicationError, NotFound
from stint.core.htmx import render_partial
from stint.skills import proposals, selectors
from stint.skills.extraction import MAX_TEXT
from stint.skills.extraction import skill_extract as extract

TEMPLATE = "skills/search.html"


@require_GET
def skill_browse(request: HttpRequest) -> HttpResponse:
    """Every category and its skills, with links to ESCO: readable without JavaScript."""
    return render(request, "skills/browse.html", {"groups": selectors.categories_with_skills()})


@require_GET
def skill_search(request: HttpRequest) -> HttpResponse:
    """Search results: an htmx partial (``<ul role="listbox">`` of options) or, without htmx, a page."""
    q = request.GET.get("q", "")[:100]
    category = request.GET.get("category") or None
    try:
        limit = int(request.GET.get("limit", "10"))
    except ValueError:
        limit = 10
    error = ""
    hits: list[selectors.SkillHit] = []
    try:
        if category:
            selectors.category_get(slug=category)
        hits = selectors.skill_search(q, limit=limit, category=category)
    except ApplicationError as exc:
        error = exc.message
    context = {
        "q": q,
        "category": category or "",
        "hits": hits,
        "error": error,
        "categories": selectors.category_list() if not getattr(request, "htmx", False) else [],
        "listbox_id": request.GET.get("listbox", "skill-options")[:60],
    }
    return render_partial(request, TEMPLATE, "options", context, status=422 if error else 200)


@require_POST
def skill_extract(request: HttpRequest) -> HttpResponse:
    """htmx partial: the skills a text mentions (``text`` or the project editor's ``description``),
    as buttons that add the skill to the editor's skill list (static/skills/suggest.js)."""
    text = (request.POST.get("text") or request.POST.get("description") or "")[:MAX_TEXT]
    suggestions = extract(text=text, limit=12) if text.strip() else []
    return render(request, "skills/_suggestions.html", {"suggestions": suggestions, "has_text": bool(text.strip())})


@login_required
@require_GET
def proposal_review(request: HttpRequest) -> HttpResponse:
    """Staff: proposed skills waiting for confirmation, each with the nearest ESCO concepts."""
    try:
        rows = proposals.proposals_pending(actor=request.user)
    except ApplicationError as exc:
        raise DjangoPermissionDenied(exc.message) from None
    return render(request, "skills/proposals.html", {"rows": rows})


@login_required
@require_POST
def proposal_confirm(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Staff: confirm a proposal, mapped to the chosen ESCO concept."""
    try:
        proposals.require_staff(request.user)
    except ApplicationError as exc:
        raise DjangoPermissionDenied(exc.message) from None
    try:
        skill = proposals.proposal_get(skill_id=pk)
        proposals.skill_proposal_confirm(actor=request.user, skill=skill, maps_to_id=_uuid(request.POST.get("maps_to")))
    except NotFound:
        raise Http404(gettext("There is no such proposed skill.")) from None
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, gettext("“%(skill)s” is confirmed and now in the shared vocabulary.") % {"skill": skill.label}
        )
    return redirect("skills:proposals")


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@require_GET
@vary_on_headers("Accept-Language", "Cookie")
def skill_messages(request: HttpRequest) -> JsonResponse:
    """The texts static/skills/autocomplete.js reads out, in the request's language (placeholders
    ``%(label)s`` and ``%(count)s`` are filled in by the script)."""
    return JsonResponse(
        {
            "listbox": gettext("%(label)s suggestions"),
            "chips": gettext("Selected: %(label)s"),
            "remove": gettext("Remove %(label)s"),
            "removed": gettext("%(label)s removed"),
            "added": gettext("%(label)s added"),
            "max": gettext("You can choose at most %(count)s skills."),
            "none": gettext("No matching skills"),
            "one": ngettext("%(count)s suggestion", "%(count)s suggestions", 1),
            "other": ngettext("%(count)s suggestion", "%(count)s suggestions", 2),
        },
        headers={"Cache-Control": "private, max-age=300"},
    )
