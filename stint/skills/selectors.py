"""Reads of the skills taxonomy. The taxonomy is public: no actor scoping is needed."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from stint.core.errors import NotFound, ValidationFailed
from stint.skills.models import Category, Skill
from stint.skills.search import SkillHit, get_index

MAX_LIMIT = 50


def skill_search(q: str = "", limit: int = 10, category: str | None = None) -> list[SkillHit]:
    """Autocomplete search: typo tolerant, synonym aware, ranked (see ``stint.skills.search``).

    Answers from the in-process index, so it runs no SQL query in the common case. An empty ``q``
    lists skills alphabetically. ``category`` is a category slug.
    """
    limit = max(1, min(int(limit), MAX_LIMIT))
    return get_index().search(q or "", limit=limit, category=category or None)


def category_list() -> QuerySet[Category]:
    return Category.objects.order_by("position", "name")


def category_get(*, slug: str) -> Category:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise ValidationFailed(
            f"There is no category {slug!r}.",
            code="unknown_category",
            errors=[{"field": "category", "message": "Unknown category."}],
        )
    return category


def skill_get(*, skill_id: uuid.UUID | str) -> Skill:
    try:
        pk = uuid.UUID(str(skill_id))
    except ValueError:
        raise NotFound("There is no such skill.", code="skill_not_found") from None
    skill = Skill.objects.select_related("category").filter(pk=pk).first()
    if skill is None:
        raise NotFound("There is no such skill.", code="skill_not_found")
    return skill


def categories_with_skills() -> list[tuple[Category, list[Skill]]]:
    """Every category with its skills (alphabetical), in two queries: for the browsable page."""
    categories = list(category_list())
    by_category: dict[uuid.UUID, list[Skill]] = {c.pk: [] for c in categories}
    for skill in Skill.objects.only("id", "slug", "label", "category_id", "esco_uri").order_by("label"):
        by_category.setdefault(skill.category_id, []).append(skill)
    return [(c, by_category[c.pk]) for c in categories]
