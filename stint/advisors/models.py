"""Institutions, their advisors and professors, cohorts and what flows through them (docs/advisors.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from stint.advisors.choices import (
    NOMINATION_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    InstitutionKind,
    NominationStatus,
    RefereeRelation,
    ReferralStatus,
    StaffTitle,
)
from stint.core.models import BaseModel


class Institution(BaseModel):
    """A university, college or bootcamp. Staff verify it as they verify organizations; until then
    companies cannot offer projects to it."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    kind = models.CharField(max_length=16, choices=InstitutionKind.choices, default=InstitutionKind.UNIVERSITY)
    website = models.URLField(blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class InstitutionStaff(BaseModel):
    """An advisor account working at an institution, as a career advisor or a professor."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="institution_roles")
    title = models.CharField(max_length=16, choices=StaffTitle.choices, default=StaffTitle.ADVISOR)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["institution", "user"], name="institution_staff_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_title_display()}, {self.institution})"


class Cohort(BaseModel):
    """A class, a programme or a year, run by one advisor. Talent join with the invite code."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="cohorts")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cohorts_owned")
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    invite_code = models.CharField(max_length=32, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.institution})"


class CohortMember(BaseModel):
    """A talent in a cohort. Joining is consent to the activity figures on the advisor's dashboard;
    earnings totals and the résumé are shared only if the talent turns them on. Leaving deletes the
    row, so the advisor loses sight of the talent on the next request."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    talent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships")
    share_earnings = models.BooleanField(default=False)
    share_resume = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cohort", "talent"], name="cohort_member_unique")]

    def __str__(self) -> str:
        return f"{self.talent} in {self.cohort}"


class ProjectShare(BaseModel):
    """A project offered through the network to exactly one of: a cohort, an institution (every
    cohort of it), or one named talent. Members of the target may open and apply to it even when it
    is unlisted or invite-only."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, null=True, blank=True, on_delete=models.CASCADE, related_name="shares")
    institution = models.ForeignKey(Institution, null=True, blank=True, on_delete=models.CASCADE, related_name="shares")
    talent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(cohort__isnull=False, institution__isnull=True, talent__isnull=True)
                    | models.Q(cohort__isnull=True, institution__isnull=False, talent__isnull=True)
                    | models.Q(cohort__isnull=True, institution__isnull=True, talent__isnull=False)
                ),
                name="project_share_one_target",
            ),
            models.UniqueConstraint(
                fields=["project", "cohort"], condition=models.Q(cohort__isnull=False), name="project_share_cohort"
            ),
            models.UniqueConstraint(
                fields=["project", "institution"],
                condition=models.Q(institution__isnull=False),
                name="project_share_institution",
            ),
            models.UniqueConstraint(
                fields=["project", "talent"], condition=models.Q(talent__isnull=False), name="project_share_talent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} shared with {self.cohort or self.institution or self.talent}"


class Nomination(BaseModel):
    """An advisor's recommendation of one cohort student for one project. The company sees it on
    the application; the student is notified and still decides whether to apply."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="nominations")
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    talent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nominations")
    advisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(max_length=1000)
    status = models.CharField(max_length=16, choices=NominationStatus.choices, default=NominationStatus.NOMINATED)
    declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "talent"], name="nomination_one_per_talent_per_project"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in NominationStatus]), name="nomination_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.talent} nominated for {self.project}"

    @property
    def declinable(self) -> bool:
        """The student may still decline it (the transition table allows it from this status)."""
        return NominationStatus.DECLINED in NOMINATION_TRANSITIONS[self.status]


class Referral(BaseModel):
    """A short reference a talent asked of an advisor, a professor or a past supervisor. Companies
    see given references with the talent's applications."""

    talent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referrals_asked")
    referee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referrals_received")
    relation = models.CharField(max_length=16, choices=RefereeRelation.choices)
    context = models.CharField(max_length=200, help_text="Which cohort or project the referee knows the talent from")
    message = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.REQUESTED)
    text = models.TextField(max_length=2000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # A given reference appears on the talent's portfolio only with both consents.
    referee_allows_portfolio = models.BooleanField(default=False)
    show_on_portfolio = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["talent", "referee"], name="referral_one_per_referee"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ReferralStatus]), name="referral_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Reference for {self.talent} by {self.referee}"

    @property
    def awaiting_answer(self) -> bool:
        """The referee has not answered yet (the transition table still leads somewhere)."""
        return bool(REFERRAL_TRANSITIONS[self.status])

    @property
    def is_given(self) -> bool:
        return self.status == ReferralStatus.GIVEN
