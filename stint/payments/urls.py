from __future__ import annotations

from django.urls import path

from stint.payments import setup_views, views

app_name = "payments"

urlpatterns = [
    path("earnings/", views.earnings, name="earnings"),
    path("payout-account/", setup_views.payout_account, name="payout_account"),
    path("payout-account/return/", setup_views.payout_account_return, name="payout_account_return"),
    path("organizations/<uuid:organization_id>/payment-method/", setup_views.payment_method, name="payment_method"),
    path(
        "organizations/<uuid:organization_id>/payment-method/return/",
        setup_views.payment_method_return,
        name="payment_method_return",
    ),
    path("organizations/<uuid:organization_id>/statement/", views.organization_statement, name="statement"),
    path("organizations/<uuid:organization_id>/invoices/<uuid:invoice_id>/", views.invoice_page, name="invoice"),
    path(
        "organizations/<uuid:organization_id>/invoices/<uuid:invoice_id>.pdf",
        views.invoice_pdf_download,
        name="invoice_pdf",
    ),
]
