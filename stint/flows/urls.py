"""The flows' pages, per URL namespace of the app they belong to. ``config/urls.py`` puts each list
before that app's own patterns (same prefix, same namespace), so the paths did not change."""

from django.urls import path

from stint.flows import publish_confirm_views, publishing_views, views
from stint.matching import views as matching_views

NAMESPACED = {
    "payments": [
        path("projects/<uuid:project_id>/publish/", publish_confirm_views.publish_confirm, name="publish"),
    ],
    "organizations": [
        path("staff/verification/<uuid:pk>/verify/", publishing_views.staff_verify, name="staff_verify"),
    ],
    "projects": [
        # /projects/ is the listing: the search engine's page (stint.matching), under its old name.
        path("", matching_views.project_list, name="list"),
        path("<uuid:pk>/publish/", publishing_views.project_publish, name="publish"),
        path("<uuid:pk>/close/", publishing_views.project_close, name="close"),
        path("<uuid:pk>/cancel/", publishing_views.project_cancel, name="cancel"),
    ],
    "applications": [
        path("apply/<uuid:project_id>/", views.apply, name="apply"),
        path("project/<uuid:project_id>/", views.project_applicants, name="project_applicants"),
        path("<uuid:application_id>/offer/", views.application_offer),
        path("<uuid:application_id>/accept/", views.application_accept),
    ],
    "engagements": [
        path("<uuid:engagement_id>/approve/", views.engagement_approve),
        path("<uuid:engagement_id>/cancel/", views.engagement_cancel),
        path("<uuid:engagement_id>/resolve/", views.engagement_resolve),
        path("<uuid:engagement_id>/offer-next/", views.engagement_offer_next),
    ],
}
