from django.contrib import admin

from stint.engagements.models import ChangeRequest, Engagement, Milestone, Review, Submission, SubmissionFile, TimeEntry


class TimeEntryInline(admin.TabularInline):
    model = TimeEntry
    extra = 0
    raw_id_fields = ("talent",)


class SubmissionInline(admin.TabularInline):
    model = Submission
    extra = 0
    raw_id_fields = ("submitted_by",)
    readonly_fields = ("round", "created_at")


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    """Read the state here; change it only through the services (they move money and audit)."""

    list_display = ("project", "talent", "status", "due_date", "review_deadline", "created_at")
    list_filter = ("status", "cancelled_by", "auto_released")
    raw_id_fields = ("application", "project", "talent", "disputed_by", "overrun_decided_by")
    readonly_fields = ("status", "fee_minor", "currency", "settled_at", "talent_share_minor")
    inlines = [TimeEntryInline, SubmissionInline]


@admin.register(SubmissionFile)
class SubmissionFileAdmin(admin.ModelAdmin):
    list_display = ("original_name", "content_type", "size", "submission", "created_at")
    raw_id_fields = ("submission",)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("engagement", "side", "rating", "author", "created_at")
    raw_id_fields = ("engagement", "author", "subject", "organization")


admin.site.register(Milestone)
admin.site.register(ChangeRequest)
