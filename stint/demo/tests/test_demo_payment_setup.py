"""The demo did the set-up steps a real company and talent do (issue 16): every demo organization
with listed projects has a (simulated) card on file, and the demo talent a (simulated) payout
account, so the demo talent's payout succeeds and a demo company can publish a new draft."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from stint.payments.models import PaymentMethod, Payout, PayoutAccount
from stint.payments.selectors import balance_for_user
from stint.projects.models import Project

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_has_cards_on_file_and_a_connected_payout_account(client):
    call_command("load_demo")
    listed_orgs = set(
        Project.objects.filter(status__in=("open", "pending_review")).values_list("organization_id", flat=True)
    )
    with_card = set(PaymentMethod.objects.filter(provider="test").values_list("organization_id", flat=True))
    assert listed_orgs and listed_orgs <= with_card

    account = PayoutAccount.objects.get(user__email="talent@student.example")
    assert (account.provider, account.payouts_enabled) == ("test", True)
    sam = account.user
    available = next(line for line in balance_for_user(sam) if line["available_minor"] > 0)
    client.force_login(sam)
    response = client.post(
        "/payments/earnings/",
        {"amount": "1.00", "currency": available["currency"], "idempotency_key": "demo-payout-check"},
    )
    assert response.status_code == 302
    assert Payout.objects.filter(user=sam, idempotency_key__endswith="demo-payout-check").get().status == "succeeded"
