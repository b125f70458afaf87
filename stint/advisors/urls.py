from django.urls import path

from stint.advisors import views

app_name = "advisors"

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.me, name="me"),
    path("institutions/new/", views.institution_create, name="institution_create"),
    path("institutions/<uuid:pk>/cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<uuid:pk>/", views.cohort_page, name="cohort"),
    path("cohorts/<uuid:pk>/dashboard.csv", views.cohort_csv_view, name="cohort_csv"),
    path("cohorts/<uuid:pk>/rotate/", views.cohort_rotate, name="cohort_rotate"),
    path("cohorts/<uuid:pk>/share/", views.cohort_share, name="cohort_share"),
    path("cohorts/<uuid:pk>/nominate/", views.cohort_nominate, name="cohort_nominate"),
    path("cohorts/<uuid:pk>/leave/", views.cohort_leave, name="cohort_leave"),
    path("cohorts/<uuid:pk>/consent/", views.cohort_consent, name="cohort_consent"),
    path("join/<str:code>/", views.join, name="join"),
    path("nominations/<uuid:pk>/decline/", views.nomination_decline, name="nomination_decline"),
    path("references/", views.references, name="references"),
    path("references/ask/", views.referral_request, name="referral_request"),
    path("references/<uuid:pk>/answer/", views.referral_answer, name="referral_answer"),
    path("references/<uuid:pk>/portfolio/", views.referral_portfolio, name="referral_portfolio"),
    path("projects/<uuid:pk>/offer/", views.project_offer, name="project_offer"),
    path("shares/<uuid:pk>/delete/", views.share_delete, name="share_delete"),
    path("staff/institutions/", views.staff_institutions, name="staff_institutions"),
    path("staff/institutions/<uuid:pk>/verify/", views.staff_verify, name="staff_verify"),
]
