"""Money explained before it moves: the publish confirmation shows the total and its parts, and
exactly that amount is charged; every charge and refund has a receipt (HTML, PDF, API)."""

from __future__ import annotations

import re

import pytest

from stint.core.money import Money
from stint.flows import publishing
from stint.payments.models import Funding
from stint.projects import services
from stint.projects.choices import ProjectStatus
from stint.projects.tests.helpers import valid_data

pytestmark = pytest.mark.django_db

RATES = {"USD": 2000, "EUR": 1850, "JPY": 1000}


@pytest.fixture(autouse=True)
def _jpy_supported(settings):
    settings.STINT_MIN_HOURLY_RATE_MINOR = RATES


def _draft(personas, **overrides):
    return services.project_create(
        actor=personas.company_owner, organization=personas.organization, data=valid_data(**overrides)
    )


def _find(pattern: str, html: str) -> str:
    match = re.search(pattern, html)
    assert match is not None, pattern
    return match.group(1)


def _shown_total(html: str) -> tuple[str, int, str]:
    text = _find(r'data-testid="quote-total">([^<]+)<', html)
    minor = int(_find(r'name="confirm_total_minor" value="(\d+)"', html))
    currency = _find(r'name="confirm_currency" value="([A-Z]{3})"', html)
    return text, minor, currency


@pytest.mark.parametrize("openings", [1, 3])
@pytest.mark.parametrize(("currency", "fee_minor"), [("USD", 50_001), ("EUR", 47_777), ("JPY", 33_333)])
def test_the_amount_shown_before_publishing_is_the_amount_charged(personas, client, openings, currency, fee_minor):
    project = _draft(personas, openings=openings, currency=currency, fee_minor=fee_minor, estimated_hours=20)
    client.force_login(personas.company_owner)
    page = client.get(f"/payments/projects/{project.pk}/publish/")
    assert page.status_code == 200
    html = page.content.decode()
    text, minor, shown_currency = _shown_total(html)
    held = Money(fee_minor, currency) * openings
    assert f"× {openings} =" in html and str(held) in html  # the parts: fee × openings
    assert "Platform fee (10 %)" in html
    assert Funding.objects.count() == 0  # looking costs nothing

    response = client.post(
        f"/payments/projects/{project.pk}/publish/",
        {"confirm_total_minor": str(minor), "confirm_currency": shown_currency},
    )
    assert response.status_code == 302
    funding = Funding.objects.get(project=project)
    assert (funding.amount_minor, funding.currency) == (minor, shown_currency)
    assert str(funding.amount) == text
    assert funding.held_minor == held.amount_minor
    assert funding.held_minor + funding.platform_fee_minor == funding.amount_minor
    project.refresh_from_db()
    assert project.status == ProjectStatus.OPEN


@pytest.mark.parametrize(("currency", "fee_minor", "openings"), [("USD", 50_001, 3), ("JPY", 33_333, 3)])
def test_the_api_quote_is_what_the_api_publish_charges(personas, api_client_for, currency, fee_minor, openings):
    project = _draft(personas, openings=openings, currency=currency, fee_minor=fee_minor)
    api = api_client_for(personas.company_owner)
    quote = api.get(f"projects/{project.pk}/funding-quote").json()
    assert quote["held"]["amount_minor"] == fee_minor * openings
    assert quote["held"]["amount_minor"] + quote["platform_fee"]["amount_minor"] == quote["total"]["amount_minor"]
    assert api.post(f"projects/{project.pk}/publish").status_code == 200
    funding = Funding.objects.get(project=project)
    assert funding.amount_minor == quote["total"]["amount_minor"]
    assert funding.currency == quote["total"]["currency"] == currency


def test_a_stale_or_missing_confirmation_charges_nothing(personas, client):
    project = _draft(personas, openings=2)
    client.force_login(personas.company_owner)
    url = f"/payments/projects/{project.pk}/publish/"
    stale = client.post(url, {"confirm_total_minor": "1", "confirm_currency": "USD"})
    assert stale.status_code == 409
    assert "The amount changed" in stale.content.decode()
    missing = client.post(url, {})
    assert missing.status_code == 200
    assert "Please confirm the amount" in missing.content.decode()
    assert Funding.objects.count() == 0
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT


def test_the_old_publish_url_forwards_to_the_confirmation(personas, client):
    project = _draft(personas)
    client.force_login(personas.company_owner)
    response = client.post(f"/projects/{project.pk}/publish/")
    assert response.status_code == 307
    assert response["Location"] == f"/payments/projects/{project.pk}/publish/"
    assert Funding.objects.count() == 0


@pytest.mark.parametrize("persona", ["other_company_member", "talent", "staff"])
def test_outsiders_cannot_see_the_quote_or_publish(personas, client, api_client_for, persona):
    project = _draft(personas)
    user = getattr(personas, persona)
    client.force_login(user)
    url = f"/payments/projects/{project.pk}/publish/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm_total_minor": "55000", "confirm_currency": "USD"}).status_code == 404
    assert api_client_for(user).get(f"projects/{project.pk}/funding-quote").status_code == 404
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT
    assert Funding.objects.count() == 0


def test_the_manage_page_and_the_dashboard_link_the_statement_and_the_confirmation(personas, client):
    project = _draft(personas)
    client.force_login(personas.company_owner)
    manage = client.get(f"/projects/{project.pk}/manage/").content.decode()
    statement = f"/payments/organizations/{personas.organization.pk}/statement/"
    assert f'href="/payments/projects/{project.pk}/publish/"' in manage
    assert statement in manage
    dashboard = client.get(f"/organizations/{personas.organization.pk}/").content.decode()
    assert statement in dashboard


def _published_and_closed(personas, capture):
    project = _draft(personas, openings=3)
    publishing.project_publish(actor=personas.company_owner, project=project)
    with capture(execute=True):  # the refund is sent to the provider on commit
        publishing.project_close(actor=personas.company_owner, project=project, reason="We found enough help.")
    return project


def test_every_charge_and_refund_has_a_receipt_in_the_api_with_a_pdf(
    personas, api_client_for, django_capture_on_commit_callbacks
):
    project = _published_and_closed(personas, django_capture_on_commit_callbacks)
    api = api_client_for(personas.company_owner)
    org = personas.organization.pk
    listing = api.get(f"organizations/{org}/invoices").json()
    assert listing["count"] == 2
    kinds = {i["kind"]: i for i in listing["items"]}
    charge, refund = kinds["charge"], kinds["refund"]
    funding = Funding.objects.get(project=project)
    assert charge["total"]["amount_minor"] == funding.amount_minor
    assert sum(line["amount"]["amount_minor"] for line in charge["lines"]) == funding.amount_minor
    assert refund["total"]["amount_minor"] > 0
    one = api.get(f"organizations/{org}/invoices/{charge['id']}")
    assert one.status_code == 200
    assert one.json()["number"] == charge["number"]
    pdf = api.get(f"organizations/{org}/invoices/{refund['id']}.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Cache-Control"] == "private, no-store"
    assert pdf.content.startswith(b"%PDF")


def test_receipts_are_private_to_the_organization(personas, api_client_for, client, django_capture_on_commit_callbacks):
    _published_and_closed(personas, django_capture_on_commit_callbacks)
    org = personas.organization.pk
    invoice_id = api_client_for(personas.company_owner).get(f"organizations/{org}/invoices").json()["items"][0]["id"]
    for persona in ("other_company_member", "talent"):
        api = api_client_for(getattr(personas, persona))
        assert api.get(f"organizations/{org}/invoices").status_code == 404
        assert api.get(f"organizations/{org}/invoices/{invoice_id}").status_code == 404
        assert api.get(f"organizations/{org}/invoices/{invoice_id}.pdf").status_code == 404
    # Another organization's member asking under their own organization gets 404 too.
    other_org = personas.other_organization.pk
    other = api_client_for(personas.other_company_member)
    response = other.get(f"organizations/{other_org}/invoices/{invoice_id}")
    assert response.status_code == 404
    assert response.json()["code"] == "invoice_not_found"
    client.force_login(personas.talent)
    assert client.get(f"/payments/organizations/{org}/invoices/{invoice_id}.pdf").status_code == 404


def test_the_statement_lists_receipts_with_html_and_pdf(personas, client, django_capture_on_commit_callbacks):
    _published_and_closed(personas, django_capture_on_commit_callbacks)
    client.force_login(personas.company_owner)
    org = personas.organization.pk
    html = client.get(f"/payments/organizations/{org}/statement/").content.decode()
    links = re.findall(rf'href="(/payments/organizations/{org}/invoices/[0-9a-f-]+/)"', html)
    assert len(links) == 2
    page = client.get(links[0])
    assert page.status_code == 200
    assert 'data-testid="invoice-total"' in page.content.decode()
    pdf = client.get(links[0].rstrip("/") + ".pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
