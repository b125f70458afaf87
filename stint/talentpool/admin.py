from django.contrib import admin

from stint.talentpool.models import Follow, Hire, PoolInvitation, PoolNote, PoolTag

admin.site.register(PoolNote, list_display=("organization", "talent", "created_at"), raw_id_fields=("talent", "author"))
admin.site.register(PoolTag, list_display=("organization", "talent", "name"), raw_id_fields=("talent",))
admin.site.register(
    PoolInvitation, list_display=("project", "talent", "status"), raw_id_fields=("project", "talent", "invited_by")
)
admin.site.register(
    Hire, list_display=("organization", "talent", "role_title", "status"), raw_id_fields=("talent", "recorded_by")
)
admin.site.register(Follow, list_display=("organization", "user"), raw_id_fields=("user",))
