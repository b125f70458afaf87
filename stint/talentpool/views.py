"""HTML pages of the talent pool. Same services as the API; refusals are 404s or messages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stint.applications.selectors import project_get_for_company
from stint.core.errors import NotFound
from stint.core.types import AuthedRequest
from stint.credentials.selectors import credentials_issued_by
from stint.organizations.selectors import (
    organization_get_for_member,
    organization_get_public,
    organization_list_for_user,
)
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project
from stint.talentpool import selectors, services
from stint.talentpool.choices import HireKind


def _org(request: AuthedRequest, pk: Any) -> Any:
    organization, _membership = organization_get_for_member(user=request.user, organization_id=pk)
    return organization


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    """The organizations whose pools the member can open (one: straight to it)."""
    organizations = list(organization_list_for_user(user=request.user))
    if len(organizations) == 1:
        return HttpResponseRedirect(reverse("talentpool:pool", args=[organizations[0].pk]))
    return render(request, "talentpool/index.html", {"organizations": organizations})


@login_required
def pool(request: AuthedRequest, pk: Any) -> HttpResponse:
    organization = _org(request, pk)
    tag = request.GET.get("tag", "")[:40]
    entries = selectors.pool_for_organization(organization=organization, tag=tag, viewer=request.user)
    open_projects = Project.objects.filter(organization=organization, status=ProjectStatus.OPEN).order_by("title")
    context = {
        "organization": organization,
        "entries": entries,
        "tag": tag,
        "open_projects": open_projects,
        "kinds": HireKind.choices,
        "hires_from_stint": selectors.hires_from_stint(organization=organization),
        "issued": credentials_issued_by(organization=organization),
    }
    return render(request, "talentpool/pool.html", context)


@login_required
@require_POST
def talent_action(request: AuthedRequest, pk: Any, talent_id: Any, action: str) -> HttpResponse:
    """note / tag / untag / invite / hire for one talent of the pool."""
    organization = _org(request, pk)
    talent = selectors.pool_talent_get(organization=organization, talent_id=talent_id)
    actor = request.user
    if action == "note":
        services.pool_note_add(actor=actor, organization=organization, talent=talent, body=request.POST.get("body", ""))
        messages.success(request, _("Note saved."))
    elif action == "tag":
        services.pool_tag_add(actor=actor, organization=organization, talent=talent, name=request.POST.get("name", ""))
        messages.success(request, _("Tag added."))
    elif action == "untag":
        services.pool_tag_remove(
            actor=actor, organization=organization, talent=talent, name=request.POST.get("name", "")
        )
        messages.success(request, _("Tag removed."))
    elif action == "invite":
        project = project_get_for_company(user=actor, project_id=request.POST.get("project_id"))
        if project.organization_id != organization.pk:
            raise NotFound(_("Project not found."))
        services.pool_invite(actor=actor, project=project, talent=talent, message=request.POST.get("message", ""))
        messages.success(
            request,
            _("%(talent)s is invited to apply to “%(project)s”.") % {"talent": talent, "project": project.title},
        )
    elif action == "hire":
        services.hire_record(
            actor=actor,
            organization=organization,
            talent=talent,
            kind=request.POST.get("kind", HireKind.JOB),
            role_title=request.POST.get("role_title", ""),
        )
        messages.success(request, _("The hire is recorded; %(talent)s is asked to confirm it.") % {"talent": talent})
    else:
        raise Http404(_("Unknown action."))
    return HttpResponseRedirect(reverse("talentpool:pool", args=[organization.pk]))


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    """The talent's invitations to apply and the hires recorded for them."""
    context = {
        "invitations": selectors.pool_invitations_for_talent(user=request.user),
        "hires": selectors.hires_for_talent(user=request.user),
        "follows": selectors.follows_for_user(user=request.user),
    }
    return render(request, "talentpool/mine.html", context)


@login_required
@require_POST
def invitation_answer(request: AuthedRequest, pk: Any) -> HttpResponse:
    invitation = selectors.pool_invitation_get_for_talent(user=request.user, invitation_id=pk)
    accept = request.POST.get("answer") == "accept"
    services.pool_invitation_answer(actor=request.user, invitation=invitation, accept=accept)
    if accept:
        messages.success(request, _("Accepted: apply now."))
        return HttpResponseRedirect(f"/projects/{invitation.project_id}/")
    messages.success(request, _("Declined."))
    return HttpResponseRedirect(reverse("talentpool:mine"))


@login_required
@require_POST
def hire_answer(request: AuthedRequest, pk: Any) -> HttpResponse:
    hire = selectors.hire_get_for_talent(user=request.user, hire_id=pk)
    services.hire_answer(
        actor=request.user,
        hire=hire,
        confirm=request.POST.get("answer") == "confirm",
        show_on_portfolio=request.POST.get("show_on_portfolio") == "on",
    )
    messages.success(request, _("Thank you for your answer."))
    return HttpResponseRedirect(reverse("talentpool:mine"))


@login_required
@require_POST
def follow_toggle(request: AuthedRequest, pk: Any) -> HttpResponse:
    organization = organization_get_public(organization_id=pk)
    if selectors.is_following(user=request.user, organization=organization):
        services.unfollow(actor=request.user, organization=organization)
        messages.success(request, _("You no longer follow %(organization)s.") % {"organization": organization.name})
    else:
        services.follow(actor=request.user, organization=organization)
        messages.success(
            request,
            _("You follow %(organization)s: you will hear of its new projects.") % {"organization": organization.name},
        )
    return HttpResponseRedirect(f"/organizations/o/{organization.slug}/")
