"""HTML actions of the publishing flow (publish, close, cancel a project; staff verify an
organization). Same URLs and names as before: ``stint.flows.urls`` puts them in the projects and
organizations namespaces."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stint.core.errors import ApplicationError, NotFound
from stint.core.types import AuthedRequest
from stint.flows import publishing
from stint.organizations import selectors as organization_selectors
from stint.projects import selectors as project_selectors
from stint.projects.forms import ReasonForm
from stint.projects.views import _back, _scoped


@login_required
@require_POST
def project_publish(request: HttpRequest, pk: Any) -> HttpResponse:
    """Publishing charges money, so the browser publishes through the confirmation page that shows
    the amount first (``payments:publish``): this URL forwards the POST there (307 keeps it a POST)."""
    project = _scoped(project_selectors.project_get_for_member, request.user, pk)
    return HttpResponseRedirect(reverse("payments:publish", args=[project.pk]), status=307)


def _end(request: AuthedRequest, pk: Any, action: str) -> HttpResponse:
    project = _scoped(project_selectors.project_get_for_member, request.user, pk)
    form = ReasonForm(request.POST, prefix=action)
    reason = form.data.get(f"{action}-reason", "")
    try:
        if action == "close":
            publishing.project_close(actor=request.user, project=project, reason=reason)
            messages.success(request, _("Closed. Applicants still waiting have been told."))
        else:
            publishing.project_cancel(actor=request.user, project=project, reason=reason)
            messages.success(request, _("Cancelled. Every applicant has been told."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return _back(project)


@login_required
@require_POST
def project_close(request: AuthedRequest, pk: Any) -> HttpResponse:
    return _end(request, pk, "close")


@login_required
@require_POST
def project_cancel(request: AuthedRequest, pk: Any) -> HttpResponse:
    return _end(request, pk, "cancel")


@login_required
@require_POST
def staff_verify(request: HttpRequest, pk: Any) -> HttpResponse:
    if not getattr(request.user, "is_platform_staff", False):
        raise DjangoPermissionDenied(_("Only platform staff can verify organizations."))
    try:
        organization = organization_selectors.organization_get_public(organization_id=pk)
    except NotFound:
        raise Http404 from None
    publishing.organization_verify(actor=request.user, organization=organization)
    messages.success(request, _("%(organization)s is verified.") % {"organization": organization.name})
    return HttpResponseRedirect(reverse("organizations:staff_verification"))
