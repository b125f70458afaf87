"""Reads of the coach, scoped to the actor: the pre-send check of a letter and the feedback after a
decision. Nothing here writes an application (docs/coach.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from stint.applications import selectors as application_selectors
from stint.applications.models import Application
from stint.applications.services import MAX_LINKS
from stint.coach import checks as c
from stint.coach.odds import odds_for
from stint.core.errors import Conflict, NotFound, PermissionDenied
from stint.projects.access import Access, project_access
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project, ProjectSkill

SEVERITY_ORDER = {c.BLOCKER: 0, c.WARNING: 1, c.TIP: 2}


def _required_skills(project: Project) -> list[c.SkillTerms]:
    rows = ProjectSkill.objects.filter(project_id=project.pk, required=True).select_related("skill")
    out = []
    for row in rows.order_by("skill__label"):
        skill = row.skill
        terms = [skill.label, *(skill.synonyms or []), *(skill.alt_labels or [])]
        unique = tuple(dict.fromkeys(str(term) for term in terms if str(term).strip()))
        out.append(c.SkillTerms(label=skill.label, terms=unique))
    return out


def project_get_for_check(*, talent: Any, project_id: Any, secret: str = "") -> Project:
    """The project ``talent`` may apply to now: 404 when they cannot see it, 403
    ``talent_role_required`` for other roles, 409 ``applications_closed`` / ``already_applied``."""
    project = application_selectors.project_get_for_application(talent=talent, project_id=project_id, secret=secret)
    if not getattr(talent, "is_talent", False):
        raise PermissionDenied(_("Only talent accounts can apply to projects."), code="talent_role_required")
    if project_access(project=project, user=talent, secret=secret) is not Access.APPLY:
        raise NotFound(_("Project not found."))
    if project.status != ProjectStatus.OPEN or project.application_deadline <= timezone.now():
        raise Conflict(_("This project no longer accepts applications."), code="applications_closed")
    if Application.objects.filter(project_id=project.pk, talent_id=talent.pk).exists():
        raise Conflict(_("You have already applied to this project."), code="already_applied")
    return project


def application_check(
    *, talent: Any, project: Project, cover_letter: str, answers: list[str], links: list[str]
) -> dict[str, Any]:
    """The coach's report on a letter ``talent`` has not sent yet (``project`` from
    ``project_get_for_check``): findings (blockers first), what each check saw, and the odds."""
    letter = c.Letter(cover_letter=(cover_letter or "").replace("\x00", ""), answers=list(answers), links=list(links))
    earlier = list(
        Application.objects.filter(talent_id=talent.pk)
        .exclude(project_id=project.pk)
        .values_list("cover_letter", flat=True)
    )
    skills, skill_findings = c.check_skills(letter, _required_skills(project))
    rubric, rubric_findings = c.check_rubric(letter, list(project.rubric or []))
    questions, question_findings = c.check_questions(letter, list(project.questions or []))
    reuse, reuse_findings = c.check_reuse(letter, earlier)
    length, length_findings = c.check_length(letter, min_chars=settings.STINT_MIN_COVER_LETTER_CHARS)
    links_summary, link_findings = c.check_links(letter, max_links=MAX_LINKS)
    findings = [
        *question_findings,
        *length_findings,
        *reuse_findings,
        *link_findings,
        *skill_findings,
        *rubric_findings,
    ]
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    return {
        "ready": not any(f.severity == c.BLOCKER for f in findings),
        "findings": [f.as_dict() for f in findings],
        "skills": skills,
        "rubric": rubric,
        "questions": questions,
        "reuse": reuse,
        "length": length,
        "links": links_summary,
        "odds": odds_for(talent=talent, project=project),
    }
