"""The skills an ESCO occupation involves, among Stint's curated (featured) skills.

ESCO publishes each occupation's essential and optional skills as a separate relation table; the
ESCO files shipped in ``data/skills/esco/`` hold only the concepts (labels and descriptions), not
that table. So the explore pages derive an occupation's skills, deterministically and explained on
the page (docs/explore.md):

* candidates are the curated core (the ~400 featured skills that projects and profiles use), so
  that a gap can be closed by real projects and declared on a profile;
* each candidate is scored by the cosine similarity of its text (label and description) with the
  occupation's text (label and ESCO description), with Stint's own CPU embedding model
  (``stint.recommendations.embedding``), plus ``NAMED_BONUS`` when the occupation's description
  names the skill (``stint.skills.extraction``);
* the skills kept are at most ``MAX_SKILLS``, scoring at least ``MIN_SCORE`` and within ``BAND`` of
  the best one.

The candidates' vectors are computed once per process and rebuilt whenever the skills search index
is rebuilt (skills changed); one occupation's result is memoised for that version of the candidates.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from typing import Any

import numpy as np

from stint.recommendations.embedding import embed_texts
from stint.skills.extraction import skill_extract
from stint.skills.models import Occupation, Skill, SkillSource
from stint.skills.search import get_index

MAX_SKILLS = 8
MIN_SCORE = 0.6
BAND = 0.1
NAMED_BONUS = 0.05
_MEMO_SIZE = 512


@dataclass(frozen=True)
class OccupationSkill:
    skill_id: uuid.UUID
    slug: str
    label: str
    score: float
    named: bool  # the occupation's ESCO description names this skill


@dataclass
class _Core:
    ids: list[uuid.UUID]
    slugs: list[str]
    labels: list[str]
    vectors: np.ndarray


_lock = threading.Lock()
_state: dict[str, Any] = {"core": None, "index": None, "generation": 0, "memo": {}}


def skill_text(label: str, description: str) -> str:
    return f"{label}. {label}. {description}".strip()


def occupation_text(occupation: Occupation) -> str:
    return f"{occupation.label}. {occupation.label}. {occupation.description}".strip()


def _build() -> _Core:
    rows = list(
        Skill.objects.filter(source=SkillSource.CURATED)
        .order_by("label")
        .values_list("id", "slug", "label", "description")
    )
    vectors = embed_texts([skill_text(label, d) for _, _, label, d in rows]) if rows else np.zeros((0, 1), np.float32)
    return _Core(ids=[r[0] for r in rows], slugs=[r[1] for r in rows], labels=[r[2] for r in rows], vectors=vectors)


def _core() -> tuple[_Core, int]:
    """The candidates' vectors, rebuilt whenever the skills search index is (a skill changed here
    or in another process, or the database moved on: see ``stint.skills.search.get_index``)."""
    index = get_index()
    with _lock:
        if _state["core"] is None or _state["index"] is not index:
            _state["core"] = _build()
            _state["index"] = index
            _state["generation"] += 1
            _state["memo"] = {}
        return _state["core"], _state["generation"]


def reset() -> None:
    """Forget the vectors and memo (tests that change skills within the recheck interval)."""
    with _lock:
        _state.update(core=None, index=None, memo={})


def occupation_skills(occupation: Occupation) -> list[OccupationSkill]:
    """The curated skills ``occupation`` involves, best first (see the module docstring)."""
    core, generation = _core()
    key = (occupation.pk, occupation.updated_at, generation)
    memo: dict[Any, list[OccupationSkill]] = _state["memo"]
    if key in memo:
        return memo[key]
    found: list[OccupationSkill] = []
    if core.ids:
        scores = core.vectors @ embed_texts([occupation_text(occupation)])[0]
        named = {s.skill.id for s in skill_extract(text=occupation.description)}
        for i, skill_id in enumerate(core.ids):
            if skill_id in named:
                scores[i] += NAMED_BONUS
        order = np.argsort(-scores, kind="stable")
        best = float(scores[order[0]])
        for i in order[:MAX_SKILLS]:
            score = float(scores[i])
            if score < MIN_SCORE or score < best - BAND:
                break
            found.append(
                OccupationSkill(core.ids[i], core.slugs[i], core.labels[i], round(score, 3), core.ids[i] in named)
            )
    with _lock:
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[key] = found
    return found
