"""Publish = fund; close/cancel refund what no opening used (the money side of the lifecycle)."""

from __future__ import annotations

import pytest

from stint.core.errors import ApplicationError
from stint.flows import publishing
from stint.payments.invariants import ledger_violations
from stint.payments.models import Funding
from stint.payments.selectors import project_funds
from stint.projects import services
from stint.projects.choices import ProjectStatus
from stint.projects.tests.helpers import valid_data

pytestmark = pytest.mark.django_db


def _draft(personas, **overrides):
    data = valid_data(**overrides)
    return services.project_create(actor=personas.company_owner, organization=personas.organization, data=data)


def test_publishing_holds_fee_times_openings_and_charges_the_platform_fee(personas):
    project = _draft(personas, openings=2)
    publishing.project_publish(actor=personas.company_owner, project=project)
    project.refresh_from_db()
    assert project.status == ProjectStatus.OPEN
    funds = project_funds(project)[project.currency]
    assert funds["funded"] == funds["held"] == project.fee_minor * 2
    assert funds["platform_fee"] == project.fee_minor * 2 // 10
    funding = Funding.objects.get(project=project)
    assert funding.amount_minor == project.fee_minor * 2 + project.fee_minor * 2 // 10
    assert ledger_violations() == []


def test_a_declined_charge_leaves_the_project_in_draft_with_nothing_held(personas, settings):
    settings.STINT_TEST_PROVIDER_FAIL = True
    project = _draft(personas)
    with pytest.raises(ApplicationError) as excinfo:
        publishing.project_publish(actor=personas.company_owner, project=project)
    assert excinfo.value.code == "payment_failed"
    assert excinfo.value.status == 402
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT
    assert project_funds(project).get(project.currency, {}).get("held", 0) == 0
    assert ledger_violations() == []


def test_publishing_again_after_moderation_does_not_charge_twice(personas):
    project = _draft(personas)
    publishing.project_publish(actor=personas.company_owner, project=project)
    # An open project cannot be published again; the funding stays single.
    with pytest.raises(ApplicationError):
        publishing.project_publish(actor=personas.company_owner, project=project)
    assert Funding.objects.filter(project=project).count() == 1


def test_closing_refunds_the_unused_openings(personas):
    project = _draft(personas, openings=3)
    publishing.project_publish(actor=personas.company_owner, project=project)
    publishing.project_close(actor=personas.company_owner, project=project, reason="We found enough help.")
    funds = project_funds(project)[project.currency]
    assert funds["held"] == 0
    assert funds["refunded"] == project.fee_minor * 3
    assert ledger_violations() == []


def test_cancelling_a_draft_moves_no_money(personas):
    project = _draft(personas)
    publishing.project_cancel(actor=personas.company_owner, project=project, reason="Plans changed.")
    assert project_funds(project) == {}
    assert ledger_violations() == []


def test_publish_through_the_api_reports_payment_failure_as_problem_json(personas, api_client_for, settings):
    settings.STINT_TEST_PROVIDER_FAIL = True
    project = _draft(personas)
    response = api_client_for(personas.company_owner).post(f"projects/{project.pk}/publish")
    assert response.status_code == 402
    assert response.json()["code"] == "payment_failed"
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT
