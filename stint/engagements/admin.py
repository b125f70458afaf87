from django.contrib import admin

from stint.engagements.models import Engagement


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ("project", "talent", "status", "due_date", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("application", "project", "talent")
