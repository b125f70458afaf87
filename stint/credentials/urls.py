"""Pages of the credentials app, mounted at the site root: the issuer's published documents under
``/.well-known/``, credentials and their verification under ``/credentials/``, portfolios under
``/portfolio/``."""

from django.urls import path

from stint.credentials import network, views

app_name = "credentials"

urlpatterns = [
    path(".well-known/did.json", views.did_json, name="did"),
    path(".well-known/jwks.json", views.jwks_json, name="jwks"),
    path("credentials/status-list", views.status_list, name="status_list"),
    path("credentials/verify/", views.verify_page, name="verify"),
    path("credentials/engagements/<uuid:engagement_id>/endorse/", views.endorse, name="endorse"),
    path("credentials/<uuid:credential_id>/", views.credential_page, name="credential"),
    path("credentials/<uuid:credential_id>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("connections/", network.connections_page, name="connections"),
    path("connections/<uuid:connection_id>/reference/<str:action>/", network.reference_action, name="reference"),
    path("portfolio/settings/", views.portfolio_settings, name="portfolio_settings"),
    path("portfolio/dashboard/", views.dashboard, name="dashboard"),
    path("portfolio/resume.pdf", views.resume_pdf, name="resume_pdf"),
    path("portfolio/<slug:slug>/", views.portfolio_page, name="portfolio"),
]
