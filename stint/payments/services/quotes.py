"""What funding costs: the platform fee rate and the quotes for a project and for one opening."""

from __future__ import annotations

from django.conf import settings

from stint.core.money import Money
from stint.projects.models import Project


def platform_fee_bps() -> int:
    return settings.STINT_PLATFORM_FEE_BPS


def funding_quote(project: Project) -> dict[str, Money]:
    """What funding ``project`` costs: held (fee × openings), platform fee, total."""
    held = Money(project.fee_minor, project.currency) * int(project.openings)
    fee = held.basis_points(platform_fee_bps())
    return {"held": held, "platform_fee": fee, "total": held + fee}


def opening_quote(project: Project) -> dict[str, Money]:
    """What topping up ONE opening costs: held (the fee), platform fee, total."""
    held = Money(project.fee_minor, project.currency)
    fee = held.basis_points(platform_fee_bps())
    return {"held": held, "platform_fee": fee, "total": held + fee}
