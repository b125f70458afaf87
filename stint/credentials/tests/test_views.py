"""The pages: the public portfolio shows only what the talent and the company allowed, for every
persona; the endorsement form; the settings form; the verification page; the PDFs."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from stint.credentials.models import Credential, Endorsement, Portfolio, Publication
from stint.credentials.services import endorsements_set, portfolio_update
from stint.credentials.tests.conftest import SECRET_MESSAGE, approved_engagement
from stint.engagements import services as engagements
from stint.messaging.services import message_post, thread_for_engagement
from stint.projects.models import ProjectSkill

pytestmark = pytest.mark.django_db
PERSONAS = ("company_owner", "other_company_member", "talent", "other_talent", None)


def client_for(personas, name):
    client = Client()
    if name:
        client.force_login(getattr(personas, name))
    return client


@pytest.fixture
def public_portfolio(approved, personas, django_capture_on_commit_callbacks):
    """Two completed projects: one with a published summary and a visible review, one confidential
    with a summary the company wrote but did not publish; a private message; the portfolio public."""
    confidential = approved_engagement(personas, django_capture_on_commit_callbacks, title="Secret pricing study")
    skill = ProjectSkill.objects.filter(project=approved.project).values_list("skill_id", flat=True).first()
    endorsements_set(
        actor=personas.company_owner,
        engagement=approved,
        levels={str(skill): 4},
        confidential=False,
        public_summary="A comparison of five budgeting apps.",
    )
    endorsements_set(
        actor=personas.company_owner,
        engagement=confidential,
        levels={},
        confidential=True,
        public_summary="Internal price points of the 2027 range",
    )
    engagements.review_create(author=personas.company_owner, engagement=approved, rating=5, comment="Clear and on time")
    engagements.review_create(author=personas.talent, engagement=approved, rating=4, comment="Good brief")
    message_post(actor=personas.talent, thread=thread_for_engagement(engagement=approved), body=SECRET_MESSAGE)
    portfolio_update(user=personas.talent, slug="sam-rivera", published=True, show_reviews=True)
    return approved, confidential


@pytest.mark.parametrize("who", PERSONAS)
def test_the_portfolio_never_shows_private_fields(public_portfolio, personas, who):
    approved, confidential = public_portfolio
    html = client_for(personas, who).get("/portfolio/sam-rivera/").content.decode()
    assert approved.project.title in html and confidential.project.title in html
    assert "A comparison of five budgeting apps." in html
    assert "Clear and on time" in html
    assert "Internal price points" not in html  # confidential: title and skills only
    assert personas.talent.email not in html
    assert SECRET_MESSAGE not in html and "555-0199" not in html
    assert "500.00" not in html and str(approved.fee_minor) not in html
    assert '"@type": "Person"' in html and "EducationalOccupationalCredential" in html


def test_hidden_projects_and_sections_stay_hidden(public_portfolio, personas):
    _approved, confidential = public_portfolio
    portfolio_update(
        user=personas.talent,
        slug="sam-rivera",
        published=True,
        hidden_engagements=[str(confidential.pk)],
        show_reviews=False,
    )
    html = Client().get("/portfolio/sam-rivera/").content.decode()
    assert confidential.project.title not in html and "Clear and on time" not in html
    portfolio_update(user=personas.talent, slug="sam-rivera", published=False)
    assert Client().get("/portfolio/sam-rivera/").status_code == 404


def test_the_owner_endorses_through_the_form(approved, personas):
    skill = ProjectSkill.objects.filter(project=approved.project).values_list("skill_id", flat=True).first()
    client = client_for(personas, "company_owner")
    page = client.get(f"/credentials/engagements/{approved.pk}/endorse/")
    assert page.status_code == 200 and "Time management" in page.content.decode()
    response = client.post(
        f"/credentials/engagements/{approved.pk}/endorse/",
        {f"level-{skill}": "3", "publish": "yes", "public_summary": "Five apps compared."},
    )
    assert response.status_code == 302
    assert Endorsement.objects.get(engagement=approved).level == 3
    workspace = client.get(f"/engagements/{approved.pk}/").content.decode()
    assert "Proof of work" in workspace and "verify and share it" in workspace


def test_the_form_shows_errors_and_changes_nothing(approved, personas):
    client = client_for(personas, "company_owner")
    response = client.post(f"/credentials/engagements/{approved.pk}/endorse/", {"publish": "yes", "public_summary": ""})
    assert response.status_code == 422 and "Write the summary" in response.content.decode()
    assert not Publication.objects.exists()


@pytest.mark.parametrize("who", ["other_company_member", "talent", "other_talent", None])
def test_others_cannot_open_or_post_the_endorsement_form(approved, personas, who):
    skill = ProjectSkill.objects.filter(project=approved.project).values_list("skill_id", flat=True).first()
    client = client_for(personas, who)
    url = f"/credentials/engagements/{approved.pk}/endorse/"
    expected = 302 if who is None else 404  # anonymous: to the login page
    assert client.get(url).status_code == expected
    assert client.post(url, {f"level-{skill}": "5", "publish": "no"}).status_code == expected
    assert not Endorsement.objects.exists() and not Publication.objects.exists()


def test_settings_form(approved, personas):
    client = client_for(personas, "talent")
    assert client.get("/portfolio/settings/").status_code == 200
    response = client.post("/portfolio/settings/", {"slug": "sam-r", "published": "on", "show_projects": "on"})
    assert response.status_code == 302
    portfolio = Portfolio.objects.get(user=personas.talent)
    assert portfolio.published and portfolio.hidden_engagements == [str(approved.pk)]  # box not ticked: hidden
    bad = client.post("/portfolio/settings/", {"slug": "admin", "published": "on"})
    assert bad.status_code == 422 and Portfolio.objects.get(user=personas.talent).slug == "sam-r"


@pytest.mark.parametrize("who", ["company_owner", "other_company_member"])
def test_settings_and_dashboard_are_for_talent_only(personas, who):
    client = client_for(personas, who)
    assert client.get("/portfolio/settings/").status_code == 404
    assert client.post("/portfolio/settings/", {"slug": "nope-nope", "published": "on"}).status_code == 404
    assert client.get("/portfolio/dashboard/").status_code == 404
    assert not Portfolio.objects.filter(slug="nope-nope").exists()


def test_the_verification_page(approved):
    credential = Credential.objects.get(engagement=approved)
    client = Client()
    page = client.get(f"/credentials/{credential.pk}/").content.decode()
    assert "Verified" in page and credential.jwt in page
    assert "Verified" in client.post("/credentials/verify/", {"credential": credential.jwt}).content.decode()
    forged = credential.jwt[:-4] + ("AAAA" if not credential.jwt.endswith("AAAA") else "BBBB")
    assert "Not valid" in client.post("/credentials/verify/", {"credential": forged}).content.decode()
    credential.status = "revoked"
    credential.save()
    assert "Revoked" in client.post("/credentials/verify/", {"credential": credential.jwt}).content.decode()


def test_the_pdfs_open_and_carry_the_verification_link(approved, personas):
    from pypdf import PdfReader

    credential = Credential.objects.get(engagement=approved)
    url = f"/credentials/{credential.pk}/"
    certificate = Client().get(f"/credentials/{credential.pk}/certificate.pdf")
    assert certificate["Content-Type"] == "application/pdf"
    resume = client_for(personas, "talent").get("/portfolio/resume.pdf")
    assert resume["Cache-Control"] == "private, no-store"
    for body in (certificate.content, resume.content):
        reader = PdfReader(io.BytesIO(body))
        text = " ".join(page.extract_text() for page in reader.pages)
        links = [a.get_object().get("/A", {}).get("/URI", "") for p in reader.pages for a in p.get("/Annots") or []]
        assert any(link.endswith(url) for link in links), links
        assert approved.project.title in text


def test_the_dashboard_draws_charts_with_tables(approved, personas):
    html = client_for(personas, "talent").get("/portfolio/dashboard/").content.decode()
    assert html.count('role="img"') >= 2 and "<table>" in html and "Hours worked per month" in html
    assert "3h" in html and "500.00" in html and "3.0" not in html
