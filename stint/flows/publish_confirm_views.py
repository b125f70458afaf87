"""The publish confirmation page: what publishing will charge, in parts, before anything is charged.

``GET /payments/projects/<id>/publish/`` shows the quote (fee × openings held, the platform fee,
the total, the currency and the payment method on file); the form posts the total the company saw
(``confirm_total_minor``) back to the same URL, which publishes only if it still equals the current
quote (otherwise the page is shown again with the new amount). The project's own publish URL
(``projects:publish``) forwards its POST here (307), so there is one way to publish from a browser.
It lives in flows because publishing is a cross-app command (``stint.flows.publishing``); the URL
keeps the payments namespace (``payments:publish``). An organization without a payment method is
sent to add one first (``payments:payment_method``, with ``next`` back here): nothing is charged.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stint.core.errors import ApplicationError, NotFound
from stint.core.types import AuthedRequest
from stint.flows.publishing import project_publish
from stint.payments.payment_methods import PaymentMethodRequired, payment_method_current
from stint.payments.providers import get_provider, is_test_mode
from stint.payments.services import funding_quote, platform_fee_bps
from stint.projects.choices import ProjectStatus
from stint.projects.selectors import project_get_for_member


def quote_context(project: Any) -> dict[str, Any]:
    quote = funding_quote(project)
    bps = platform_fee_bps()
    return {
        "quote": quote,
        "fee_each": quote["held"].portion(1, int(project.openings)),
        "openings": int(project.openings),
        "platform_fee_percent": f"{bps / 100:g}",
        "provider": get_provider().name,
        "test_mode": is_test_mode(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def publish_confirm(request: AuthedRequest, project_id: uuid.UUID) -> HttpResponse:
    try:
        project = project_get_for_member(request.user, project_id)
    except NotFound:
        raise Http404("Not found.") from None
    if project.status != ProjectStatus.DRAFT:
        messages.info(request, _("This project is not a draft; there is nothing to publish."))
        return redirect("projects:manage", pk=project.pk)
    method = payment_method_current(organization=project.organization)
    here = reverse("payments:publish", args=[project.pk])
    add_method = f"{reverse('payments:payment_method', args=[project.organization_id])}?{urlencode({'next': here})}"
    if method is None:
        messages.info(request, _("Add a payment method first: publishing charges the fees to it. Nothing was charged."))
        return redirect(add_method)
    context = {"project": project, "payment_method": method, "change_method_url": add_method, **quote_context(project)}
    if request.method == "POST":
        shown = (request.POST.get("confirm_total_minor") or "").strip()
        total = context["quote"]["total"]
        if shown != str(total.amount_minor) or request.POST.get("confirm_currency") != total.currency:
            context["error"] = (
                _("Please confirm the amount: publishing charges %(total)s.") % {"total": total}
                if not shown
                else _("The amount changed since the page was shown; publishing now charges %(total)s.")
                % {"total": total}
            )
            return render(request, "payments/publish_confirm.html", context, status=409 if shown else 200)
        try:
            project_publish(actor=request.user, project=project)
        except PaymentMethodRequired as exc:  # the card went away since the page was shown
            messages.info(request, exc.message)
            return redirect(add_method)
        except ApplicationError as exc:
            details = " ".join(e["message"] for e in exc.errors) if exc.errors else exc.message
            messages.error(request, _("Not published. %(details)s") % {"details": details})
            return redirect("projects:manage", pk=project.pk)
        project.refresh_from_db()
        if project.status == ProjectStatus.OPEN:
            messages.success(
                request,
                _("Published: %(total)s was charged and the project is open for applications.") % {"total": total},
            )
        else:
            messages.success(
                request,
                _(
                    "%(total)s was charged and held. Your organization is not verified yet, so Stint staff check "
                    "the project before it is listed."
                )
                % {"total": total},
            )
        return redirect("projects:manage", pk=project.pk)
    return render(request, "payments/publish_confirm.html", context)
