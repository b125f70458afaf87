"""JSON API of engagements (API.md "Engagements and money"). Same selectors and services as the pages."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from stint.core.api import Page, ProblemSchema, paginate
from stint.core.errors import NotFound, ValidationFailed
from stint.core.types import AuthedRequest
from stint.engagements import milestones, selectors, services
from stint.engagements.models import Engagement, Milestone, TimeEntry
from stint.engagements.schemas import (
    EngagementDetailOut,
    EngagementOut,
    MessageIn,
    MilestoneIn,
    MilestoneOut,
    OverrunIn,
    ReasonIn,
    ReviewIn,
    ReviewOut,
    SubmissionOut,
    TimeEntryIn,
    TimeEntryOut,
)

router = Router(tags=["engagements"])
ERRORS: dict[int, Any] = {
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
    404: ProblemSchema,
    409: ProblemSchema,
    422: ProblemSchema,
}


def engagement_to_dict(engagement: Engagement) -> dict[str, Any]:
    return {
        "id": engagement.pk,
        "application_id": engagement.application_id,
        "project": {
            "id": engagement.project_id,
            "title": engagement.project.title,
            "organization_name": engagement.project.organization.name,
            "estimated_hours": engagement.project.estimated_hours,
        },
        "status": engagement.status,
        "fee": engagement.fee.as_dict(),
        "due_date": engagement.due_date,
        "due_at": engagement.due_at,
        "review_deadline": engagement.review_deadline,
        "created_at": engagement.created_at,
    }


def _get(request: AuthedRequest, engagement_id: uuid.UUID) -> Engagement:
    return selectors.engagement_get_for_user(user=request.user, engagement_id=engagement_id)


def _detail(request: AuthedRequest, engagement_id: uuid.UUID) -> dict[str, Any]:
    return selectors.engagement_detail_data(engagement=_get(request, engagement_id), user=request.user)


@router.get("/me/engagements", response={200: Page[EngagementOut], 401: ProblemSchema})
def my_engagements(request: AuthedRequest, page: int = 1, page_size: int = 20):
    """Your engagements, newest first: as the hired talent, and those of every organization you belong to."""
    items, count = paginate(selectors.engagement_list_for_user(user=request.user), page, page_size)
    return {"items": [engagement_to_dict(e) for e in items], "count": count}


@router.get("/engagements/{engagement_id}", response={200: EngagementDetailOut, **ERRORS})
def engagement_detail(request: AuthedRequest, engagement_id: uuid.UUID):
    """One engagement: status, due date, hours logged, scope guard, submissions, funds and the reviews
    you may see (blind until both sides reviewed or 14 days after approval). Outsiders get 404."""
    return _detail(request, engagement_id)


@router.post("/engagements/{engagement_id}/time-entries", response={201: TimeEntryOut, **ERRORS})
def time_entry_create(request: AuthedRequest, engagement_id: uuid.UUID, payload: TimeEntryIn):
    """Log time (the engaged talent; active or changes requested). Send `hours` (e.g. 1.5) or `minutes`.
    At most `STINT_MAX_HOURS_PER_DAY` (default 12) per day (`422 daily_limit_exceeded`) and no more
    than the estimate in total until the company approves the overrun (`409 estimate_exceeded`)."""
    engagement = _get(request, engagement_id)
    if payload.minutes is not None:
        minutes = payload.minutes
    elif payload.hours is not None:
        minutes = services.minutes_from_hours(payload.hours)
    else:
        raise ValidationFailed(
            _("Send hours or minutes."), code="invalid_minutes", errors=[{"field": "hours", "message": _("Required.")}]
        )
    entry = services.time_entry_log(
        talent=request.user, engagement=engagement, date=payload.date, minutes=minutes, note=payload.note
    )
    return Status(
        201,
        {
            "id": entry.pk,
            "date": entry.date,
            "minutes": entry.minutes,
            "hours": round(entry.minutes / 60, 2),
            "note": entry.note,
        },
    )


@router.delete("/engagements/{engagement_id}/time-entries/{entry_id}", response={204: None, **ERRORS})
def time_entry_remove(request: AuthedRequest, engagement_id: uuid.UUID, entry_id: uuid.UUID):
    """Delete one of your time entries while the engagement is active."""
    engagement = _get(request, engagement_id)
    entry = TimeEntry.objects.filter(pk=entry_id, engagement=engagement).select_related("engagement__project").first()
    if entry is None:
        raise NotFound(_("Time entry not found."))
    services.time_entry_delete(talent=request.user, entry=entry)
    return Status(204, None)


@router.post("/engagements/{engagement_id}/submissions", response={201: SubmissionOut, **ERRORS})
def submission_create(
    request: AuthedRequest,
    engagement_id: uuid.UUID,
    ai_use: Form[str] = "",
    notes: Form[str] = "",
    links: Form[list[str]] = [],  # noqa: B006
    files: File[list[UploadedFile]] = [],  # noqa: B006
):
    """Deliver work (multipart: `files[]` (≤ 10, ≤ 20 MB each; PDF, images, ZIP/Office, text),
    `links[]`, `notes`, `ai_use` (required declaration)). The status becomes `submitted` and the
    company's review window starts."""
    engagement = _get(request, engagement_id)
    uploads = list(files or []) or request.FILES.getlist("files[]")
    link_values = list(links or []) or request.POST.getlist("links[]")
    submission = services.submission_create(
        talent=request.user, engagement=engagement, notes=notes, ai_use=ai_use, links=link_values, files=uploads
    )
    data = selectors.engagement_detail_data(engagement=engagement, user=request.user)
    return Status(201, next(s for s in data["submissions"] if s["id"] == submission.pk))


@router.post("/engagements/{engagement_id}/request-changes", response={200: EngagementDetailOut, **ERRORS})
def request_changes(request: AuthedRequest, engagement_id: uuid.UUID, payload: MessageIn):
    """Ask for changes on the submission (company; at most `STINT_MAX_CHANGE_ROUNDS` rounds,
    then `409 change_rounds_exhausted`)."""
    services.engagement_request_changes(
        actor=request.user, engagement=_get(request, engagement_id), message=payload.message
    )
    return _detail(request, engagement_id)


@router.post("/engagements/{engagement_id}/dispute", response={200: EngagementDetailOut, **ERRORS})
def dispute(request: AuthedRequest, engagement_id: uuid.UUID, payload: ReasonIn):
    """Open a dispute (either side) on a submission or an unsettled cancellation."""
    services.engagement_dispute_open(actor=request.user, engagement=_get(request, engagement_id), reason=payload.reason)
    return _detail(request, engagement_id)


@router.post("/engagements/{engagement_id}/reviews", response={201: ReviewOut, **ERRORS})
def review_create(request: AuthedRequest, engagement_id: uuid.UUID, payload: ReviewIn):
    """Review the other side after approval (once per side). Blind until both sides reviewed or 14 days passed."""
    review = services.review_create(
        author=request.user,
        engagement=_get(request, engagement_id),
        rating=payload.rating,
        comment=payload.comment,
        endorsed_skills=list(payload.endorsed_skills),
    )
    return Status(201, selectors.review_data(review))


@router.get("/engagements/{engagement_id}/files/{file_id}", response={200: None, **ERRORS})
def file_download(request: AuthedRequest, engagement_id: uuid.UUID, file_id: uuid.UUID):
    """Download a deliverable (the two sides only; staff on a dispute) as an attachment."""
    item = selectors.submission_file_get_for_user(user=request.user, engagement_id=engagement_id, file_id=file_id)
    return file_response(item)


def file_response(item: Any) -> FileResponse:
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # A private file: no shared cache (proxy, CDN) may keep it, nor the browser's disk cache.
    response["Cache-Control"] = "private, no-store"
    return response


@router.post("/engagements/{engagement_id}/milestones", response={201: MilestoneOut, **ERRORS})
def milestone_create(request: AuthedRequest, engagement_id: uuid.UUID, payload: MilestoneIn):
    """Add a milestone (either side). A `due_date` lies between the engagement's start and its due
    date (`422 milestone_date_out_of_window`)."""
    milestone = services.milestone_create(
        actor=request.user, engagement=_get(request, engagement_id), title=payload.title, due_date=payload.due_date
    )
    return Status(201, milestone)


def _milestone(request: AuthedRequest, engagement_id: uuid.UUID, milestone_id: uuid.UUID) -> Milestone:
    engagement = _get(request, engagement_id)
    milestone = Milestone.objects.filter(pk=milestone_id, engagement=engagement).select_related("engagement").first()
    if milestone is None:
        raise NotFound(_("Milestone not found."))
    return milestone


@router.put("/engagements/{engagement_id}/milestones/{milestone_id}", response={200: MilestoneOut, **ERRORS})
def milestone_update(request: AuthedRequest, engagement_id: uuid.UUID, milestone_id: uuid.UUID, payload: MilestoneIn):
    """Change a milestone's title and due date (company; `due_date` null clears it). The date lies
    between the engagement's start and its due date (`422 milestone_date_out_of_window`)."""
    milestone = _milestone(request, engagement_id, milestone_id)
    return milestones.milestone_update(
        actor=request.user, milestone=milestone, title=payload.title, due_date=payload.due_date
    )


@router.delete("/engagements/{engagement_id}/milestones/{milestone_id}", response={204: None, **ERRORS})
def milestone_delete(request: AuthedRequest, engagement_id: uuid.UUID, milestone_id: uuid.UUID):
    """Remove a milestone (company, while the engagement is open)."""
    milestones.milestone_delete(actor=request.user, milestone=_milestone(request, engagement_id, milestone_id))
    return Status(204, None)


@router.post("/engagements/{engagement_id}/overrun", response={200: EngagementDetailOut, **ERRORS})
def overrun(request: AuthedRequest, engagement_id: uuid.UUID, payload: OverrunIn):
    """Answer a scope overrun (company): `approve_overrun` or `adjust_scope`; the fee never changes."""
    services.engagement_overrun_acknowledge(
        actor=request.user, engagement=_get(request, engagement_id), decision=payload.decision, note=payload.note
    )
    return _detail(request, engagement_id)
