"""Statuses and levels of the credentials app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CredentialStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")


class EndorsementLevel(models.IntegerChoices):
    BEGINNER = 1, _("Beginner")
    DEVELOPING = 2, _("Developing")
    COMPETENT = 3, _("Competent")
    PROFICIENT = 4, _("Proficient")
    EXPERT = 5, _("Expert")


# Transferable skills a company may endorse on any engagement: (slug, label, ESCO URI, category slug).
# They are created on first use when the taxonomy import has not brought them (``transferable_skills``).
TRANSFERABLE_SKILLS: tuple[tuple[str, str, str, str], ...] = (
    (
        "communication",
        "Communication",
        "http://data.europa.eu/esco/skill/15d76317-c71a-4fa2-aadc-2ecc34e627b7",
        "operations",
    ),
    (
        "time-management",
        "Time management",
        "http://data.europa.eu/esco/skill/d9013e0e-e937-43d5-ab71-0e917ee882b8",
        "operations",
    ),
    (
        "problem-solving",
        "Problem solving",
        "http://data.europa.eu/esco/skill/03b9b491-fc9b-4868-914a-bf7cd47b5041",
        "research",
    ),
    (
        "project-management",
        "Project management",
        "http://data.europa.eu/esco/skill/7111b95d-0ce3-441a-9d92-4c75d05c4388",
        "operations",
    ),
)
