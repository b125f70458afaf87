"""Demo projects: about 25 realistic micro-internships covering every category, across the demo
organizations. Idempotent: each project is keyed by ``external_id="demo-<n>"``.

Runs after the skills and organizations steps. Categories, skills and organizations are looked up
at run time; a project whose category or organization is missing is skipped, missing skills are
left out (the first skill of the category stands in if no required skill is left).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from stint.core.demo import STEPS
from stint.core.timezones import get_zone
from stint.organizations.choices import MemberRole
from stint.organizations.models import Membership, Organization
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.models import Project
from stint.projects.services import project_build
from stint.skills.models import Category, Skill

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoProject:
    n: int
    organization: str
    category: str
    title: str
    summary: str
    description: str
    deliverables: list[str]
    required: list[str]
    nice: list[str]
    hours: int
    fee_minor: int
    apply_in_days: int = 10
    weeks: int = 2
    openings: int = 1
    currency: str = "USD"
    status: str = ProjectStatus.OPEN
    visibility: str = Visibility.PUBLIC
    questions: list[str] = field(default_factory=list)
    rubric: list[tuple[str, int]] = field(default_factory=list)
    # Where the project lives and what it is written in (docs/projects.md, "Dates and time zones").
    time_zone: str = "UTC"
    language: str = "en"
    overlap: tuple[int, int, int] | None = None  # (hours, from hour, to hour) in time_zone


P = DemoProject
DEMO_PROJECTS: list[DemoProject] = [
    P(1, "northwind-labs", "research", "Competitor landscape for a retail forecasting tool",
      "Map the ten closest competitors of our demand-forecasting product for independent shops.",
      "Independent retailers choose between spreadsheets, point-of-sale add-ons and a handful of "
      "forecasting start-ups. We want a clear picture of who they are and how they price.\n\n"
      "- Identify at least ten competitors in the UK and North America\n"
      "- Compare pricing, target customers and headline features\n"
      "- Point out two or three gaps we could fill\n\n"
      "You will get a 30-minute kick-off call with our product lead and access to our internal notes.",
      ["A comparison spreadsheet of at least ten competitors", "A four-page summary with recommendations"],
      ["competitor-analysis", "desk-research"], ["market-analysis", "report-writing"], 20, 50_000,
      questions=["Which sources would you use to find pricing that is not published?"],
      rubric=[("Depth of research", 3), ("Clarity of the summary", 2), ("Relevant experience", 1)]),
    P(2, "brightpath-health", "research", "Patient-experience interview synthesis",
      "Turn twelve anonymised patient interviews into themes our clinics can act on.",
      "We interviewed twelve patients about booking appointments and waiting rooms. The transcripts are "
      "anonymised. We need someone to code them, find recurring themes and suggest improvements.\n\n"
      "Experience with qualitative coding (thematic analysis) is a plus.",
      ["A coded transcript set", "A themes report with quotes", "A one-page list of recommendations"],
      ["user-research", "analytical-thinking"], ["presenting-research-findings"], 25, 62_500,
      questions=["Describe how you would code an interview transcript."],
      rubric=[("Qualitative method", 3), ("Writing", 2)]),
    P(3, "atlas-civic-research", "research", "Literature review: open budgets in mid-sized cities",
      "Summarise the last ten years of research on participatory and open budgeting.",
      "Atlas studies local-government transparency. For our next report we need a structured literature "
      "review of peer-reviewed and grey literature on open and participatory budgeting in cities of "
      "100,000–500,000 inhabitants.",
      ["An annotated bibliography of 25–40 sources", "A six-page synthesis"],
      ["literature-review", "academic-writing"], ["social-science-research"], 30, 72_000, weeks=3,
      rubric=[("Search strategy", 2), ("Synthesis", 3)]),
    P(4, "harbor-and-co", "marketing", "SEO audit for a family restaurant group",
      "Audit the website of three restaurants and list the fixes that matter most.",
      "Our client runs three restaurants with one shared website. Bookings from search have dropped. "
      "Audit the site (technical basics, local SEO, content) and prioritise fixes by impact and effort.",
      ["An audit spreadsheet with every issue found", "A prioritised list of the top ten fixes"],
      ["search-engine-optimisation"], ["web-analytics", "keyword-research"], 15, 40_000,
      questions=["Which free tools would you use for a local SEO audit?"],
      rubric=[("SEO knowledge", 3), ("Prioritisation", 2)]),
    P(5, "harbor-and-co", "marketing", "Social media content calendar for a bakery launch",
      "Plan four weeks of Instagram and TikTok posts for a new neighbourhood bakery.",
      "A bakery opens next month. We need a content calendar with post ideas, captions and a simple "
      "way to measure what works.",
      ["A four-week content calendar", "Captions for 16 posts", "A one-page measurement plan"],
      ["social-media-marketing"], ["social-media-content", "copywriting"], 12, 30_000, openings=2,
      rubric=[("Creativity", 2), ("Understanding of the audience", 2), ("Writing", 1)]),
    P(6, "verdant-energy-cooperative", "marketing", "Member referral campaign plan",
      "Design a referral campaign that brings new members into our community solar cooperative.",
      "We grow mostly by word of mouth. Propose a referral campaign: audience, message, channels, "
      "incentives that fit a cooperative, and how we would measure it.",
      ["A campaign plan (5–8 pages)", "Draft email and leaflet copy"],
      ["digital-marketing"], ["email-marketing", "customer-segmentation"], 18, 45_000, currency="EUR",
      rubric=[("Strategy", 3), ("Copy", 1)]),
    P(7, "northwind-labs", "data-analysis", "Clean and analyse two years of sales data",
      "Clean a messy export of 40,000 sales rows and find seasonal patterns.",
      "We have two years of anonymised sales data from five pilot shops, exported from three different "
      "tills. Clean it, document what you did, and analyse seasonality by product category.",
      ["A cleaned dataset with a data dictionary", "A notebook or spreadsheet with the analysis",
       "A two-page summary with charts"],
      ["data-cleaning", "spreadsheets"], ["python", "statistics"], 25, 65_000,
      questions=["Which tool would you use for this and why?", "Share a link to an analysis you did."],
      rubric=[("Data cleaning rigour", 3), ("Analysis", 3), ("Communication", 2)]),
    P(8, "brightpath-health", "data-analysis", "Clinic wait-time dashboard prototype",
      "Build a simple dashboard of waiting times across six clinics from a CSV extract.",
      "Clinic managers want to see waiting times by clinic, weekday and hour. Build a prototype "
      "dashboard (any common tool) from the anonymised extract we provide.",
      ["A working dashboard prototype", "A short guide for clinic managers"],
      ["data-visualisation", "sql"], ["presenting-reports"], 30, 75_000, weeks=3,
      rubric=[("Usefulness for managers", 3), ("Technical quality", 2)]),
    P(9, "atlas-civic-research", "data-analysis", "Survey statistics for a transparency index",
      "Run descriptive statistics and two regressions on our 2025 city transparency survey.",
      "We surveyed 180 city websites. Compute descriptive statistics, test two hypotheses we specify, "
      "and write up the results for a general audience.",
      ["Analysis code or workbook", "A statistical appendix", "A plain-language summary"],
      ["statistics"], ["statistical-software", "statistical-reports"], 20, 52_000,
      rubric=[("Statistical correctness", 3), ("Plain-language writing", 2)]),
    P(10, "tidewater-books", "content-creation", "Copy-edit a regional travel guide chapter",
      "Copy-edit and fact-check a 9,000-word chapter of our coastal walks guide.",
      "Check grammar, consistency with our style sheet, and every fact you can verify (distances, "
      "opening hours, place names).",
      ["A tracked-changes manuscript", "A fact-check log"],
      ["copy-editing", "proofreading"], ["fact-checking"], 14, 32_000, status=ProjectStatus.PENDING_REVIEW,
      rubric=[("Attention to detail", 3), ("Style", 1)]),
    P(11, "quill-and-ledger", "content-creation", "Explainer articles on freelance taxes",
      "Write three plain-English articles on taxes for creative freelancers.",
      "Our clients are illustrators, photographers and musicians. Write three 1,200-word articles "
      "(expenses, quarterly payments, invoicing) that our accountants will review.",
      ["Three articles of about 1,200 words", "Suggested titles and meta descriptions"],
      ["content-writing"], ["copywriting", "search-engine-optimisation"], 16, 40_000,
      questions=["Link to a piece of writing that explains something complicated simply."],
      rubric=[("Clarity", 3), ("Accuracy", 2)]),
    P(12, "harbor-and-co", "content-creation", "Edit three short recipe videos",
      "Edit raw footage into three 60-second recipe videos for social media.",
      "We shot three recipes with a chef. Edit each into a vertical 60-second video with captions.",
      ["Three edited vertical videos", "Caption files"],
      ["video-editing"], ["subtitling", "social-media-content"], 10, 26_000,
      rubric=[("Editing quality", 3), ("Pace and storytelling", 2)]),
    P(13, "northwind-labs", "software", "Automated tests for our pricing API",
      "Write an automated test suite for a small pricing API in Python.",
      "Our pricing service has few tests. Add unit and API tests that cover its main paths and edge "
      "cases, and set them up to run in CI.",
      ["A merged pull request with the tests", "A short note on what is still untested"],
      ["python", "automated-testing"], ["web-services-and-apis"], 24, 66_000,
      questions=["Link to code you wrote that has tests."],
      rubric=[("Test design", 3), ("Code quality", 2)]),
    P(14, "atlas-civic-research", "software", "Accessibility fixes for our report website",
      "Find and fix accessibility problems on a static report website.",
      "Our reports are published on a small static site. Audit it against WCAG 2.2 AA, fix what you "
      "can in HTML and CSS, and document the rest.",
      ["An audit report", "A pull request with fixes"],
      ["web-accessibility", "html"], ["css", "javascript"], 18, 48_000,
      rubric=[("Accessibility knowledge", 3), ("Front-end skills", 2)]),
    P(15, "northwind-labs", "design", "Redesign the onboarding screens of our app",
      "Design a clearer first-run experience for shop owners (wireframes to hi-fi mock-ups).",
      "New users drop off during setup. Review the current flow, sketch alternatives, test them with "
      "two or three shop owners we introduce you to, and deliver high-fidelity mock-ups.",
      ["Wireframes of two alternatives", "High-fidelity mock-ups", "Notes from the tests"],
      ["user-interface-design", "wireframing"], ["usability-testing", "interaction-design"], 30, 80_000,
      weeks=3, rubric=[("Design quality", 3), ("User focus", 3)]),
    P(16, "tidewater-books", "design", "Cover concepts for a coastal walks guide",
      "Create three cover concepts for our next travel guide.",
      "We publish regional walking guides. Propose three cover concepts that fit our series.",
      ["Three cover concepts", "Print-ready files for the chosen one"],
      ["graphic-design"], ["typography", "illustration"], 12, 30_000, status=ProjectStatus.DRAFT),
    P(17, "verdant-energy-cooperative", "product", "Member portal requirements",
      "Gather and write the requirements for a member self-service portal.",
      "Members call us to update bank details and see their solar dividends. Interview five members "
      "and two staff, then write prioritised requirements for a self-service portal.",
      ["Interview notes", "A prioritised requirements document", "A simple user-flow diagram"],
      ["requirements-gathering"], ["product-management", "user-research"], 22, 52_000, currency="EUR",
      rubric=[("Requirements quality", 3), ("Interviewing", 2)]),
    P(18, "brightpath-health", "operations", "Map and improve the referral process",
      "Map how referrals move between our clinics and propose improvements.",
      "Referrals between clinics take too long. Map the current process with staff, find the "
      "bottlenecks and propose improvements we can test within a month.",
      ["A process map", "A list of bottlenecks with evidence", "Three improvement proposals"],
      ["process-improvement"], ["project-management", "stakeholder-communication"], 20, 50_000,
      rubric=[("Analysis", 3), ("Practicality of proposals", 2)]),
    P(19, "quill-and-ledger", "finance", "Budget templates for freelancers",
      "Build a reusable monthly budget and tax-reserve spreadsheet template.",
      "Our clients' income is irregular. Build a spreadsheet template that helps them budget monthly "
      "and set aside tax, with clear instructions.",
      ["A spreadsheet template", "A one-page user guide"],
      ["budgeting", "spreadsheets"], ["bookkeeping"], 12, 30_000,
      rubric=[("Usability", 3), ("Correctness", 3)]),
    P(20, "verdant-energy-cooperative", "finance", "Financial model for a new solar site",
      "Extend our financial model to evaluate a 2 MW community solar site.",
      "Add a new site to our model: capital costs, expected generation, tariffs and member returns "
      "over 20 years, with a sensitivity analysis.",
      ["An extended financial model", "A two-page investment memo"],
      ["financial-analysis"], ["financial-forecasting", "cost-benefit-analysis"], 35, 98_000, weeks=4,
      currency="EUR", questions=["Describe a financial model you built."],
      rubric=[("Modelling", 3), ("Assumptions documented", 2)]),
    P(21, "northwind-labs", "sales", "Lead list of independent garden centres",
      "Research and qualify 150 independent garden centres as sales leads.",
      "Build a list of independent garden centres in two regions, with contact details and a "
      "qualification score based on criteria we give you.",
      ["A qualified lead list of 150 shops", "Notes on the best-fit segment"],
      ["lead-generation"], ["crm-software", "market-research"], 15, 36_000,
      rubric=[("Accuracy", 3), ("Qualification", 2)]),
    P(22, "brightpath-health", "customer-success", "Knowledge base for patient questions",
      "Write 20 help-centre articles that answer patients' most common questions.",
      "Our front desk answers the same questions every day. Turn the list we give you into 20 short, "
      "friendly help-centre articles.",
      ["20 help-centre articles", "A suggested structure for the help centre"],
      ["knowledge-bases", "customer-service"], ["content-writing"], 18, 43_000,
      rubric=[("Clarity", 3), ("Tone", 2)]),
    P(23, "quill-and-ledger", "hr-recruiting", "Rewrite our job descriptions and onboarding checklist",
      "Make our three job descriptions inclusive and build a first-week onboarding checklist.",
      "We are hiring two bookkeepers and a client manager. Rewrite the job descriptions with inclusive "
      "language and create an onboarding checklist for the first week.",
      ["Three job descriptions", "An onboarding checklist"],
      ["job-descriptions"], ["employee-onboarding", "diversity-and-inclusion"], 10, 25_000,
      rubric=[("Inclusive language", 3), ("Clarity", 2)]),
    P(24, "atlas-civic-research", "legal-compliance", "Data-protection review of our survey process",
      "Review how we collect and store survey data against the GDPR, and list what to change.",
      "We run surveys of city officials. Review our consent forms, storage and retention against the "
      "GDPR and write a short list of changes.",
      ["A gap analysis", "Revised consent form wording"],
      ["data-protection"], ["company-policies"], 16, 40_000, currency="EUR",
      rubric=[("Legal accuracy", 3), ("Practical advice", 2)]),
    P(25, "harbor-and-co", "languages", "Translate and localise a menu and website into Spanish",
      "Translate a restaurant's menu and five web pages into Spanish for visitors.",
      "Our client gets many Spanish-speaking visitors. Translate the menu and five web pages, adapting "
      "dish descriptions so they read naturally.",
      ["Translated menu", "Five translated web pages"],
      ["translation", "spanish"], ["localisation"], 8, 20_000,
      rubric=[("Translation quality", 3), ("Localisation", 2)]),
    P(26, "verdant-energy-cooperative", "research", "Member survey design (draft)",
      "Design the annual member satisfaction survey.",
      "Design a 15-minute survey that measures satisfaction and interest in new services.",
      ["A survey questionnaire", "A sampling and analysis plan"],
      ["survey-design"], ["quantitative-research"], 10, 25_000, status=ProjectStatus.DRAFT),
    P(27, "northwind-labs", "data-analysis", "Geographic analysis of customer locations",
      "Map our pilot customers and find under-served areas.",
      "Use our customer postcodes (aggregated) to map where our customers are and compare with the "
      "density of independent shops.",
      ["Maps of customers and shops", "A short memo on under-served areas"],
      ["geographic-information-systems"], ["data-visualisation"], 14, 35_000, visibility=Visibility.UNLISTED),
    # Projects posted from other time zones, written in their own languages (issue 14).
    P(28, "verdant-energy-cooperative", "data-analysis", "Auswertung von Stromverbrauchsdaten für Genossenschaften",
      "Analysieren Sie ein Jahr Zählerdaten unserer Mitglieder in Berlin und Brandenburg.",
      "Unsere Energiegenossenschaft möchte verstehen, wann ihre Mitglieder Strom verbrauchen.\n\n"
      "- Bereinigen Sie die Zählerdaten (stündlich, anonymisiert)\n"
      "- Zeigen Sie Lastspitzen nach Wochentag und Jahreszeit\n"
      "- Schlagen Sie zwei Tarifideen vor\n\n"
      "Wir arbeiten nachmittags zusammen: mindestens zwei Stunden zwischen 14 und 18 Uhr (Berlin).",
      ["Bereinigter Datensatz", "Kurzbericht mit Diagrammen"],
      ["data-cleaning", "data-visualisation"], ["python"], 18, 45_000, currency="EUR",
      time_zone="Europe/Berlin", language="de", overlap=(2, 14, 18),
      rubric=[("Datenqualität", 3), ("Klarheit", 2)]),
    P(29, "harbor-and-co", "research", "Pesquisa com clientes de cafeterias em São Paulo",
      "Entreviste donos de cafeterias e resuma o que esperam de um aplicativo de fidelidade.",
      "Queremos entender como pequenas cafeterias de São Paulo fidelizam clientes.\n\n"
      "- Planeje e conduza oito entrevistas curtas\n"
      "- Resuma as respostas em temas\n"
      "- Sugira três funcionalidades prioritárias",
      ["Roteiro de entrevista", "Relatório de temas"],
      ["market-research"], ["report-writing"], 12, 30_000,
      time_zone="America/Sao_Paulo", language="pt", overlap=(2, 10, 16),
      rubric=[("Método", 2), ("Síntese", 3)]),
    P(30, "atlas-civic-research", "research", "Survey of market traders' mobile payment habits in Lagos",
      "Design and pilot a short survey of how market traders in Lagos accept payments.",
      "We are studying how small traders in Lagos markets move between cash, transfers and mobile "
      "wallets. Design a ten-minute survey, pilot it with ten traders and report what you learn.",
      ["A survey questionnaire", "Pilot findings (2 pages)"],
      ["survey-design"], ["quantitative-research"], 14, 35_000,
      time_zone="Africa/Lagos", language="en", overlap=(3, 9, 15),
      rubric=[("Survey design", 3), ("Insight", 2)]),
    # Posted in other currencies (issue 14): talent see the fee in its currency and "≈" in theirs.
    P(31, "northwind-labs", "data-analysis", "Delivery-time analysis for partner shops in Bengaluru",
      "Analyse six months of delivery times from our partner shops in Bengaluru and find the slow routes.",
      "Our Bengaluru pilot works with forty partner shops. Clean six months of delivery records, "
      "compare routes and times of day, and tell us where deliveries are slowest and why.",
      ["A cleaned dataset", "A notebook or workbook with the analysis", "A two-page summary with charts"],
      ["data-cleaning", "spreadsheets"], ["statistics", "data-visualisation"], 20, 4_000_000, currency="INR",
      rubric=[("Analysis", 3), ("Clarity of the summary", 2)]),
    P(32, "verdant-energy-cooperative", "marketing", "Launch plan for a solar cooperative in São Paulo",
      "Plan the first two months of social media for our new member cooperative in São Paulo.",
      "We are opening a sister cooperative in São Paulo. Plan two months of posts in Portuguese, with "
      "captions and a simple way to see what brings new members.",
      ["An eight-week content calendar", "Captions for 16 posts", "A one-page measurement plan"],
      ["social-media-marketing"], ["social-media-content", "copywriting"], 15, 180_000, currency="BRL",
      rubric=[("Understanding of the audience", 3), ("Writing", 2)]),
    P(33, "harbor-and-co", "languages", "Translate a restaurant menu and booking page into Japanese",
      "Translate our client's menu and booking page into natural Japanese for visitors from Japan.",
      "Our client's restaurant gets more visitors from Japan every season. Translate the menu and the "
      "booking page so that they read naturally, and flag dishes that need a short explanation.",
      ["Translated menu", "Translated booking page", "A list of dishes that need an explanation"],
      ["translation"], ["localisation"], 12, 48_000, currency="JPY",
      rubric=[("Translation quality", 3), ("Localisation", 2)]),
]  # fmt: skip


def _owner(organization: Organization) -> Any:
    memberships = Membership.objects.filter(organization=organization).select_related("user")
    membership = memberships.filter(role=MemberRole.OWNER).first() or memberships.first()
    return membership.user if membership else None


def _skills(spec: DemoProject, category: Category) -> list[dict[str, Any]]:
    slugs = set(spec.required) | set(spec.nice)
    found = set(Skill.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    skills = [{"skill": s, "required": True} for s in spec.required if s in found]
    skills += [{"skill": s, "required": False} for s in spec.nice if s in found and s not in spec.required]
    if not any(s["required"] for s in skills):
        stand_in = Skill.objects.filter(category=category).order_by("label").first()
        if stand_in is None:
            return []
        skills.insert(0, {"skill": stand_in.slug, "required": True})
    return skills


def _data(spec: DemoProject, category: Category, skills: list[dict[str, Any]]) -> dict[str, Any]:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    today = timezone.localtime(timezone.now(), get_zone(spec.time_zone)).date()
    application_deadline = now + datetime.timedelta(days=spec.apply_in_days)
    start = application_deadline.date() + datetime.timedelta(days=4)
    return {
        "title": spec.title,
        "summary": spec.summary,
        "description": spec.description,
        "category": category,
        "skills": skills,
        "deliverables": spec.deliverables,
        "estimated_hours": spec.hours,
        "fee_minor": spec.fee_minor,
        "currency": spec.currency,
        "openings": spec.openings,
        "visibility": spec.visibility,
        "application_deadline": application_deadline,
        "response_deadline": application_deadline + datetime.timedelta(days=3),
        "start_date": max(start, today + datetime.timedelta(days=1)),
        "due_date": start + datetime.timedelta(weeks=spec.weeks),
        "questions": spec.questions,
        "rubric": [{"criterion": c, "weight": w} for c, w in spec.rubric],
        "time_zone": spec.time_zone,
        "language": spec.language,
        "overlap_hours": spec.overlap[0] if spec.overlap else None,
        "overlap_start": datetime.time(spec.overlap[1]) if spec.overlap else None,
        "overlap_end": datetime.time(spec.overlap[2]) if spec.overlap else None,
    }


def load_projects(users: dict[str, Any]) -> None:
    organizations = {o.slug: o for o in Organization.objects.filter(slug__in={p.organization for p in DEMO_PROJECTS})}
    if not organizations:
        logger.info("demo projects: no demo organizations, skipping")
        return
    categories = {c.slug: c for c in Category.objects.all()}
    existing = set(Project.objects.filter(external_id__startswith="demo-").values_list("external_id", flat=True))
    for spec in DEMO_PROJECTS:
        external_id = f"demo-{spec.n}"
        organization = organizations.get(spec.organization)
        category = categories.get(spec.category)
        if external_id in existing or organization is None or category is None:
            continue
        skills = _skills(spec, category)
        if not skills:
            continue
        owner = _owner(organization)
        # Drafts only: the payments demo step publishes the listed ones through the real
        # publish-and-fund path, so every listed demo project has its funds held.
        project_build(
            organization=organization,
            created_by=owner,
            data=_data(spec, category, skills),
            external_id=external_id,
        )


STEPS.append(load_projects)
