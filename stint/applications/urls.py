from django.urls import path

from stint.applications import views

app_name = "applications"

# The apply form, the applicant list, offer and accept span apps: stint.flows.urls (same namespace).

urlpatterns = [
    path("", views.tracker, name="tracker"),
    path("<uuid:application_id>/", views.detail, name="detail"),
    path(
        "<uuid:application_id>/<str:name>/",
        views.action,
        name="action",
    ),
]
