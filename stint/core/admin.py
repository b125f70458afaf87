from django.contrib import admin

from stint.core.models import AuditEvent, FailedTask


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "code", "actor", "target_type", "target_id")
    list_filter = ("code",)
    search_fields = ("code", "target_id", "actor__email")
    readonly_fields = ("created_at", "actor", "code", "target_type", "target_id", "data")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):
    list_display = ("created_at", "task_path", "attempts", "error", "resolved_at")
    list_filter = ("task_path",)
    readonly_fields = ("created_at", "task_path", "args", "kwargs", "attempts", "error", "traceback")
