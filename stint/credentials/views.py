"""HTML pages and published documents of the credentials app. They call the same selectors and
services as the JSON API; an ``ApplicationError`` becomes a form error or a message."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from stint.core.errors import ApplicationError, NotFound
from stint.core.types import AuthedRequest
from stint.credentials import charts, jsonld, keys, pdf, selectors, services, vc
from stint.credentials.choices import CredentialStatus, EndorsementLevel
from stint.credentials.references import references_listed_for
from stint.credentials.verify import verify_token
from stint.engagements.selectors import engagement_get_for_user, engagement_side
from stint.talent.selectors import talent_profile_for_user


@require_GET
@cache_control(public=True, max_age=300)
def did_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(keys.did_document(), content_type="application/did+json")


@require_GET
@cache_control(public=True, max_age=300)
def jwks_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(keys.jwks(), content_type="application/jwk-set+json")


@require_GET
@cache_control(public=True, max_age=60)
def status_list(request: HttpRequest) -> HttpResponse:
    """The signed Bitstring Status List credential (a VC-JWT)."""
    return HttpResponse(selectors.status_list_jwt(), content_type="application/vc+jwt")


def _for_page(summary: dict[str, Any]) -> dict[str, Any]:
    """The verification summary plus ``issued_at``, its ``validFrom`` as a moment the page shows in
    the viewer's zone (the summary itself keeps the claim as signed)."""
    try:
        issued_at = datetime.datetime.fromisoformat(str(summary.get("valid_from") or ""))
    except ValueError:
        issued_at = None
    return {**summary, "issued_at": issued_at}


def verify_page(request: HttpRequest) -> HttpResponse:
    """Anyone pastes a credential (the JWT or the JSON of the API) and sees whether it verifies."""
    result = None
    text = ""
    if request.method == "POST":
        text = request.POST.get("credential", "")[:60_000]
        result = _for_page(verify_token(text).summary())
    return render(request, "credentials/verify.html", {"result": result, "text": text}, status=200)


def _credential(credential_id: uuid.UUID) -> Any:
    try:
        return selectors.credential_get_public(credential_id=credential_id)
    except NotFound as exc:
        raise Http404(gettext("Credential not found.")) from exc


def credential_page(request: HttpRequest, credential_id: uuid.UUID) -> HttpResponse:
    credential = _credential(credential_id)
    result = _for_page(verify_token(credential.jwt).summary())
    return render(
        request,
        "credentials/credential.html",
        {"credential": credential, "result": result, "verify_url": vc.verify_url(credential.pk)},
    )


def certificate_pdf(request: HttpRequest, credential_id: uuid.UUID) -> HttpResponse:
    credential = _credential(credential_id)
    body = pdf.certificate_pdf(credential)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="stint-credential-{credential.pk}.pdf"'
    return response


@login_required
def endorse(request: AuthedRequest, engagement_id: uuid.UUID) -> HttpResponse:
    """The company confirms the skills the talent showed and the publication of the deliverable."""
    try:
        engagement = engagement_get_for_user(user=request.user, engagement_id=engagement_id)
    except NotFound as exc:
        raise Http404(gettext("Engagement not found.")) from exc
    if engagement_side(user=request.user, engagement=engagement) != "company":
        raise Http404(gettext("Engagement not found."))
    skills = services.endorsable_skills(engagement)
    current = {str(e.skill_id): e.level for e in selectors.endorsements_for_engagement(engagement)}
    publication = selectors.publication_for(engagement)
    error = None
    status = 200
    if request.method == "POST":
        levels: dict[str, int] = {}
        for skill in skills:
            raw = request.POST.get(f"level-{skill.pk}", "")
            if raw:
                try:
                    levels[str(skill.pk)] = int(raw)
                except ValueError:
                    levels[str(skill.pk)] = 0
        try:
            services.endorsements_set(
                actor=request.user,
                engagement=engagement,
                levels=levels,
                confidential=request.POST.get("publish") != "yes",
                public_summary=request.POST.get("public_summary", ""),
            )
        except ApplicationError as exc:
            error = exc
            status = exc.status
            current = levels
        else:
            messages.success(request, gettext("Endorsements saved."))
            return redirect("engagements:workspace", engagement_id=engagement.pk)
    rows = [{"skill": s, "level": current.get(str(s.pk), 0)} for s in skills]
    return render(
        request,
        "credentials/endorse.html",
        {
            "engagement": engagement,
            "rows": rows,
            "levels": EndorsementLevel.choices,
            "publication": publication,
            "error": error,
            "summary": request.POST.get("public_summary", publication.public_summary if publication else ""),
        },
        status=status,
    )


def portfolio_page(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        portfolio = selectors.portfolio_get_public(slug=slug)
    except NotFound as exc:
        raise Http404(gettext("Portfolio not found.")) from exc
    talent = portfolio.user
    profile = talent_profile_for_user(talent)
    entries = (
        selectors.project_entries(talent=talent, public=True, portfolio=portfolio) if portfolio.show_projects else []
    )
    skills = selectors.skill_counts(talent=talent) if portfolio.show_skills else []
    credentials = (
        [e for e in entries if e["credential"] and e["credential"].status == CredentialStatus.ACTIVE]
        if portfolio.show_credentials
        else []
    )
    url = f"{keys.site_url()}/portfolio/{portfolio.slug}/"
    return render(
        request,
        "credentials/portfolio.html",
        {
            "portfolio": portfolio,
            "name": talent.name,
            "headline": profile.headline if portfolio.show_headline else "",
            "entries": entries,
            "skills": skills,
            "credentials": credentials,
            "references": references_listed_for(talent=talent),
            "jsonld": jsonld.portfolio_script(
                name=talent.name,
                headline=profile.headline if portfolio.show_headline else "",
                url=url,
                entries=credentials,
                skills=skills,
            ),
        },
    )


def _talent_or_404(request: HttpRequest) -> Any:
    if getattr(request.user, "role", None) != "talent":
        raise Http404(gettext("Not found."))
    return request.user


@login_required
def portfolio_settings(request: HttpRequest) -> HttpResponse:
    user = _talent_or_404(request)
    portfolio = services.portfolio_for_user(user=user)
    entries = selectors.project_entries(talent=user, public=False)
    error = None
    status = 200
    if request.method == "POST":
        flags = {name: request.POST.get(name) == "on" for name in services.PORTFOLIO_FLAGS}
        shown = set(request.POST.getlist("show_engagement"))
        hidden = [e["engagement_id"] for e in entries if e["engagement_id"] not in shown]
        try:
            services.portfolio_update(user=user, slug=request.POST.get("slug", ""), hidden_engagements=hidden, **flags)
        except ApplicationError as exc:
            error, status = exc, exc.status
        else:
            messages.success(request, gettext("Portfolio settings saved."))
            return redirect("credentials:portfolio_settings")
        portfolio.refresh_from_db()
    return render(
        request,
        "credentials/settings.html",
        {
            "portfolio": portfolio,
            "entries": entries,
            "error": error,
            "hidden": set(portfolio.hidden_engagements),
            "slug": request.POST.get("slug", portfolio.slug or ""),
        },
        status=status,
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _talent_or_404(request)
    return render(request, "credentials/dashboard.html", charts.dashboard_data(user))


@login_required
def resume_pdf(request: HttpRequest) -> HttpResponse:
    user = _talent_or_404(request)
    response = HttpResponse(pdf.resume_pdf(user), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="resume.pdf"'
    response["Cache-Control"] = "private, no-store"  # the talent's own résumé: never cached on the way
    return response
