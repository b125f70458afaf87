from django.contrib import admin

from stint.projects.models import Project, ProjectInvitation, ProjectSkill


class ProjectSkillInline(admin.TabularInline):
    model = ProjectSkill
    extra = 0
    raw_id_fields = ["skill"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    """Read-mostly: state changes go through the services (the moderation page for staff)."""

    list_display = ["title", "organization", "status", "visibility", "fee", "estimated_hours", "published_at"]
    list_filter = ["status", "visibility", "category"]
    search_fields = ["title", "summary", "organization__name", "external_id"]
    readonly_fields = ["status", "published_at", "closed_at", "close_reason", "secret_token", "description_html"]
    list_select_related = ["organization"]
    inlines = [ProjectSkillInline]


@admin.register(ProjectInvitation)
class ProjectInvitationAdmin(admin.ModelAdmin):
    list_display = ["project", "talent", "invited_by", "created_at"]
    raw_id_fields = ["project", "talent", "invited_by"]
