"""HTML pages for organizations. Each view fetches within the actor's scope and calls a service."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stint.accounts.choices import Role
from stint.accounts.models import User
from stint.core.errors import ApplicationError, NotFound, PermissionDenied
from stint.core.types import AuthedRequest
from stint.organizations import selectors, services
from stint.organizations.choices import MANAGE_MEMBERS, MemberRole
from stint.organizations.forms import (
    InvitationForm,
    OrganizationEditForm,
    OrganizationForm,
    RoleForm,
    add_service_errors,
)
from stint.organizations.models import Membership, Organization
from stint.organizations.reliability import organization_reliability, reliability_rows


def _scoped(request: AuthedRequest, pk: Any, roles: Iterable[str] = tuple(MemberRole)) -> tuple[Organization, Any]:
    """The organization for a member (404 for anyone else, 403 for a member without the role)."""
    try:
        return selectors.organization_get_for_member(user=request.user, organization_id=pk, roles=roles)
    except NotFound:
        raise Http404(_("Organization not found.")) from None
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None


def _can_create(user: Any) -> bool:
    return user.role == Role.COMPANY or getattr(user, "is_platform_staff", False)


def _is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_platform_staff", False))


def _dashboard_url(organization: Organization) -> str:
    return reverse("organizations:dashboard", args=[organization.pk])


def _members_url(organization: Organization) -> str:
    return reverse("organizations:members", args=[organization.pk])


# --- my organizations, create, dashboard, edit -----------------------------------------------------


@login_required
def organization_list(request: AuthedRequest) -> HttpResponse:
    rows = [
        (organization, MemberRole(role).label)
        for organization, role in selectors.organization_list_for_user_with_roles(user=request.user)
    ]
    return render(
        request,
        "organizations/list.html",
        {"rows": rows, "can_create": _can_create(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request: AuthedRequest) -> HttpResponse:
    if not _can_create(request.user):
        raise DjangoPermissionDenied(_("Only company accounts can create organizations."))
    form = OrganizationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "logo"}
        try:
            organization = services.organization_create(actor=request.user, logo=form.cleaned_data.get("logo"), **data)
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(organization)s is created. Invite your colleagues next.") % {"organization": organization.name},
            )
            return redirect(_dashboard_url(organization))
    return render(request, "organizations/form.html", {"form": form, "organization": None})


@login_required
def organization_dashboard(request: AuthedRequest, pk: Any) -> HttpResponse:
    organization, membership = _scoped(request, pk)
    can_manage = membership.role in MANAGE_MEMBERS
    return render(
        request,
        "organizations/dashboard.html",
        {
            "organization": organization,
            "membership": membership,
            "can_manage": can_manage,
            "members": selectors.membership_list(organization=organization),
            "invitations": selectors.invitation_list_pending(organization=organization) if can_manage else [],
            "reliability": reliability_rows(organization_reliability(organization)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: AuthedRequest, pk: Any) -> HttpResponse:
    organization, _membership = _scoped(request, pk, MANAGE_MEMBERS)
    initial = {f: getattr(organization, f) for f in services.PROFILE_FIELDS}
    form = OrganizationEditForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.PROFILE_FIELDS}
        try:
            services.organization_update(actor=request.user, organization=organization, **data)
            if form.cleaned_data.get("logo"):
                services.organization_logo_set(
                    actor=request.user, organization=organization, logo=form.cleaned_data["logo"]
                )
            elif form.cleaned_data.get("remove_logo"):
                services.organization_logo_remove(actor=request.user, organization=organization)
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect(_dashboard_url(organization))
    return render(request, "organizations/form.html", {"form": form, "organization": organization})


# --- members and invitations -----------------------------------------------------------------------


def _members_context(
    request: HttpRequest, organization: Organization, membership: Membership, invite_form: InvitationForm | None = None
) -> dict[str, Any]:
    can_manage = membership.role in MANAGE_MEMBERS
    is_owner = membership.role == MemberRole.OWNER
    members = list(selectors.membership_list(organization=organization))
    role_choices = MemberRole.choices if is_owner else [(MemberRole.MEMBER.value, MemberRole.MEMBER.label)]
    return {
        "organization": organization,
        "membership": membership,
        "can_manage": can_manage,
        "is_owner": is_owner,
        "members": members,
        "role_choices": role_choices,
        "invitations": selectors.invitation_list_pending(organization=organization) if can_manage else [],
        "invite_form": invite_form or InvitationForm(),
        "invite_roles_admin": is_owner,
    }


@login_required
def member_list(request: AuthedRequest, pk: Any) -> HttpResponse:
    organization, membership = _scoped(request, pk)
    return render(request, "organizations/members.html", _members_context(request, organization, membership))


@login_required
@require_POST
def invitation_create(request: AuthedRequest, pk: Any) -> HttpResponse:
    organization, membership = _scoped(request, pk, MANAGE_MEMBERS)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.user,
                organization=organization,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ApplicationError as exc:
            if isinstance(exc, PermissionDenied):
                raise DjangoPermissionDenied(exc.message) from None
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect(_members_url(organization))
    return render(
        request, "organizations/members.html", _members_context(request, organization, membership, form), status=422
    )


@login_required
@require_POST
def invitation_revoke(request: AuthedRequest, pk: Any, invitation_id: Any) -> HttpResponse:
    try:
        invitation = selectors.invitation_get_for_manager(
            user=request.user, organization_id=pk, invitation_id=invitation_id
        )
    except NotFound:
        raise Http404 from None
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation to %(email)s is revoked.") % {"email": invitation.email})
    return redirect(_members_url(invitation.organization))


def _member_user(organization: Organization, user_id: Any) -> User:
    user = User.objects.filter(pk=user_id, memberships__organization=organization).first()
    if user is None:
        raise Http404(_("Member not found."))
    return user


@login_required
@require_POST
def member_change_role(request: AuthedRequest, pk: Any, user_id: Any) -> HttpResponse:
    organization, _membership = _scoped(request, pk, MANAGE_MEMBERS)
    user = _member_user(organization, user_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose owner, admin or member.")
        return redirect(_members_url(organization))
    try:
        services.membership_change_role(
            actor=request.user, organization=organization, user=user, role=form.cleaned_data["role"]
        )
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(user)s is now %(role)s.")
            % {"user": user, "role": MemberRole(form.cleaned_data["role"]).label.lower()},
        )
    return redirect(_members_url(organization))


@login_required
@require_POST
def member_remove(request: AuthedRequest, pk: Any, user_id: Any) -> HttpResponse:
    organization, _membership = _scoped(request, pk, MANAGE_MEMBERS)
    user = _member_user(organization, user_id)
    try:
        services.membership_remove(actor=request.user, organization=organization, user=user)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(_members_url(organization))
    messages.success(
        request, _("%(user)s is removed from %(organization)s.") % {"user": user, "organization": organization.name}
    )
    if user.pk == request.user.pk:
        return redirect(reverse("organizations:list"))
    return redirect(_members_url(organization))


@login_required
@require_POST
def member_leave(request: AuthedRequest, pk: Any) -> HttpResponse:
    organization, _membership = _scoped(request, pk)
    try:
        services.membership_leave(actor=request.user, organization=organization)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(_members_url(organization))
    messages.success(request, _("You left %(organization)s.") % {"organization": organization.name})
    return redirect(reverse("organizations:list"))


@login_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: AuthedRequest, token: str) -> HttpResponse:
    try:
        invitation = selectors.invitation_get_for_accept(user=request.user, token=token)
    except NotFound:
        raise Http404(_("Invitation not found.")) from None
    error = None
    if request.method == "POST":
        try:
            membership = services.invitation_accept(actor=request.user, invitation=invitation)
        except NotFound:
            raise Http404(_("Invitation not found.")) from None
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(
                request, _("Welcome to %(organization)s.") % {"organization": invitation.organization.name}
            )
            return redirect(_dashboard_url(membership.organization))
    already_member = selectors.user_is_member(user=request.user, organization_id=invitation.organization_id)
    return render(
        request,
        "organizations/invitation_accept.html",
        {
            "invitation": invitation,
            "pending": services.invitation_is_pending(invitation=invitation),
            "already_member": already_member,
            "can_join": _can_create(request.user),
            "error": error,
        },
        status=200 if error is None else 409,
    )


# --- public page and logo -------------------------------------------------------------------------


def organization_public(request: AuthedRequest, slug: str) -> HttpResponse:
    try:
        organization = selectors.organization_get_by_slug_public(slug=slug)
    except NotFound:
        raise Http404(_("Organization not found.")) from None
    from stint.organizations.endpoints import logo_url

    return render(
        request,
        "organizations/public.html",
        {
            "organization": organization,
            "logo_url": logo_url(organization),
            "reliability": reliability_rows(organization_reliability(organization)),
            "is_member": selectors.user_is_member(user=request.user, organization_id=organization.pk),
        },
    )


def organization_logo(request: HttpRequest, slug: str) -> HttpResponseBase:
    organization = Organization.objects.filter(slug=slug).exclude(logo="").first()
    if organization is None:
        raise Http404(_("No logo."))
    content_type = mimetypes.guess_type(organization.logo.name or "")[0] or "application/octet-stream"
    try:
        handle = organization.logo.open("rb")
    except FileNotFoundError:
        raise Http404(_("No logo.")) from None
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- staff verification ---------------------------------------------------------------------------


@login_required
def staff_verification(request: HttpRequest) -> HttpResponse:
    if not _is_staff(request.user):
        raise DjangoPermissionDenied(_("Only platform staff can see this page."))
    organizations = selectors.organization_list_unverified(user=request.user).prefetch_related("memberships__user")
    return render(request, "organizations/staff_verification.html", {"organizations": organizations})
