from django.urls import path

from stint.applications import views

app_name = "applications"

urlpatterns = [
    path("", views.tracker, name="tracker"),
    path("apply/<uuid:project_id>/", views.apply, name="apply"),
    path("project/<uuid:project_id>/", views.project_applicants, name="project_applicants"),
    path("<uuid:application_id>/", views.detail, name="detail"),
    path(
        "<uuid:application_id>/<str:name>/",
        views.action,
        name="action",
    ),
]
