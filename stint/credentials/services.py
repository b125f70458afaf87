"""Writes of the credentials app: issuing and revoking credentials, the company's endorsements and
publication decision, and the talent's portfolio settings (docs/credentials.md)."""

from __future__ import annotations

import re
import secrets
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.types import Actor, User
from stint.credentials import keys, vc
from stint.credentials.choices import TRANSFERABLE_SKILLS, CredentialStatus
from stint.credentials.models import STATUS_LIST_SIZE, Credential, Endorsement, Portfolio, Publication
from stint.engagements.choices import APPROVED_STATUSES, EngagementStatus
from stint.engagements.models import Engagement
from stint.engagements.selectors import engagement_side, logged_minutes
from stint.projects.models import ProjectSkill
from stint.skills.models import Category, Skill

ENDORSABLE_STATUSES = (EngagementStatus.SUBMITTED, *APPROVED_STATUSES)
MAX_ENDORSEMENTS = 12
MAX_SUMMARY_CHARS = 2000
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,58})[a-z0-9]$")
RESERVED_SLUGS = {
    "dashboard",
    "resume",
    "admin",
    "api",
    "settings",
    "me",
    "new",
    "edit",
    "static",
    "media",
    "stint",
    "www",
}


def _salt() -> str:
    return secrets.token_hex(8)


def _portfolio_url(user: User) -> str | None:
    portfolio = Portfolio.objects.filter(user=user, published=True).exclude(slug=None).first()
    return f"{keys.site_url()}/portfolio/{portfolio.slug}/" if portfolio else None


def _project_skills(engagement: Engagement) -> Any:
    return Skill.objects.filter(pk__in=ProjectSkill.objects.filter(project_id=engagement.project_id).values("skill_id"))


def _alignments(engagement: Engagement) -> list[dict[str, Any]]:
    """The endorsed skills; the project's skills when the company has not endorsed any yet."""
    skills = [e.skill for e in Endorsement.objects.filter(engagement=engagement).select_related("skill")]
    if not skills:
        skills = list(_project_skills(engagement).order_by("label"))
    return [
        {
            "type": ["Alignment"],
            "targetName": s.label,
            "targetUrl": s.esco_uri,
            "targetFramework": "ESCO",
            "targetType": "ext:ESCOSkill",
        }
        for s in skills
    ]


def credential_issue_for_engagement(*, engagement: Engagement) -> Credential | None:
    """Issue the engagement's Open Badges credential, exactly once, when it is approved or paid.

    Safe to call any number of times and from racing processes: the unique constraint on
    ``Credential.engagement`` lets one insert win, and every caller returns that row. Returns None
    (and writes nothing) while the engagement is not approved. The status-list index is random (the
    list reveals nothing about issuance order); a collision is retried. Writes ``credential.issued``.
    """
    existing = Credential.objects.filter(engagement_id=engagement.pk).first()
    if existing is not None:
        return existing
    current = Engagement.objects.select_related("project", "project__organization", "talent").get(pk=engagement.pk)
    if current.status not in APPROVED_STATUSES:
        return None
    key = keys.current_key()
    talent, project, organization = current.talent, current.project, current.project.organization
    issued_at = timezone.now()
    for _attempt in range(8):
        credential_id = uuid.uuid4()
        index = secrets.randbelow(STATUS_LIST_SIZE)
        claims = vc.build_payload(
            credential_id=credential_id,
            issued_at=issued_at,
            status_index=index,
            email=talent.email,
            salt=_salt(),
            talent_name=talent.name or "A Stint talent",
            organization={"name": organization.name, "url": f"{keys.site_url()}/organizations/{organization.pk}/"},
            project={
                "id": project.pk,
                "title": project.title,
                "summary": project.summary,
                "hours": round(logged_minutes(current) / 60, 1),
                "estimated_hours": project.estimated_hours,
            },
            alignments=_alignments(current),
            portfolio_url=_portfolio_url(talent),
        )
        token = vc.sign(claims, key)
        try:
            with transaction.atomic():
                credential = Credential.objects.create(
                    id=credential_id,
                    engagement=current,
                    talent=talent,
                    organization=organization,
                    status_index=index,
                    payload=claims,
                    jwt=token,
                    kid=key.kid,
                    issued_at=issued_at,
                )
                audit_log(None, "credential.issued", credential, {"engagement": str(current.pk)})
            return credential
        except IntegrityError:
            existing = Credential.objects.filter(engagement_id=current.pk).first()
            if existing is not None:
                return existing
    raise Conflict(gettext("No free status-list index was found; try again."), code="status_list_full")


def credential_revoke(*, credential: Credential, actor: Actor | None = None, reason: str) -> Credential:
    """Revoke a credential (active → revoked) with a conditional update: its bit in the status list
    is set from then on. Idempotent: revoking a revoked credential changes nothing. Writes
    ``credential.revoked``."""
    reason = (reason or "").strip()[:300]
    if not reason:
        raise ValidationFailed(
            gettext("Say why the credential is revoked."),
            code="reason_required",
            errors=[{"field": "reason", "message": gettext("Required.")}],
        )
    now = timezone.now()
    with transaction.atomic():
        claimed = Credential.objects.filter(pk=credential.pk, status=CredentialStatus.ACTIVE).update(
            status=CredentialStatus.REVOKED, revoked_at=now, revocation_reason=reason, updated_at=now
        )
        if claimed:
            audit_log(actor, "credential.revoked", credential, {"reason": reason})
    return Credential.objects.get(pk=credential.pk)


def credential_revoke_for_engagement(
    *, engagement: Engagement, actor: Actor | None = None, reason: str
) -> Credential | None:
    """Revoke the engagement's credential when its approval is reversed (refund, dispute lost,
    staff action). None when it had none. Idempotent."""
    credential = Credential.objects.filter(engagement_id=engagement.pk).first()
    if credential is None:
        return None
    return credential_revoke(credential=credential, actor=actor, reason=reason)


def credentials_sweep(*, limit: int = 500) -> dict[str, int]:
    """Repair what the signals missed (conditional ``.update()`` sends none): issue the credential of
    every approved or paid engagement that lacks one, and revoke active credentials whose engagement
    is no longer approved or paid. Safe to run twice."""
    issued = revoked = 0
    missing = Engagement.objects.filter(status__in=APPROVED_STATUSES, credential__isnull=True).order_by("approved_at")
    for engagement in missing[:limit]:
        if credential_issue_for_engagement(engagement=engagement) is not None:
            issued += 1
    reversed_ = Credential.objects.filter(status=CredentialStatus.ACTIVE).exclude(
        engagement__status__in=APPROVED_STATUSES
    )
    for credential in reversed_[:limit]:
        credential_revoke(credential=credential, reason="The approval of the work was reversed.")
        revoked += 1
    return {"issued": issued, "revoked": revoked}


def transferable_skills() -> list[Skill]:
    """The four transferable skills, created on first use when the taxonomy import lacks them."""
    found = []
    for slug, label, uri, category_slug in TRANSFERABLE_SKILLS:
        skill = Skill.objects.filter(esco_uri=uri).first() or Skill.objects.filter(slug=slug).first()
        if skill is None:
            category, _ = Category.objects.get_or_create(slug=category_slug, defaults={"name": category_slug.title()})
            try:
                with transaction.atomic():
                    skill = Skill.objects.create(
                        slug=slug, label=label, esco_uri=uri, category=category, search_text=label.lower()
                    )
            except IntegrityError:
                skill = Skill.objects.get(esco_uri=uri)
        found.append(skill)
    return found


def endorsable_skills(engagement: Engagement) -> list[Skill]:
    project_skills = list(_project_skills(engagement).order_by("label"))
    ids = {s.pk for s in project_skills}
    return project_skills + [s for s in transferable_skills() if s.pk not in ids]


def _endorsements_validated(
    *, engagement: Engagement, levels: dict[str, int], confidential: bool, public_summary: str
) -> tuple[dict[str, Skill], dict[str, int], str]:
    """The endorsable skills by id, the valid ``{skill_id: level}`` and the trimmed summary, or
    ``ValidationFailed`` naming every bad field."""
    allowed = {str(s.pk): s for s in endorsable_skills(engagement)}
    errors = []
    clean: dict[str, int] = {}
    for skill_id, level in (levels or {}).items():
        if str(skill_id) not in allowed:
            errors.append({"field": f"skills.{skill_id}", "message": gettext("Not a skill of this project.")})
        elif isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
            errors.append({"field": f"skills.{skill_id}", "message": gettext("The level is between 1 and 5.")})
        else:
            clean[str(skill_id)] = level
    if len(clean) > MAX_ENDORSEMENTS:
        errors.append(
            {"field": "skills", "message": gettext("At most %(count)s skills.") % {"count": MAX_ENDORSEMENTS}}
        )
    summary = (public_summary or "").strip()
    if len(summary) > MAX_SUMMARY_CHARS:
        errors.append(
            {
                "field": "public_summary",
                "message": gettext("At most %(count)s characters.") % {"count": MAX_SUMMARY_CHARS},
            }
        )
    if not confidential and not summary:
        errors.append(
            {
                "field": "public_summary",
                "message": gettext("Write the summary that may be shown, or keep it confidential."),
            }
        )
    if errors:
        raise ValidationFailed(gettext("Check the endorsements."), code="invalid_endorsements", errors=errors)
    return allowed, clean, summary


def endorsements_set(
    *,
    actor: User,
    engagement: Engagement,
    levels: dict[str, int],
    confidential: bool = True,
    public_summary: str = "",
) -> list[Endorsement]:
    """The company confirms the skills the talent showed (``{skill_id: level 1–5}``; replaces the
    previous set) and decides whether a public summary of the deliverable may be shown.

    Only members of the hiring organization, once the work is submitted or approved; the talent
    gets 403 ``wrong_side`` (as for the engagement's other company actions), anyone else 404, and
    nothing changes. One transaction. Writes ``credential.endorsed``."""
    side = engagement_side(user=actor, engagement=engagement)
    if side is None:
        raise NotFound(gettext("Engagement not found."))
    if side != "company":
        raise PermissionDenied(gettext("Only the company endorses skills."), code="wrong_side")
    if engagement.status not in ENDORSABLE_STATUSES:
        raise Conflict(gettext("Skills can be endorsed once the work is submitted."), code="endorsement_not_open")
    allowed, clean, summary = _endorsements_validated(
        engagement=engagement, levels=levels, confidential=confidential, public_summary=public_summary
    )
    transferable_ids = {str(s.pk) for s in transferable_skills()}
    with transaction.atomic():
        Endorsement.objects.filter(engagement=engagement).delete()
        rows = Endorsement.objects.bulk_create(
            [
                Endorsement(
                    engagement=engagement,
                    talent_id=engagement.talent_id,
                    skill=allowed[sid],
                    level=level,
                    transferable=sid in transferable_ids,
                    endorsed_by=actor,
                )
                for sid, level in clean.items()
            ]
        )
        Publication.objects.update_or_create(
            engagement=engagement,
            defaults={
                "confidential": confidential,
                "public_summary": "" if confidential else summary,
                "decided_by": actor,
            },
        )
        audit_log(actor, "credential.endorsed", engagement, {"skills": len(rows), "confidential": confidential})
    return rows


def portfolio_for_user(*, user: User) -> Portfolio:
    portfolio, _ = Portfolio.objects.get_or_create(user=user)
    return portfolio


PORTFOLIO_FLAGS = ("published", "show_headline", "show_projects", "show_reviews", "show_skills", "show_credentials")


def portfolio_update(
    *, user: User, slug: str | None, hidden_engagements: list[str] | None = None, **flags: bool
) -> Portfolio:
    """The talent chooses the slug of their public portfolio, publishes or hides it, and chooses
    what it shows. Talent only. Publishing needs a slug. A taken slug is 409 ``slug_taken``."""
    if getattr(user, "role", None) != "talent":
        raise NotFound(gettext("Not found."))
    portfolio = portfolio_for_user(user=user)
    clean_slug = (slug or "").strip().lower() or None
    errors = []
    if clean_slug is not None and (not SLUG_RE.match(clean_slug) or clean_slug in RESERVED_SLUGS):
        errors.append(
            {"field": "slug", "message": gettext("3–60 lower-case letters, digits and hyphens; not a reserved word.")}
        )
    unknown = set(flags) - set(PORTFOLIO_FLAGS)
    if unknown:
        errors.append({"field": sorted(unknown)[0], "message": gettext("Unknown setting.")})
    if flags.get("published", portfolio.published) and clean_slug is None:
        errors.append(
            {"field": "slug", "message": gettext("Choose the address of your portfolio before publishing it.")}
        )
    hidden = [str(h) for h in (hidden_engagements if hidden_engagements is not None else portfolio.hidden_engagements)]
    own = {str(pk) for pk in Engagement.objects.filter(talent=user).values_list("pk", flat=True)}
    if set(hidden) - own:
        errors.append({"field": "hidden_engagements", "message": gettext("Not one of your engagements.")})
    if errors:
        raise ValidationFailed(gettext("Check the portfolio settings."), code="invalid_portfolio", errors=errors)
    if clean_slug and Portfolio.objects.filter(slug=clean_slug).exclude(pk=portfolio.pk).exists():
        raise Conflict(
            gettext("That address is taken; choose another."),
            code="slug_taken",
            errors=[{"field": "slug", "message": gettext("Taken.")}],
        )
    portfolio.slug = clean_slug
    portfolio.hidden_engagements = sorted(set(hidden))
    for name, value in flags.items():
        setattr(portfolio, name, bool(value))
    try:
        with transaction.atomic():
            portfolio.save()
    except IntegrityError as exc:
        raise Conflict(gettext("That address is taken; choose another."), code="slug_taken") from exc
    audit_log(user, "portfolio.updated", portfolio, {"published": portfolio.published})
    return portfolio
