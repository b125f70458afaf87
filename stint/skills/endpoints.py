from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Field as NinjaField
from ninja import Query, Router, Schema

from stint.core.api import ProblemSchema
from stint.skills import selectors
from stint.skills.schemas import CategoryOut, SkillDetailOut, SkillOut

router = Router(tags=["skills"])


class SkillSearchQuery(Schema):
    q: str = NinjaField("", max_length=100, description="What the user typed; typos and synonyms are fine")
    category: str | None = NinjaField(None, description="A category slug")
    limit: int = NinjaField(10, ge=1, le=selectors.MAX_LIMIT)


def _skill_out(hit: selectors.SkillHit) -> dict[str, object]:
    return {
        "id": hit.id,
        "label": hit.label,
        "slug": hit.slug,
        "category": hit.category_slug,
        "category_name": hit.category_name,
        "esco_uri": hit.esco_uri,
    }


@router.get("/skills", auth=None, response={200: list[SkillOut], 422: ProblemSchema})
def skill_search(request: HttpRequest, query: Query[SkillSearchQuery]):  # type: ignore[no-untyped-def]
    """Search the skills taxonomy for autocomplete: typo tolerant ("pyhton"), synonym aware ("excel"
    finds the spreadsheet skill, "seo" search engine optimisation), prefix friendly ("mark").
    Best match first; an empty `q` lists skills alphabetically."""
    if query.category:
        selectors.category_get(slug=query.category)
    hits = selectors.skill_search(query.q, limit=query.limit, category=query.category)
    return [_skill_out(hit) for hit in hits]


@router.get("/categories", auth=None, response=list[CategoryOut])
def category_list(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The work categories (research, marketing, data analysis, …) in display order."""
    return list(selectors.category_list())


@router.get("/skills/{skill_id}", auth=None, response={200: SkillDetailOut, 404: ProblemSchema})
def skill_detail(request: HttpRequest, skill_id: uuid.UUID):  # type: ignore[no-untyped-def]
    """One skill with its synonyms, ESCO URI and definition, and related skills."""
    skill = selectors.skill_get(skill_id=skill_id)
    related = skill.related.select_related("category").order_by("label")
    return {
        "id": skill.id,
        "label": skill.label,
        "slug": skill.slug,
        "category": skill.category.slug,
        "category_name": skill.category.name,
        "esco_uri": skill.esco_uri,
        "synonyms": skill.synonyms,
        "description": skill.description,
        "related": [
            {
                "id": r.id,
                "label": r.label,
                "slug": r.slug,
                "category": r.category.slug,
                "category_name": r.category.name,
                "esco_uri": r.esco_uri,
            }
            for r in related
        ],
    }
