from django.urls import path

from stint.engagements import views

app_name = "engagements"

# approve, cancel, resolve and offer-next move money: stint.flows.urls (same namespace, matched first).

urlpatterns = [
    path("", views.engagement_list, name="list"),
    path("staff/disputes/", views.staff_disputes, name="staff_disputes"),
    path("<uuid:engagement_id>/", views.workspace, name="workspace"),
    path("<uuid:engagement_id>/files/<uuid:file_id>/", views.file_download, name="file"),
    path("<uuid:engagement_id>/<str:name>/", views.action, name="action"),
]
