"""Exactly one credential per engagement under real concurrency (PostgreSQL): concurrent approvals
(through the API, whose commits fire the receivers) and concurrent direct issuance calls."""

from __future__ import annotations

from functools import partial

import pytest

from stint.credentials import services
from stint.credentials.models import Credential
from stint.credentials.verify import verify_token
from stint.engagements.models import Engagement
from stint.engagements.tests.helpers import log, submit
from stint.engagements.tests.test_races import post_status, run_concurrently
from stint.payments.tests.factories import engagement_for, funded_project, set_status
from stint.projects.tests.factories import ProjectSkillFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_approvals_issue_one_credential(personas, api_client_for):
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    ProjectSkillFactory(project=project)
    engagement = engagement_for(project, talent=personas.talent)
    log(engagement, personas.talent, 120)
    submit(engagement, personas.talent)
    clients = [api_client_for(personas.company_owner) for _ in range(12)]
    results, errors = run_concurrently(
        [partial(post_status, c, f"engagements/{engagement.pk}/approve") for c in clients]
    )
    assert errors == [] and set(results) == {200}
    credential = Credential.objects.get(engagement=engagement)
    assert verify_token(credential.jwt).state == "verified"


def issued_pk(engagement: Engagement) -> object:
    credential = services.credential_issue_for_engagement(engagement=engagement)
    assert credential is not None
    return credential.pk


def test_concurrent_issuance_calls_return_the_same_credential(personas):
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    engagement = set_status(engagement_for(project, talent=personas.talent), "paid")
    results, errors = run_concurrently([partial(issued_pk, engagement) for _ in range(16)])
    assert errors == [] and len(results) == 16 and len(set(results)) == 1
    assert Credential.objects.filter(engagement=engagement).count() == 1
