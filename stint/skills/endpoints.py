from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field as NinjaField
from ninja import Query, Router, Schema

from stint.core.api import ProblemSchema
from stint.skills import proposals, selectors
from stint.skills.extraction import skill_extract
from stint.skills.models import Skill
from stint.skills.occupations import occupation_search
from stint.skills.schemas import (
    CategoryOut,
    ConfirmIn,
    ExtractIn,
    ExtractOut,
    OccupationOut,
    ProposedSkillOut,
    SkillDetailOut,
    SkillOut,
)

router = Router(tags=["skills"])
ERRORS: dict[int, Any] = {401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema}


class SkillSearchQuery(Schema):
    q: str = NinjaField("", max_length=100, description="What the user typed; typos and synonyms are fine")
    category: str | None = NinjaField(None, description="A category slug")
    limit: int = NinjaField(10, ge=1, le=selectors.MAX_LIMIT)


class OccupationQuery(Schema):
    q: str = NinjaField("", max_length=100, description="A role: “data analyst”, “marketing assistant”")
    limit: int = NinjaField(10, ge=1, le=selectors.MAX_LIMIT)


def _skill_out(hit: selectors.SkillHit) -> dict[str, object]:
    return {
        "id": hit.id,
        "label": hit.label,
        "slug": hit.slug,
        "category": hit.category_slug,
        "category_name": hit.category_name,
        "esco_uri": hit.esco_uri,
        "featured": hit.featured,
    }


def skill_row_out(skill: Skill) -> dict[str, object]:
    return {
        "id": skill.id,
        "label": skill.label,
        "slug": skill.slug,
        "category": skill.category.slug if skill.category else "",
        "category_name": skill.category.name if skill.category else "",
        "esco_uri": skill.esco_uri or "",
        "featured": skill.featured,
    }


@router.get("/skills", auth=None, response={200: list[SkillOut], 422: ProblemSchema})
def skill_search(request: HttpRequest, query: Query[SkillSearchQuery]):
    """Search the skills vocabulary (the curated core and every ESCO skill) for autocomplete: typo
    tolerant ("pyhton"), synonym and word-form aware ("excel", "tests" → testing), prefix friendly
    ("mark"). Curated skills rank first within a kind of match (`featured`). Best match first; an
    empty `q` lists the curated skills alphabetically."""
    if query.category:
        selectors.category_get(slug=query.category)
    hits = selectors.skill_search(query.q, limit=query.limit, category=query.category)
    return [_skill_out(hit) for hit in hits]


@router.post("/skills/extract", auth=None, response={200: ExtractOut, 422: ProblemSchema})
def skill_extract_endpoint(request: HttpRequest, payload: ExtractIn):
    """Suggest the skills a text mentions (a project description, a talent's goal): each with the
    span of the words that name it and a confidence. Deterministic phrase matching over the
    vocabulary's labels; nothing is stored."""
    found = skill_extract(text=payload.text, limit=payload.limit)
    return {
        "suggestions": [
            {"skill": _skill_out(s.skill), "start": s.start, "end": s.end, "text": s.text, "confidence": s.confidence}
            for s in found
        ]
    }


@router.get("/occupations", auth=None, response={200: list[OccupationOut], 422: ProblemSchema})
def occupations(request: HttpRequest, query: Query[OccupationQuery]):
    """Search ESCO's occupations (for target roles), typo tolerant."""
    return [
        {"id": h.id, "label": h.label, "slug": h.slug, "esco_uri": h.esco_uri}
        for h in occupation_search(query.q, limit=query.limit)
    ]


@router.get("/categories", auth=None, response=list[CategoryOut])
def category_list(request: HttpRequest):
    """The work categories (research, marketing, data analysis, …) in display order."""
    return list(selectors.category_list())


@router.get("/skills/proposals", response={200: list[ProposedSkillOut], **ERRORS})
def proposal_queue(request: HttpRequest):
    """Staff: the proposed skills waiting for confirmation (others get 403 `staff_only`)."""
    return [
        {"skill": skill_row_out(skill), "pending": True, "maps_to": None, "organizations": len(skill.proposals.all())}
        for skill, _ in proposals.proposals_pending(actor=request.user)
    ]


@router.post("/skills/{skill_id}/confirm", response={200: ProposedSkillOut, 422: ProblemSchema, **ERRORS})
def proposal_confirm(request: HttpRequest, skill_id: uuid.UUID, payload: ConfirmIn):
    """Staff: confirm a proposed skill and map it to the nearest ESCO concept; it then joins the
    shared vocabulary. 403 `staff_only` for anyone else; 409 `skill_already_confirmed`."""
    proposals.require_staff(request.user)  # before revealing whether the skill exists
    skill = proposals.proposal_get(skill_id=skill_id)
    skill = proposals.skill_proposal_confirm(actor=request.user, skill=skill, maps_to_id=payload.maps_to)
    target = skill.maps_to
    return {
        "skill": skill_row_out(skill),
        "pending": skill.pending,
        "maps_to": skill_row_out(target) if target else None,
        "organizations": skill.proposals.count(),
    }


@router.get("/skills/{skill_id}", auth=None, response={200: SkillDetailOut, 404: ProblemSchema})
def skill_detail(request: HttpRequest, skill_id: uuid.UUID):
    """One skill with its synonyms, ESCO alternative labels, URI and definition, and related skills.
    A proposal staff have not confirmed is 404 here (it is listed to its organizations)."""
    skill = selectors.skill_get(skill_id=skill_id)
    related = skill.related.select_related("category").order_by("label")
    return {
        **skill_row_out(skill),
        "synonyms": skill.synonyms,
        "alt_labels": skill.alt_labels,
        "source": skill.source,
        "description": skill.description,
        "related": [skill_row_out(r) for r in related],
    }
