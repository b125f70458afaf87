from django.contrib import admin

from stint.planner.models import CalendarFeed, CapacityPattern, DueDateChangeRequest, ReminderSent


@admin.register(DueDateChangeRequest)
class DueDateChangeRequestAdmin(admin.ModelAdmin):
    list_display = ("engagement", "previous_due_date", "proposed_due_date", "status", "created_at")
    list_filter = ("status",)
    readonly_fields = ("engagement", "requested_by", "decided_by", "decided_at")


@admin.register(CapacityPattern)
class CapacityPatternAdmin(admin.ModelAdmin):
    list_display = ("user", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ("engagement", "kind", "created_at")
    readonly_fields = ("engagement", "kind")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "rotated_at")
    exclude = ("token",)
    readonly_fields = ("user", "rotated_at")
