"""'Where can this take me?': for a target occupation, the skills it involves, which of them the
talent has (verified by an organization's endorsement on approved work, or declared on their
profile), the gap, and open projects that require the missing skills. Only ever about the signed-in
talent's own data (docs/explore.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from stint.core.errors import NotAuthenticated, PermissionDenied
from stint.credentials.selectors import skill_counts
from stint.explore.occupation_skills import OccupationSkill, occupation_skills
from stint.explore.selectors import open_public
from stint.projects.models import Project, ProjectSkill
from stint.skills.models import Occupation
from stint.skills.occupations import occupation_search
from stint.skills.search import SkillHit
from stint.talent.models import TalentProfile, TalentSkill

MAX_PROJECTS = 10
VERIFIED = "verified"
DECLARED = "declared"
MISSING = "missing"


def require_talent(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise NotAuthenticated(_("Sign in to see where an occupation can take you."))
    if getattr(user, "role", None) != "talent":
        raise PermissionDenied(_("Career paths are for talent accounts."), code="talent_role_required")


@dataclass(frozen=True)
class PathSkill:
    skill: OccupationSkill
    status: str  # verified | declared | missing
    endorsements: int = 0
    level: int | None = None


@dataclass(frozen=True)
class GapProject:
    project: Project
    closes: list[str]  # labels of the gap skills it requires


@dataclass(frozen=True)
class CareerPath:
    occupation: Occupation
    skills: list[PathSkill]
    projects: list[GapProject]

    @property
    def gap(self) -> list[PathSkill]:
        return [s for s in self.skills if s.status == MISSING]

    @property
    def have(self) -> list[PathSkill]:
        return [s for s in self.skills if s.status != MISSING]


def career_path(*, user: Any, occupation: Occupation) -> CareerPath:
    """The talent's standing against ``occupation``'s skills. Endorsed beats declared: a skill an
    organization endorsed on approved work is verified even if the profile does not list it."""
    require_talent(user)
    wanted = occupation_skills(occupation)
    ids = [s.skill_id for s in wanted]
    endorsed = {row["skill_id"]: row["count"] for row in skill_counts(talent=user) if row["skill_id"] in ids}
    declared = dict(TalentSkill.objects.filter(profile__user=user, skill_id__in=ids).values_list("skill_id", "level"))
    skills = []
    for s in wanted:
        if s.skill_id in endorsed:
            skills.append(PathSkill(s, VERIFIED, endorsements=endorsed[s.skill_id], level=declared.get(s.skill_id)))
        elif s.skill_id in declared:
            skills.append(PathSkill(s, DECLARED, level=declared[s.skill_id]))
        else:
            skills.append(PathSkill(s, MISSING))
    gap = {s.skill.skill_id: s.skill.label for s in skills if s.status == MISSING}
    return CareerPath(occupation=occupation, skills=skills, projects=gap_projects(user=user, gap=gap))


def target_role_occupations(*, user: Any, limit: int = 5) -> list[SkillHit]:
    """The best-matching ESCO occupation for each target role on the talent's profile (1 query)."""
    roles = TalentProfile.objects.filter(user=user).values_list("target_roles", flat=True).first() or []
    found: dict[Any, SkillHit] = {}
    for role in roles[:limit]:
        hits = occupation_search(str(role)[:100], limit=1)
        if hits:
            found.setdefault(hits[0].id, hits[0])
    return list(found.values())


def gap_projects(*, user: Any, gap: dict[Any, str]) -> list[GapProject]:
    """Open public projects that require gap skills, those closing the most first, then the
    soonest deadline; projects the talent already applied to are left out. 2 queries."""
    if not gap:
        return []
    requires_gap = Q(project_skills__skill_id__in=list(gap), project_skills__required=True)
    projects = list(
        open_public()
        .filter(requires_gap)
        .exclude(applications__talent=user)
        .annotate(closes=Count("project_skills", filter=requires_gap, distinct=True))
        .select_related("organization", "category")
        .order_by("-closes", "application_deadline", "pk")[:MAX_PROJECTS]
    )
    labels: dict[Any, list[str]] = {}
    rows = ProjectSkill.objects.filter(project__in=[p.pk for p in projects], skill_id__in=list(gap), required=True)
    for project_id, skill_id in rows.values_list("project_id", "skill_id").order_by("skill__label"):
        labels.setdefault(project_id, []).append(gap[skill_id])
    return [GapProject(p, labels.get(p.pk, [])) for p in projects]
