"""``application_allowed_actions``: one answer for the pages, the API and the services."""

from __future__ import annotations

import pytest
from django.test import Client

from stint.applications.choices import ApplicationStatus
from stint.applications.models import Application
from stint.applications.tests.factories import ApplicationFactory
from stint.core.models import AuditEvent

S = ApplicationStatus
pytestmark = pytest.mark.django_db

BUTTONS = {"shortlist": "Shortlist", "offer": "Offer", "reject": "Reject with this reason", "withdraw": "Withdraw"}


def _web(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("status", "company", "talent"),
    [
        (S.SUBMITTED, ["shortlist", "offer", "reject", "score"], ["withdraw"]),
        (S.SHORTLISTED, ["offer", "reject", "score"], ["withdraw"]),
        (S.OFFERED, ["score"], ["accept", "decline", "withdraw"]),
        (S.REJECTED, ["score"], []),
        (S.WITHDRAWN, [], []),
    ],
)
def test_the_api_and_the_page_show_the_same_actions(personas, project, api_client_for, status, company, talent):
    application = ApplicationFactory(project=project, talent=personas.talent, status=status)
    for user, expected in ((personas.company_owner, company), (personas.talent, talent)):
        body = api_client_for(user).get(f"applications/{application.pk}").json()
        assert body["allowed_actions"] == expected
        html = _web(user).get(f"/applications/{application.pk}/").content.decode()
        for action in ("shortlist", "offer", "reject", "withdraw", "accept", "decline"):
            shown = f"/applications/{application.pk}/{action}/" in html
            assert shown == (action in expected), (user, action)


def test_an_action_the_selector_does_not_offer_is_refused_and_changes_nothing(personas, project, api_client_for):
    application = ApplicationFactory(project=project, talent=personas.talent, status=S.REJECTED)
    events = AuditEvent.objects.filter(target_id=str(application.pk)).count()
    response = api_client_for(personas.company_owner).post(f"applications/{application.pk}/shortlist")
    assert response.status_code == 409 and response.json()["code"] == "illegal_transition"
    _web(personas.talent).post(f"/applications/{application.pk}/withdraw/")
    assert Application.objects.get(pk=application.pk).status == S.REJECTED
    assert AuditEvent.objects.filter(target_id=str(application.pk)).count() == events
