"""Marking an organization verified (the publishing flow opens its pending projects between the two calls)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stint.core.audit import audit_log
from stint.core.errors import PermissionDenied
from stint.core.types import Actor
from stint.notifications.services import in_language_of, notify
from stint.organizations.choices import MemberRole
from stint.organizations.models import Membership, Organization
from stint.organizations.services.base import _is_staff


def organization_mark_verified(*, actor: Actor, organization: Organization) -> bool:
    """Claim the verification of an organization (staff only: ``staff_only``). Claimed with a
    conditional update, so verifying twice verifies once; returns whether this call won. The caller
    (``stint.flows.publishing.organization_verify``) opens the organization's pending projects and
    then calls ``organization_record_verified`` in the same transaction."""
    if not _is_staff(actor):
        raise PermissionDenied(_("Only platform staff can verify organizations."), code="staff_only")
    now = timezone.now()
    claimed = Organization.objects.filter(pk=organization.pk, verified_at__isnull=True).update(
        verified_at=now, verified_by=actor, updated_at=now
    )
    organization.refresh_from_db(fields=["verified_at", "verified_by", "updated_at"])
    return bool(claimed)


def organization_record_verified(*, actor: Actor, organization: Organization, published: int) -> None:
    """Audit the verification (with how many pending projects opened) and tell the owners."""
    audit_log(actor, "organization.verified", organization, {"projects_published": published})
    owners = Membership.objects.filter(organization=organization, role=MemberRole.OWNER).select_related("user")
    for membership in owners:
        with in_language_of(membership.user):
            body = _("Your organization now shows a verified badge, and its projects publish without review.")
            if published:
                body += " " + ngettext(
                    "%(count)s project waiting for review is now open.",
                    "%(count)s projects waiting for review are now open.",
                    published,
                ) % {"count": published}
            notify(
                user=membership.user,
                event="organization.verified",
                title=_("%(organization)s is verified") % {"organization": organization.name},
                body=body,
                url=f"/organizations/{organization.pk}/",
            )
