"""Shared by the project page tests: the personas, who may open member pages, logging in, an editor form."""

from __future__ import annotations

import datetime

from django.utils import timezone

PERSONAS = [
    "company_owner",
    "company_member",
    "other_company_member",
    "talent",
    "other_talent",
    "advisor",
    "staff",
    "anonymous",
]
MEMBERS_ONLY = {
    "company_owner": 200,
    "company_member": 200,
    "other_company_member": 404,
    "talent": 404,
    "other_talent": 404,
    "advisor": 404,
    "staff": 404,
    "anonymous": 302,
}


def _login(client, personas, persona):
    if persona != "anonymous":
        client.force_login(getattr(personas, persona))


def _editor_post(category, skill, **overrides):
    now = timezone.localtime()
    today = timezone.localdate()
    data = {
        "title": "Survey analysis for a food bank",
        "summary": "Clean and analyse a volunteer survey.",
        "description": "Analyse **400** responses.\n\n<script>alert(1)</script>",
        "category": category.slug,
        "required_skills": [skill.slug],
        "deliverables": "A cleaned dataset\nA two-page summary",
        "estimated_hours": "20",
        "fee": "500.00",
        "currency": "USD",
        "openings": "1",
        "visibility": "public",
        "application_deadline": (now + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "response_deadline": (now + datetime.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "start_date": (today + datetime.timedelta(days=11)).isoformat(),
        "due_date": (today + datetime.timedelta(days=25)).isoformat(),
        "questions": "Which tool would you use?",
        "max_applications": "",
        "rubric-TOTAL_FORMS": "3",
        "rubric-INITIAL_FORMS": "0",
        "rubric-MIN_NUM_FORMS": "0",
        "rubric-MAX_NUM_FORMS": "10",
        "rubric-0-criterion": "Analysis",
        "rubric-0-weight": "3",
        "rubric-1-criterion": "",
        "rubric-1-weight": "",
        "rubric-2-criterion": "",
        "rubric-2-weight": "",
    }
    data.update(overrides)
    return data
