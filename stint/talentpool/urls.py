from django.urls import path

from stint.talentpool import views

app_name = "talentpool"

urlpatterns = [
    path("", views.index, name="index"),
    path("invitations/", views.mine, name="mine"),
    path("invitations/<uuid:pk>/answer/", views.invitation_answer, name="invitation_answer"),
    path("hires/<uuid:pk>/answer/", views.hire_answer, name="hire_answer"),
    path("follow/<uuid:pk>/", views.follow_toggle, name="follow"),
    path("<uuid:pk>/", views.pool, name="pool"),
    path(
        "<uuid:pk>/talent/<uuid:talent_id>/<str:action>/",
        views.talent_action,
        name="talent_action",
    ),
]
