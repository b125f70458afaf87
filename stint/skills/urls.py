from django.urls import path

from stint.skills import views

app_name = "skills"

urlpatterns = [
    path("", views.skill_browse, name="browse"),
    path("search", views.skill_search, name="search"),
]
