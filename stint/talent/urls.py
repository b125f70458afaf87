from django.urls import path

from stint.talent import views

app_name = "talent"

urlpatterns = [
    path("profile/", views.profile_mine, name="profile_mine"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("profile/resume/", views.resume_upload, name="resume_upload"),
    path("profile/resume/delete/", views.resume_delete, name="resume_delete"),
    path("<uuid:profile_id>/", views.profile_detail, name="profile_detail"),
    path("<uuid:profile_id>/resume/", views.resume_download, name="resume"),
]
