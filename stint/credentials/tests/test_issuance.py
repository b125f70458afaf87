"""Issuing credentials on approval, exactly once; revocation; the sweep that repairs missed signals."""

from __future__ import annotations

from typing import Any

import pytest

from stint.core.models import AuditEvent
from stint.credentials import services
from stint.credentials.models import Credential
from stint.credentials.verify import verify_token
from stint.engagements.tests.helpers import log, submit
from stint.flows import settlement
from stint.payments.tests.factories import engagement_for, funded_project, set_status

pytestmark = pytest.mark.django_db


def test_approval_issues_one_credential_that_verifies(approved, personas):
    credential = Credential.objects.get(engagement=approved)
    assert credential.talent == personas.talent
    assert credential.status == "active"
    payload = credential.payload
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["credentialSubject"]["achievement"]["name"] == approved.project.title
    assert payload["credentialSubject"]["result"][0]["value"] == "3 hours"
    assert payload["credentialSubject"]["achievement"]["alignment"][0]["targetUrl"].startswith("http")
    assert personas.talent.email not in credential.jwt and personas.talent.email not in str(payload)
    assert verify_token(credential.jwt).state == "verified"
    assert AuditEvent.objects.filter(code="credential.issued", target_id=str(credential.pk)).count() == 1


def test_issuing_twice_returns_the_same_credential(approved):
    first = Credential.objects.get(engagement=approved)
    again = services.credential_issue_for_engagement(engagement=approved)
    assert again is not None and again.pk == first.pk and again.jwt == first.jwt
    assert Credential.objects.filter(engagement=approved).count() == 1


def test_no_credential_before_approval(personas):
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    engagement = engagement_for(project, talent=personas.talent)
    assert services.credential_issue_for_engagement(engagement=engagement) is None
    set_status(engagement, "submitted")
    assert services.credential_issue_for_engagement(engagement=engagement) is None
    assert not Credential.objects.exists()


def test_sweep_issues_what_the_signals_missed_and_revokes_reversed_approvals(personas):
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    engagement = engagement_for(project, talent=personas.talent)
    set_status(engagement, "paid")  # a conditional update: no signal, no credential
    assert not Credential.objects.exists()
    assert services.credentials_sweep() == {"issued": 1, "revoked": 0}
    assert services.credentials_sweep() == {"issued": 0, "revoked": 0}
    set_status(engagement, "cancelled")  # the approval reversed
    assert services.credentials_sweep() == {"issued": 0, "revoked": 1}
    credential = Credential.objects.get(engagement=engagement)
    assert credential.status == "revoked"
    assert verify_token(credential.jwt).state == "revoked"


def test_revocation_is_idempotent_and_needs_a_reason(approved):
    credential = Credential.objects.get(engagement=approved)
    with pytest.raises(services.ValidationFailed):
        services.credential_revoke(credential=credential, reason=" ")
    assert Credential.objects.get(pk=credential.pk).status == "active"
    services.credential_revoke_for_engagement(engagement=approved, reason="Refunded after a dispute")
    revoked = services.credential_revoke(credential=credential, reason="again")
    assert revoked.status == "revoked" and revoked.revocation_reason == "Refunded after a dispute"
    assert AuditEvent.objects.filter(code="credential.revoked").count() == 1


def test_management_command_runs_the_sweep(personas, capsys):
    from django.core.management import call_command

    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    set_status(engagement_for(project, talent=personas.talent), "approved")
    call_command("credentials_sweep")
    assert "issued 1" in capsys.readouterr().out


def test_a_save_then_approval_in_one_transaction_keeps_the_credential(personas, django_capture_on_commit_callbacks):
    """The receivers decide on the committed state, not on the state at the time of the save."""
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    with django_capture_on_commit_callbacks(execute=True):
        engagement = engagement_for(project, talent=personas.talent)  # post_save while active
        set_status(engagement, "paid")
        services.credential_issue_for_engagement(engagement=engagement)
    assert Credential.objects.get(engagement=engagement).status == "active"


def test_saving_an_engagement_out_of_approval_revokes_its_credential(approved, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approved.status = "cancelled"
        approved.save()
    assert Credential.objects.get(engagement=approved).status == "revoked"


def test_the_approval_flow_itself_issues_the_credential_before_commit(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Issuing is a step of ``stint.flows.settlement.engagement_approve``, not only an after-commit
    receiver: with the on-commit hooks not run, the credential exists as soon as the approval returns."""
    project = funded_project(personas.organization, actor=personas.company_owner, status="open", title="Flow proof")
    engagement = engagement_for(project, talent=personas.talent)
    with django_capture_on_commit_callbacks(execute=False):
        log(engagement, engagement.talent, 120)
        submit(engagement, engagement.talent)
        settlement.engagement_approve(actor=personas.company_owner, engagement=engagement)
        assert Credential.objects.filter(engagement=engagement).count() == 1
