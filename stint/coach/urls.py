from django.urls import path

from stint.coach import views

app_name = "coach"

urlpatterns = [
    path("check/<uuid:project_id>/", views.check, name="check"),
]
