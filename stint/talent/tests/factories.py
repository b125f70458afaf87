from __future__ import annotations

import factory

from stint.core.testing.factories import TalentFactory
from stint.core.testing.model_factory import ModelFactory
from stint.talent.models import TalentProfile


class TalentProfileFactory(ModelFactory[TalentProfile]):
    class Meta:
        model = TalentProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(TalentFactory)
    headline = "Economics student who loves data"
    career_goals = "I want to become a data analyst in the energy sector."
    target_roles = factory.LazyFunction(lambda: ["Data analyst"])
    interests = factory.LazyFunction(lambda: ["data-analysis", "research"])
    weekly_hours = 12
    timezone = "Europe/Berlin"
    weekly_hours_confirmed = True
    timezone_confirmed = True
