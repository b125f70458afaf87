"""Geometry of the server-rendered SVG load chart: a bar per week (committed solid, tentative
hatched, stacked), capacity as a dashed line per week, numbers written on the chart, blocked weeks
shaded with dots and labelled. Readable without colour; the page also shows the same numbers in a
table."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from stint.planner.load import Week, minutes_to_hours

WIDTH = 760
HEIGHT = 300
LEFT = 48
RIGHT = 12
TOP = 28
BOTTOM = 62


def _nice_max(hours: float) -> int:
    step = 5 if hours <= 40 else 10
    return max(step, math.ceil(hours / step) * step)


def _bar(
    week: Week, x0: float, slot: float, bar_w: float, y: Callable[[float], float], baseline: float
) -> dict[str, Any]:
    """One week's bar in the slot starting at ``x0``: committed hours, tentative on top, capacity line."""
    cx = x0 + slot / 2
    committed = minutes_to_hours(week.committed_minutes)
    tentative = minutes_to_hours(week.tentative_minutes)
    capacity = minutes_to_hours(week.capacity_minutes)
    y_committed = y(committed)
    y_total = y(committed + tentative)
    return {
        "week": week,
        "slot_x": round(x0, 1),
        "slot_w": round(slot, 1),
        "x": round(cx - bar_w / 2, 1),
        "w": bar_w,
        "cx": round(cx, 1),
        "committed_y": y_committed,
        "committed_h": round(baseline - y_committed, 1),
        "tentative_y": y_total,
        "tentative_h": round(y_committed - y_total, 1),
        "capacity_y": y(capacity),
        "cap_x1": round(x0 + slot * 0.08, 1),
        "cap_x2": round(x0 + slot * 0.92, 1),
        "label_y": round(min(y_total, y(capacity)) - 6, 1),
        "committed": committed,
        "tentative": tentative,
        "capacity": capacity,
        "total": minutes_to_hours(week.load_minutes),
        "over": week.load_minutes > week.capacity_minutes,
        "over_committed": week.over_capacity,
    }


def chart_geometry(weeks: list[Week]) -> dict[str, Any]:
    n = max(1, len(weeks))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    peak = max([minutes_to_hours(max(w.capacity_minutes, w.load_minutes)) for w in weeks] + [1.0])
    top = _nice_max(peak)
    baseline = TOP + plot_h

    def y(hours: float) -> float:
        return round(baseline - plot_h * hours / top, 1)

    slot = plot_w / n
    bar_w = round(slot * 0.55, 1)
    bars = [_bar(week, LEFT + slot * i, slot, bar_w, y, baseline) for i, week in enumerate(weeks)]
    ticks = []
    step = top // 5 if top >= 10 else 1
    value = 0
    while value <= top:
        ticks.append({"value": value, "y": y(value)})
        value += step
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right_x": WIDTH - RIGHT,
        "top": TOP,
        "baseline": baseline,
        "plot_h": plot_h,
        "week_label_y": baseline + 18,
        "blocked_label_y": baseline + 34,
        "legend_y": HEIGHT - 10,
        "bars": bars,
        "ticks": ticks,
        "max_hours": top,
    }
