"""Kinds and statuses of the network (docs/advisors.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    COLLEGE = "college", _("College")
    BOOTCAMP = "bootcamp", _("Bootcamp")
    OTHER = "other", _("Other")


class StaffTitle(models.TextChoices):
    ADVISOR = "advisor", _("Career advisor")
    PROFESSOR = "professor", _("Professor")


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    DECLINED = "declined", _("Declined by the student")


NOMINATION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    NominationStatus.NOMINATED: (NominationStatus.DECLINED,),
    NominationStatus.DECLINED: (),
}


class ReferralStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    GIVEN = "given", _("Given")
    DECLINED = "declined", _("Declined")


REFERRAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReferralStatus.REQUESTED: (ReferralStatus.GIVEN, ReferralStatus.DECLINED),
    ReferralStatus.GIVEN: (),
    ReferralStatus.DECLINED: (),
}


class RefereeRelation(models.TextChoices):
    ADVISOR = "advisor", _("Advisor or professor of one of my cohorts")
    SUPERVISOR = "supervisor", _("Supervisor of one of my completed projects")
