"""Charts of the explore pages, server-rendered SVG like the talent dashboard's and the planner's:
``role="img"`` with a title and a description that says every number, the numbers written on the
chart, readable without colour, and a table with the same numbers beside each chart. Horizontal
bars reuse the dashboard's geometry (``stint.credentials.charts.bar_chart``)."""

from __future__ import annotations

from typing import Any

from stint.credentials.charts import bar_chart
from stint.explore.stats import WeekBucket
from stint.planner.chart import _nice_max

WIDTH = 640
HEIGHT = 220
LEFT = 36
RIGHT = 8
TOP = 20
BOTTOM = 44


def trend_chart(*, key: str, title: str, weeks: list[WeekBucket]) -> dict[str, Any]:
    """One vertical bar per week (oldest left), its count written above it, the week's Monday below."""
    n = max(1, len(weeks))
    top = _nice_max(max([w.count for w in weeks] + [1]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_h
    slot = plot_w / n
    bar_w = round(slot * 0.6, 1)
    bars = []
    for i, week in enumerate(weeks):
        h = round(plot_h * week.count / top, 1)
        cx = LEFT + slot * i + slot / 2
        bars.append(
            {
                "label": week.label,
                "count": week.count,
                "x": round(cx - bar_w / 2, 1),
                "w": bar_w,
                "y": round(baseline - h, 1),
                "h": h,
                "cx": round(cx, 1),
                "value_y": round(baseline - h - 4, 1),
                "label_y": baseline + 16 + (12 if i % 2 else 0),
            }
        )
    return {
        "key": key,
        "title": title,
        "rows": [(w.label, w.count) for w in weeks],
        "bars": bars,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right_x": WIDTH - RIGHT,
        "baseline": baseline,
        "top_value": top,
        "top_y": TOP,
    }


def ranked_chart(*, key: str, title: str, rows: list[tuple[str, int]]) -> dict[str, Any]:
    return bar_chart(key=key, title=title, unit="", rows=[(label, float(n)) for label, n in rows])
