from django.urls import path

from stint.organizations import skill_proposals, views

app_name = "organizations"

# Verifying opens pending projects: stint.flows.urls has staff_verify (same namespace).

urlpatterns = [
    path("", views.organization_list, name="list"),
    path("new/", views.organization_create, name="create"),
    path("staff/verification/", views.staff_verification, name="staff_verification"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("o/<slug:slug>/", views.organization_public, name="public"),
    path("o/<slug:slug>/logo/", views.organization_logo, name="logo"),
    path("<uuid:pk>/", views.organization_dashboard, name="dashboard"),
    path("<uuid:pk>/edit/", views.organization_edit, name="edit"),
    path("<uuid:pk>/members/", views.member_list, name="members"),
    path("<uuid:pk>/members/invite/", views.invitation_create, name="invite"),
    path("<uuid:pk>/members/<uuid:user_id>/role/", views.member_change_role, name="member_role"),
    path("<uuid:pk>/members/<uuid:user_id>/remove/", views.member_remove, name="member_remove"),
    path("<uuid:pk>/invitations/<uuid:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("<uuid:pk>/leave/", views.member_leave, name="leave"),
    path("<uuid:pk>/skills/propose/", skill_proposals.proposal_page, name="skill_proposals"),
]
