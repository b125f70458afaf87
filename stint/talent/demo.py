"""Demo talent: a complete profile for talent@student.example and eleven more students and graduates.

Skills are looked up by slug at run time and missing ones are skipped, so the step works whatever
part of the taxonomy is loaded. Idempotent: a profile is written only when it differs from what the
step would write (so a second run changes nothing), through the same service as the UI.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from stint.accounts.choices import Role
from stint.accounts.demo import ensure_user
from stint.core.demo import STEPS
from stint.skills.models import Skill
from stint.talent.samples import minimal_pdf

logger = logging.getLogger(__name__)

SAM = "talent@student.example"


@dataclass(frozen=True)
class DemoTalent:
    email: str
    name: str
    headline: str
    institution: str
    programme: str
    graduation_year_offset: int  # years from now
    skills: list[tuple[str, int]]  # (slug, level)
    interests: list[str]
    career_goals: str
    target_roles: list[str]
    weekly_hours: int
    tz: str
    links: list[str]
    blocked: list[tuple[int, int, str, int | None]] = field(
        default_factory=list
    )  # (days from today, length, reason, hours)
    resume: bool = True
    work_hours: tuple[int, int] | None = None  # (from hour, to hour) in tz
    languages: tuple[str, ...] = ("en",)


DEMO_TALENT: list[DemoTalent] = [
    DemoTalent(
        SAM,
        "Sam Rivera",
        "Economics student who turns messy data into clear charts",
        "University of Leeds",
        "BSc Economics and Data Science",
        1,
        [
            ("spreadsheets", 5),
            ("sql", 3),
            ("statistics", 4),
            ("data-visualisation", 4),
            ("data-cleaning", 4),
            ("python", 2),
            ("economics", 4),
            ("market-research", 3),
            ("report-writing", 3),
        ],
        ["data-analysis", "research", "finance", "renewable energy"],
        "I want to become a data analyst in the energy transition: helping utilities and start-ups decide "
        "with evidence. I'd like real projects with messy data, dashboards and short written findings.",
        ["Data analyst", "Research assistant", "Business intelligence intern"],
        12,
        "Europe/London",
        ["https://github.com/samrivera-demo", "https://www.linkedin.com/in/samrivera-demo"],
        [(45, 16, "Winter exams", None), (150, 7, "Field trip", 4)],
    ),
    DemoTalent(
        "amara.okafor@student.example",
        "Amara Okafor",
        "Marketing student who writes copy people actually read",
        "University of Lagos",
        "BA Mass Communication",
        1,
        [("copywriting", 4), ("social-media-marketing", 4), ("content-writing", 4), ("search-engine-optimisation", 2)],
        ["marketing", "content-creation", "consumer goods"],
        "Grow into a brand strategist for consumer brands across West Africa.",
        ["Content marketer", "Social media manager"],
        15,
        "Africa/Lagos",
        ["https://amaraokafor.example"],
        [(60, 10, "Semester exams", None)],
    ),
    DemoTalent(
        "jonas.weber@student.example",
        "Jonas Weber",
        "Computer science master's student, backend and data pipelines",
        "Technical University of Munich",
        "MSc Informatics",
        1,
        [("python", 5), ("postgresql", 4), ("software-testing", 4), ("etl", 3), ("cloud-computing", 3)],
        ["software", "data-analysis", "mobility"],
        "Build reliable data infrastructure for public transport companies.",
        ["Backend developer", "Data engineer"],
        10,
        "Europe/Berlin",
        ["https://github.com/jonasweber-demo"],
        [(30, 21, "Thesis deadline", 3)],
    ),
    DemoTalent(
        "mei.lin@student.example",
        "Mei Lin",
        "Design student focused on accessible interfaces",
        "National University of Singapore",
        "BA Industrial Design",
        2,
        [("user-interface-design", 4), ("wireframing", 4), ("user-research", 3), ("web-accessibility", 3)],
        ["design", "product", "healthcare"],
        "Design health apps that older people can use without help.",
        ["UX designer", "Product designer"],
        8,
        "Asia/Singapore",
        ["https://meilin.example/portfolio"],
    ),
    DemoTalent(
        "diego.santos@student.example",
        "Diego Santos",
        "Finance graduate who loves a tidy model",
        "Universidade de São Paulo",
        "BSc Business Administration",
        0,
        [("financial-analysis", 4), ("spreadsheets", 5), ("financial-forecasting", 3), ("business-valuation", 3)],
        ["finance", "fintech"],
        "Join a fintech's finance team and later move into venture capital.",
        ["Financial analyst", "FP&A analyst"],
        25,
        "America/Sao_Paulo",
        ["https://www.linkedin.com/in/diegosantos-demo"],
    ),
    DemoTalent(
        "priya.shah@student.example",
        "Priya Shah",
        "Public policy student researching housing",
        "London School of Economics",
        "MSc Public Policy",
        1,
        [("policy-analysis", 4), ("desk-research", 5), ("report-writing", 4), ("quantitative-research", 3)],
        ["research", "public sector", "housing"],
        "Work at a think tank on affordable housing policy.",
        ["Policy researcher", "Research assistant"],
        10,
        "Europe/London",
        ["https://priyashah.example"],
        [(90, 14, "Spring exams", None)],
    ),
    DemoTalent(
        "lucas.martin@student.example",
        "Lucas Martin",
        "Bilingual communications student, French and English",
        "Université de Montréal",
        "BA Communication",
        2,
        [("translation", 4), ("french", 5), ("english", 5), ("proofreading", 4), ("subtitling", 3)],
        ["languages", "content-creation", "media"],
        "Localise games and apps for French-speaking markets.",
        ["Localisation specialist", "Translator"],
        12,
        "America/Toronto",
        ["https://lucasmartin.example"],
    ),
    DemoTalent(
        "fatima.haddad@student.example",
        "Fatima Haddad",
        "Operations student who keeps projects on track",
        "American University of Beirut",
        "BBA Operations Management",
        1,
        [("project-management", 4), ("process-improvement", 3), ("spreadsheets", 4), ("supply-chain-management", 3)],
        ["operations", "logistics"],
        "Run operations for a fast-growing logistics company.",
        ["Operations analyst", "Project coordinator"],
        20,
        "Asia/Beirut",
        ["https://www.linkedin.com/in/fatimahaddad-demo"],
    ),
    DemoTalent(
        "kenji.tanaka@student.example",
        "Kenji Tanaka",
        "Recent graduate making short videos for brands",
        "Waseda University",
        "BA Media Studies",
        0,
        [("video-editing", 5), ("video-production", 4), ("scriptwriting", 3), ("social-media-content", 4)],
        ["content-creation", "marketing", "gaming"],
        "Become a creative producer at a games studio.",
        ["Video editor", "Content producer"],
        30,
        "Asia/Tokyo",
        ["https://kenjitanaka.example/reel"],
    ),
    DemoTalent(
        "sofia.rossi@student.example",
        "Sofia Rossi",
        "Psychology student into user research",
        "University of Bologna",
        "BSc Psychological Sciences",
        2,
        [("user-research", 4), ("research-interviews", 4), ("survey-design", 4), ("statistics", 3)],
        ["research", "product", "mental health"],
        "Do user research for digital mental-health services.",
        ["UX researcher"],
        8,
        "Europe/Rome",
        ["https://sofiarossi.example"],
        [(20, 12, "Exam session", 2)],
    ),
    DemoTalent(
        "ethan.brooks@student.example",
        "Ethan Brooks",
        "Sales-minded business student",
        "University of Texas at Austin",
        "BBA Marketing",
        1,
        [("lead-generation", 4), ("crm-software", 3), ("sales-pitch", 4), ("negotiation", 3)],
        ["sales", "saas"],
        "Start as an SDR at a SaaS company and grow into account management.",
        ["Sales development representative", "Account executive"],
        15,
        "America/Chicago",
        ["https://www.linkedin.com/in/ethanbrooks-demo"],
    ),
    DemoTalent(
        "aisha.bello@student.example",
        "Aisha Bello",
        "Law student interested in data protection",
        "University of Cape Town",
        "LLB Law",
        2,
        [("data-protection", 4), ("legal-research", 4), ("contract-law", 3), ("report-writing", 3)],
        ["legal-compliance", "tech policy"],
        "Advise start-ups on privacy and data protection.",
        ["Privacy analyst", "Legal assistant"],
        10,
        "Africa/Johannesburg",
        ["https://aishabello.example"],
    ),
]


def _profile_data(person: DemoTalent, available: dict[str, Any]) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "headline": person.headline,
        "education": [
            {
                "institution": person.institution,
                "programme": person.programme,
                "graduation_year": today.year + person.graduation_year_offset,
            }
        ],
        "skills": [{"skill": slug, "level": level} for slug, level in person.skills if slug in available],
        "interests": person.interests,
        "career_goals": person.career_goals,
        "target_roles": person.target_roles,
        "weekly_hours": person.weekly_hours,
        "timezone": person.tz,
        "blocked_periods": [
            {
                "start": today + dt.timedelta(days=offset),
                "end": today + dt.timedelta(days=offset + length - 1),
                "reason": reason,
                "capacity_hours": hours,
            }
            for offset, length, reason, hours in person.blocked
        ],
        "links": person.links,
        "working_hours": (
            {"start": dt.time(person.work_hours[0]), "end": dt.time(person.work_hours[1])}
            if person.work_hours
            else {"start": None, "end": None}
        ),
        "languages": list(person.languages),
    }


# Working hours and languages of some demo talent (by email), kept apart from the long records above.
WORKING_HOURS: dict[str, tuple[tuple[int, int], tuple[str, ...]]] = {
    SAM: ((9, 17), ("en", "es")),
}


def _with_hours(person: DemoTalent) -> DemoTalent:
    extra = WORKING_HOURS.get(person.email)
    if extra is None and person.tz in ("Africa/Lagos", "America/Sao_Paulo", "Europe/Berlin"):
        language = {"Africa/Lagos": "en", "America/Sao_Paulo": "pt", "Europe/Berlin": "de"}[person.tz]
        extra = ((9, 17), tuple(dict.fromkeys(("en", language))))
    if extra is None:
        return person
    return dataclasses.replace(person, work_hours=extra[0], languages=extra[1])


def _needs_update(profile: Any, data: dict[str, Any]) -> bool:
    if profile.headline != data["headline"] or not profile.weekly_hours_confirmed:
        return True
    wanted_skills = {(s["skill"], s["level"]) for s in data["skills"]}
    have_skills = {(ts.skill.slug, ts.level) for ts in profile.talent_skills.select_related("skill")}
    if profile.languages != data["languages"] or profile.work_start != data["working_hours"]["start"]:
        return True
    return wanted_skills != have_skills or profile.blocked_periods.count() != len(data["blocked_periods"])


def _resume_upload(person: DemoTalent) -> SimpleUploadedFile:
    lines = [
        person.name,
        person.headline,
        "",
        f"Education: {person.programme}, {person.institution}",
        f"Target roles: {', '.join(person.target_roles)}",
        f"Links: {' '.join(person.links)}",
        "",
        "(Demo résumé generated by Stint's demo data.)",
    ]
    return SimpleUploadedFile(f"{person.name} CV.pdf", minimal_pdf(lines), content_type="application/pdf")


def load_talent(users: dict[str, Any]) -> None:
    from stint.talent.services import talent_profile_get_or_create, talent_profile_update, talent_resume_upload

    wanted = {slug for person in DEMO_TALENT for slug, _ in person.skills}
    available = {s.slug: s for s in Skill.objects.filter(slug__in=wanted)}
    missing = sorted(wanted - set(available))
    if missing:
        logger.info("demo talent: %d skills not in the taxonomy yet, skipped: %s", len(missing), ", ".join(missing))
    for person in map(_with_hours, DEMO_TALENT):
        user = users.get(person.email) or ensure_user(person.email, person.name, Role.TALENT)
        users[person.email] = user
        if user.role != Role.TALENT:
            continue
        profile = talent_profile_get_or_create(user=user)
        data = _profile_data(person, available)
        if _needs_update(profile, data):
            talent_profile_update(user=user, data=data)
        if person.resume and not profile.resume.name:
            talent_resume_upload(user=user, upload=_resume_upload(person))


STEPS.append(load_talent)
