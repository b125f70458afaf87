from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from stint.core.errors import ApplicationError
from stint.organizations.models import Invitation, Membership, Organization
from stint.organizations.services import organization_verify


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "industry", "size", "verified_at", "created_at")
    list_filter = (("verified_at", admin.EmptyFieldListFilter), "size")
    search_fields = ("name", "slug", "website")
    readonly_fields = ("verified_at", "verified_by", "created_at", "updated_at")
    inlines = [MembershipInline]
    actions = ["verify_selected"]

    @admin.action(description="Verify the selected organizations (publishes their projects waiting for review)")
    def verify_selected(self, request: HttpRequest, queryset: QuerySet[Organization]) -> None:
        verified = 0
        for organization in queryset.filter(verified_at__isnull=True):
            try:
                organization_verify(actor=request.user, organization=organization)
            except ApplicationError as exc:
                self.message_user(request, f"{organization}: {exc.message}", messages.ERROR)
            else:
                verified += 1
        self.message_user(request, f"{verified} organization(s) verified.", messages.SUCCESS)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organization", "role", "expires_at", "accepted_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("email", "organization__name")
    readonly_fields = ("token_hash", "invited_by", "accepted_by", "accepted_at", "emailed_at", "created_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # invitations are created by the service, which emails the link
