from django.urls import path

from stint.skills import views

app_name = "skills"

urlpatterns = [
    path("", views.skill_browse, name="browse"),
    path("search", views.skill_search, name="search"),
    path("extract", views.skill_extract, name="extract"),
    path("messages", views.skill_messages, name="messages"),
    path("proposals/", views.proposal_review, name="proposals"),
    path("proposals/<uuid:pk>/confirm", views.proposal_confirm, name="proposal_confirm"),
]
