from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from stint.matching.indexing import reindex_projects
from stint.organizations.tests.factories import OrganizationFactory
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.skills.tests.factories import CategoryFactory, SkillFactory


class Catalogue:
    """A small, fixed set of projects that every engine must search identically."""

    def __init__(self) -> None:
        self._taxonomy()
        self._listed(timezone.now())
        self._never_listed()
        reindex_projects()

    def _taxonomy(self) -> None:
        self.research = CategoryFactory(slug="research", name="Research")
        self.data = CategoryFactory(slug="data-analysis", name="Data analysis")
        self.design = CategoryFactory(slug="design", name="Design")
        self.python = SkillFactory(slug="python", label="Python", category=self.data, synonyms=["py"])
        self.figma = SkillFactory(slug="figma", label="Figma", category=self.design, synonyms=["prototyping"])

    def _listed(self, now: datetime.datetime) -> None:
        """Four listed projects of a verified and an unverified organization."""
        verified = OrganizationFactory(name="Acme Analytics", verified_at=now)
        unverified = OrganizationFactory(name="Blue Owl Studio")
        day = datetime.timedelta(days=1)
        self.market = ProjectFactory(
            title="Market research for a budgeting app",
            summary="Size the student budgeting market.",
            description="Interview students and summarise the findings.",
            category=self.research,
            organization=verified,
            estimated_hours=10,
            fee_minor=30_000,  # 30.00/h
            published_at=now - 5 * day,
            application_deadline=now + 3 * day,
        )
        self.dashboard = ProjectFactory(
            title="Sales dashboard in Python",
            summary="Build a dashboard of monthly sales.",
            description="Clean the data with pandas and chart it; a short market overview helps.",
            category=self.data,
            organization=unverified,
            estimated_hours=20,
            fee_minor=50_000,  # 25.00/h
            published_at=now - 1 * day,
            application_deadline=now + 10 * day,
        )
        ProjectSkillFactory(project=self.dashboard, skill=self.python)
        self.churn = ProjectFactory(
            title="Customer churn analysis",
            summary="Find why customers leave.",
            description="Survival analysis on subscription data. Café owners are the customers.",
            category=self.data,
            organization=verified,
            estimated_hours=30,
            fee_minor=120_000,  # 40.00/h
            published_at=now - 3 * day,
            application_deadline=now + 6 * day,
        )
        ProjectSkillFactory(project=self.churn, skill=self.python)
        self.logo = ProjectFactory(
            title="Logo and brand refresh",
            summary="Redesign the logo of a bakery.",
            description="Figma prototypes welcome.",
            category=self.design,
            organization=unverified,
            estimated_hours=8,
            fee_minor=24_000,  # 30.00/h
            published_at=now - 2 * day,
            application_deadline=now + 2 * day,
        )
        ProjectSkillFactory(project=self.logo, skill=self.figma)

    def _never_listed(self) -> None:
        """Closed, unlisted, invite-only and draft: no engine lists them."""
        self.closed = ProjectFactory(title="Closed market research", category=self.research, status="closed")
        self.unlisted = ProjectFactory(title="Unlisted market research", category=self.research, visibility="unlisted")
        self.invite_only = ProjectFactory(
            title="Invite market research", category=self.research, visibility="invite_only"
        )
        self.draft = ProjectFactory(title="Draft market research", category=self.research, status="draft")


@pytest.fixture
def catalogue(db: Any) -> Catalogue:
    return Catalogue()
