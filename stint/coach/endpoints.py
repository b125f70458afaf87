"""The coach in the API: check a letter before sending it; feedback after a decision."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router

from stint.applications.schemas import ApplicationIn
from stint.coach import feedback, selectors
from stint.coach.schemas import CheckOut, FeedbackOut
from stint.core.api import ProblemSchema

router = Router(tags=["coach"])

ERRORS = {401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema}


@router.post(
    "/projects/{project_id}/applications/check",
    response={200: CheckOut, **ERRORS},
    operation_id="stint_coach_endpoints_application_check",
)
def application_check(request: HttpRequest, project_id: uuid.UUID, payload: ApplicationIn, secret: str = "") -> Any:
    """Check an application before sending it (same body as `POST /projects/{id}/applications`);
    creates nothing. Returns `findings` (each with a stable `code`, a `severity`: `blocker`,
    `warning` or `tip`, and a `suggestion`): `skill_not_addressed`, `rubric_criterion_not_addressed`,
    `question_unanswered`, `answer_too_short`, `letter_reused`, `letter_too_short`, `letter_short`,
    `letter_long`, `hard_to_read`, `long_sentences`, `invalid_link`, `too_many_links`,
    `no_evidence_links`; what each check saw; and `odds`: applications received, openings, and the
    caller's fit band among current applicants (never another applicant's data). docs/coach.md.

    Codes: `talent_role_required` (403), `not_found` (404), `applications_closed`,
    `already_applied` (409)."""
    project = selectors.project_get_for_check(talent=request.user, project_id=project_id, secret=secret)
    return selectors.application_check(
        talent=request.user,
        project=project,
        cover_letter=payload.cover_letter,
        answers=payload.answers,
        links=payload.links,
    )


@router.get(
    "/applications/{application_id}/feedback",
    response={200: FeedbackOut, **ERRORS},
    operation_id="stint_coach_endpoints_application_feedback",
)
def application_feedback(request: HttpRequest, application_id: uuid.UUID) -> Any:
    """For the applicant, once the company decided (rejected, offered, hired; `decided`): the rubric
    scores, the company's reason if it wrote one, and what to improve, from the lowest-scored
    criteria (or, when nothing was scored, the criteria the letter did not address). 404 for
    anyone but the applicant."""
    return feedback.application_feedback(talent=request.user, application_id=application_id)
