"""JSON API of the money layer: balance, payouts, organization statements, provider webhooks."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router, Status

from stint.core.api import Page, ProblemSchema, paginate
from stint.core.errors import NotFound, PermissionDenied
from stint.core.idempotency import HEADER, idempotent
from stint.core.pagination import check_page
from stint.core.types import AuthedRequest
from stint.organizations.selectors import organization_get_for_member
from stint.payments import selectors, services
from stint.payments.invoices import (
    Invoice,
    invoice_get_for_organization,
    invoice_list_for_organization,
    invoice_pdf_response,
)
from stint.payments.providers import StripeProvider, stripe_configured
from stint.payments.schemas import (
    BalanceOut,
    FundingQuoteOut,
    InvoiceOut,
    PayoutIn,
    PayoutOut,
    StatementOut,
    WebhookAckOut,
)
from stint.payments.setup_endpoints import router as setup_router
from stint.payments.webhooks import webhook_receive
from stint.projects.selectors import project_get_for_member

router = Router(tags=["payments"])
router.add_router("", setup_router)  # payment method and payout account set-up (setup_endpoints.py)
ERRORS = {
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
    404: ProblemSchema,
    409: ProblemSchema,
    422: ProblemSchema,
}


def _require_talent(user: Any) -> None:
    if getattr(user, "role", None) != "talent":
        raise PermissionDenied(gettext("Only talent accounts have a balance to pay out."), code="talent_only")


@router.get("/me/balance", response={200: list[BalanceOut], **ERRORS})
def me_balance(request: AuthedRequest) -> list[dict[str, Any]]:
    """Your balance per currency: `available_minor` can be paid out, `pending_minor` is on its way."""
    return selectors.balance_for_user(request.user)


@router.post("/me/payouts", response={201: PayoutOut, **ERRORS})
@idempotent(scope="payments.payout", schema=PayoutOut)
def me_payout_create(request: AuthedRequest, payload: PayoutIn) -> Status[Any]:
    """Pay part of your available balance out (talent only). Send an `Idempotency-Key`: a replay
    returns the first response and pays once; the same key with another body is
    `422 idempotency_key_reused`. More than the balance is `422 insufficient_balance`. Without a
    connected payout account it is `409 payout_account_required` and nothing is paid."""
    _require_talent(request.user)
    key = request.headers.get(HEADER) or f"api:{uuid.uuid4().hex}"
    payout = services.payout_request(
        user=request.user, amount_minor=payload.amount_minor, currency=payload.currency, idempotency_key=key
    )
    return Status(201, payout)


@router.get("/me/payouts", response={200: Page[PayoutOut], **ERRORS})
def me_payout_list(request: AuthedRequest, page: int = 1, page_size: int = 20) -> dict[str, Any]:
    """Your payouts, newest first."""
    items, count = paginate(selectors.payout_list_for_user(user=request.user), page, page_size)
    return {"items": items, "count": count}


@router.get("/organizations/{organization_id}/statement", response={200: StatementOut, **ERRORS})
def organization_statement(request: AuthedRequest, organization_id: uuid.UUID) -> dict[str, Any]:
    """Held, released, refunded money and platform fees per currency, with the ledger lines
    (members of the organization only; anyone else gets 404)."""
    organization, _ = organization_get_for_member(user=request.user, organization_id=organization_id)
    return {"organization_id": organization.pk, **selectors.organization_statement(organization)}


def _money(m: Any) -> dict[str, Any]:
    return {"amount_minor": m.amount_minor, "currency": m.currency}


@router.get("/projects/{project_id}/funding-quote", response={200: FundingQuoteOut, **ERRORS})
def project_funding_quote(request: HttpRequest, project_id: uuid.UUID) -> dict[str, Any]:
    """What publishing this project charges, in parts: fee × openings (held), the platform fee and
    the total, in the project's currency (members of its organization; 404 for anyone else). The
    publish (`POST /projects/{id}/publish`) charges exactly `total` while the draft is unchanged."""
    from stint.payments.providers import get_provider, is_test_mode

    project = project_get_for_member(request.user, project_id)
    quote = services.funding_quote(project)
    return {
        "project_id": project.pk,
        "currency": project.currency,
        "fee": {"amount_minor": project.fee_minor, "currency": project.currency},
        "openings": project.openings,
        "held": _money(quote["held"]),
        "platform_fee_bps": services.platform_fee_bps(),
        "platform_fee": _money(quote["platform_fee"]),
        "total": _money(quote["total"]),
        "provider": get_provider().name,
        "test_mode": is_test_mode(),
    }


def _invoice_out(invoice: Invoice) -> dict[str, Any]:
    return {
        **{k: getattr(invoice, k) for k in ("id", "number", "kind", "date", "organization_id", "project_id")},
        "project_title": invoice.project_title,
        "total": _money(invoice.total),
        "lines": [{"description": line.description, "amount": _money(line.amount)} for line in invoice.lines],
        "provider": invoice.provider,
        "provider_ref": invoice.provider_ref,
        "pdf_url": f"/api/v1/organizations/{invoice.organization_id}/invoices/{invoice.id}.pdf",
    }


@router.get("/organizations/{organization_id}/invoices", response={200: Page[InvoiceOut], **ERRORS})
def organization_invoices(
    request: AuthedRequest, organization_id: uuid.UUID, page: int = 1, page_size: int = 20
) -> dict[str, Any]:
    """A receipt for every charge (publish, top-up) and refund that succeeded, newest first
    (members of the organization only; anyone else gets 404)."""
    organization, _ = organization_get_for_member(user=request.user, organization_id=organization_id)
    check_page(page, page_size)
    invoices = invoice_list_for_organization(organization)
    start = (page - 1) * page_size
    return {"items": [_invoice_out(i) for i in invoices[start : start + page_size]], "count": len(invoices)}


@router.get("/organizations/{organization_id}/invoices/{uuid:invoice_id}.pdf", response={200: None, **ERRORS})
def organization_invoice_pdf(request: AuthedRequest, organization_id: uuid.UUID, invoice_id: uuid.UUID) -> Any:
    """The receipt as a PDF (`application/pdf`)."""
    organization, _ = organization_get_for_member(user=request.user, organization_id=organization_id)
    invoice = invoice_get_for_organization(organization, invoice_id)
    return invoice_pdf_response(invoice)


@router.get("/organizations/{organization_id}/invoices/{uuid:invoice_id}", response={200: InvoiceOut, **ERRORS})
def organization_invoice(request: AuthedRequest, organization_id: uuid.UUID, invoice_id: uuid.UUID) -> dict[str, Any]:
    """One receipt with its lines (404 `invoice_not_found` when it is not this organization's)."""
    organization, _ = organization_get_for_member(user=request.user, organization_id=organization_id)
    return _invoice_out(invoice_get_for_organization(organization, invoice_id))


@router.post("/payments/webhooks/stripe", auth=None, response={200: WebhookAckOut, **ERRORS})
def stripe_webhook(request: HttpRequest) -> dict[str, Any]:
    """Stripe's webhook endpoint. The `Stripe-Signature` is verified (`400 invalid_signature`,
    `400 signature_expired` past 5 minutes); each event id is stored once and processed by a task;
    a redelivery is acknowledged with `duplicate: true` and changes nothing."""
    if not stripe_configured():
        raise NotFound(gettext("Stripe is not configured on this site."), code="provider_not_configured")
    event, created = webhook_receive(provider=StripeProvider(), request=request)
    return {"received": True, "duplicate": not created, "event_id": event.event_id}
