from django.contrib import admin

from stint.applications.models import Application, RubricScore


class RubricScoreInline(admin.TabularInline):
    model = RubricScore
    extra = 0
    raw_id_fields = ("scored_by",)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("project", "talent", "status", "created_at", "first_response_at")
    list_filter = ("status",)
    search_fields = ("talent__email", "project__title")
    raw_id_fields = ("project", "talent", "nominated_by")
    readonly_fields = ("status",)
    inlines = [RubricScoreInline]
