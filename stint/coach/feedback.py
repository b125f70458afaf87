"""After a decision: the applicant's rubric scores, the company's reason and what to improve
(docs/coach.md "After a decision").

What to improve comes from the lowest-scored criteria: every criterion scored 3 or under, lowest
first and heavier first among equals, at most ``MAX_IMPROVEMENTS``; when all scores are 4 or 5,
the lowest one under 5. When the company scored nothing, the criteria the sent letter did not
address (the coach's rubric check) stand in, and the page says so.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from stint.applications import selectors as application_selectors
from stint.applications.choices import ApplicationStatus
from stint.applications.models import Application
from stint.coach import checks as c

S = ApplicationStatus
DECIDED = (S.REJECTED, S.OFFERED, S.HIRED, S.DECLINED)
MAX_IMPROVEMENTS = 3
LOW_SCORE = 3


def _improvement(criterion: str, weight: int, score: int | None) -> dict[str, Any]:
    if score is None:
        text = _("Your letter did not speak to “%(criterion)s”. Next time, give one example that shows it.") % {
            "criterion": criterion
        }
    else:
        text = _(
            "“%(criterion)s” scored %(score)s of 5 (weight %(weight)s). Next time, show it with a concrete "
            "example: what you did, how, and the result, with a link to the work."
        ) % {"criterion": criterion, "score": score, "weight": weight}
    return {"criterion": criterion, "weight": weight, "score": score, "suggestion": text}


def feedback_for(application: Application) -> dict[str, Any]:
    """The feedback of one application, for its talent. Empty (``decided`` false) before a decision."""
    if application.status not in DECIDED:
        return {
            "decided": False,
            "status": application.status,
            "reason": "",
            "scores": [],
            "scored": False,
            "improve": [],
            "improve_from_letter": False,
        }
    project = application.project
    scores = {s.criterion: s.score for s in application.rubric_scores.all()}
    rows: list[dict[str, Any]] = [
        {
            "criterion": str(r.get("criterion", "")),
            "weight": int(r.get("weight") or 1),
            "score": scores.get(str(r.get("criterion", ""))),
        }
        for r in project.rubric or []
        if str(r.get("criterion", "")).strip()
    ]
    scored = sorted((r for r in rows if r["score"] is not None), key=lambda r: (r["score"], -r["weight"]))
    low = [r for r in scored if r["score"] <= LOW_SCORE] or [r for r in scored[:1] if r["score"] < 5]
    improve = [_improvement(r["criterion"], r["weight"], r["score"]) for r in low[:MAX_IMPROVEMENTS]]
    from_letter = False
    if not scored:
        letter = c.Letter(cover_letter=application.cover_letter, answers=list(application.answers or []))
        rubric_rows, _findings = c.check_rubric(letter, list(project.rubric or []))
        missed = [r for r in rubric_rows if not r["addressed"]]
        improve = [_improvement(r["criterion"], r["weight"], None) for r in missed[:MAX_IMPROVEMENTS]]
        from_letter = True
    return {
        "decided": True,
        "status": application.status,
        "reason": application.rejection_reason if application.status == S.REJECTED else "",
        "scores": rows,
        "scored": bool(scored),
        "improve": improve,
        "improve_from_letter": from_letter,
    }


def application_feedback(*, talent: Any, application_id: Any) -> dict[str, Any]:
    """The feedback on the caller's own application; 404 for anyone else (company members too:
    they see their scores on the application itself)."""
    application = application_selectors.application_get_for_talent(talent=talent, application_id=application_id)
    return {"application_id": application.pk, **feedback_for(application)}
