from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from stint.core.models import AuditEvent, FailedTask


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ("created_at", "code", "actor", "target_type", "target_id")
    list_filter = ("code",)
    search_fields = ("code", "target_id", "actor__email")
    readonly_fields = ("created_at", "actor", "code", "target_type", "target_id", "data")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin[FailedTask]):
    list_display = ("created_at", "task_path", "attempts", "error", "resolved_at")
    list_filter = ("task_path",)
    readonly_fields = ("created_at", "task_path", "args", "kwargs", "attempts", "error", "traceback")

    actions = ["retry_selected"]

    @admin.action(description="Retry the selected failed tasks")
    def retry_selected(self, request: HttpRequest, queryset: QuerySet[FailedTask]) -> None:
        from stint.core.taskqueue import failed_task_retry

        retried = sum(1 for failed in queryset if failed_task_retry(failed, actor=request.user))
        self.message_user(request, f"Re-queued {retried} task(s).", messages.SUCCESS)
