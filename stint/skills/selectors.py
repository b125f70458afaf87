"""Reads of the skills taxonomy. The taxonomy is public: no actor scoping is needed."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from stint.core.errors import NotFound, ValidationFailed
from stint.skills.models import Category, Skill, SkillSource
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
            gettext("There is no category %(slug)r.") % {"slug": slug},
            code="unknown_category",
            errors=[{"field": "category", "message": gettext("Unknown category.")}],
        )
    return category


def skill_get(*, skill_id: uuid.UUID | str) -> Skill:
    try:
        pk = uuid.UUID(str(skill_id))
    except ValueError:
        raise NotFound(gettext("There is no such skill."), code="skill_not_found") from None
    skill = Skill.objects.select_related("category").filter(pk=pk).first()
    if skill is None or skill.pending:
        raise NotFound(gettext("There is no such skill."), code="skill_not_found")
    return skill


def categories_with_skills() -> list[tuple[Category, list[Skill]]]:
    """Every category with its skills (alphabetical), in two queries: for the browsable page."""
    categories = list(category_list())
    by_category: dict[uuid.UUID, list[Skill]] = {c.pk: [] for c in categories}
    curated = Skill.objects.filter(source=SkillSource.CURATED)
    for skill in curated.only("id", "slug", "label", "category_id", "esco_uri").order_by("label"):
        if skill.category_id is not None:
            by_category.setdefault(skill.category_id, []).append(skill)
    return [(c, by_category[c.pk]) for c in categories]


def skill_choice_groups(*, value: str = "slug", include: Iterable[str] = ()) -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices for a plain ``<select>`` (works without JavaScript): the curated skills grouped by
    category, then "More skills" for any other skill named in ``include`` (slugs or ids already
    chosen, or added from a suggestion). The full vocabulary (≈14,000 skills) is never listed:
    it is reached through search and suggestions."""
    groups: dict[str, list[tuple[str, str]]] = {}
    curated = Skill.objects.filter(source=SkillSource.CURATED).select_related("category")
    for skill in curated.order_by("category__position", "category__name", "label"):
        name = skill.category.name if skill.category else gettext("Other")
        groups.setdefault(name, []).append((str(getattr(skill, value)), skill.label))
    refs = [str(r) for r in include if r]
    if refs:
        ids = [r for r in refs if _is_uuid(r)]
        extra = Skill.objects.exclude(source=SkillSource.CURATED).filter(Q(slug__in=refs) | Q(pk__in=ids))
        more = [(str(getattr(s, value)), s.label) for s in extra.order_by("label")]
        if more:
            groups[gettext("More skills")] = more
    return list(groups.items())


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
