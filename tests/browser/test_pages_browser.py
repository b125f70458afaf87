"""Every role's main pages as a stranger meets them, on a laptop (1280 × 900) and a phone (390 × 844).

For each role and width, in one browser context: every page answers 200, lays out no wider than the
screen (``scrollWidth <= innerWidth``) and passes axe with no moderate, serious or critical
violation; the header menu is a row of links on the laptop and a working "Menu" disclosure on the
phone; and a mouse click in the middle of the first result title on ``/search/`` and on
``/projects/`` opens that project's page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from stint.applications.tests.factories import ApplicationFactory
from stint.core.testing.browser import assert_accessible, axe_violations
from stint.engagements import services as engagements
from stint.flows import settlement
from stint.matching.indexing import reindex_projects
from stint.messaging.services import message_post, thread_for_application
from stint.organizations.tests.factories import OrganizationFactory
from stint.payments.models import Funding
from stint.payments.services import payout_request
from stint.payments.tests.factories import draft_project, engagement_for, funded_project, set_status
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.skills.tests.factories import CategoryFactory
from stint.talent.selectors import talent_profile_for_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"laptop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
ROLES = ("anonymous", "talent", "company_owner", "advisor", "staff")
# The menu collapses below this width (site.css).
MENU_BREAKPOINT = 1280


@dataclass
class World:
    """The ids the pages need; built once per test from the personas and factories."""

    organization: Any
    open_project: Any
    draft_project: Any
    applied_project: Any
    paid_engagement: Any
    disputed_engagement: Any
    talent_application: Any
    applicant_application: Any
    talent_profile: Any
    thread: Any
    invoice_id: Any = None


def _open_projects(organization: Any, owner: Any, category: Any) -> list[Any]:
    """Four funded open projects of the organization, each with a skill."""
    titles = (
        "Clean and analyse two years of sales data for a neighbourhood bakery chain",
        "Customer churn analysis",
        "Survey of student budgeting habits",
        "Dashboard of monthly café sales",
    )
    projects = [
        funded_project(organization, actor=owner, status="open", title=title, category=category) for title in titles
    ]
    for project in projects:
        ProjectSkillFactory(project=project)
    # A long unbroken word (a URL) must wrap on a phone, not widen the page.
    projects[0].summary = "Data: https://data.example.org/exports/sales-2024-2025-all-branches-weekly-aggregates.csv"
    projects[0].save(update_fields=["summary"])
    return projects


def _paid_and_reviewed(project: Any, owner: Any, talent: Any) -> Any:
    """The talent's engagement on ``project``: approved (paid), reviewed by both sides, with a payout."""
    paid = set_status(engagement_for(project, talent=talent), "submitted")
    paid = settlement.engagement_approve(actor=owner, engagement=paid)
    engagements.review_create(author=owner, engagement=paid, rating=5, comment="Clear, careful work.")
    engagements.review_create(author=talent, engagement=paid, rating=5, comment="Quick answers.")
    payout_request(user=talent, amount_minor=10_000, currency=paid.currency, idempotency_key="browser-pages")
    return paid


def build_world(personas: Any) -> World:
    """Demo-like data for every role: open projects in search, a draft, applications, a paid and
    reviewed engagement with a payout, a dispute for staff, an organization and a project waiting
    for staff."""
    owner, talent, organization = personas.company_owner, personas.talent, personas.organization
    data = CategoryFactory(slug="data-analysis", name="Data analysis")
    open_project, applied_project, paid_project, disputed_project = _open_projects(organization, owner, data)

    profile = talent_profile_for_user(talent)
    profile.headline = "Economics student who turns messy data into clear charts"
    profile.interests = ["data-analysis", "renewable energy"]
    profile.save(update_fields=["headline", "interests"])

    talent_application = ApplicationFactory(project=applied_project, talent=talent, status="shortlisted")
    applicant_application = ApplicationFactory(project=open_project, talent=personas.other_talent)
    thread = thread_for_application(application=talent_application)
    message_post(actor=owner, thread=thread, body="Thanks for applying. Could you start next Monday?")
    talent_profile_for_user(personas.other_talent)

    paid = _paid_and_reviewed(paid_project, owner, talent)
    disputed = set_status(engagement_for(disputed_project, talent=personas.other_talent), "disputed")

    waiting = OrganizationFactory(name="Harbor & Co.")
    ProjectFactory(organization=waiting, status="pending_review", published_at=None, category=data)
    reindex_projects()
    funding = Funding.objects.filter(project=open_project, status="succeeded").first()
    return World(
        invoice_id=funding.pk if funding else None,
        organization=organization,
        open_project=open_project,
        draft_project=draft_project(organization, category=data, title="Logo refresh (draft)"),
        applied_project=applied_project,
        paid_engagement=paid,
        disputed_engagement=disputed,
        talent_application=talent_application,
        applicant_application=applicant_application,
        talent_profile=profile,
        thread=thread,
    )


def _anonymous_pages(w: World) -> list[str]:
    return [
        "/",
        "/search/",
        "/projects/",
        f"/projects/{w.open_project.pk}/",
        f"/organizations/o/{w.organization.slug}/",
        "/skills/",
        "/accounts/login/",
        "/accounts/signup/",
    ]


def _talent_pages(w: World) -> list[str]:
    return [
        "/",
        "/search/",
        "/search/?min_rate=20&fits_free_hours=on&timezone=Europe/Paris&skills=python&currency=USD",
        "/projects/?min_hourly_rate=20",
        "/projects/",
        f"/projects/{w.open_project.pk}/",
        f"/projects/{w.applied_project.pk}/",
        "/recommendations/",
        "/applications/",
        f"/applications/{w.talent_application.pk}/",
        "/engagements/",
        f"/engagements/{w.paid_engagement.pk}/",
        "/planner/",
        "/payments/earnings/",
        "/talent/profile/",
        "/talent/profile/edit/",
        "/search/saved/",
        "/messages/",
        f"/messages/{w.thread.pk}/",
        "/notifications/",
        "/me/",
    ]


def _company_owner_pages(w: World) -> list[str]:
    org = w.organization
    return [
        "/",
        "/organizations/",
        f"/organizations/{org.pk}/",
        f"/organizations/{org.pk}/members/",
        f"/organizations/{org.pk}/edit/",
        "/projects/mine/",
        f"/projects/mine/?organization={org.pk}",
        f"/projects/new/?organization={org.pk}",
        f"/projects/{w.draft_project.pk}/edit/",
        f"/projects/{w.open_project.pk}/manage/",
        f"/applications/project/{w.open_project.pk}/",
        f"/applications/{w.applicant_application.pk}/",
        "/engagements/",
        f"/engagements/{w.paid_engagement.pk}/",
        f"/payments/organizations/{org.pk}/statement/",
        "/messages/",
        f"/messages/{w.thread.pk}/",
        f"/payments/organizations/{org.pk}/invoices/{w.invoice_id}/",
        f"/payments/projects/{w.draft_project.pk}/publish/",
        "/notifications/",
        "/me/",
    ]


def _advisor_pages(w: World) -> list[str]:
    return ["/", "/projects/", "/search/", f"/projects/{w.open_project.pk}/", "/organizations/", "/me/"]


def _staff_pages(w: World) -> list[str]:
    return [
        "/",
        "/organizations/staff/verification/",
        "/projects/staff/moderation/",
        "/engagements/staff/disputes/",
        f"/engagements/{w.disputed_engagement.pk}/",
        "/notifications/",
        "/me/",
    ]


PAGES = {
    "anonymous": _anonymous_pages,
    "talent": _talent_pages,
    "company_owner": _company_owner_pages,
    "advisor": _advisor_pages,
    "staff": _staff_pages,
}


def pages_for(role: str, w: World) -> list[str]:
    return PAGES[role](w)


def _sign_in(context: Any, user: Any, base_url: str) -> None:
    """Share a session made by Django's test client (the login form has its own browser tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])


def _assert_fits(page: Any) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} lays out {widths[0]} px wide on a {widths[1]} px screen"


def _check_menu(page: Any, width: int) -> None:
    """The header's links: a row on wide screens; behind a "Menu" disclosure on narrow ones that
    opens and closes by pointer and by keyboard, with its state exposed by the browser."""
    toggle = page.locator("summary.nav-toggle")
    first_link = page.locator(".nav-links a").first
    if width >= MENU_BREAKPOINT:
        expect(toggle).to_be_hidden()
        expect(first_link).to_be_visible()
        return
    menu = page.locator("details.nav-menu")
    expect(toggle).to_have_text("Menu")
    expect(first_link).to_be_hidden()
    toggle.click()
    expect(menu).to_have_attribute("open", "")
    expect(first_link).to_be_visible()
    _assert_fits(page)
    assert_accessible(page)
    toggle.focus()
    page.keyboard.press("Enter")
    expect(first_link).to_be_hidden()
    page.keyboard.press("Space")
    expect(first_link).to_be_visible()
    first_link.click()
    page.wait_for_load_state()
    expect(page.locator("details.nav-menu")).not_to_have_attribute("open", "")


def _open_first_result_by_pointer(page: Any, url: str, title_links: str) -> None:
    """A mouse click in the middle of the first result title must land on that title's link (in
    the walk it landed on the search form's submit button) and open the project page."""
    page.goto(url)
    link = page.locator(title_links).first
    expect(link).to_be_visible()
    link.scroll_into_view_if_needed()
    href, title = link.get_attribute("href"), link.inner_text().strip()
    x, y = link.evaluate(
        "el => { const r = el.getClientRects()[0]; return [r.left + r.width / 2, r.top + r.height / 2]; }"
    )
    hit = page.evaluate(
        "([x, y]) => { const el = document.elementFromPoint(x, y); const a = el && el.closest('a');"
        " return a ? a.getAttribute('href') : (el ? el.outerHTML.slice(0, 120) : null); }",
        [x, y],
    )
    assert hit == href, f"on {url} a click in the middle of {title!r} lands on {hit}"
    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ROLES)
def test_main_pages_fit_the_screen_pass_axe_and_open_results_by_pointer(role, width, browser, live_server, personas):
    world = build_world(personas)
    viewport = WIDTHS[width]
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    context.set_default_timeout(15_000)
    try:
        if role != "anonymous":
            _sign_in(context, getattr(personas, role), live_server.url)
        page = context.new_page()
        page.goto("/")
        _check_menu(page, viewport["width"])
        for url in pages_for(role, world):
            response = page.goto(url)
            assert response is not None and response.status == 200, (url, response and response.status)
            _assert_fits(page)
            assert_accessible(page)
        _open_first_result_by_pointer(page, "/search/", "#search-results h3 a")
        _open_first_result_by_pointer(page, "/projects/", ".project-card-title a")
    finally:
        context.close()


def test_the_api_docs_page_declares_its_language(page):
    page.goto("/api/v1/docs")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    # Swagger UI's own widgets have contrast and nesting issues we do not patch; the document is ours.
    document_rules = ["html-has-lang", "html-lang-valid", "document-title", "landmark-one-main", "region"]
    assert axe_violations(page, rules=document_rules) == []
