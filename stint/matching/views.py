"""Search pages: ``/search/`` (htmx-updated results, every state a URL) and ``/search/saved/``."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from stint.core.errors import ApplicationError, NotFound, ValidationFailed
from stint.core.money import SUPPORTED_CURRENCIES, Money
from stint.core.timezones import picker_zone_names
from stint.core.types import AuthedRequest
from stint.currencies.selectors import viewer_currency
from stint.matching import services
from stint.matching.forms import (
    PARAM_NAMES,
    ProjectListForm,
    SavedSearchForm,
    SearchForm,
    list_params,
    parse_search_params,
    resolve_skills,
)
from stint.matching.search import HOURS_BUCKETS, project_search
from stint.matching.search_cache import cached_listing_page, listing_key, shareable
from stint.matching.selectors import saved_search_list_for_user
from stint.organizations.models import Organization
from stint.organizations.selectors import user_is_member
from stint.projects.selectors import ProjectFilters, project_list_for_viewer
from stint.skills.models import Skill

TEMPLATE = "matching/search.html"


def selected_skills(values: list[str]) -> list[Any]:
    """The skills named in ``?skills=`` (slugs, ids or labels, comma-separated or repeated)."""
    names = [v.strip() for value in values for v in value.split(",") if v.strip()][:50]
    if not names:
        return []
    return list(Skill.objects.filter(pk__in=resolve_skills(names)).order_by("label"))


def project_url(project_id: Any) -> str:
    try:
        return reverse("projects:detail", args=[project_id])
    except NoReverseMatch:
        return f"/projects/{project_id}/"


def _cards_cache(request: HttpRequest) -> dict[str, Any]:
    """The fragment cache of a listing's cards (``{% cache cards_ttl … cards_key %}``): the same for
    every viewer, keyed on the request and the listing version (``search_cache.listing_key``)."""
    # "Fits my free/working hours" depends on the viewer: never shared.
    personal = any(request.GET.get(k) for k in ("fits_free_hours", "fits_working_hours"))
    return {
        "cards_ttl": settings.STINT_SEARCH_FACET_CACHE_SECONDS if shareable() and not personal else 0,
        # The cards' words and dates are in the viewer's language and time zone, and their "≈"
        # amounts in the currency the pay filters are typed in (the viewer's by default).
        "cards_key": listing_key(
            "cards",
            request.path,
            sorted(request.GET.lists()),
            get_language(),
            timezone.get_current_timezone_name(),
            _rate_currency_shown(request),
        ),
    }


def _rate_currency_shown(request: HttpRequest) -> str:
    """The currency the pay filters are typed in: as asked, else the currency filter, else the
    viewer's comparison currency (docs/currencies.md)."""
    return viewer_currency(
        getattr(request, "user", None),
        request.GET.get("rate_currency") or request.GET.get("currency") or None,
    )


def _query_without(params: QueryDict, *drop: str) -> str:
    return urlencode([(k, v) for k, values in params.lists() if k not in drop for v in values if v != ""])


@cached_listing_page
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    projects: list[Any] = []
    count = 0
    facets: dict[str, Any] = {"category": [], "hours": []}
    page = 1
    page_size = 20
    try:
        _, args = parse_search_params(request.GET, user=request.user)
        page, page_size = args["page"], args["page_size"]
        result = project_search(**args)
        projects = result.projects
        count, facets = result.count, result.facets
    except ValidationFailed:
        form.is_valid()  # the bound form shows the errors
    except ApplicationError as exc:
        messages.error(request, exc.message)
    num_pages = max(1, -(-count // page_size))
    selected_category = request.GET.get("category", "")
    categories = list(facets["category"])
    if selected_category and all(c["slug"] != selected_category for c in categories):
        categories.append({"slug": selected_category, "name": selected_category, "count": 0})
    hours_choice = request.GET.get("hours", "")
    context = {
        "form": form,
        "items": [
            {"project": p, "url": project_url(p.pk), "rate": Money(p.hourly_rate_minor, p.currency)} for p in projects
        ],
        "count": count,
        "categories": categories,
        "selected_category": selected_category,
        "hours_facets": facets["hours"],
        "hours_choice": hours_choice,
        "hours_buckets": HOURS_BUCKETS,
        "page": page,
        "num_pages": num_pages,
        "query": _query_without(request.GET, "page"),
        "saved_query": _query_without(request.GET, "page", "page_size"),
        "save_form": SavedSearchForm(initial={"frequency": "weekly"}),
        "oob": bool(getattr(request, "htmx", False)),
        **_cards_cache(request),
        "currencies": SUPPORTED_CURRENCIES,
        "rate_currency": _rate_currency_shown(request),
        "timezones": picker_zone_names(),
        "selected_skills": selected_skills(request.GET.getlist("skills")),
        "is_talent": getattr(request.user, "role", None) == "talent",
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not getattr(htmx, "boosted", False):
        return render(request, f"{TEMPLATE}#results", context)
    return render(request, TEMPLATE, context)


@login_required
def saved_list(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        form = SavedSearchForm(request.POST)
        params = QueryDict(request.POST.get("query", ""))
        if form.is_valid():
            try:
                services.saved_search_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    params={k: ",".join(params.getlist(k)) for k in PARAM_NAMES if params.get(k)},
                    frequency=form.cleaned_data["frequency"],
                )
            except ApplicationError as exc:
                messages.error(request, exc.message)
                return redirect(f"{reverse('matching:search')}?{params.urlencode()}")
            messages.success(request, gettext("Search saved. We will email you new matching projects."))
            return redirect("matching:saved")
        messages.error(request, gettext("Give the search a name and choose how often to be emailed."))
        return redirect(f"{reverse('matching:search')}?{params.urlencode()}")
    searches = [
        {"saved": s, "url": f"{reverse('matching:search')}?{urlencode(s.params)}"}
        for s in saved_search_list_for_user(user=request.user)
    ]
    return render(request, "matching/saved.html", {"searches": searches})


@login_required
@require_POST
def saved_delete(request: AuthedRequest, saved_search_id: str) -> HttpResponse:
    try:
        services.saved_search_delete(user=request.user, saved_search_id=saved_search_id)
    except NotFound:
        raise Http404("No such saved search.") from None
    messages.success(request, gettext("Saved search deleted."))
    return redirect("matching:saved")


# --- /projects/: the project list (URL name ``projects:list``) ----------------------------------------

LIST_TEMPLATE = "projects/list.html"
LIST_PAGE_SIZE = 20


class _SearchedPage(Sequence[Any]):
    """One page of search results as a sequence of ``count`` items, so that Django's ``Paginator``
    (and ``projects/_pagination.html``) work unchanged: only the searched page is ever sliced."""

    def __init__(self, items: list[Any], count: int) -> None:
        self.items, self.count_ = items, count

    def __len__(self) -> int:
        return self.count_

    def __getitem__(self, index: Any) -> Any:
        return self.items if isinstance(index, slice) else self.items[index]


def _member_list(request: HttpRequest, form: Any, organization_id: Any) -> HttpResponse:
    """``?organization=<mine>``: every project of the member's organization, in every status (the
    projects app's selector; not a listing)."""
    cd: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rate = cd.get("min_hourly_rate")
    filters = ProjectFilters(
        q=cd.get("q") or "",
        category=cd.get("category") or "",
        max_hours=cd.get("max_hours"),
        min_rate_units=rate if isinstance(rate, Decimal) else None,
        organization=organization_id,
    )
    qs, _ = project_list_for_viewer(request.user, filters)
    page = Paginator(qs, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    organization = Organization.objects.filter(pk=organization_id).first()
    context = {"form": form, "page": page, "as_member": True, "organization": organization, "cards_ttl": 0}
    return render(request, LIST_TEMPLATE, {**context, "query": _query_without(request.GET, "page")})


def _search_list(request: HttpRequest, params: dict[str, Any]) -> tuple[list[Any], int, int]:
    """(projects of the page, count, page number) through the search engine; the last page when
    the requested one is past the end."""
    params = {**params, "page_size": LIST_PAGE_SIZE}
    _, args = parse_search_params(params, user=request.user)
    result = project_search(**args)
    last = max(1, -(-result.count // LIST_PAGE_SIZE))
    if args["page"] > last:
        args["page"] = last
        result = project_search(**args)
    return result.projects, result.count, args["page"]


def _show_errors(request: HttpRequest, form: Any, exc: ValidationFailed) -> None:
    """The search's refusals on the bound form (a field it shows) or as a message."""
    form.is_valid()
    for error in exc.errors:
        field = "min_hourly_rate" if error.get("field") == "min_rate" else error.get("field")
        if field in form.fields and field not in form.errors and field != "fits_free_hours":
            form.add_error(field, error.get("message", gettext("Not valid.")))
        elif field not in form.errors:
            messages.error(request, error.get("message") or exc.message)


def _organization_param(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.GET.get("organization") or "")
    except ValueError:
        return None


@cached_listing_page
def project_list(request: HttpRequest) -> HttpResponse:
    """Listed projects through the search engine (the same rule, filters and sorts as ``/search/``
    and ``GET /api/v1/projects``); a member's ``?organization=<theirs>`` lists every project of it."""
    data = request.GET.copy()
    if data and not data.get("rate_currency"):
        data["rate_currency"] = _rate_currency_shown(request)
    form = ProjectListForm(data or None, initial={"rate_currency": _rate_currency_shown(request)})
    organization_id = _organization_param(request)
    if organization_id and user_is_member(user=request.user, organization_id=organization_id):
        return _member_list(request, form, organization_id)
    projects: list[Any] = []
    count, number = 0, 1
    try:
        projects, count, number = _search_list(request, list_params(data))
    except ValidationFailed as exc:
        _show_errors(request, form, exc)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    page = Paginator(_SearchedPage(projects, count), LIST_PAGE_SIZE).page(number)
    context = {
        "form": form,
        "page": page,
        "as_member": False,
        "organization": None,
        **_cards_cache(request),
        "query": _query_without(request.GET, "page"),
        "is_talent": getattr(request.user, "role", None) == "talent",
        "rate_currency": _rate_currency_shown(request),
    }
    return render(request, LIST_TEMPLATE, context)
