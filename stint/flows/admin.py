"""Admin actions that span apps. Verifying organizations opens their pending projects, so the
organization admin with that action is registered here, on top of the apps it calls."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from stint.core.errors import ApplicationError
from stint.flows.publishing import organization_verify
from stint.organizations.admin import OrganizationAdmin
from stint.organizations.models import Organization


class VerifyingOrganizationAdmin(OrganizationAdmin):
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


admin.site.unregister(Organization)
admin.site.register(Organization, VerifyingOrganizationAdmin)
