"""Geometry of the dashboard's server-rendered SVG bar charts, in the planner's manner
(``stint.planner.chart``): numbers written on the bars, no colour needed to read them, and the page
shows the same numbers in a table. Horizontal bars, one per label."""

from __future__ import annotations

import math
from typing import Any

from stint.core.formatting import format_number
from stint.planner.chart import WIDTH

LABEL_W = 180
RIGHT = 60
BAR_H = 22
GAP = 10
TOP = 8


def bar_chart(items: list[tuple[str, float]]) -> dict[str, Any]:
    """``[(label, value), …]`` → the SVG's size and one bar per item (x, y, width, label position)."""
    peak = max([v for _, v in items] + [1.0])
    top = max(1, math.ceil(peak))
    plot_w = WIDTH - LABEL_W - RIGHT
    bars = []
    for i, (label, value) in enumerate(items):
        y = TOP + i * (BAR_H + GAP)
        w = round(plot_w * value / top, 1)
        bars.append(
            {
                "label": label,
                "value": format_number(value),
                "y": y,
                "text_y": y + BAR_H * 0.7,
                "x": LABEL_W,
                "w": w,
                "h": BAR_H,
                "value_x": LABEL_W + w + 6,
            }
        )
    return {
        "width": WIDTH,
        "height": TOP * 2 + max(1, len(items)) * (BAR_H + GAP),
        "label_x": LABEL_W - 8,
        "bars": bars,
    }
