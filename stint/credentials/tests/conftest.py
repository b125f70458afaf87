from __future__ import annotations

from typing import Any

import pytest

from stint.engagements.tests.helpers import log, submit
from stint.flows import settlement
from stint.payments.tests.factories import engagement_for, funded_project
from stint.projects.tests.factories import ProjectSkillFactory

SECRET_MESSAGE = "my private phone is 555-0199, do not share"


def approved_engagement(
    personas: Any, capture: Any, *, talent: Any = None, title: str = "Survey of budgeting apps"
) -> Any:
    """An engagement of ``personas.organization`` submitted, approved and paid, with 3 hours logged
    and one project skill; the on-commit hooks (credential issuance) run."""
    project = funded_project(personas.organization, actor=personas.company_owner, status="open", title=title)
    ProjectSkillFactory(project=project)
    engagement = engagement_for(project, talent=talent or personas.talent)
    with capture(execute=True):
        log(engagement, engagement.talent, 180)
        submit(engagement, engagement.talent)
        settlement.engagement_approve(actor=personas.company_owner, engagement=engagement)
    engagement.refresh_from_db()
    return engagement


@pytest.fixture
def approved(personas: Any, django_capture_on_commit_callbacks: Any) -> Any:
    return approved_engagement(personas, django_capture_on_commit_callbacks)
