"""Valid inputs for the project services and API, to be broken one rule at a time."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from stint.skills.tests.factories import CategoryFactory, SkillFactory


def skill_and_category() -> tuple[Any, Any]:
    category = CategoryFactory(slug="research", name="Research")
    skill = SkillFactory(slug="market-research", label="Market research", category=category)
    return category, skill


def valid_data(**overrides: Any) -> dict[str, Any]:
    """Service input: 20 hours for $500 (25 USD/h), starting in 11 days, due 14 days later."""
    category, skill = skill_and_category()
    now = timezone.now()
    today = timezone.localdate()
    data: dict[str, Any] = {
        "title": "Competitor research for a budgeting app",
        "summary": "Size the market for a student budgeting app.",
        "description": "Research **three** competitor segments.",
        "category": category.slug,
        "skills": [{"skill": skill.slug, "required": True, "level": 3}],
        "deliverables": ["A 5-page report", "A slide deck"],
        "estimated_hours": 20,
        "fee_minor": 50_000,
        "currency": "USD",
        "openings": 1,
        "visibility": "public",
        "application_deadline": now + datetime.timedelta(days=7),
        "response_deadline": now + datetime.timedelta(days=10),
        "start_date": today + datetime.timedelta(days=11),
        "due_date": today + datetime.timedelta(days=25),
        "questions": ["Which method would you start with?"],
        "rubric": [{"criterion": "Method", "weight": 2}, {"criterion": "Writing", "weight": 1}],
        "max_applications": None,
    }
    data.update(overrides)
    return data


def api_payload(**overrides: Any) -> dict[str, Any]:
    """The same project as JSON for ``POST /organizations/{id}/projects``."""
    data = valid_data()
    payload: dict[str, Any] = {
        key: (value.isoformat() if isinstance(value, datetime.date | datetime.datetime) else value)
        for key, value in data.items()
        if key not in ("fee_minor", "currency")
    }
    payload["fee"] = {"amount_minor": data["fee_minor"], "currency": data["currency"]}
    payload.update(overrides)
    return payload
