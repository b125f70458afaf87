"""HTML pages of talent profiles. Same services and selectors as the JSON API."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from stint.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from stint.core.types import AuthedRequest
from stint.skills.models import Category
from stint.talent import selectors, services
from stint.talent.completeness import profile_completeness
from stint.talent.forms import (
    BlockedPeriodFormSet,
    EducationFormSet,
    LinkFormSet,
    ProfileForm,
    ResumeForm,
    SkillFormSet,
    kept_forms,
)
from stint.talent.models import TalentProfile
from stint.talent.resume import resume_max_bytes


def _own_profile(request: AuthedRequest) -> TalentProfile:
    try:
        return selectors.talent_profile_for_user(request.user)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message)


def _profile_context(request: HttpRequest, profile: TalentProfile, *, own: bool) -> dict[str, Any]:
    return {
        "profile": profile,
        "own": own,
        "completeness": profile_completeness(profile) if own else None,
        "resume_visible": bool(profile.resume.name) and selectors.talent_resume_visible_to(request.user, profile),
        "resume_max_mb": f"{resume_max_bytes() / (1024 * 1024):g}",
    }


@login_required
def profile_mine(request: AuthedRequest) -> HttpResponse:
    profile = _own_profile(request)
    context = _profile_context(request, profile, own=True)
    context["resume_form"] = ResumeForm()
    return render(request, "talent/profile_mine.html", context)


@login_required
def profile_detail(request: HttpRequest, profile_id: Any) -> HttpResponse:
    try:
        profile = selectors.talent_profile_get_for_viewer(request.user, profile_id)
    except NotFound:
        raise Http404(gettext("Profile not found."))
    own = profile.user_id == request.user.pk
    return render(request, "talent/profile_detail.html", _profile_context(request, profile, own=own))


def _initial(profile: TalentProfile) -> dict[str, Any]:
    category_slugs = set(_category_slugs())
    return {
        "profile": {
            "headline": profile.headline,
            "career_goals": profile.career_goals,
            "target_roles": "\n".join(profile.target_roles),
            "interests": [i for i in profile.interests if i in category_slugs],
            "other_interests": ", ".join(i for i in profile.interests if i not in category_slugs),
            "weekly_hours": profile.weekly_hours,
            "timezone": profile.timezone,
            "work_start": profile.work_start,
            "work_end": profile.work_end,
            "languages": list(profile.languages or []),
        },
        "education": [
            {"institution": e.institution, "programme": e.programme, "graduation_year": e.graduation_year}
            for e in profile.education.all()
        ],
        "skills": [{"skill": str(ts.skill_id), "level": ts.level} for ts in profile.talent_skills.all()],
        "blocked": [
            {"start": b.start, "end": b.end, "reason": b.reason, "capacity_hours": b.capacity_hours}
            for b in profile.blocked_periods.all()
        ],
        "links": [{"url": url} for url in profile.links],
    }


def _category_slugs() -> list[str]:
    return list(Category.objects.values_list("slug", flat=True))


def _attach_errors(exc: ValidationFailed, forms: dict[str, Any], rows: dict[str, list[Any]]) -> None:
    """Show each service error next to the field it is about (``skills.2.level`` → the third kept
    skill row's level), or at the top of the form."""
    profile_form = forms["profile"]
    for error in exc.errors or [{"field": "", "message": exc.message}]:
        parts = (error.get("field") or "").split(".")
        message = error["message"]
        head = parts[0]
        if head in rows and len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) < len(rows[head]):
            form = rows[head][int(parts[1])]
            field = parts[2] if len(parts) > 2 else None
            if head == "links":
                field = "url"
            form.add_error(field if field in form.fields else None, message)
        elif head in profile_form.fields:
            profile_form.add_error(head, message)
        elif head == "interests":
            profile_form.add_error("other_interests", message)
        else:
            profile_form.add_error(None, message)


@login_required
@never_cache
def profile_edit(request: AuthedRequest) -> HttpResponse:
    profile = _own_profile(request)
    initial = _initial(profile)
    data = request.POST if request.method == "POST" else None
    forms: dict[str, Any] = {
        "profile": ProfileForm(data, initial=initial["profile"]),
        "education": EducationFormSet(data, initial=initial["education"], prefix="education"),
        "skills": SkillFormSet(data, initial=initial["skills"], prefix="skills"),
        "blocked": BlockedPeriodFormSet(data, initial=initial["blocked"], prefix="blocked"),
        "links": LinkFormSet(data, initial=initial["links"], prefix="links"),
    }
    status = 200
    if request.method == "POST":
        if all(form.is_valid() for form in forms.values()):
            rows = {
                "education": kept_forms(forms["education"]),
                "skills": kept_forms(forms["skills"]),
                "blocked_periods": kept_forms(forms["blocked"]),
                "links": kept_forms(forms["links"]),
            }
            payload = forms["profile"].service_data()
            payload["education"] = [dict(f.cleaned_data) for f in rows["education"]]
            payload["skills"] = [{"skill": f.skill_slug(), "level": f.cleaned_data["level"]} for f in rows["skills"]]
            payload["blocked_periods"] = [dict(f.cleaned_data) for f in rows["blocked_periods"]]
            payload["links"] = [f.cleaned_data["url"] for f in rows["links"]]
            for items in (payload["education"], payload["blocked_periods"]):
                for item in items:
                    item.pop("DELETE", None)
            try:
                services.talent_profile_update(user=request.user, data=payload)
            except ValidationFailed as exc:
                _attach_errors(exc, forms, rows)
            else:
                messages.success(request, gettext("Your profile is saved."))
                if "add_rows" in request.POST:
                    return redirect("talent:profile_edit")
                return redirect("talent:profile_mine")
        status = 422
        messages.error(request, gettext("Some fields need your attention; see the messages next to them."))
    context = {"profile": profile, **forms, "form": forms["profile"]}
    return render(request, "talent/profile_edit.html", context, status=status)


@login_required
@require_POST
def resume_upload(request: AuthedRequest) -> HttpResponse:
    profile = _own_profile(request)
    form = ResumeForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.talent_resume_upload(user=request.user, upload=form.cleaned_data["file"])
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, gettext("Your résumé is uploaded."))
            return redirect("talent:profile_mine")
    context = _profile_context(request, profile, own=True)
    context["resume_form"] = form
    return render(request, "talent/profile_mine.html", context, status=422)


@login_required
@require_POST
def resume_delete(request: AuthedRequest) -> HttpResponse:
    _own_profile(request)
    services.talent_resume_delete(user=request.user)
    messages.success(request, gettext("Your résumé is deleted."))
    return redirect("talent:profile_mine")


@never_cache
def resume_download(request: HttpRequest, profile_id: Any) -> HttpResponseBase:
    """The résumé, as an attachment, to the talent and to organizations they applied to; a 404 to
    everyone else (anonymous included), so the URL reveals nothing."""
    profile = TalentProfile.objects.filter(pk=profile_id).select_related("user").first()
    if profile is None or not profile.resume.name or not selectors.talent_resume_visible_to(request.user, profile):
        raise Http404("Not found.")
    try:
        handle = profile.resume.open("rb")
    except FileNotFoundError:
        raise Http404("Not found.")
    base = (profile.user.name or "talent").replace('"', "").strip() or "talent"
    response = FileResponse(handle, as_attachment=True, filename=f"{base} - résumé.pdf", content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
