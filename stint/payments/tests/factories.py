"""Factories and helpers for money tests: funded projects and engagements in a chosen status."""

from __future__ import annotations

from typing import Any

import factory
from django.db import connection

from stint.applications.choices import ApplicationStatus
from stint.applications.tests.factories import ApplicationFactory
from stint.core.testing.factories import TalentFactory
from stint.core.testing.model_factory import ModelFactory
from stint.engagements.models import Engagement
from stint.payments.models import PaymentMethod
from stint.payments.testing import card_on_file
from stint.projects.choices import ProjectStatus
from stint.projects.tests.factories import ProjectFactory


class EngagementFactory(ModelFactory[Engagement]):
    class Meta:
        model = Engagement

    application = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.HIRED)
    project = factory.LazyAttribute(lambda o: o.application.project)
    talent = factory.LazyAttribute(lambda o: o.application.talent)
    fee_minor = factory.LazyAttribute(lambda o: o.project.fee_minor)
    currency = factory.LazyAttribute(lambda o: o.project.currency)
    due_date = factory.LazyAttribute(lambda o: o.project.due_date)
    status = "active"


def draft_project(organization: Any = None, **kwargs: Any) -> Any:
    if organization is not None:
        kwargs["organization"] = organization
    kwargs.setdefault("status", ProjectStatus.DRAFT)
    kwargs.setdefault("published_at", None)
    return ProjectFactory(**kwargs)


def funded_project(organization: Any = None, actor: Any = None, **kwargs: Any) -> Any:
    from stint.payments.services import project_fund

    project = draft_project(organization, **kwargs)
    card_on_file(project.organization)  # the one-time set-up step: a simulated card
    project_fund(project=project, actor=actor)
    return project


def engagement_for(project: Any, *, talent: Any = None, status: str = "active") -> Engagement:
    talent = talent or TalentFactory()
    application = ApplicationFactory(project=project, talent=talent, status=ApplicationStatus.HIRED)
    return EngagementFactory(application=application, status=status)


def set_status(engagement: Engagement, status: str) -> Engagement:
    Engagement.objects.filter(pk=engagement.pk).update(status=status)
    engagement.refresh_from_db()
    return engagement


def declined_card(organization: Any) -> PaymentMethod:
    from stint.payments.choices import TEST_DECLINED_CARD

    method, _ = PaymentMethod.objects.update_or_create(
        organization=organization, defaults={"test_card_number": TEST_DECLINED_CARD, "label": "Declined test card"}
    )
    return method


def is_postgres() -> bool:
    return connection.vendor == "postgresql"
