"""The whole demo loader: realistic, complete and idempotent (running it twice creates nothing twice)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command

from stint.demo.loader import DEMO_PASSWORD, DEMO_USERS
from stint.engagements.models import Engagement
from stint.payments.invariants import ledger_violations
from stint.payments.selectors import balance_for_user, project_funds_secured
from stint.projects.models import Project
from stint.skills.models import Category

pytestmark = pytest.mark.django_db(transaction=True)


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        not in (
            "sessions",
            "admin",
            "django_tasks_database",
            "core",
            "contenttypes",
            "auth",
            "matching",
            "recommendations",
        )
    }


def test_load_demo_twice_creates_nothing_twice_and_the_logins_work(client):
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")
    assert _counts() == first

    # Realistic: organizations, projects in every category, talent with profiles, applications, work.
    assert first["organizations.Organization"] >= 5
    assert first["talent.TalentProfile"] >= 8
    assert first["applications.Application"] >= 4
    assert first["engagements.Engagement"] >= 1
    # Every category shows work: open projects, or (where the demo's finished engagement used the
    # category's project, which is then closed as filled) completed, paid work.
    open_categories = set(Project.objects.filter(status="open").values_list("category__slug", flat=True))
    done_categories = set(Project.objects.filter(engagements__status="paid").values_list("category__slug", flat=True))
    assert open_categories | done_categories == set(Category.objects.values_list("slug", flat=True))
    assert len(open_categories) >= len(done_categories | open_categories) - 1
    assert ledger_violations() == []
    # The made-up history is not emailed to anyone.
    assert mail.outbox == []

    for login in DEMO_USERS:
        response = client.post(
            "/api/v1/auth/token", {"email": login.email, "password": DEMO_PASSWORD}, content_type="application/json"
        )
        assert response.status_code == 200, (login.email, response.content)


def test_steps_run_in_app_order_whatever_the_import_order():
    # local import: the subject; importing these modules in this order must not change the steps' order
    import stint.demo.engagements as engagements_demo
    import stint.skills.demo as skills_demo
    from stint.demo.loader import STEPS
    from stint.demo.steps import step_rank

    ordered = sorted(STEPS, key=step_rank)
    assert ordered.index(skills_demo.load_skills) < ordered.index(engagements_demo.load_engagements)


def test_the_demo_keeps_its_promises(client):
    """Every listed demo project has its funds held, the demo talent has a finished, paid and
    reviewed engagement with earnings, and search finds the catalogue without a worker."""

    call_command("load_demo")
    listed = list(Project.objects.filter(status__in=("open", "pending_review")))
    assert len(listed) >= 20
    assert [p.external_id for p in listed if not project_funds_secured(p)] == []

    finished = Engagement.objects.filter(talent__email="talent@student.example", status="paid")
    assert finished.count() >= 1  # the first submission approved, plus the credentials step's proof
    assert all(e.reviews.count() == 2 for e in finished)
    first = finished.first()
    assert first is not None
    sam = first.talent
    assert any(line["available_minor"] > 0 for line in balance_for_user(sam)), balance_for_user(sam)

    client.force_login(sam)
    assert "Funds: Not held yet" not in client.get("/projects/").content.decode()
    open_count = Project.objects.filter(status="open", visibility="public").count()
    response = client.get("/api/v1/search/projects", {"page_size": 50})
    assert response.json()["count"] == open_count
