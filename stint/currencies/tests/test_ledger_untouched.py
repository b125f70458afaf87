"""The ledger never converts (issue 14): showing approximate amounts in the viewer's currency, on
every page and API that shows them, importing rates and calling the conversion functions leave
every ledger and payment row exactly as it was (same amounts, same currencies, no new rows)."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory

from stint.currencies.selectors import approximate, approximation
from stint.engagements.models import Engagement
from stint.matching.indexing import reindex_projects
from stint.payments.models import Funding, LedgerAccount, LedgerEntry, LedgerTransaction, Payout, Refund
from stint.payments.services import engagement_release
from stint.payments.tests.factories import engagement_for, funded_project
from stint.projects.models import Project

pytestmark = pytest.mark.django_db

MONEY_TABLES = (LedgerAccount, LedgerTransaction, LedgerEntry, Funding, Refund, Payout, Engagement, Project)


def money_hash() -> str:
    """One hash of every row of every table that records money (all columns, in key order)."""
    digest = hashlib.sha256()
    for model in MONEY_TABLES:
        rows = list(model.objects.order_by("pk").values())
        digest.update(f"{model.__name__}:{len(rows)}:{rows!r}".encode())
    return digest.hexdigest()


def test_rendering_and_converting_approximations_never_touches_the_ledger(personas, client, api_client_for):
    call_command("import_rates", str(settings.BASE_DIR / "data" / "rates.csv"), stdout=StringIO())
    yen = funded_project(personas.organization, title="Yen project", currency="JPY", fee_minor=90_000)
    rupee = funded_project(personas.organization, title="Rupee project", currency="INR", fee_minor=4_000_000)
    engagement = engagement_for(yen, talent=personas.talent, status="approved")
    engagement_release(engagement=engagement, actor=personas.company_owner)
    Project.objects.filter(pk__in=[yen.pk, rupee.pk]).update(status="open")
    reindex_projects()
    entries = list(LedgerEntry.objects.values_list("amount_minor", "account__currency"))
    assert {currency for _, currency in entries} == {"JPY", "INR"}  # money is in the projects' currencies

    before = money_hash()

    personas.talent.currency = "BRL"
    personas.talent.save(update_fields=["currency"])
    client.force_login(personas.talent)
    for url in (f"/projects/{yen.pk}/", f"/projects/{rupee.pk}/", "/projects/", "/search/", "/payments/earnings/"):
        assert client.get(url).status_code == 200, url
    shown = client.get(f"/projects/{yen.pk}/").content.decode()
    assert "¥90,000" in shown and "≈ R$3,240.00" in shown
    api = api_client_for(personas.talent)
    assert api.get("projects").status_code == 200
    assert api.get(f"projects/{yen.pk}").json()["approximate_fee"]["currency"] == "BRL"
    assert api.get("search/projects", {"min_rate": "10", "rate_currency": "USD", "sort": "rate"}).status_code == 200
    request = RequestFactory().get("/")
    request.user = personas.talent
    Template("{% load currencies_tags %}{% approx 90000 'JPY' %}").render(Context({"request": request}))
    for project in Project.objects.all():
        for target in ("USD", "EUR", "JPY", "NGN"):
            approximate(project.fee_minor, project.currency, target)
            approximation(project.fee_minor, project.currency, target)
    call_command("import_rates", str(settings.BASE_DIR / "data" / "rates.csv"), stdout=StringIO())

    assert money_hash() == before
    assert list(LedgerEntry.objects.values_list("amount_minor", "account__currency")) == entries
