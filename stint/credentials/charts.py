"""The talent's dashboard: earnings per month, hours per month, skills gained, industries and
reviews, each as an accessible SVG bar chart (``role="img"``, a title and a description, the numbers
written on the bars) with a table of the same numbers, like the planner's load chart."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from babel import dates as babel_dates
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext, ngettext

from stint.core.formatting import babel_locale, format_money, format_number
from stint.core.money import from_minor
from stint.credentials import selectors
from stint.engagements.models import Review, TimeEntry
from stint.engagements.services import review_visible
from stint.planner.chart import _nice_max

WIDTH = 640
ROW = 30
LEFT = 170
RIGHT = 70
MAX_LABEL = 22


def _display(value: float) -> str:
    """A value in the active language's notation: "3", "1.5" / "1,5"."""
    return format_number(int(value) if float(value).is_integer() else round(value, 1))


def _month(day: Any) -> str:
    """A month as people read it in the active language: "Mar 2027" / "mars 2027"."""
    return str(babel_dates.format_skeleton("yMMM", day, locale=babel_locale()))


def bar_chart(
    *, key: str, title: str, unit: str, rows: list[tuple[str, float]], shown: list[str] | None = None
) -> dict[str, Any]:
    """Horizontal bars, one per row (label, value): readable without colour, values written out
    (``shown`` replaces the written values, e.g. amounts with their currency); long labels are
    shortened on the chart (the table beside it has them in full)."""
    written = shown if shown is not None else [_display(value) for _, value in rows]
    top = _nice_max(max([v for _, v in rows] + [1.0]))
    plot = WIDTH - LEFT - RIGHT
    bars = []
    for i, (label, value) in enumerate(rows):
        w = round(plot * value / top, 1) if top else 0
        short = label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"
        bars.append(
            {
                "label": short,
                "value": written[i],
                "y": 10 + i * ROW,
                "w": w,
                "text_x": LEFT + w + 6,
                "ty": 10 + i * ROW + 15,
            }
        )
    return {
        "key": key,
        "title": title,
        "unit": unit,
        "rows": [(label, written[i]) for i, (label, _) in enumerate(rows)],
        "bars": bars,
        "width": WIDTH,
        "height": 20 + ROW * max(1, len(rows)),
        "left": LEFT,
        "label_x": LEFT - 8,
    }


def dashboard_data(user: Any) -> dict[str, Any]:
    entries = selectors.project_entries(talent=user, public=False)
    completed = [e["engagement"] for e in entries]
    # Earnings are summed in minor units per month and currency, never converted; each currency's
    # ISO exponent turns them into amounts (JPY has no minor unit).
    earnings: OrderedDict[tuple[str, str], int] = OrderedDict()
    for e in sorted(completed, key=lambda e: e.paid_at or e.updated_at):
        key = (_month((e.paid_at or e.updated_at).date()), e.currency)
        earnings[key] = earnings.get(key, 0) + e.fee_minor
    earning_rows = [
        (f"{month} ({currency})", float(from_minor(minor, currency))) for (month, currency), minor in earnings.items()
    ]
    earning_shown = [format_money(minor, currency) for (_, currency), minor in earnings.items()]
    hours_rows = (
        TimeEntry.objects.filter(engagement__talent=user)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(minutes=Sum("minutes"))
        .order_by("month")
    )
    hours = [(_month(r["month"]), round(r["minutes"] / 60, 1)) for r in hours_rows]
    skills = [(s["label"], float(s["count"])) for s in selectors.skill_counts(talent=user)[:12]]
    industries: dict[str, float] = {}
    for e in entries:
        industries[e["industry"]] = industries.get(e["industry"], 0) + 1
    received = Review.objects.filter(subject=user, side="company").select_related("engagement")
    reviews = [r.rating for r in received if review_visible(review=r, viewer=user)]  # blind until both sides reviewed
    counts = dict.fromkeys(range(5, 0, -1), 0.0)
    for rating in reviews:
        counts[rating] += 1
    ratings = [(ngettext("%(count)s star", "%(count)s stars", n) % {"count": n}, v) for n, v in counts.items()]
    charts = [
        bar_chart(key="earnings", title=gettext("Earnings per month"), unit="", rows=earning_rows, shown=earning_shown),
        bar_chart(key="hours", title=gettext("Hours worked per month"), unit="h", rows=hours),
        bar_chart(key="skills", title=gettext("Skills endorsed (number of projects)"), unit="", rows=skills),
        bar_chart(
            key="industries",
            title=gettext("Industries worked in (projects)"),
            unit="",
            rows=sorted(industries.items()),
        ),
        bar_chart(key="reviews", title=gettext("Ratings received from companies"), unit="", rows=ratings),
    ]
    return {"charts": charts, "completed_count": len(entries)}
