from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from stint.advisors.models import (
    Cohort,
    CohortMember,
    Institution,
    InstitutionStaff,
    Nomination,
    ProjectShare,
    Referral,
)
from stint.advisors.services import institution_verify


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "verified_at", "created_at")
    list_filter = (("verified_at", admin.EmptyFieldListFilter), "kind")
    search_fields = ("name", "slug")
    readonly_fields = ("verified_at", "verified_by", "created_at", "updated_at")
    actions = ["verify_selected"]

    @admin.action(description="Verify the selected institutions")
    def verify_selected(self, request: HttpRequest, queryset: QuerySet[Institution]) -> None:
        count = 0
        for institution in queryset.filter(verified_at__isnull=True):
            institution_verify(actor=request.user, institution=institution)
            count += 1
        self.message_user(request, f"{count} institution(s) verified.", messages.SUCCESS)


admin.site.register(InstitutionStaff, list_display=("institution", "user", "title"), raw_id_fields=("user",))
admin.site.register(Cohort, list_display=("name", "institution", "owner"), raw_id_fields=("owner",))
admin.site.register(CohortMember, list_display=("cohort", "talent"), raw_id_fields=("talent",))
admin.site.register(
    ProjectShare,
    list_display=("project", "cohort", "institution", "talent"),
    raw_id_fields=("project", "talent", "shared_by"),
)
admin.site.register(
    Nomination, list_display=("project", "talent", "advisor", "status"), raw_id_fields=("project", "talent", "advisor")
)
admin.site.register(Referral, list_display=("talent", "referee", "status"), raw_id_fields=("talent", "referee"))
