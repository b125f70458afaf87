from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from stint.accounts.models import User
from stint.core.errors import ValidationFailed
from stint.matching.importer import import_marketplace
from stint.matching.search import SearchFilters, project_search
from stint.organizations.models import Membership, Organization
from stint.projects.models import Project, ProjectSkill
from stint.projects.rules import check_size_and_pay
from stint.skills.tests.factories import CategoryFactory, SkillFactory
from stint.talent.models import TalentProfile, TalentSkill
from stint.talent.validation import clean_profile_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def taxonomy(db):
    data = CategoryFactory(slug="data-analysis", name="Data analysis")
    SkillFactory(slug="python", label="Python", category=data)
    SkillFactory(slug="sql", label="SQL", category=data)
    return data


ORGANIZATION_ROW = {
    "kind": "organization",
    "external_id": "org-1",
    "name": "Acme Data",
    "website": "https://acme.example",
    "industry": "Software",
    "size": "2-10",
    "description": "We count things.",
    "verified": True,
    "owner_email": "Owner@Acme.example",
    "owner_password": "a-long-demo-password",
}
TALENT_ROW = {
    "kind": "talent",
    "external_id": "t-1",
    "email": "ada@example.test",
    "name": "Ada",
    "password": "another-demo-password",
    "headline": "Statistics student",
    "career_goals": "Data analyst",
    "target_roles": ["data analyst"],
    "interests": ["data-analysis"],
    "weekly_hours": 12,
    "timezone": "Europe/Paris",
    "skills": [{"skill": "python", "level": 4}],
}


def _plain_project(external_id: str, title: str, **fields):
    """A small project row of org-1 in the data-analysis category (the refused rows build on it)."""
    row = {"kind": "project", "external_id": external_id, "organization": "org-1", "title": title}
    return {**row, "summary": "x", "description": "plain", "category": "data-analysis", **fields}


def _projects(start):
    """One good project, then four the importer refuses: underpaid, too many hours, a due date too
    soon after the start, and an unknown organization."""
    due = (start + datetime.timedelta(days=14)).isoformat()
    good = {
        "kind": "project",
        "external_id": "p-1",
        "organization": "org-1",
        "title": "Churn dashboard",
        "summary": "Find why customers leave.",
        "description": "Use **SQL** and Python.",
        "category": "data-analysis",
        "skills": ["python", "SQL"],
        "estimated_hours": 20,
        "fee": {"amount_minor": 60000, "currency": "USD"},
        "openings": 1,
        "start_date": start.isoformat(),
        "due_date": due,
        "application_deadline": (start - datetime.timedelta(days=1)).isoformat() + "T12:00:00Z",
        "status": "open",
    }
    return [
        good,
        _plain_project(
            "p-2",
            "Underpaid",
            skills=[],
            estimated_hours=20,
            fee={"amount_minor": 1000, "currency": "USD"},
            due_date=due,
        ),
        _plain_project(
            "p-3", "Too long", estimated_hours=60, fee={"amount_minor": 600000, "currency": "USD"}, due_date=due
        ),
        _plain_project(
            "p-4",
            "Bad dates",
            estimated_hours=10,
            fee={"amount_minor": 60000, "currency": "USD"},
            start_date=start.isoformat(),
            due_date=(start + datetime.timedelta(days=1)).isoformat(),
        ),
        {
            **_plain_project(
                "p-5", "Orphan", estimated_hours=10, fee={"amount_minor": 60000, "currency": "USD"}, due_date=due
            ),
            "organization": "org-unknown",
        },
    ]


def lines():
    start = timezone.localdate() + datetime.timedelta(days=10)
    rows = [ORGANIZATION_ROW, *_projects(start), TALENT_ROW]
    return [json.dumps(r) for r in rows] + [
        "not json",
        json.dumps({"kind": "spaceship", "external_id": "x"}),
        json.dumps({"kind": "project"}),
    ]


def counts():
    return (
        Organization.objects.count(),
        Project.objects.count(),
        ProjectSkill.objects.count(),
        TalentProfile.objects.count(),
        TalentSkill.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


def test_import_creates_objects_and_reports_bad_rows_with_line_numbers(taxonomy):
    report = import_marketplace(lines())
    assert report.created == {"organization": 1, "project": 1, "talent": 1}
    skipped = dict(report.skipped)
    assert set(skipped) == {3, 4, 5, 6, 8, 9, 10}
    assert "fee_below_minimum_rate" in skipped[3]
    assert "estimated_hours" in skipped[4]
    assert "due_date" in skipped[5]
    assert "organization" in skipped[6]
    assert "JSON" in skipped[8]
    org = Organization.objects.get(external_id="org-1")
    assert org.verified_at is not None
    owner = User.objects.get(email="owner@acme.example")
    assert owner.check_password("a-long-demo-password")
    assert Membership.objects.filter(organization=org, user=owner, role="owner").exists()
    project = Project.objects.get(external_id="p-1")
    assert project.status == "open" and project.published_at is not None
    assert "<strong>SQL</strong>" in project.description_html
    assert ProjectSkill.objects.filter(project=project).count() == 2
    ada = User.objects.get(email="ada@example.test")
    assert ada.check_password("another-demo-password")
    assert ada.talent_profile.timezone == "Europe/Paris"
    # Imported projects are searchable at once.
    found = project_search(q="churn", filters=SearchFilters(), sort="best", page=1, page_size=10)
    assert found.ids_in_order == [project.pk]


def test_import_twice_gives_the_same_counts(taxonomy):
    import_marketplace(lines())
    first = counts()
    report = import_marketplace(lines())
    assert counts() == first
    assert report.created == {"organization": 0, "project": 0, "talent": 0}
    assert report.updated == {"organization": 1, "project": 0, "talent": 1}
    assert report.unchanged["project"] == 1


def test_reimport_updates_changed_fields(taxonomy):
    import_marketplace(lines())
    changed = [line.replace("Churn dashboard", "Retention dashboard") for line in lines()]
    import_marketplace(changed)
    assert Project.objects.get(external_id="p-1").title == "Retention dashboard"
    assert project_search(q="retention", filters=SearchFilters(), sort="best", page=1, page_size=10).count == 1
    assert project_search(q="churn", filters=SearchFilters(), sort="best", page=1, page_size=10).count == 0


def test_the_command_prints_a_summary_and_skipped_lines(taxonomy, tmp_path):
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(lines()) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_marketplace", str(path), stdout=out, stderr=err)
    assert "project: 1 created, 0 updated" in out.getvalue()
    assert "line 3: skipped: fee_below_minimum_rate" in err.getvalue()


def test_reindex_command_rebuilds_the_index(taxonomy):
    import_marketplace(lines(), reindex=False)
    assert project_search(q="churn", filters=SearchFilters(), sort="best", page=1, page_size=10).count == 0
    out = io.StringIO()
    call_command("reindex_projects", stdout=out)
    assert "indexed 1 listed projects" in out.getvalue()
    assert project_search(q="churn", filters=SearchFilters(), sort="best", page=1, page_size=10).count == 1


def test_import_enqueues_no_per_project_indexing_task(taxonomy, django_capture_on_commit_callbacks):
    import_marketplace(lines())
    changed = [line.replace('["python", "SQL"]', '["python"]') for line in lines()]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = import_marketplace(changed)
    assert report.updated["project"] == 1
    assert callbacks == []
    assert ProjectSkill.objects.filter(project__external_id="p-1").count() == 1


def _project_row(**overrides):
    row = {
        "kind": "project",
        "external_id": "p-rules",
        "organization": "org-1",
        "title": "Survey analysis",
        "summary": "Analyse a survey.",
        "description": "Clean and analyse a survey of 400 students.",
        "category": "data-analysis",
        "estimated_hours": 10,
        "fee": {"amount_minor": 50_000, "currency": "USD"},
        "due_date": (timezone.localdate() + datetime.timedelta(days=21)).isoformat(),
    }
    row.update(overrides)
    return row


@pytest.mark.parametrize(
    ("overrides", "data"),
    [
        ({"fee": {"amount_minor": 100, "currency": "USD"}}, {"fee_minor": 100}),
        ({"estimated_hours": 50}, {"estimated_hours": 50}),
        ({"fee": {"amount_minor": 50_000, "currency": "XYZ"}}, {"currency": "XYZ"}),
    ],
)
def test_import_refuses_a_project_with_the_editors_code_and_message(taxonomy, overrides, data):
    """The importer calls the editor's rules (``stint.projects.rules``): same codes, same messages."""
    first = lines()[0]
    before = Project.objects.count()
    report = import_marketplace([first, json.dumps(_project_row(**overrides))])
    editor_errors: list[dict[str, str]] = []
    check_size_and_pay({"estimated_hours": 10, "currency": "USD", "fee_minor": 50_000, **data}, editor_errors)
    assert editor_errors
    reason = dict(report.skipped)[2]
    for error in editor_errors:
        assert f"{error['code']} ({error['field']}): {error['message']}" in reason
    assert Project.objects.count() == before


def test_import_refuses_a_profile_with_the_profile_editors_message(taxonomy):
    row = {"kind": "talent", "external_id": "t-rules", "email": "t-rules@example.org", "weekly_hours": 90}
    report = import_marketplace([json.dumps(row)])
    with pytest.raises(ValidationFailed) as exc:
        clean_profile_input({"weekly_hours": 90})
    assert exc.value.message in dict(report.skipped)[1]
    assert not TalentProfile.objects.filter(external_id="t-rules").exists()
