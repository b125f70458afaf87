"""The "Your data" pages: ask for a copy, download it, delete the account (docs/privacy.md)."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from stint.core.errors import ApplicationError, NotFound
from stint.privacy import selectors, services
from stint.privacy.endpoints import zip_response
from stint.privacy.erase import account_delete, account_delete_refusal


class DeleteForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that my account and my personal data are deleted for good."), required=True
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def privacy_page(request: HttpRequest) -> HttpResponse:
    exports = [(e, selectors.download_url(e)) for e in selectors.data_export_list_for_user(user=request.user)[:10]]
    response = render(request, "privacy/privacy.html", {"exports": exports})
    response["Cache-Control"] = "private, no-store"  # carries signed download links
    return response


@login_required
@require_POST
def export_request(request: HttpRequest) -> HttpResponse:
    try:
        services.data_export_request(user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your export is being prepared. Reload this page in a minute to download it."))
    return redirect("privacy:privacy")


@login_required
@require_http_methods(["GET", "HEAD"])
def export_download(request: HttpRequest, export_id: uuid.UUID) -> FileResponse:
    try:
        export = services.data_export_for_download(
            user=request.user, export_id=export_id, token=request.GET.get("sig", "")
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return zip_response(export)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_page(request: HttpRequest) -> HttpResponse:
    refusal = account_delete_refusal(user=request.user)
    form = DeleteForm(request.POST or None)
    status = 200
    if request.method == "POST" and refusal is None:
        if form.is_valid():
            try:
                account_delete(user=request.user, password=form.cleaned_data["password"])
            except ApplicationError as exc:
                form.add_error("password" if exc.code == "password_incorrect" else None, exc.message)
            else:
                logout(request)
                messages.success(request, _("Your account is deleted. Thank you for having been part of Stint."))
                return redirect("/")
        status = 422
    elif request.method == "POST":
        status = 409
    return render(request, "privacy/delete.html", {"form": form, "refusal": refusal}, status=status)
