from django.contrib import admin

from stint.notifications.models import Notification, NotificationPreference


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
