from django.urls import path

from stint.matching import views

app_name = "matching"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("saved/", views.saved_list, name="saved"),
    path("saved/<str:saved_search_id>/delete", views.saved_delete, name="saved_delete"),
]
