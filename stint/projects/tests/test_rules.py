from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from stint.projects.rules import pay_summary, project_validate, render_description
from stint.projects.tests.helpers import valid_data

pytestmark = pytest.mark.django_db

NOW = timezone.now
TODAY = timezone.localdate


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def codes(data: dict) -> list[str]:
    return [e["code"] for e in project_validate(data)]


def test_valid_data_breaks_no_rule():
    assert project_validate(valid_data()) == []


BROKEN = [
    ({"title": ""}, "title_required"),
    ({"title": "x" * 151}, "title_too_long"),
    ({"summary": "  "}, "summary_required"),
    ({"description": ""}, "description_required"),
    ({"category": ""}, "category_required"),
    ({"category": "no-such-category"}, "unknown_category"),
    ({"skills": ["no-such-skill"]}, "unknown_skill"),
    ({"skills": []}, "required_skill_missing"),
    ({"skills": [{"skill": "market-research", "required": False}]}, "required_skill_missing"),
    ({"deliverables": []}, "deliverables_required"),
    ({"estimated_hours": None}, "hours_required"),
    ({"estimated_hours": 4}, "hours_out_of_range"),
    ({"estimated_hours": 41}, "hours_out_of_range"),
    ({"fee_minor": None}, "fee_required"),
    ({"fee_minor": 0}, "fee_required"),
    ({"fee_minor": 39_999}, "fee_below_minimum_rate"),
    ({"currency": "XYZ"}, "unsupported_currency"),
    ({"currency": "SEK"}, "unsupported_currency"),  # a real ISO code without a pay floor
    ({"start_date": None}, "start_date_required"),
    ({"due_date": None}, "due_date_required"),
    ({"due_date": TODAY() + days(11 + 2)}, "due_date_out_of_range"),
    ({"due_date": TODAY() + days(11 + 57)}, "due_date_out_of_range"),
    ({"application_deadline": None}, "application_deadline_required"),
    ({"response_deadline": None}, "response_deadline_required"),
    ({"application_deadline": NOW() + days(12)}, "application_deadline_after_start"),
    ({"response_deadline": NOW() + days(6)}, "response_deadline_before_application_deadline"),
    ({"response_deadline": NOW() + days(40)}, "response_deadline_after_due_date"),
    ({"openings": 0}, "openings_out_of_range"),
    ({"openings": 21}, "openings_out_of_range"),
    ({"openings": 3, "max_applications": 2}, "max_applications_below_openings"),
    ({"max_applications": 0}, "max_applications_invalid"),
    ({"visibility": "secret"}, "invalid_visibility"),
    ({"questions": [f"Question {i}?" for i in range(11)]}, "too_many_questions"),
    ({"questions": ["   "]}, "questions_empty"),
    ({"rubric": [{"criterion": f"C{i}", "weight": 1} for i in range(11)]}, "rubric_too_many_criteria"),
    ({"rubric": [{"criterion": "Method", "weight": 0}]}, "rubric_weight_invalid"),
    ({"rubric": [{"criterion": "Method", "weight": -2}]}, "rubric_weight_invalid"),
    ({"rubric": [{"criterion": "Method", "weight": 1.5}]}, "rubric_weight_invalid"),
    ({"rubric": [{"criterion": "", "weight": 1}]}, "rubric_criterion_required"),
]


@pytest.mark.parametrize(("overrides", "code"), BROKEN, ids=[c for _, c in BROKEN])
def test_each_broken_rule_is_reported_with_its_code(overrides, code):
    assert code in codes(valid_data(**overrides))


def test_start_date_in_the_past_is_refused():
    data = valid_data(
        start_date=TODAY() - days(1),
        due_date=TODAY() + days(10),
        application_deadline=NOW() - days(3),
        response_deadline=NOW() + days(1),
    )
    assert {"start_date_in_past", "application_deadline_in_past"} <= set(codes(data))


def test_boundaries_are_accepted():
    start = TODAY() + days(11)
    assert codes(valid_data(estimated_hours=5, fee_minor=10_000)) == []
    assert codes(valid_data(estimated_hours=40, fee_minor=80_000)) == []
    assert codes(valid_data(due_date=start + days(3))) == []
    assert codes(valid_data(due_date=start + days(56))) == []
    assert codes(valid_data(openings=20, max_applications=20)) == []
    assert codes(valid_data(rubric=[{"criterion": f"C{i}", "weight": 1} for i in range(10)])) == []


def test_pay_floor_message_states_the_minimum_fee_for_these_hours():
    errors = project_validate(valid_data(estimated_hours=20, fee_minor=39_999))
    [floor] = [e for e in errors if e["code"] == "fee_below_minimum_rate"]
    assert floor["field"] == "fee"
    assert floor["message"] == "For 20 hours the fee must be at least $400.00 (20.00 USD per hour)."


def test_pay_floor_follows_the_setting_per_currency(settings):
    settings.STINT_MIN_HOURLY_RATE_MINOR = {"USD": 2000, "EUR": 3000}
    assert "fee_below_minimum_rate" in codes(valid_data(currency="EUR", fee_minor=50_000))
    assert codes(valid_data(currency="EUR", fee_minor=60_000)) == []
    assert "unsupported_currency" in codes(valid_data(currency="GBP"))


def test_pay_summary_gives_the_floor_and_effective_rate():
    summary = pay_summary(30_000, "USD", 20)
    assert summary is not None
    assert summary.minimum_fee.amount_minor == 40_000
    assert summary.hourly_rate is not None and summary.hourly_rate.amount_minor == 1_500
    assert not summary.meets_floor
    assert "Minimum fee for 20 hours: $400.00" in summary.text
    assert "$15.00 per hour" in summary.text


def test_description_is_rendered_and_sanitised():
    html = render_description(
        "Hello **world**\n\n<script>alert(1)</script>\n\n"
        '<a href="javascript:alert(2)" onclick="steal()">click</a> [ok](https://example.org)\n\n'
        '<img src=x onerror="alert(3)">'
    )
    assert "<strong>world</strong>" in html
    assert "<script" not in html and "alert(1)" not in html
    assert "javascript:" not in html
    assert "onclick" not in html and "onerror" not in html
    assert 'href="https://example.org"' in html
