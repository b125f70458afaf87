from __future__ import annotations

from django.db import models

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


class Skill(BaseModel):
    """A skill of Stint's curated list. Every skill keeps its ESCO concept URI."""

    slug = models.SlugField(max_length=120, unique=True)
    label = models.CharField(max_length=150)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="skills")
    esco_uri = models.URLField(max_length=300, unique=True)
    synonyms = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    # Lower-cased, accent-folded label + synonyms: what the typo-tolerant search matches against.
    search_text = models.TextField(blank=True)
    related = models.ManyToManyField("self", blank=True, symmetrical=True)

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label
