"""Receipts: one for every charge (a project's funding or a top-up) and every refund that
succeeded, read from the operations themselves (``Funding`` and ``Refund``) — nothing is stored
twice. A receipt's id is its operation's id; its number is ``ST-C-…`` (charge) or ``ST-R-…``
(refund) with the date and the first eight characters of that id, so it is stable and unique
without a separate counter. Members of the organization see them (404 for anyone else); each is
rendered as HTML and as a PDF (WeasyPrint).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext, ngettext

from stint.core.errors import NotFound
from stint.core.money import Money
from stint.payments.choices import FundingPurpose, OperationStatus
from stint.payments.models import Funding, Refund


@dataclass
class InvoiceLine:
    description: str
    amount: Money


@dataclass
class Invoice:
    id: uuid.UUID
    number: str
    kind: str  # "charge" or "refund"
    date: datetime.datetime
    organization_id: uuid.UUID
    organization_name: str
    project_id: uuid.UUID | None
    project_title: str
    currency: str
    total: Money
    provider: str
    provider_ref: str
    lines: list[InvoiceLine] = field(default_factory=list)

    @property
    def title(self) -> str:
        return gettext("Receipt") if self.kind == "charge" else gettext("Refund receipt")


def _number(prefix: str, when: datetime.datetime, pk: uuid.UUID) -> str:
    return f"ST-{prefix}-{when:%Y%m%d}-{str(pk)[:8].upper()}"


def _from_funding(f: Funding) -> Invoice:
    when = f.completed_at or f.created_at
    cur = f.currency
    held = Money(f.held_minor, cur)
    if f.purpose == FundingPurpose.TOP_UP:
        first = InvoiceLine(gettext("Fee of 1 opening (a replacement hire), held until the work is approved"), held)
    else:
        each = held.portion(1, max(1, f.openings))
        first = InvoiceLine(
            ngettext(
                "Fee %(each)s × %(count)s opening, held until the work is approved",
                "Fee %(each)s × %(count)s openings, held until the work is approved",
                f.openings,
            )
            % {"each": each, "count": f.openings},
            held,
        )
    return Invoice(
        id=f.pk,
        number=_number("C", when, f.pk),
        kind="charge",
        date=when,
        organization_id=f.organization_id,
        organization_name=f.organization.name,
        project_id=f.project_id,
        project_title=f.project.title,
        currency=cur,
        total=Money(f.amount_minor, cur),
        provider=f.provider,
        provider_ref=f.provider_ref,
        lines=[first, InvoiceLine(gettext("Platform fee"), Money(f.platform_fee_minor, cur))],
    )


def _from_refund(r: Refund) -> Invoice:
    when = r.completed_at or r.created_at
    total = Money(r.amount_minor, r.currency)
    return Invoice(
        id=r.pk,
        number=_number("R", when, r.pk),
        kind="refund",
        date=when,
        organization_id=r.organization_id,
        organization_name=r.organization.name,
        project_id=r.project_id,
        project_title=r.project.title if r.project is not None else "",
        currency=r.currency,
        total=total,
        provider=r.provider,
        provider_ref=r.provider_ref,
        lines=[
            InvoiceLine(
                gettext("Refund: %(reason)s") % {"reason": r.reason}
                if r.reason
                else gettext("Refund (with its share of the platform fee)"),
                total,
            )
        ],
    )


def invoice_list_for_organization(organization: Any) -> list[Invoice]:
    """Every succeeded charge and refund of ``organization``, newest first (callers check membership)."""
    fundings = Funding.objects.filter(organization=organization, status=OperationStatus.SUCCEEDED).select_related(
        "organization", "project"
    )
    refunds = Refund.objects.filter(organization=organization, status=OperationStatus.SUCCEEDED).select_related(
        "organization", "project"
    )
    invoices = [_from_funding(f) for f in fundings] + [_from_refund(r) for r in refunds]
    return sorted(invoices, key=lambda i: i.date, reverse=True)


def invoice_get_for_organization(organization: Any, invoice_id: Any) -> Invoice:
    """One receipt of ``organization`` (404 ``invoice_not_found`` when it is not one of theirs)."""
    try:
        pk = uuid.UUID(str(invoice_id))
    except ValueError:
        raise NotFound(gettext("Receipt not found."), code="invoice_not_found") from None
    base = {"organization": organization, "status": OperationStatus.SUCCEEDED, "pk": pk}
    funding = Funding.objects.filter(**base).select_related("organization", "project").first()
    if funding is not None:
        return _from_funding(funding)
    refund = Refund.objects.filter(**base).select_related("organization", "project").first()
    if refund is not None:
        return _from_refund(refund)
    raise NotFound(gettext("Receipt not found."), code="invoice_not_found")


def invoice_pdf(invoice: Invoice) -> bytes:
    """The receipt as a PDF (the same template as the HTML page, print styles inline)."""
    from weasyprint import HTML

    html = render_to_string("payments/invoice_document.html", {"invoice": invoice, "for_pdf": True})
    return bytes(HTML(string=html).write_pdf())


def invoice_pdf_response(invoice: Invoice) -> HttpResponse:
    """The receipt's PDF as a download, for the page and the API alike: a private document, so
    ``Cache-Control: private, no-store`` as every private download."""
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
