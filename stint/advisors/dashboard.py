"""The advisor's cohort dashboard: one row of figures per student and the cohort's totals.

What an advisor sees of a student is exactly ``student_row`` (``student_rows`` for a cohort) (the student's own "what my advisor
sees" page renders the same function): activity counts, hours, skills gained from completed
projects, the organizations worked with and whether they may need help. Earnings totals appear
only if the student shares them. Never messages, never pay details beyond totals, never a résumé
unless shared. The CSV export writes the same rows and totals (a test checks they are equal).
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from stint.advisors.models import Cohort, CohortMember
from stint.advisors.rows import student_facts
from stint.core.money import from_minor
from stint.engagements.choices import APPROVED_STATUSES, OPEN_STATUSES, EngagementStatus

QUIET_DAYS = 30


@dataclass
class StudentRow:
    talent_id: Any
    name: str
    applications: int
    offers: int
    completions: int
    hours: float
    earnings: dict[str, int] | None  # currency → minor units; None when not shared
    skills: list[str]
    organizations: list[str]
    active: bool
    no_recent_applications: bool
    engagement_at_risk: bool
    over_capacity: bool
    share_resume: bool
    profile_id: Any = None

    @property
    def needs_help(self) -> list[str]:
        reasons = []
        if self.no_recent_applications:
            reasons.append(f"No applications in {QUIET_DAYS} days")
        if self.engagement_at_risk:
            reasons.append("An engagement at risk")
        if self.over_capacity:
            reasons.append("Load over capacity")
        return reasons

    @property
    def earnings_text(self) -> str:
        if self.earnings is None:
            return "Not shared"
        return format_amounts(self.earnings)


@dataclass
class CohortFigures:
    students: int = 0
    active: int = 0
    applications: int = 0
    offers: int = 0
    completions: int = 0
    hours: float = 0.0
    earnings: dict[str, int] = field(default_factory=dict)
    earnings_shared_by: int = 0
    skills: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    needs_help: int = 0
    rows: list[StudentRow] = field(default_factory=list)

    @property
    def earnings_text(self) -> str:
        return format_amounts(self.earnings)


def format_amounts(amounts: dict[str, int]) -> str:
    if not amounts:
        return "0"
    # Units in the currency's own exponent ("500.00 USD", "1500 JPY"): the CSV export shares it.
    return ", ".join(f"{from_minor(minor, currency)} {currency}" for currency, minor in sorted(amounts.items()))


def student_rows(members: list[CohortMember], *, now: datetime.datetime | None = None) -> list[StudentRow]:
    """Everything the cohort's advisor may see of each student (and nothing else), for all of
    ``members`` in a fixed number of queries (``rows.student_facts``)."""
    now = now or timezone.now()
    facts = student_facts(
        [m.talent_id for m in members], now=now, quiet_since=now - datetime.timedelta(days=QUIET_DAYS)
    )
    return [_row(member, facts[member.talent_id]) for member in members]


def student_row(member: CohortMember, *, now: datetime.datetime | None = None) -> StudentRow:
    """One student's row: what the student's own "what my advisor sees" page shows."""
    return student_rows([member], now=now)[0]


def _row(member: CohortMember, f: dict[str, Any]) -> StudentRow:
    talent = member.talent
    engagements = f["engagements"]
    completed = [e for e in engagements if e.status in APPROVED_STATUSES]
    open_engagements = [e for e in engagements if e.status in OPEN_STATUSES]
    earnings: dict[str, int] | None = None
    if member.share_earnings:
        earnings = {}
        for e in engagements:
            if e.status == EngagementStatus.PAID:
                paid = e.talent_share_minor if e.talent_share_minor is not None else e.fee_minor
                earnings[e.currency] = earnings.get(e.currency, 0) + paid
    organizations = sorted({e.project.organization.name for e in [*completed, *open_engagements]})
    profile = getattr(talent, "talent_profile", None) if member.share_resume else None
    return StudentRow(
        talent_id=talent.pk,
        name=talent.name or talent.email,
        applications=f["applications"],
        offers=f["offers"],
        completions=len(completed),
        hours=round(f["minutes"] / 60, 1),
        earnings=earnings,
        skills=sorted(f["skills"]),
        organizations=organizations,
        active=f["recent"] or bool(open_engagements),
        no_recent_applications=not f["recent"] and not open_engagements,
        engagement_at_risk=bool(open_engagements) and f["at_risk"],
        over_capacity=bool(open_engagements) and f["over_capacity"],
        share_resume=member.share_resume,
        profile_id=profile.pk if profile is not None else None,
    )


def cohort_figures(cohort: Cohort, *, now: datetime.datetime | None = None) -> CohortFigures:
    """The dashboard of ``cohort``: a row per current member and the totals over them."""
    figures = CohortFigures()
    members = (
        CohortMember.objects.filter(cohort=cohort)
        .select_related("talent__talent_profile")
        .order_by("talent__name", "pk")
    )
    skills: set[str] = set()
    organizations: set[str] = set()
    for row in student_rows(list(members), now=now):
        figures.rows.append(row)
        figures.students += 1
        figures.active += int(row.active)
        figures.applications += row.applications
        figures.offers += row.offers
        figures.completions += row.completions
        figures.hours = round(figures.hours + row.hours, 1)
        figures.needs_help += int(bool(row.needs_help))
        if row.earnings is not None:
            figures.earnings_shared_by += 1
            for currency, minor in row.earnings.items():
                figures.earnings[currency] = figures.earnings.get(currency, 0) + minor
        skills.update(row.skills)
        organizations.update(row.organizations)
    figures.skills = sorted(skills)
    figures.organizations = sorted(organizations)
    return figures


CSV_HEADER = [
    "student",
    "active",
    "applications",
    "offers",
    "completions",
    "hours",
    "earnings",
    "skills_gained",
    "organizations",
    "needs_help",
]


def cohort_csv(figures: CohortFigures) -> str:
    """The dashboard as CSV: a line per student, then a ``TOTAL`` line with the dashboard's totals."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in figures.rows:
        writer.writerow(
            [
                _safe(row.name),
                "yes" if row.active else "no",
                row.applications,
                row.offers,
                row.completions,
                f"{row.hours:g}",
                row.earnings_text,
                "; ".join(row.skills),
                _safe("; ".join(row.organizations)),
                "; ".join(row.needs_help),
            ]
        )
    writer.writerow(
        [
            "TOTAL",
            figures.active,
            figures.applications,
            figures.offers,
            figures.completions,
            f"{figures.hours:g}",
            figures.earnings_text,
            len(figures.skills),
            len(figures.organizations),
            figures.needs_help,
        ]
    )
    return out.getvalue()


def _safe(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; prefix those with a quote."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
