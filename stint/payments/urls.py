from __future__ import annotations

from django.urls import path

from stint.payments import views

app_name = "payments"

urlpatterns = [
    path("earnings/", views.earnings, name="earnings"),
    path("organizations/<uuid:organization_id>/statement/", views.organization_statement, name="statement"),
    path("organizations/<uuid:organization_id>/invoices/<uuid:invoice_id>/", views.invoice_page, name="invoice"),
    path(
        "organizations/<uuid:organization_id>/invoices/<uuid:invoice_id>.pdf",
        views.invoice_pdf_download,
        name="invoice_pdf",
    ),
]
