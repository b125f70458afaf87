"""A refused save explains itself: an error summary at the top, the checks panel filled in, the
pay check next to the fee, and every input kept."""

from __future__ import annotations

import pytest

from stint.projects.models import Project
from stint.projects.tests.helpers import skill_and_category
from stint.projects.tests.view_support import _editor_post

pytestmark = pytest.mark.django_db


def test_a_fee_under_the_floor_keeps_the_draft_and_explains_at_the_top(client, personas):
    category, skill = skill_and_category()
    client.force_login(personas.company_owner)
    response = client.post(
        f"/projects/new/?organization={personas.organization.pk}",
        _editor_post(category, skill, fee="300"),
        follow=True,
    )
    project = Project.objects.get()
    assert project.status == "draft" and project.fee_minor == 30_000  # the draft is kept
    assert response.redirect_chain[-1][0] == f"/projects/{project.pk}/edit/"
    html = response.content.decode()
    warning = html.index("Draft saved, but it cannot be published yet")
    assert warning < html.index('name="title"')  # at the top, before the fields
    assert 'data-code="fee_below_minimum_rate"' in html  # the checks panel shows what to fix
    assert 'id="fee-pay" class="pay-summary pay-low"' in html  # the pay check next to the fee
    assert "Minimum fee for 20 hours: $400.00" in html
    assert 'value="300.00"' in html


def test_a_refused_save_keeps_the_input_and_lists_what_to_fix_at_the_top(client, personas):
    category, skill = skill_and_category()
    client.force_login(personas.company_owner)
    response = client.post(
        f"/projects/new/?organization={personas.organization.pk}",
        _editor_post(category, skill, fee="300", estimated_hours="60"),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert html.index('id="error-summary-heading"') < html.index('name="title"')
    assert "The draft was not saved" in html
    assert 'href="#id_estimated_hours"' in html
    assert 'data-code="hours_out_of_range"' in html or "Estimated hours" in html  # checks panel kept
    assert 'value="Survey analysis for a food bank"' in html
    assert not Project.objects.exists()


def test_the_live_check_updates_the_pay_check_next_to_the_fee(client, personas):
    category, skill = skill_and_category()
    client.force_login(personas.company_owner)
    response = client.post("/projects/check/", _editor_post(category, skill, fee="300"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="fee-pay"' in html and 'hx-swap-oob="true"' in html
    assert "pay-low" in html


def test_a_fresh_editor_has_no_error_summary(client, personas):
    client.force_login(personas.company_owner)
    html = client.get(f"/projects/new/?organization={personas.organization.pk}").content.decode()
    assert "error-summary" not in html
    assert 'id="fee-pay"' in html
