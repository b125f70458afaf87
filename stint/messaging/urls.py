from django.urls import path

from stint.messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<uuid:thread_id>/", views.thread_post, name="thread_post"),
]
