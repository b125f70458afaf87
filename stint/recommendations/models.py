"""Stored sentence embeddings: one row per project and per talent profile, recomputed only when the
text they were computed from changes (``text_hash`` covers the model version and the exact text)."""

from __future__ import annotations

from django.db import models


class ProjectEmbedding(models.Model):
    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, primary_key=True, related_name="recommendation_embedding"
    )
    vector = models.BinaryField(help_text="float16 little-endian, L2-normalised")
    dims = models.PositiveSmallIntegerField()
    text_hash = models.CharField(max_length=64)
    # The project's skills as [[skill_id, required, level, label], …], packed with the vector so that
    # scoring thousands of candidates reads one row each (refreshed with the vector: skills are in its
    # text). Rows written before labels were packed hold three items until their text changes.
    skills = models.JSONField(default=list, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Embedding of project {self.project_id}"


class TalentEmbedding(models.Model):
    profile = models.OneToOneField(
        "talent.TalentProfile", on_delete=models.CASCADE, primary_key=True, related_name="recommendation_embedding"
    )
    vector = models.BinaryField(help_text="float16 little-endian, L2-normalised")
    dims = models.PositiveSmallIntegerField()
    text_hash = models.CharField(max_length=64)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Embedding of talent profile {self.profile_id}"
