"""Pages of personal data, under ``/me/privacy/``."""

from django.urls import path

from stint.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.privacy_page, name="privacy"),
    path("exports/", views.export_request, name="export_request"),
    path("exports/<uuid:export_id>/download/", views.export_download, name="export_download"),
    path("delete/", views.delete_page, name="delete"),
]
