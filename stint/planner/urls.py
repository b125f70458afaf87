from django.urls import path, re_path

from stint.planner import views

app_name = "planner"

urlpatterns = [
    path("", views.planner_home, name="home"),
    path("pattern/", views.pattern_update, name="pattern"),
    path("calendar-url/", views.calendar_rotate, name="calendar_rotate"),
    re_path(r"^calendar/(?P<token>[A-Za-z0-9_-]{16,100})\.ics$", views.calendar_feed, name="calendar_feed"),
    path("engagements/<uuid:engagement_id>/due-date/", views.due_date_request_new, name="due_date_request_new"),
    path("due-date-requests/<uuid:request_id>/", views.due_date_request_detail, name="due_date_request"),
    path(
        "due-date-requests/<uuid:request_id>/<str:decision>/",
        views.due_date_request_decide,
        name="due_date_request_decide",
    ),
]
