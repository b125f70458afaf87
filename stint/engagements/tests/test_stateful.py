"""Random sequences of the engagement lifecycle (fund, hire, log, submit, request changes, approve,
auto-release, cancel, settle, dispute, resolve, payout); the ledger invariants hold after every step."""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from stint.core.errors import ApplicationError
from stint.core.testing.factories import CompanyUserFactory, StaffFactory, TalentFactory
from stint.engagements import services
from stint.engagements.choices import EngagementStatus
from stint.engagements.models import Engagement
from stint.engagements.tests.helpers import submit
from stint.flows import settlement
from stint.organizations.choices import MemberRole
from stint.organizations.tests.factories import MembershipFactory, OrganizationFactory
from stint.payments.invariants import ledger_violations
from stint.payments.selectors import balance_for_user
from stint.payments.services import payout_request
from stint.payments.testing import payout_account_connected
from stint.payments.tests.factories import engagement_for, funded_project

S = EngagementStatus
pytestmark = pytest.mark.django_db

LATER = datetime.timedelta(days=30)


class EngagementMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.org = OrganizationFactory()
        self.owner = CompanyUserFactory()
        MembershipFactory(organization=self.org, user=self.owner, role=MemberRole.OWNER)
        self.staff = StaffFactory()
        self.engagements: list[Engagement] = []
        self.payout_n = 0

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _pick(self, index: int) -> Engagement:
        engagement = self.engagements[index % len(self.engagements)]
        engagement.refresh_from_db()
        return engagement

    def _try(self, fn: Any, **kw: Any) -> None:
        with contextlib.suppress(ApplicationError):
            fn(**kw)

    @rule(openings=st.integers(1, 2))
    def fund_and_hire(self, openings: int) -> None:
        project = funded_project(self.org, actor=self.owner, status="open", openings=openings, estimated_hours=10)
        for _ in range(openings):
            self.engagements.append(engagement_for(project, talent=TalentFactory()))

    @precondition(lambda self: self.engagements)
    @rule(i=st.integers(0, 9), minutes=st.integers(1, 900))
    def log_time(self, i: int, minutes: int) -> None:
        e = self._pick(i)
        self._try(services.time_entry_log, talent=e.talent, engagement=e, date=timezone.localdate(), minutes=minutes)

    @precondition(lambda self: self.engagements)
    @rule(i=st.integers(0, 9))
    def submit_work(self, i: int) -> None:
        e = self._pick(i)
        self._try(submit, engagement=e, talent=e.talent)

    @precondition(lambda self: self.engagements)
    @rule(i=st.integers(0, 9))
    def request_changes(self, i: int) -> None:
        self._try(services.engagement_request_changes, actor=self.owner, engagement=self._pick(i), message="More")

    @precondition(lambda self: self.engagements)
    @rule(i=st.integers(0, 9))
    def approve(self, i: int) -> None:
        before = self._pick(i).status
        self._try(settlement.engagement_approve, actor=self.owner, engagement=self._pick(i))
        after = self._pick(i).status
        if before == S.SUBMITTED:
            assert after == S.PAID

    @rule()
    def auto_release(self) -> None:
        settlement.engagements_auto_release(now=timezone.now() + LATER)

    @precondition(lambda self: self.engagements)
    @rule(i=st.integers(0, 9), by_talent=st.booleans())
    def cancel(self, i: int, by_talent: bool) -> None:
        e = self._pick(i)
        self._try(settlement.engagement_cancel, actor=e.talent if by_talent else self.owner, engagement=e, reason="x")

    @rule()
    def settle_cancellations(self) -> None:
        settlement.engagements_settle_cancellations(now=timezone.now() + LATER)

    @precondition(lambda self: self.engagements)
    @rule(i=st.integers(0, 9))
    def dispute(self, i: int) -> None:
        e = self._pick(i)
        self._try(services.engagement_dispute_open, actor=e.talent, engagement=e, reason="Unfair")

    @precondition(lambda self: self.engagements)
    @rule(i=st.integers(0, 9), share=st.integers(0, 100))
    def resolve(self, i: int, share: int) -> None:
        e = self._pick(i)
        amount = e.fee_minor * share // 100
        self._try(settlement.engagement_dispute_resolve, staff=self.staff, engagement=e, talent_amount_minor=amount)

    @precondition(lambda self: self.engagements)
    @rule(i=st.integers(0, 9))
    def payout(self, i: int) -> None:
        talent = self._pick(i).talent
        available = next((r["available_minor"] for r in balance_for_user(talent) if r["currency"] == "USD"), 0)
        if available:
            self.payout_n += 1
            payout_account_connected(talent)
            payout_request(user=talent, amount_minor=available, currency="USD", idempotency_key=f"p{self.payout_n}")

    @invariant()
    def ledger_is_sound(self) -> None:
        assert ledger_violations() == []

    @invariant()
    def approval_and_payment_commit_together(self) -> None:
        # "approved" exists only inside the approving transaction: it commits as "paid".
        assert not Engagement.objects.filter(status=S.APPROVED).exists()
        assert not Engagement.objects.filter(status=S.PAID, settled_at__isnull=True).exists()


@override_settings(STINT_CANCELLATION_CONTEST_DAYS=1)
def test_engagement_lifecycle_keeps_the_ledger_sound() -> None:
    run_state_machine_as_test(
        EngagementMachine,
        settings=settings(
            max_examples=20,
            stateful_step_count=15,
            suppress_health_check=[*settings().suppress_health_check, HealthCheck.function_scoped_fixture],
        ),
    )
