"""HTML pages for projects. Each view fetches within the viewer's scope and calls the services;
errors from the services are shown on the form or as a message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stint.core.errors import ApplicationError, NotFound
from stint.core.timezones import get_zone, overlap_minutes
from stint.core.types import AuthedRequest
from stint.organizations.choices import MANAGE_PROJECTS
from stint.organizations.models import Organization
from stint.organizations.reliability import reliability_rows
from stint.organizations.selectors import organization_get_for_member, organization_list_for_user
from stint.projects import selectors, services
from stint.projects.access import Access, project_access
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.forms import (
    InviteForm,
    ModerationNoteForm,
    ProjectForm,
    ReasonForm,
    rubric_formset,
    rubric_from_formset,
)
from stint.projects.jsonld import job_posting_script_body
from stint.projects.models import Project, ProjectInvitation
from stint.projects.rules import pay_summary, project_data_from_instance, project_validate
from stint.projects.schemas import funds_secured, organization_reliability_or_none
from stint.talent.models import TalentProfile

PAGE_SIZE = 20
EDITOR = "projects/editor.html"


def _scoped(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except NotFound:
        raise Http404("Not found.") from None


def _organization_for_member(user: Any, organization_id: Any) -> Organization:
    try:
        organization, _role = organization_get_for_member(
            user=user, organization_id=organization_id, roles=MANAGE_PROJECTS
        )
    except (NotFound, ValueError):
        raise Http404("Organization not found.") from None
    return organization


# --- Listing ---------------------------------------------------------------------------------------
# ``/projects/`` (``projects:list``) is answered by the search engine: stint.matching.views.project_list.


@login_required
def project_mine(request: AuthedRequest) -> HttpResponse:
    """Every project of the organizations the user belongs to; ``?organization=`` (one of them,
    from its dashboard) narrows the list to that organization."""
    organizations = list(organization_list_for_user(user=request.user))
    projects = selectors.project_list_for_member(request.user)
    chosen = next((o for o in organizations if str(o.pk) == request.GET.get("organization")), None)
    if chosen is not None:
        projects, organizations = projects.filter(organization=chosen), [chosen]
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    query = f"organization={chosen.pk}" if chosen else ""
    return render(
        request,
        "projects/mine.html",
        {"page": page, "organizations": organizations, "organization": chosen, "query": query},
    )


# --- Project pages ------------------------------------------------------------------------------


def _detail_context(
    request: HttpRequest, project: Project, *, preview: bool = False, secret: str = ""
) -> dict[str, Any]:
    access = project_access(project=project, user=request.user, secret=secret)
    is_member = access is Access.MANAGE
    public_path = reverse("projects:detail", args=[project.pk])
    show_jsonld = not preview and project.status == ProjectStatus.OPEN and project.visibility == Visibility.PUBLIC
    skills = list(project.project_skills.all())
    return {
        "project": project,
        "required_skills": [ps for ps in skills if ps.required],
        "nice_skills": [ps for ps in skills if not ps.required],
        "reliability": reliability_rows(organization_reliability_or_none(project.organization)),
        "is_member": is_member,
        "preview": preview,
        "funds_secured": funds_secured(project),
        "jsonld": job_posting_script_body(project, path=public_path) if show_jsonld else None,
        # Anonymous visitors (READ) see the button and are asked to sign in; other roles do not
        # (the apply_or_status tag); members manage instead.
        "can_apply": project.status == ProjectStatus.OPEN and not is_member and not preview,
        # The apply link of an unlisted project carries the token of the link it was opened with.
        "apply_secret": secret if access is Access.APPLY else "",
        "overlap_text": _overlap_text(request.user, project),
    }


def _overlap_text(user: Any, project: Project) -> str:
    """For a talent who states working hours, how much they overlap the project's window today."""
    window = project.overlap_window
    if window is None or getattr(user, "role", None) != "talent":
        return ""
    profile = TalentProfile.objects.filter(user=user).only("timezone", "work_start", "work_end").first()
    theirs = profile.work_window if profile is not None else None
    if theirs is None:
        return ""
    today = timezone.localtime(timezone.now(), get_zone(theirs.zone)).date()
    hours, minutes = divmod(overlap_minutes(window, theirs, today), 60)
    return gettext("Your working hours overlap %(hours)s h %(minutes)02d min") % {"hours": hours, "minutes": minutes}


def project_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    project = _scoped(selectors.project_get_for_viewer, request.user, pk)
    return render(request, "projects/detail.html", _detail_context(request, project))


def project_secret(request: HttpRequest, token: str) -> HttpResponse:
    project = _scoped(selectors.project_get_by_secret, request.user, token)
    return render(request, "projects/detail.html", _detail_context(request, project, secret=token))


@login_required
def project_preview(request: HttpRequest, pk: Any) -> HttpResponse:
    project = _scoped(selectors.project_get_for_member, request.user, pk)
    return render(request, "projects/detail.html", _detail_context(request, project, preview=True))


@login_required
def project_manage(request: HttpRequest, pk: Any) -> HttpResponse:
    project = _scoped(selectors.project_get_for_member, request.user, pk)
    allowed = dict.fromkeys(selectors.project_allowed_actions(project=project, user=request.user), True)
    # Addresses only: whether an address belongs to an account is not shown (no enumeration).
    invitations = ProjectInvitation.objects.filter(project=project).select_related("talent").order_by("-created_at")
    return render(
        request,
        "projects/manage.html",
        {
            "project": project,
            "allowed": allowed,
            "close_form": ReasonForm(prefix="close"),
            "cancel_form": ReasonForm(prefix="cancel"),
            "invite_form": InviteForm(),
            "invitations": invitations,
            "share_url": request.build_absolute_uri(reverse("projects:secret", args=[project.secret_token])),
            "pay": pay_summary(project.fee_minor, project.currency, project.estimated_hours),
        },
    )


# --- Editor -------------------------------------------------------------------------------------


def _bind(request: HttpRequest) -> tuple[ProjectForm, Any, dict[str, Any] | None]:
    """Bind the editor's form and rubric rows; the data dict if they parsed."""
    form = ProjectForm(request.POST)
    formset = rubric_formset(request.POST)
    parsed = form.is_valid() & formset.is_valid()
    return form, formset, form.service_data(rubric_from_formset(formset)) if parsed else None


def _attach(form: ProjectForm, exc: ApplicationError) -> None:
    fields = {"fee.currency": "currency", "skills": "required_skills", "rubric": None}
    errors = exc.errors or [{"field": "", "message": exc.message}]
    for error in errors:
        name = fields.get(error.get("field", ""), error.get("field"))
        form.add_error(name if name in form.fields else None, error["message"])


def _editor(
    request: HttpRequest,
    *,
    form: ProjectForm,
    formset: Any,
    organization: Organization,
    project: Project | None,
    status: int = 200,
    checks: dict[str, Any] | None = None,
) -> HttpResponse:
    # A refused save keeps every input, lists what to fix at the top and keeps the checks panel.
    if status != 200:
        checks = _checks(form, formset, _bind(request)[2])
    return render(
        request,
        EDITOR,
        {"form": form, "rubric": formset, "organization": organization, "project": project, "checks": checks},
        status=status,
    )


def _saved(request: HttpRequest, project: Project, message: str) -> HttpResponse:
    """After a save: to the manage page, or, when the draft still breaks a rule that only publishing
    enforces (a fee under the floor), back to its editor with what to fix at the top."""
    problems = project_validate(project_data_from_instance(project))
    if not problems:
        messages.success(request, message)
        return redirect("projects:manage", pk=project.pk)
    messages.warning(
        request,
        _("Draft saved, but it cannot be published yet: %(problems)s")
        % {"problems": " ".join(p["message"] for p in problems)},
    )
    return redirect("projects:edit", pk=project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request: AuthedRequest) -> HttpResponse:
    organization_id = request.GET.get("organization") or request.POST.get("organization")
    if not organization_id:
        organizations = list(organization_list_for_user(user=request.user))
        if len(organizations) == 1:
            return redirect(f"{reverse('projects:new')}?organization={organizations[0].pk}")
        return render(request, "projects/choose_organization.html", {"organizations": organizations})
    organization = _organization_for_member(request.user, organization_id)
    if request.method == "POST":
        form, formset, data = _bind(request)
        if data is not None:
            try:
                project = services.project_create(actor=request.user, organization=organization, data=data)
            except ApplicationError as exc:
                _attach(form, exc)
            else:
                return _saved(request, project, _("Draft saved. Preview it, then publish it when you are ready."))
        return _editor(request, form=form, formset=formset, organization=organization, project=None, status=422)
    form = ProjectForm(initial=ProjectForm.initial_for_new())
    return _editor(request, form=form, formset=rubric_formset(), organization=organization, project=None)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: AuthedRequest, pk: Any) -> HttpResponse:
    project = _scoped(selectors.project_get_for_member, request.user, pk)
    if project.status not in (ProjectStatus.DRAFT, ProjectStatus.PENDING_REVIEW):
        messages.error(request, _("Only a draft can be edited."))
        return redirect("projects:manage", pk=project.pk)
    if request.method == "POST":
        form, formset, data = _bind(request)
        if data is not None:
            try:
                project = services.project_update(actor=request.user, project=project, data=data)
            except ApplicationError as exc:
                _attach(form, exc)
            else:
                return _saved(request, project, _("Changes saved."))
        return _editor(
            request, form=form, formset=formset, organization=project.organization, project=project, status=422
        )
    form = ProjectForm(initial=ProjectForm.initial_for(project))
    data = project_data_from_instance(project)
    checks = {
        "problems": project_validate(data),
        "pay": pay_summary(project.fee_minor, project.currency, project.estimated_hours),
    }
    return _editor(
        request,
        form=form,
        formset=rubric_formset(rubric=project.rubric),
        organization=project.organization,
        project=project,
        checks=checks,
    )


def _checks(form: ProjectForm, formset: Any, data: dict[str, Any] | None) -> dict[str, Any]:
    """The broken rules and the pay floor for the editor's current input (also unparsable input)."""
    problems: list[dict[str, str]] = []
    if data is None:
        for name, errs in form.errors.items():
            field = form.fields.get(name)
            label = (field.label if field is not None else None) or name.replace("_", " ").capitalize()
            problems.extend(
                {"field": name, "code": "invalid", "message": _("%(field)s: %(error)s") % {"field": label, "error": e}}
                for e in errs
            )
        if formset.non_form_errors():
            problems.extend({"field": "rubric", "code": "invalid", "message": e} for e in formset.non_form_errors())
        data = form.service_data([]) if hasattr(form, "cleaned_data") else None
    else:
        problems = project_validate(data)
    pay = (
        pay_summary(data.get("fee_minor"), data.get("currency") or "USD", data.get("estimated_hours")) if data else None
    )
    return {"problems": problems, "pay": pay}


@login_required
@require_POST
def project_check(request: HttpRequest) -> HttpResponse:
    """The editor's live checks (htmx): the broken rules and the pay floor for the current input;
    the pay check next to the fee is updated out of band."""
    form, formset, data = _bind(request)
    return render(request, f"{EDITOR}#checks", {"checks": _checks(form, formset, data), "oob": True})


# --- Actions ------------------------------------------------------------------------------------


def _back(project: Project) -> HttpResponseRedirect:
    return redirect("projects:manage", pk=project.pk)


@login_required
@require_POST
def project_invite(request: AuthedRequest, pk: Any) -> HttpResponse:
    project = _scoped(selectors.project_get_for_member, request.user, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid email address."))
        return _back(project)
    try:
        services.project_invite(actor=request.user, project=project, talent_email=form.cleaned_data["talent_email"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Invited %(email)s. The talent account with this confirmed address can see the project and apply; "
                "if there is none yet, the invitation waits for one."
            )
            % {"email": form.cleaned_data["talent_email"]},
        )
    return _back(project)


# --- Staff moderation --------------------------------------------------------------------------


def _staff_only(request: HttpRequest) -> None:
    if not getattr(request.user, "is_platform_staff", False):
        raise Http404("Not found.")


@login_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    page = Paginator(selectors.project_moderation_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "projects/moderation.html", {"page": page, "note_form": ModerationNoteForm()})


@login_required
@require_POST
def moderation_approve(request: HttpRequest, pk: Any) -> HttpResponse:
    _staff_only(request)
    project = _scoped(selectors.project_get_for_staff, request.user, pk)
    try:
        services.project_approve(actor=request.user, project=project)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Approved “%(project)s”: it is open.") % {"project": project.title})
    return redirect("projects:moderation")


@login_required
@require_POST
def moderation_reject(request: HttpRequest, pk: Any) -> HttpResponse:
    _staff_only(request)
    project = _scoped(selectors.project_get_for_staff, request.user, pk)
    try:
        services.project_reject(actor=request.user, project=project, note=request.POST.get("note", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Sent “%(project)s” back to draft with your note.") % {"project": project.title})
    return redirect("projects:moderation")
