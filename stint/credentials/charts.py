"""The talent's dashboard: earnings per month, hours per month, skills gained, industries and
reviews, each as an accessible SVG bar chart (``role="img"``, a title and a description, the numbers
written on the bars) with a table of the same numbers, like the planner's load chart."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from stint.core.formatting import money_units
from stint.credentials import selectors
from stint.engagements.models import Review, TimeEntry
from stint.engagements.services import review_visible
from stint.planner.chart import _nice_max

WIDTH = 640
ROW = 30
LEFT = 170
RIGHT = 70
MAX_LABEL = 22


def _display(value: float, decimals: int | None) -> str:
    if decimals is not None:
        return f"{value:.{decimals}f}"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def bar_chart(
    *, key: str, title: str, unit: str, rows: list[tuple[str, float]], decimals: int | None = None
) -> dict[str, Any]:
    """Horizontal bars, one per row (label, value): readable without colour, values written out;
    long labels are shortened on the chart (the table beside it has them in full)."""
    top = _nice_max(max([v for _, v in rows] + [1.0]))
    plot = WIDTH - LEFT - RIGHT
    bars = []
    for i, (label, value) in enumerate(rows):
        w = round(plot * value / top, 1) if top else 0
        short = label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"
        bars.append(
            {
                "label": short,
                "value": _display(value, decimals),
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
        "rows": [(label, _display(value, decimals)) for label, value in rows],
        "bars": bars,
        "width": WIDTH,
        "height": 20 + ROW * max(1, len(rows)),
        "left": LEFT,
        "label_x": LEFT - 8,
    }


def dashboard_data(user: Any) -> dict[str, Any]:
    entries = selectors.project_entries(talent=user, public=False)
    completed = [e["engagement"] for e in entries]
    earnings: OrderedDict[str, float] = OrderedDict()
    for e in sorted(completed, key=lambda e: e.paid_at or e.updated_at):
        month = (e.paid_at or e.updated_at).strftime("%Y-%m")
        earnings[f"{month} ({e.currency})"] = earnings.get(f"{month} ({e.currency})", 0) + float(
            money_units(e.fee_minor, e.currency)
        )
    hours_rows = (
        TimeEntry.objects.filter(engagement__talent=user)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(minutes=Sum("minutes"))
        .order_by("month")
    )
    hours = [(r["month"].strftime("%Y-%m"), round(r["minutes"] / 60, 1)) for r in hours_rows]
    skills = [(s["label"], float(s["count"])) for s in selectors.skill_counts(talent=user)[:12]]
    industries: dict[str, float] = {}
    for e in entries:
        industries[e["industry"]] = industries.get(e["industry"], 0) + 1
    received = Review.objects.filter(subject=user, side="company").select_related("engagement")
    reviews = [r.rating for r in received if review_visible(review=r, viewer=user)]  # blind until both sides reviewed
    ratings = {f"{n} star{'s' if n > 1 else ''}": 0.0 for n in range(5, 0, -1)}
    for rating in reviews:
        ratings[f"{rating} star{'s' if rating > 1 else ''}"] += 1
    charts = [
        bar_chart(key="earnings", title="Earnings per month", unit="", rows=list(earnings.items()), decimals=2),
        bar_chart(key="hours", title="Hours worked per month", unit="h", rows=hours),
        bar_chart(key="skills", title="Skills endorsed (number of projects)", unit="", rows=skills),
        bar_chart(key="industries", title="Industries worked in (projects)", unit="", rows=sorted(industries.items())),
        bar_chart(key="reviews", title="Ratings received from companies", unit="", rows=list(ratings.items())),
    ]
    return {"charts": charts, "completed_count": len(entries)}
