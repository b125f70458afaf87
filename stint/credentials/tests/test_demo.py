from __future__ import annotations

import pytest
from django.test import Client

from stint.credentials.models import Credential, Endorsement, Portfolio
from stint.credentials.verify import verify_token
from stint.demo.loader import load_demo
from stint.messaging.models import Connection, Message
from stint.payments.invariants import ledger_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_talent_has_three_completed_projects_with_endorsements_and_credentials():
    users = load_demo()
    sam = users["talent@student.example"]
    credentials = list(Credential.objects.filter(talent=sam))
    assert len(credentials) == 3
    assert [verify_token(c.jwt).reason for c in credentials] == ["Authentic, unchanged and not revoked."] * 3
    assert Endorsement.objects.filter(talent=sam).count() >= 6
    assert Portfolio.objects.get(user=sam).published
    assert Client().get("/portfolio/sam-rivera/").status_code == 200
    [connection] = Connection.objects.filter(talent=sam, reference__isnull=False)
    assert connection.reference.listed
    assert connection.supervisor.name in Client().get("/portfolio/sam-rivera/").content.decode()
    assert Message.objects.filter(thread__connection=connection).count() == 2
    load_demo()
    assert Credential.objects.filter(talent=sam).count() == 3
    assert Message.objects.filter(thread__connection=connection).count() == 2
    assert ledger_violations() == []
