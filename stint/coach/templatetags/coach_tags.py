"""The coach's fragment on the application page (a lower app's template)."""

from __future__ import annotations

from typing import Any

from django import template

from stint.coach.feedback import feedback_for

register = template.Library()


@register.inclusion_tag("coach/feedback.html")
def application_feedback(application: Any, side: str) -> dict[str, Any]:
    """Feedback after a decision, for the applicant only (``side == "talent"``)."""
    if side != "talent":
        return {"feedback": {"decided": False}}
    return {"feedback": feedback_for(application)}
