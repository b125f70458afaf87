from __future__ import annotations

import factory

from stint.core.testing.model_factory import ModelFactory
from stint.skills.models import Category, Skill


class CategoryFactory(ModelFactory[Category]):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())


class SkillFactory(ModelFactory[Skill]):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"skill-{n}")
    label = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    category = factory.SubFactory(CategoryFactory)
    esco_uri = factory.LazyAttribute(lambda o: f"http://data.europa.eu/esco/skill/test-{o.slug}")
    synonyms = factory.LazyFunction(list)
    search_text = factory.LazyAttribute(lambda o: o.label.lower())
