from __future__ import annotations

import threading

import pytest
from django.db import connection

from stint.core.errors import Conflict
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
        except Conflict as exc:
            outcomes.append(exc.code)
        except Exception as exc:  # e.g. the loser no longer has the owner role
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=demote, args=(a, b)), threading.Thread(target=demote, args=(b, a))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Membership.objects.filter(organization=org, role=MemberRole.OWNER).count() == 1
    assert outcomes.count("ok") == 1


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
        except Exception:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Membership.objects.filter(organization=org, user=invitee).count() == 1
