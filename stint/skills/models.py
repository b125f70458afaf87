from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stint.core.models import BaseModel


class Category(BaseModel):
    """A Stint work category (research, marketing, data analysis, …). Projects have exactly one."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class SkillSource(models.TextChoices):
    CURATED = "curated", _("Curated (featured)")
    ESCO = "esco", "ESCO"
    PROPOSED = "proposed", _("Proposed by an organization")


class Skill(BaseModel):
    """A skill of the vocabulary: Stint's curated, featured core (with a category), the rest of
    ESCO's skills (no category), or a skill proposed by an organization (no ESCO URI until staff
    map it). See docs/skills.md."""

    slug = models.SlugField(max_length=120, unique=True)
    label = models.CharField(max_length=150)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="skills", null=True, blank=True)
    esco_uri = models.URLField(max_length=300, unique=True, null=True, blank=True)
    source = models.CharField(max_length=10, choices=SkillSource.choices, default=SkillSource.CURATED, db_index=True)
    synonyms = models.JSONField(default=list, blank=True)
    # ESCO's alternative labels, cut out of the merged ESCO text by stint.skills.esco.
    alt_labels = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    # Lower-cased, accent-folded label + synonyms: what the typo-tolerant search matches against.
    search_text = models.TextField(blank=True)
    related = models.ManyToManyField("self", blank=True, symmetrical=True)
    # Proposed skills: the folded label (one proposal per label), when staff confirmed it, and the
    # ESCO concept staff judged nearest.
    proposal_key = models.CharField(max_length=150, null=True, blank=True, unique=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    maps_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["label"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source="proposed") | models.Q(esco_uri__isnull=False),
                name="skill_esco_uri_unless_proposed",
            ),
            models.CheckConstraint(
                condition=~models.Q(source="curated") | models.Q(category__isnull=False),
                name="skill_curated_has_category",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def featured(self) -> bool:
        return self.source == SkillSource.CURATED

    @property
    def pending(self) -> bool:
        """A proposal staff have not confirmed yet: usable only by the organizations that proposed it."""
        return self.source == SkillSource.PROPOSED and self.confirmed_at is None


class SkillProposal(BaseModel):
    """One organization's proposal of a skill. Proposals of the same folded label share one skill.

    ``organization_id`` is not a foreign key: skills sit below organizations in the layers."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="proposals")
    organization_id = models.UUIDField(db_index=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    label = models.CharField(max_length=150)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["skill", "organization_id"], name="skill_proposal_once_per_org")]


class Occupation(BaseModel):
    """An ESCO occupation, for target roles ("data analyst", "marketing assistant")."""

    slug = models.SlugField(max_length=120, unique=True)
    label = models.CharField(max_length=150)
    esco_uri = models.URLField(max_length=300, unique=True)
    alt_labels = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class VocabularyImport(BaseModel):
    """The checksum of the ESCO files last imported: a repeated import of the same files is skipped."""

    name = models.CharField(max_length=40, unique=True)
    checksum = models.CharField(max_length=64)
    summary = models.CharField(max_length=300, blank=True)
