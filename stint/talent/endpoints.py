from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from ninja import File, Router
from ninja.files import UploadedFile

from stint.core.api import ProblemSchema
from stint.core.types import AuthedRequest
from stint.talent import selectors, services
from stint.talent.schemas import CompletenessOut, TalentProfileIn, TalentProfileOut, profile_out

router = Router(tags=["talent"])

ERRORS = {401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema}


def _own(request: AuthedRequest) -> dict:
    profile = selectors.talent_profile_for_user(request.user)
    return profile_out(profile, include_completeness=True)


@router.get("/me/talent-profile", response={200: TalentProfileOut, **ERRORS})
def talent_profile_get(request: AuthedRequest):
    """Your talent profile (created empty on first access), with its completeness and next steps.
    Only talent accounts have one (403 `talent_role_required`)."""
    return _own(request)


@router.put("/me/talent-profile", response={200: TalentProfileOut, **ERRORS})
def talent_profile_put(request: AuthedRequest, payload: TalentProfileIn):
    """Update your profile. Omitted fields keep their value; a list you send replaces the stored
    list. Invalid input is 422 with a `code` per rule (`unknown_skill`, `invalid_timezone`, …) and
    changes nothing."""
    services.talent_profile_update(user=request.user, data=payload.as_service_data())
    return _own(request)


@router.get("/me/talent-profile/completeness", response={200: CompletenessOut, **ERRORS})
def talent_profile_completeness(request: AuthedRequest):
    """How complete your profile is (percent) and what to add next."""
    return selectors.profile_completeness(selectors.talent_profile_for_user(request.user))


@router.post("/me/talent-profile/resume", response={200: TalentProfileOut, **ERRORS})
def talent_resume_upload(request: AuthedRequest, file: File[UploadedFile]):
    """Upload your résumé (multipart field `file`): a real PDF (checked by content, 422
    `invalid_pdf`) of at most `STINT_RESUME_MAX_BYTES` (422 `file_too_large`). It replaces the
    previous one and is served only to you and to organizations you applied to."""
    services.talent_resume_upload(user=request.user, upload=file)
    return _own(request)


@router.delete("/me/talent-profile/resume", response={204: None, **ERRORS})
def talent_resume_delete(request: AuthedRequest):
    """Delete your résumé (idempotent)."""
    services.talent_resume_delete(user=request.user)
    return HttpResponse(status=204)


@router.get("/talent-profiles/{profile_id}", response={200: TalentProfileOut, **ERRORS})
def talent_profile_view(request: HttpRequest, profile_id: uuid.UUID):
    """A talent profile as a company sees it: visible to the talent and to members of an
    organization the talent applied to; 404 for everyone else."""
    profile = selectors.talent_profile_get_for_viewer(request.user, profile_id)
    return profile_out(profile, include_completeness=profile.user_id == request.user.pk)
