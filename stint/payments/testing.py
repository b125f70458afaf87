"""Persona hooks: the personas are established users who have done the one-time set-up steps.

* ``personas.organization`` and ``personas.other_organization`` have a simulated card on file (the
  test provider's always-accepted card), so publishing reaches the charge;
* ``talent`` and ``other_talent`` have a simulated payout account connected.

Tests of the set-up steps themselves use fresh organizations and users, or delete these rows.
"""

from __future__ import annotations

from typing import Any

import stint.organizations.testing  # noqa: F401  (its hooks give the personas their organizations: first)
from stint.core.testing.personas import Personas, register_persona_hook
from stint.payments.choices import Provider
from stint.payments.models import PaymentMethod, PayoutAccount

TEST_CARD = "4242424242424242"


def card_on_file(organization: Any) -> PaymentMethod:
    method, _ = PaymentMethod.objects.get_or_create(
        organization=organization,
        defaults={"provider": Provider.TEST, "label": "Test card •••• 4242 (simulated)", "test_card_number": TEST_CARD},
    )
    return method


def payout_account_connected(user: Any) -> PayoutAccount:
    account, _ = PayoutAccount.objects.get_or_create(
        user=user, defaults={"provider": Provider.TEST, "payouts_enabled": True}
    )
    return account


def _owner(user: Any, personas: Personas) -> None:
    card_on_file(personas.organization)


def _other(user: Any, personas: Personas) -> None:
    card_on_file(personas.other_organization)


def _talent(user: Any, personas: Personas) -> None:
    payout_account_connected(user)


register_persona_hook("company_owner", _owner)
register_persona_hook("other_company_member", _other)
register_persona_hook("talent", _talent)
register_persona_hook("other_talent", _talent)
