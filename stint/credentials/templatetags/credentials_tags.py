"""Page fragments of the credentials app for lower apps' pages (ARCHITECTURE rule 10)."""

from __future__ import annotations

from typing import Any

from django import template

from stint.credentials.models import Credential, Endorsement
from stint.credentials.services import ENDORSABLE_STATUSES
from stint.credentials.vc import verify_url

register = template.Library()


@register.inclusion_tag("credentials/partials/engagement_panel.html")
def engagement_credential_panel(engagement: Any, side: str | None) -> dict[str, Any]:
    """On the engagement page: the credential (both sides) and the endorsement form link (company)."""
    credential = Credential.objects.filter(engagement_id=engagement.pk).first()
    endorsements = list(Endorsement.objects.filter(engagement_id=engagement.pk).select_related("skill"))
    return {
        "engagement": engagement,
        "side": side,
        "credential": credential,
        "verify_url": verify_url(credential.pk) if credential else "",
        "endorsements": endorsements,
        "can_endorse": side == "company" and engagement.status in ENDORSABLE_STATUSES,
    }


@register.filter
def for_talent(by_talent: dict[Any, Any], talent_id: Any) -> Any:
    return by_talent.get(talent_id, [])
