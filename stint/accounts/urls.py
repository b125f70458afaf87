from django.urls import path

from stint.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account_view, name="account"),
    path("tokens/", views.tokens_view, name="tokens"),
    path("tokens/<uuid:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("preferences/", views.preferences_view, name="preferences"),
    path("language/", views.set_language_view, name="set_language"),
    path("two-factor-required/", views.staff_mfa_required_view, name="staff_mfa_required"),
]
