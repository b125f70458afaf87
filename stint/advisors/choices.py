"""Kinds and statuses of the network (docs/advisors.md)."""

from django.db import models


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", "University"
    COLLEGE = "college", "College"
    BOOTCAMP = "bootcamp", "Bootcamp"
    OTHER = "other", "Other"


class StaffTitle(models.TextChoices):
    ADVISOR = "advisor", "Career advisor"
    PROFESSOR = "professor", "Professor"


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", "Nominated"
    DECLINED = "declined", "Declined by the student"


NOMINATION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    NominationStatus.NOMINATED: (NominationStatus.DECLINED,),
    NominationStatus.DECLINED: (),
}


class ReferralStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    GIVEN = "given", "Given"
    DECLINED = "declined", "Declined"


REFERRAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReferralStatus.REQUESTED: (ReferralStatus.GIVEN, ReferralStatus.DECLINED),
    ReferralStatus.GIVEN: (),
    ReferralStatus.DECLINED: (),
}


class RefereeRelation(models.TextChoices):
    ADVISOR = "advisor", "Advisor or professor of one of my cohorts"
    SUPERVISOR = "supervisor", "Supervisor of one of my completed projects"
