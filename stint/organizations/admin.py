from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from stint.organizations.models import Invitation, Membership, Organization


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
    # The verify action opens pending projects too: stint.flows.admin adds it.


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organization", "role", "expires_at", "accepted_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("email", "organization__name")
    readonly_fields = ("token_hash", "invited_by", "accepted_by", "accepted_at", "emailed_at", "created_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # invitations are created by the service, which emails the link
