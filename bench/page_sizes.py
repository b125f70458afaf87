"""Bytes and ``<option>`` elements of the editors: ``python bench/page_sizes.py``.

Runs in-process against a throw-away SQLite database with the curated skills catalogue, a talent
whose profile lists 9 skills and a company with one draft, and prints, for the profile editor, the
new-project editor and a draft's editor: the response size in bytes and the number of
``<option>`` elements. Issue 16 measured 461 KB and 5,379 options for a 9-skill profile.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _setup(tmp: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": f"sqlite:///{tmp}/pages.sqlite3",
            "STINT_VAR_DIR": tmp,
            "STINT_EMAIL_VERIFICATION": "optional",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _world() -> tuple[Any, Any, Any]:
    from django.utils import timezone

    # local import: a bench script; stint models import only after django.setup() in _setup()
    from stint.accounts.models import User
    from stint.organizations.models import Membership, Organization
    from stint.projects import services as projects
    from stint.skills.models import Skill
    from stint.skills.services import skill_catalog_import
    from stint.talent.models import TalentProfile, TalentSkill

    skill_catalog_import()
    talent = User.objects.create_user(email="talent@example.test", password="x" * 20, name="Tal", role="talent")
    profile, _ = TalentProfile.objects.get_or_create(user=talent)
    for level, skill in enumerate(Skill.objects.order_by("slug")[:9]):
        TalentSkill.objects.create(profile=profile, skill=skill, level=level % 5 + 1)
    owner = User.objects.create_user(email="owner@example.test", password="x" * 20, name="Own", role="company")
    org = Organization.objects.create(
        name="Acme", slug="acme", website="https://acme.example", verified_at=timezone.now()
    )
    Membership.objects.create(user=owner, organization=org, role="owner")
    skill = Skill.objects.order_by("slug").first()
    assert skill is not None
    today = timezone.localdate()
    now = timezone.now()
    draft = projects.project_create(
        actor=owner,
        organization=org,
        data={
            "title": "Competitor research",
            "summary": "Size the market.",
            "description": "Research three segments.",
            "category": skill.category.slug if skill.category else "",
            "skills": [{"skill": skill.slug, "required": True}],
            "deliverables": ["A report"],
            "estimated_hours": 20,
            "fee_minor": 50_000,
            "currency": "USD",
            "openings": 1,
            "application_deadline": now + timezone.timedelta(days=7),
            "response_deadline": now + timezone.timedelta(days=10),
            "start_date": today + timezone.timedelta(days=11),
            "due_date": today + timezone.timedelta(days=25),
        },
    )
    return talent, owner, draft


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _setup(tmp)
        from django.test import Client, override_settings

        talent, owner, draft = _world()
        rows = []
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            for label, user, url in (
                ("profile editor (9 skills)", talent, "/talent/profile/edit/"),
                ("new project editor", owner, f"/projects/new/?organization={draft.organization_id}"),
                ("draft editor", owner, f"/projects/{draft.pk}/edit/"),
            ):
                client = Client()
                client.force_login(user)
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                html = response.content.decode()
                rows.append((label, len(response.content), html.count("<option")))
    print(f"\n{'page':28} {'bytes':>10} {'<option>s':>10}")
    for label, size, options in rows:
        print(f"{label:28} {size:>10,} {options:>10,}")


if __name__ == "__main__":
    main()
