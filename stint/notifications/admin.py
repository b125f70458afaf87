from django.contrib import admin

from stint.notifications.models import Notification, NotificationPreference, OutgoingEmail


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "event", "title", "read_at", "emailed_at")
    list_filter = ("event",)
    search_fields = ("user__email", "title", "event")
    raw_id_fields = ("user",)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "group", "email")
    list_filter = ("group", "email")
    raw_id_fields = ("user",)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The email outbox, read-only: what was sent, what is waiting, what failed for good (and why)."""

    list_display = ("created_at", "dedup_key", "subject", "status", "attempts", "sent_at")
    list_filter = ("status",)
    search_fields = ("dedup_key", "subject")
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
