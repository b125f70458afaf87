from django.urls import path

from stint.projects import views

app_name = "projects"

# publish, close and cancel move money and applications: stint.flows.urls (same namespace).
# The list itself (``""``, name ``list``) is the search engine's page: stint.matching.views.project_list,
# routed by stint.flows.urls (this app sits below matching and cannot import it).

urlpatterns = [
    path("mine/", views.project_mine, name="mine"),
    path("new/", views.project_new, name="new"),
    path("check/", views.project_check, name="check"),
    path("staff/moderation/", views.moderation_queue, name="moderation"),
    path("staff/moderation/<uuid:pk>/approve/", views.moderation_approve, name="moderation_approve"),
    path("staff/moderation/<uuid:pk>/reject/", views.moderation_reject, name="moderation_reject"),
    path("p/<str:token>/", views.project_secret, name="secret"),
    path("<uuid:pk>/", views.project_detail, name="detail"),
    path("<uuid:pk>/edit/", views.project_edit, name="edit"),
    path("<uuid:pk>/preview/", views.project_preview, name="preview"),
    path("<uuid:pk>/manage/", views.project_manage, name="manage"),
    path("<uuid:pk>/invitations/", views.project_invite, name="invite"),
]
