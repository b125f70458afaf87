from django.urls import path

from stint.recommendations import views

app_name = "recommendations"

urlpatterns = [
    path("", views.recommendations_page, name="page"),
]
