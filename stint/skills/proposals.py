"""Skills that organizations propose when the vocabulary lacks one.

* ``skill_propose`` — an organization names a skill. If the folded label already names a skill of
  the vocabulary (a label, synonym or ESCO alternative label), that skill is returned and nothing is
  written (``outcome="existing"``). If another proposal has the same folded label, the organization
  joins it (``"merged"``): there is one skill per label, never duplicates. Otherwise a new skill with
  ``source=proposed`` is created (``"created"``).
* A proposed skill is usable at once in the projects of the organizations that proposed it, and by
  nobody else until staff confirm it (``skill_usable_by`` / ``skills_not_usable_by``).
* ``skill_proposal_confirm`` — staff confirm it and map it to the nearest ESCO concept; it then
  joins the shared vocabulary (search, every organization's projects).

The organization is given by id: skills sit below organizations in the layers, so the caller (an
organizations endpoint or view) checks membership first.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.skills.models import Skill, SkillProposal, SkillSource
from stint.skills.search import SkillHit, get_index, index_invalidate
from stint.skills.text import fold, search_text_for

LABEL_MIN, LABEL_MAX, NOTE_MAX = 2, 100, 300


@dataclass(frozen=True)
class ProposalResult:
    skill: Skill
    outcome: str  # "existing" | "merged" | "created"


def _clean_label(label: str) -> str:
    text = " ".join(str(label or "").split())
    if not LABEL_MIN <= len(text) <= LABEL_MAX or not any(ch.isalpha() for ch in text):
        raise ValidationFailed(
            gettext("A skill name has %(min)s to %(max)s characters and at least one letter.")
            % {"min": LABEL_MIN, "max": LABEL_MAX},
            code="skill_label_invalid",
            errors=[
                {
                    "field": "label",
                    "message": gettext("Use %(min)s to %(max)s characters, with letters.")
                    % {"min": LABEL_MIN, "max": LABEL_MAX},
                }
            ],
        )
    return text


def existing_skill_named(label: str) -> SkillHit | None:
    """The shared vocabulary's skill whose label, synonym or ESCO alternative label is ``label``
    (folded), featured skills first."""
    key = fold(label)
    index = get_index()
    words = key.split()
    if not words:
        return None
    docs = {index.terms[t].doc for t in index.word_terms.get(words[0], []) if index.terms[t].text == key}
    if not docs:
        return None
    best = min(docs, key=lambda d: (not index.hits[d].featured, len(index.hits[d].label)))
    return index.hits[best]


def skill_propose(*, organization_id: uuid.UUID, actor: Any, label: str, note: str = "") -> ProposalResult:
    """Propose ``label`` for ``organization_id`` (the caller has checked that ``actor`` may act for
    it). Idempotent: proposing the same label twice returns the same skill. Writes a
    ``skill.proposed`` audit event when it creates or joins a proposal."""
    label = _clean_label(label)
    note = " ".join(str(note or "").split())[:NOTE_MAX]
    existing = existing_skill_named(label)
    if existing is not None:
        return ProposalResult(Skill.objects.get(pk=existing.id), "existing")
    key = fold(label)
    for _attempt in range(2):  # a concurrent proposal of the same label: join it on the retry
        skill = Skill.objects.filter(proposal_key=key).first()
        try:
            with transaction.atomic():
                outcome = "merged"
                if skill is None:
                    skill = Skill.objects.create(
                        slug=f"{slugify(label)[:90] or 'skill'}-{uuid.uuid4().hex[:8]}",
                        label=label,
                        source=SkillSource.PROPOSED,
                        proposal_key=key,
                        search_text=search_text_for(label, []),
                    )
                    outcome = "created"
                _proposal, made = SkillProposal.objects.get_or_create(
                    skill=skill,
                    organization_id=organization_id,
                    defaults={
                        "proposed_by": actor if getattr(actor, "is_authenticated", False) else None,
                        "label": label,
                        "note": note,
                    },
                )
                if made:
                    audit_log(
                        actor, "skill.proposed", skill, {"organization_id": str(organization_id), "outcome": outcome}
                    )
            return ProposalResult(skill, outcome if made else "merged")
        except IntegrityError:
            continue
    raise Conflict(gettext("This skill was proposed at the same moment; try again."), code="skill_proposal_conflict")


def skill_usable_by(*, skill: Skill, organization_id: Any) -> bool:
    return not skill.pending or SkillProposal.objects.filter(skill=skill, organization_id=organization_id).exists()


def skills_not_usable_by(*, skill_ids: Iterable[Any], organization_id: Any | None) -> set[Any]:
    """Of ``skill_ids``, the pending proposals ``organization_id`` did not propose (one query)."""
    pending = Skill.objects.filter(pk__in=list(skill_ids), source=SkillSource.PROPOSED, confirmed_at__isnull=True)
    if organization_id is not None:
        pending = pending.exclude(proposals__organization_id=organization_id)
    return set(pending.values_list("pk", flat=True))


def proposals_for_organization(*, organization_id: Any) -> QuerySet[Skill]:
    return (
        Skill.objects.filter(proposals__organization_id=organization_id)
        .select_related("maps_to")
        .order_by("-created_at")
    )


def require_staff(actor: Any) -> None:
    if not getattr(actor, "is_platform_staff", False):
        raise PermissionDenied(gettext("Only Stint staff review proposed skills."), code="staff_only")


def proposals_pending(*, actor: Any) -> list[tuple[Skill, list[SkillHit]]]:
    """Staff's review queue: each pending proposal with the nearest vocabulary concepts."""
    require_staff(actor)
    pending = Skill.objects.filter(source=SkillSource.PROPOSED, confirmed_at__isnull=True).prefetch_related("proposals")
    index = get_index()
    return [(skill, [h for h in index.search(skill.label, limit=6) if h.esco_uri][:5]) for skill in pending[:200]]


def proposal_get(*, skill_id: Any) -> Skill:
    skill = Skill.objects.filter(pk=skill_id, source=SkillSource.PROPOSED).first()
    if skill is None:
        raise NotFound(gettext("There is no such proposed skill."), code="skill_not_found")
    return skill


def skill_proposal_confirm(*, actor: Any, skill: Skill, maps_to_id: Any) -> Skill:
    """Staff confirm a pending proposal and map it to the ESCO concept ``maps_to_id`` (a curated or
    ESCO skill). Claimed with a conditional update, so a second confirmation is a 409 and changes
    nothing. Writes ``skill.confirmed``; every process's search index is rebuilt on commit."""
    require_staff(actor)
    target = Skill.objects.filter(pk=maps_to_id, esco_uri__isnull=False).first() if maps_to_id else None
    if target is None:
        raise ValidationFailed(
            gettext("Choose the ESCO concept nearest to this skill."),
            code="esco_concept_required",
            errors=[{"field": "maps_to", "message": gettext("Choose an ESCO skill.")}],
        )
    with transaction.atomic():
        claimed = Skill.objects.filter(pk=skill.pk, source=SkillSource.PROPOSED, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now(), maps_to=target, updated_at=timezone.now()
        )
        if not claimed:
            raise Conflict(gettext("This proposal is already confirmed."), code="skill_already_confirmed")
        skill.refresh_from_db()
        audit_log(actor, "skill.confirmed", skill, {"maps_to": str(target.pk), "esco_uri": target.esco_uri or ""})
        transaction.on_commit(index_invalidate)
    index_invalidate()
    return skill
