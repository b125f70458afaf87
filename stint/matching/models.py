"""Search index rows and saved searches.

``ProjectSearchDocument`` is the search index of one *listed* project (open and public): its text,
denormalised so that neither engine joins other tables to match, and the columns the filters and
sorts read. It is written only by ``stint.matching.indexing``. On SQLite an external-content FTS5
table ``matching_projectfts`` mirrors its text columns through triggers (see migration 0002); on
PostgreSQL ``search_vector`` holds the weighted tsvector, under a GIN index.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from stint.core.models import BaseModel


class ProjectSearchDocument(models.Model):
    # An integer key: FTS5 addresses rows by an integer rowid.
    id = models.BigAutoField(primary_key=True)
    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="search_document")
    # Text (the FTS5 columns have the same names, in this order).
    title = models.TextField()
    summary = models.TextField(blank=True)
    description = models.TextField(blank=True)
    skills_text = models.TextField(blank=True, help_text="Skill labels and their synonyms")
    organization_name = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True, blank=True)
    # Filter and sort columns.
    organization_id = models.UUIDField()
    category_slug = models.CharField(max_length=60, db_index=True)
    estimated_hours = models.PositiveSmallIntegerField()
    fee_minor = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    hourly_rate_minor = models.PositiveIntegerField(db_index=True)
    due_date = models.DateField()
    application_deadline = models.DateTimeField(db_index=True)
    verified = models.BooleanField(default=False)
    timezone = models.CharField(max_length=64, blank=True, help_text="The project's time zone")
    utc_offset_minutes = models.SmallIntegerField(null=True, blank=True)
    # Added nullable and without defaults: SQLite then adds the columns in place (a table rebuild
    # would drop the FTS5 triggers of migration 0002).
    language = models.CharField(max_length=8, null=True, blank=True)
    search_config = models.CharField(max_length=20, null=True, blank=True, help_text="PostgreSQL text search")
    overlap_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    overlap_start = models.TimeField(null=True, blank=True)
    overlap_end = models.TimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    status = models.CharField(max_length=20)
    visibility = models.CharField(max_length=16)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Each browse sort, with its id tie-break, is one index scan: no sort of the whole catalogue.
        # (Only indexes are added here: altering a field would make SQLite rebuild the table and
        # drop the FTS5 triggers of migration 0002.)
        indexes = [
            models.Index(fields=["published_at", "id"], name="matching_doc_pub_id"),
            models.Index(fields=["application_deadline", "-id"], name="matching_doc_deadline_id"),
            models.Index(fields=["hourly_rate_minor", "id"], name="matching_doc_rate_id"),
            models.Index(fields=["category_slug", "published_at", "id"], name="matching_doc_cat_pub_id"),
        ]

    def __str__(self) -> str:
        return f"Search document of {self.title}"


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class SavedSearch(BaseModel):
    """A talent's saved search; a digest emails the new matching projects once per period."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=120)
    params = models.JSONField(default=dict, blank=True, help_text="The search page's query parameters")
    frequency = models.CharField(max_length=8, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY)
    # Projects published after this instant are "new" for the next digest; claimed with a conditional update.
    last_sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(frequency__in=[f.value for f in DigestFrequency]), name="saved_search_frequency"
            ),
        ]

    def __str__(self) -> str:
        return self.name
