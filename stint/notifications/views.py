from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from stint.core.htmx import render_partial
from stint.core.types import AuthedRequest
from stint.notifications import selectors, services
from stint.notifications.forms import PreferencesForm

PAGE_SIZE = 20
LIST_TEMPLATE = "notifications/list.html"


def _list_response(request: AuthedRequest, page_number: str | None) -> HttpResponse:
    paginator = Paginator(selectors.notification_list(user=request.user), PAGE_SIZE)
    page_obj = paginator.get_page(page_number)
    return render_partial(request, LIST_TEMPLATE, "list", {"page_obj": page_obj})


def _back_to_list(request: HttpRequest) -> HttpResponse:
    page = request.POST.get("page", "")
    url = reverse("notifications:list")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@login_required
@require_http_methods(["GET", "HEAD"])
def notification_list_view(request: AuthedRequest) -> HttpResponse:
    return _list_response(request, request.GET.get("page"))


@login_required
@require_POST
def notification_read_view(request: AuthedRequest, notification_id: str) -> HttpResponse:
    services.notification_mark_read(user=request.user, notification_id=notification_id)
    if getattr(request, "htmx", False):
        return _list_response(request, request.POST.get("page"))
    return _back_to_list(request)


@login_required
@require_POST
def notification_read_all_view(request: AuthedRequest) -> HttpResponse:
    count = services.notification_mark_all_read(user=request.user)
    if getattr(request, "htmx", False):
        return _list_response(request, request.POST.get("page"))
    messages.success(
        request,
        ngettext("Marked %(count)s notification as read.", "Marked %(count)s notifications as read.", count)
        % {"count": count},
    )
    return _back_to_list(request)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences_view(request: AuthedRequest) -> HttpResponse:
    preferences = selectors.notification_preferences_for(user=request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST, preferences=preferences)
        if form.is_valid():
            services.notification_preferences_update(user=request.user, email=form.email_choices())
            messages.success(request, gettext("Your email preferences are saved."))
            return redirect("notifications:preferences")
    else:
        form = PreferencesForm(preferences=preferences)
    return render(request, "notifications/preferences.html", {"form": form})
