"""HTML pages: a talent's earnings (balance, payout form, history) and an organization's statement."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from stint.core.errors import ApplicationError, NotFound
from stint.core.types import AuthedRequest
from stint.organizations.selectors import organization_get_for_member
from stint.payments import payout_accounts, selectors, services
from stint.payments.choices import OperationStatus
from stint.payments.forms import PayoutForm
from stint.payments.invoices import invoice_get_for_organization, invoice_list_for_organization, invoice_pdf_response
from stint.payments.providers import is_test_mode


def _earnings_context(request: AuthedRequest, form: PayoutForm | None = None) -> dict[str, object]:
    balances = selectors.balance_for_user(request.user)
    currencies = [b["currency"] for b in balances if b["available_minor"] > 0] or [settings.STINT_DEFAULT_CURRENCY]
    return {
        "balances": balances,
        "form": form or PayoutForm(currencies=currencies),
        "payouts": selectors.payout_list_for_user(user=request.user)[:50],
        "lines": selectors.earnings_lines_for_user(user=request.user),
        "test_mode": is_test_mode(),
        "payout_account": payout_accounts.payout_account_data(user=request.user),
    }


@login_required
@require_http_methods(["GET", "POST"])
def earnings(request: AuthedRequest) -> HttpResponse:
    """GET: balance per currency, payout form, history. POST: request a payout (talent only)."""
    if getattr(request.user, "role", None) != "talent":
        raise PermissionDenied(gettext("Only talent accounts have earnings."))
    if request.method == "POST":
        currencies = [b["currency"] for b in selectors.balance_for_user(request.user)] or ["USD"]
        form = PayoutForm(request.POST, currencies=currencies)
        if form.is_valid():
            try:
                payout = services.payout_request(
                    user=request.user,
                    amount_minor=form.cleaned_data["amount_minor"],
                    currency=form.cleaned_data["currency"],
                    idempotency_key=f"web:{form.cleaned_data['idempotency_key']}",
                )
            except ApplicationError as exc:
                form.add_error(
                    "amount" if exc.code in ("insufficient_balance", "invalid_amount") else None, exc.message
                )
            else:
                if payout.status == OperationStatus.FAILED:
                    messages.error(
                        request,
                        gettext("The payout failed: %(reason)s The money is back in your balance.")
                        % {"reason": payout.failure_reason},
                    )
                elif payout.status == OperationStatus.PENDING:
                    messages.info(request, gettext("Your payout is on its way."))
                else:
                    messages.success(request, gettext("Payout of %(amount)s sent.") % {"amount": payout.amount})
                return redirect("payments:earnings")
        return render(request, "payments/earnings.html", _earnings_context(request, form), status=422)
    return render(request, "payments/earnings.html", _earnings_context(request))


@login_required
def organization_statement(request: AuthedRequest, organization_id: uuid.UUID) -> HttpResponse:
    """The organization's money: held, released, refunded and fees, and every ledger line."""
    organization, _ = organization_get_for_member(user=request.user, organization_id=organization_id)
    statement = selectors.organization_statement(organization)
    return render(
        request,
        "payments/statement.html",
        {
            "organization": organization,
            "statement": statement,
            "test_mode": is_test_mode(),
            "invoices": invoice_list_for_organization(organization),
        },
    )


def _invoice(request: AuthedRequest, organization_id: uuid.UUID, invoice_id: uuid.UUID) -> Any:
    organization, _ = organization_get_for_member(user=request.user, organization_id=organization_id)
    try:
        return invoice_get_for_organization(organization, invoice_id)
    except NotFound:
        raise Http404(gettext("Receipt not found.")) from None


@login_required
def invoice_page(request: AuthedRequest, organization_id: uuid.UUID, invoice_id: uuid.UUID) -> HttpResponse:
    """One receipt, readable in the browser, with a link to its PDF."""
    return render(request, "payments/invoice.html", {"invoice": _invoice(request, organization_id, invoice_id)})


@login_required
def invoice_pdf_download(request: AuthedRequest, organization_id: uuid.UUID, invoice_id: uuid.UUID) -> HttpResponse:
    invoice = _invoice(request, organization_id, invoice_id)
    return invoice_pdf_response(invoice)
