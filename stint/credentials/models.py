"""Proof of work: signed credentials, skill endorsements, the company's publication decision and the
talent's public portfolio settings (docs/credentials.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from stint.core.models import BaseModel
from stint.credentials.choices import CredentialStatus

STATUS_LIST_SIZE = 131072  # bits: the Bitstring Status List minimum, so the list hides its population


class IssuerKey(BaseModel):
    """An Ed25519 signing key generated on first use when ``STINT_CREDENTIAL_KEY`` is not set.
    Configured keys (from the environment or ``STINT_CREDENTIAL_KEY_FILE``) are never stored here."""

    kid = models.CharField(max_length=64, unique=True)
    private_pem = models.TextField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.kid


class Credential(BaseModel):
    """One Open Badges 3.0 credential per approved engagement (the unique constraint makes issuing
    exactly once, also when two workers race). ``jwt`` is the signed VC-JWT exactly as issued."""

    engagement = models.OneToOneField("engagements.Engagement", on_delete=models.PROTECT, related_name="credential")
    talent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credentials")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=CredentialStatus.choices, default=CredentialStatus.ACTIVE)
    status_index = models.PositiveIntegerField(unique=True)
    payload = models.JSONField()
    jwt = models.TextField()
    kid = models.CharField(max_length=200)
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["engagement"], name="credential_one_per_engagement"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in CredentialStatus]), name="credential_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status_index__lt=STATUS_LIST_SIZE), name="credential_status_index_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Credential {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status == CredentialStatus.ACTIVE

    @property
    def is_revoked(self) -> bool:
        return self.status == CredentialStatus.REVOKED


class Endorsement(BaseModel):
    """The company confirms that the talent showed ``skill`` on ``engagement`` at ``level``."""

    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="endorsements")
    talent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsements")
    skill = models.ForeignKey("skills.Skill", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField()
    transferable = models.BooleanField(default=False)
    endorsed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["skill__label"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "skill"], name="endorsement_one_per_skill"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="endorsement_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.level}/5)"


class Publication(BaseModel):
    """The company's decision about showing the deliverable in public: a summary it approved, or
    confidential (the portfolio then shows only the title and the skills)."""

    engagement = models.OneToOneField("engagements.Engagement", on_delete=models.CASCADE, related_name="publication")
    confidential = models.BooleanField(default=True)
    public_summary = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return "confidential" if self.confidential else "public"


class Portfolio(BaseModel):
    """The talent's public portfolio: off until they choose a slug and publish it; each section and
    each project can be hidden."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portfolio")
    slug = models.SlugField(max_length=60, unique=True, null=True, blank=True)
    published = models.BooleanField(default=False)
    show_headline = models.BooleanField(default=True)
    show_projects = models.BooleanField(default=True)
    show_reviews = models.BooleanField(default=False)
    show_skills = models.BooleanField(default=True)
    show_credentials = models.BooleanField(default=True)
    hidden_engagements = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return self.slug or f"portfolio of {self.user_id}"


class Reference(BaseModel):
    """The supervisor of a connection listed as a reference on the talent's portfolio, with both
    consents: each side sets its own ``*_consented_at`` (asking or accepting) and may clear it at any
    time (withdrawing). Listed only while both are set (docs/credentials.md, "References")."""

    connection = models.OneToOneField("messaging.Connection", on_delete=models.CASCADE, related_name="reference")
    talent_consented_at = models.DateTimeField(null=True, blank=True)
    supervisor_consented_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True, help_text="What the supervisor can speak to")

    def __str__(self) -> str:
        return f"Reference on {self.connection_id}"

    @property
    def listed(self) -> bool:
        return self.talent_consented_at is not None and self.supervisor_consented_at is not None
