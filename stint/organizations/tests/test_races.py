from __future__ import annotations

import threading

import pytest
from django.db import connection

from stint.core.errors import ApplicationError
from stint.core.testing.factories import CompanyUserFactory
from stint.organizations import services
from stint.organizations.choices import MemberRole
from stint.organizations.models import Membership
from stint.organizations.tests.factories import OrganizationFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_owners_demoting_each_other_at_once_leave_one_owner():
    org = OrganizationFactory()
    a, b = CompanyUserFactory(), CompanyUserFactory()
    Membership.objects.create(organization=org, user=a, role=MemberRole.OWNER)
    Membership.objects.create(organization=org, user=b, role=MemberRole.OWNER)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def demote(actor, target):
        try:
            barrier.wait()
            services.membership_change_role(actor=actor, organization=org, user=target, role="member")
            outcomes.append("ok")
        except ApplicationError as exc:  # the loser: last_owner
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=demote, args=(a, b)), threading.Thread(target=demote, args=(b, a))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Membership.objects.filter(organization=org, role=MemberRole.OWNER).count() == 1
    # One demotion wins. The other is refused: as the last owner (it was checked under the lock
    # after the winner's commit), or because its actor is no longer an owner at all.
    assert len(outcomes) == 2 and outcomes.count("ok") == 1
    assert set(outcomes) - {"ok"} <= {"last_owner", "organization_role_required"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_accepts_create_one_membership():
    owner = CompanyUserFactory()
    org = OrganizationFactory()
    Membership.objects.create(organization=org, user=owner, role=MemberRole.OWNER)
    invitee = CompanyUserFactory(email="race@example.test")
    invitation = services.invitation_create(actor=owner, organization=org, email=invitee.email, role="member")
    barrier = threading.Barrier(4)

    def accept():
        try:
            barrier.wait()
            services.invitation_accept(actor=invitee, invitation=invitation)
        except ApplicationError:
            pass  # the losers: invitation_not_pending
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Membership.objects.filter(organization=org, user=invitee).count() == 1
