"""``engagement_allowed_actions``: the workspace and the API's ``allowed_actions`` agree."""

from __future__ import annotations

import pytest
from django.test import Client

from stint.core.models import AuditEvent
from stint.engagements.choices import EngagementStatus
from stint.engagements.models import Engagement
from stint.engagements.tests.helpers import submit

S = EngagementStatus
pytestmark = pytest.mark.django_db


def _web(user):
    client = Client()
    client.force_login(user)
    return client


def _shown(html, engagement, action):
    return f"/engagements/{engagement.pk}/{action}/" in html


def test_the_api_and_the_workspace_show_the_same_actions(personas, engagement, api_client_for):
    expected = {"talent": ["submit", "cancel"], "company": ["cancel"]}
    for side, user in (("talent", personas.talent), ("company", personas.company_owner)):
        assert api_client_for(user).get(f"engagements/{engagement.pk}").json()["allowed_actions"] == expected[side]
    submit(engagement, personas.talent)
    expected = {"talent": ["cancel", "dispute"], "company": ["request-changes", "approve", "cancel", "dispute"]}
    for side, user in (("talent", personas.talent), ("company", personas.company_owner)):
        assert api_client_for(user).get(f"engagements/{engagement.pk}").json()["allowed_actions"] == expected[side]
        html = _web(user).get(f"/engagements/{engagement.pk}/").content.decode()
        for action in ("approve", "request-changes", "cancel", "dispute"):
            assert _shown(html, engagement, action) == (action in expected[side]), (side, action)


def test_without_rounds_left_request_changes_is_not_offered_and_is_refused(
    personas, engagement, api_client_for, settings
):
    settings.STINT_MAX_CHANGE_ROUNDS = 0
    submit(engagement, personas.talent)
    api = api_client_for(personas.company_owner)
    assert "request-changes" not in api.get(f"engagements/{engagement.pk}").json()["allowed_actions"]
    events = AuditEvent.objects.filter(target_id=str(engagement.pk)).count()
    response = api.post(f"engagements/{engagement.pk}/request-changes", {"message": "More charts, please."})
    assert response.status_code == 409 and response.json()["code"] == "change_rounds_exhausted"
    assert Engagement.objects.get(pk=engagement.pk).status == S.SUBMITTED
    assert AuditEvent.objects.filter(target_id=str(engagement.pk)).count() == events
