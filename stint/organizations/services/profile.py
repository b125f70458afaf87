"""Creating an organization, its profile and its logo."""

from __future__ import annotations

import io
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from stint.accounts.choices import Role
from stint.core.audit import audit_log
from stint.core.errors import Conflict, PermissionDenied, ValidationFailed
from stint.core.types import User
from stint.organizations import reliability
from stint.organizations.choices import MANAGE_MEMBERS, MemberRole, OrganizationSize
from stint.organizations.models import Membership, Organization
from stint.organizations.services.base import (
    LOGO_FORMATS,
    LOGO_MAX_PIXELS,
    PROFILE_FIELDS,
    _is_staff,
    _require_role,
    logo_max_bytes,
)


def _clean_profile(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    errors: list[dict[str, str]] = []
    cleaned: dict[str, Any] = {}
    if "name" in data or not partial:
        name = (data.get("name") or "").strip()
        if not name:
            errors.append({"field": "name", "message": _("Give the organization a name.")})
        elif len(name) > 150:
            errors.append({"field": "name", "message": _("At most 150 characters.")})
        cleaned["name"] = name
    if "website" in data or not partial:
        website = (data.get("website") or "").strip()
        if website:
            try:
                URLValidator(schemes=["http", "https"])(website)
            except ValidationError:
                errors.append({"field": "website", "message": _("Enter a full web address starting with https://.")})
            if len(website) > 200:
                errors.append({"field": "website", "message": _("At most 200 characters.")})
        cleaned["website"] = website
    if "industry" in data or not partial:
        industry = (data.get("industry") or "").strip()
        if len(industry) > 100:
            errors.append({"field": "industry", "message": _("At most 100 characters.")})
        cleaned["industry"] = industry
    if "size" in data or not partial:
        size = (data.get("size") or "").strip()
        if size and size not in OrganizationSize.values:
            errors.append({"field": "size", "message": _("Choose one of the listed sizes.")})
        cleaned["size"] = size
    if "description" in data or not partial:
        description = (data.get("description") or "").strip()
        if len(description) > 5000:
            errors.append({"field": "description", "message": _("At most 5,000 characters.")})
        cleaned["description"] = description
    if errors:
        raise ValidationFailed(_("The organization details are not valid."), errors=errors)
    return cleaned


def _unique_slug(name: str, *, exclude_pk: Any = None) -> str:
    base = slugify(name)[:150].strip("-") or "organization"
    candidate, n = base, 1
    qs = Organization.objects.all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def validate_logo(upload: Any) -> tuple[bytes, str]:
    """Check an uploaded logo by its content (Pillow), not its name or declared type.

    Returns the bytes and the file extension for the detected format."""
    size = getattr(upload, "size", None)
    limit = logo_max_bytes()
    if size is not None and size > limit:
        raise ValidationFailed(
            _("The logo is too large."),
            code="logo_too_large",
            errors=[
                {
                    "field": "logo",
                    "message": _("The logo must be at most %(size)s MB.") % {"size": limit // (1024 * 1024)},
                }
            ],
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationFailed(
            _("The logo is too large."),
            code="logo_too_large",
            errors=[
                {
                    "field": "logo",
                    "message": _("The logo must be at most %(size)s MB.") % {"size": limit // (1024 * 1024)},
                }
            ],
        )
    from PIL import Image, UnidentifiedImageError

    invalid = ValidationFailed(
        _("The logo is not a valid image."),
        code="logo_invalid",
        errors=[{"field": "logo", "message": _("Upload a PNG, JPEG, GIF or WebP image.")}],
    )
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format or ""
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise invalid from None
    if fmt not in LOGO_FORMATS:
        raise invalid
    if width > LOGO_MAX_PIXELS or height > LOGO_MAX_PIXELS:
        raise ValidationFailed(
            _("The logo is too big in pixels."),
            code="logo_invalid",
            errors=[{"field": "logo", "message": _("At most %(size)s×%(size)s pixels.") % {"size": LOGO_MAX_PIXELS}}],
        )
    return data, LOGO_FORMATS[fmt]


def _store_logo(organization: Organization, data: bytes, ext: str) -> None:
    old = (organization.logo.name or "") if organization.logo else ""
    storage = organization.logo.storage
    organization.logo.save(f"{organization.pk}-{uuid.uuid4().hex[:8]}.{ext}", ContentFile(data), save=False)
    Organization.objects.filter(pk=organization.pk).update(logo=organization.logo.name, updated_at=timezone.now())
    if old:
        old_name = old
        transaction.on_commit(lambda: storage.delete(old_name))


def organization_create(*, actor: User, logo: Any = None, **data: Any) -> Organization:
    """Create an organization; the actor becomes its owner.

    Only company accounts (and staff) may create organizations. The slug is made unique from the
    name; a concurrent creation with the same slug retries with the next suffix."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to create an organization."), code="company_role_required")
    if actor.role != Role.COMPANY and not _is_staff(actor):
        raise PermissionDenied(
            _("Only company accounts can create organizations."), code="company_role_required", status=403
        )
    cleaned = _clean_profile({k: data.get(k) for k in PROFILE_FIELDS}, partial=False)
    logo_data = validate_logo(logo) if logo else None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                organization = Organization.objects.create(slug=_unique_slug(cleaned["name"]), **cleaned)
                Membership.objects.create(organization=organization, user=actor, role=MemberRole.OWNER)
                if logo_data:
                    _store_logo(organization, *logo_data)
                audit_log(actor, "organization.created", organization, {"name": organization.name})
            return organization
        except IntegrityError:
            continue  # another request took the slug between the check and the insert
    raise Conflict(_("Could not create the organization, please try again."), code="slug_conflict")


def organization_update(*, actor: User, organization: Organization, **data: Any) -> Organization:
    """Change the public profile (owner or admin). Only the given fields change; the slug stays."""
    _require_role(actor, organization, MANAGE_MEMBERS)
    cleaned = _clean_profile({k: v for k, v in data.items() if k in PROFILE_FIELDS}, partial=True)
    if not cleaned:
        return organization
    for key, value in cleaned.items():
        setattr(organization, key, value)
    organization.save(update_fields=[*cleaned.keys(), "updated_at"])
    audit_log(actor, "organization.updated", organization, {"fields": sorted(cleaned)})
    reliability.organization_reliability_invalidate(organization)
    return organization


def organization_logo_set(*, actor: User, organization: Organization, logo: Any) -> Organization:
    """Replace the logo (owner or admin), after checking the image by its content."""
    _require_role(actor, organization, MANAGE_MEMBERS)
    data, ext = validate_logo(logo)
    with transaction.atomic():
        _store_logo(organization, data, ext)
        audit_log(actor, "organization.logo_changed", organization)
    return organization


def organization_logo_remove(*, actor: User, organization: Organization) -> Organization:
    _require_role(actor, organization, MANAGE_MEMBERS)
    if organization.logo:
        old, storage = organization.logo.name or "", organization.logo.storage
        with transaction.atomic():
            Organization.objects.filter(pk=organization.pk).update(logo="", updated_at=timezone.now())
            audit_log(actor, "organization.logo_removed", organization)
            transaction.on_commit(lambda: storage.delete(old))
        organization.logo = ""
    return organization
