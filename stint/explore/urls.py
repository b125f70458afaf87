from django.urls import path

from stint.explore import views

app_name = "explore"

urlpatterns = [
    path("", views.explore_index, name="index"),
    path("fields/<slug:slug>/", views.field_page, name="field"),
    path("occupations/<str:occupation_id>/", views.occupation_page, name="occupation"),
    path("path/", views.path_page, name="path"),
]
