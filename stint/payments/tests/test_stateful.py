"""Random sequences of the money primitives; the ledger invariants are checked after every step."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from stint.core.errors import ApplicationError
from stint.core.testing.factories import CompanyUserFactory, StaffFactory, TalentFactory
from stint.organizations.tests.factories import OrganizationFactory
from stint.payments.choices import OperationStatus
from stint.payments.invariants import ledger_violations
from stint.payments.models import Refund
from stint.payments.operations import refund_execute
from stint.payments.selectors import balance_for_user
from stint.payments.services import (
    dispute_split,
    engagement_release,
    engagement_settle_cancellation,
    payout_request,
    project_fund,
    project_refund_unused,
)
from stint.payments.testing import card_on_file, payout_account_connected
from stint.payments.tests.factories import declined_card, draft_project, engagement_for, set_status

pytestmark = pytest.mark.django_db


class MoneyMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.org = OrganizationFactory()
        self.bad_org = OrganizationFactory()
        card_on_file(self.org)
        declined_card(self.bad_org)
        self.actor = CompanyUserFactory()
        self.staff = StaffFactory()
        self.talents: list[Any] = [TalentFactory(), TalentFactory()]
        self.projects: list = []  # funded projects: [project, openings_left, closed]
        self.active: list = []  # engagements still active
        self.expected: dict[Any, int] = {t.pk: 0 for t in self.talents}
        self.payouts = 0
        self.hired: set = set()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _available(self, talent) -> int:
        rows = balance_for_user(talent)
        return next((r["available_minor"] for r in rows if r["currency"] == "USD"), 0)

    @rule(fee=st.integers(5_000, 90_000), openings=st.integers(1, 3), declined=st.booleans())
    def fund(self, fee, openings, declined):
        project = draft_project(self.bad_org if declined else self.org, fee_minor=fee, openings=openings)
        if declined:
            with pytest.raises(ApplicationError) as exc:
                project_fund(project=project, actor=self.actor)
            assert exc.value.code == "payment_failed"
        else:
            project_fund(project=project, actor=self.actor)
            self.projects.append([project, openings, False])

    @precondition(lambda self: any(left > 0 and not closed for _, left, closed in self.projects))
    @rule(data=st.data(), which=st.integers(0, 1))
    def hire(self, data, which):
        candidates = [p for p in self.projects if p[1] > 0 and not p[2]]
        entry = data.draw(st.sampled_from(candidates))
        entry[1] -= 1
        free = [t for t in self.talents if (entry[0].pk, t.pk) not in self.hired]
        if not free:  # one application per talent per project: bring in someone new
            free = [TalentFactory()]
            self.talents.append(free[0])
            self.expected[free[0].pk] = 0
        talent = free[which % len(free)]
        self.hired.add((entry[0].pk, talent.pk))
        self.active.append(engagement_for(entry[0], talent=talent))

    def _pick(self, data):
        engagement = data.draw(st.sampled_from(self.active))
        self.active.remove(engagement)
        return engagement

    @precondition(lambda self: self.active)
    @rule(data=st.data(), twice=st.booleans())
    def approve(self, data, twice):
        engagement = set_status(self._pick(data), "approved")
        first = engagement_release(engagement=engagement, actor=self.actor)
        if twice:
            assert engagement_release(engagement=engagement, actor=self.actor).pk == first.pk
        self.expected[engagement.talent_id] += engagement.fee_minor

    @precondition(lambda self: self.active)
    @rule(data=st.data(), minutes=st.integers(0, 3000))
    def cancel(self, data, minutes):
        engagement = set_status(self._pick(data), "cancelled")
        engagement_settle_cancellation(engagement=engagement, actor=self.actor, minutes_logged=minutes)
        estimate = engagement.project.estimated_hours * 60
        paid = min(engagement.fee_minor, (engagement.fee_minor * minutes * 2 + estimate) // (2 * estimate))
        self.expected[engagement.talent_id] += paid

    @precondition(lambda self: self.active)
    @rule(data=st.data(), share=st.integers(0, 100))
    def split(self, data, share):
        engagement = set_status(self._pick(data), "disputed")
        amount = engagement.fee_minor * share // 100
        dispute_split(engagement=engagement, actor=self.staff, talent_amount_minor=amount)
        self.expected[engagement.talent_id] += amount

    @rule(which=st.integers(0, 3), percent=st.integers(1, 120), fail=st.booleans())
    def payout(self, which, percent, fail):
        talent = self.talents[which % len(self.talents)]
        payout_account_connected(talent)
        amount = max(1, self.expected[talent.pk] * percent // 100)
        self.payouts += 1
        with override_settings(STINT_TEST_PROVIDER_FAIL_PAYOUTS=fail):
            if amount > self.expected[talent.pk]:
                with pytest.raises(ApplicationError) as exc:
                    payout_request(user=talent, amount_minor=amount, currency="USD", idempotency_key=f"k{self.payouts}")
                assert exc.value.code == "insufficient_balance"
                return
            payout = payout_request(
                user=talent, amount_minor=amount, currency="USD", idempotency_key=f"k{self.payouts}"
            )
        if fail:
            assert payout.status == OperationStatus.FAILED
        else:
            assert payout.status == OperationStatus.SUCCEEDED
            self.expected[talent.pk] -= amount

    @precondition(lambda self: any(not closed for _, _, closed in self.projects))
    @rule(data=st.data())
    def close(self, data):
        entry = data.draw(st.sampled_from([p for p in self.projects if not p[2]]))
        entry[2] = True
        project_refund_unused(project=entry[0], actor=self.actor)

    @rule()
    def settle_refunds(self):
        for refund in Refund.objects.filter(status=OperationStatus.PENDING):
            assert refund_execute(refund.pk).status == OperationStatus.SUCCEEDED

    @invariant()
    def ledger_is_sound(self):
        assert ledger_violations() == []

    @invariant()
    def balances_match_the_model(self):
        for talent in self.talents:
            assert self._available(talent) == self.expected[talent.pk]


def test_random_sequences_of_money_primitives_keep_the_ledger_sound():
    run_state_machine_as_test(
        MoneyMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=15,
            database=None,
            suppress_health_check=[*settings().suppress_health_check, HealthCheck.function_scoped_fixture],
        ),
    )
