"""The people and the work the locust mix acts on, made directly in the served database.

``build_world(pairs=…, approvals_per_pair=…)`` adds, beside the open projects already there (the
100,000 of ``bench/search_bench.py``'s import), ``pairs`` organizations, each with an owner and one
talent: an active engagement (time entries, messages), ``approvals_per_pair`` submitted engagements
(each approved once by the load), and a first approved engagement so the talent has a balance to pay
out from. Everything the load does afterwards goes through HTTP with the bearer tokens returned here.
The emails carry a run tag, so the world can be built again in the same database.
"""

from __future__ import annotations

import uuid
from typing import Any


def _pair(tag: str, index: int, approvals: int) -> dict[str, Any]:
    from django.utils import timezone

    # local import: Django is set up by the caller (bench.locust_run) before this runs
    from stint.accounts.services import token_issue
    from stint.core.testing.factories import CompanyUserFactory, TalentFactory
    from stint.engagements.tests.helpers import submit
    from stint.flows.settlement import engagement_approve
    from stint.organizations.choices import MemberRole
    from stint.organizations.models import Membership, Organization
    from stint.payments.testing import card_on_file, payout_account_connected
    from stint.payments.tests.factories import engagement_for, funded_project

    owner = CompanyUserFactory(email=f"locust-owner-{tag}-{index}@example.test")
    talent = TalentFactory(email=f"locust-talent-{tag}-{index}@example.test")
    slug = f"locust-{tag}-{index}"
    org = Organization.objects.create(
        slug=slug,
        name=f"Locust {tag} {index}",
        website=f"https://{slug}.example",
        industry="Software",
        description="A load-test organization.",
        verified_at=timezone.now(),
    )
    Membership.objects.create(user=owner, organization=org, role=MemberRole.OWNER)
    card_on_file(org)
    payout_account_connected(talent)

    def submitted() -> Any:
        engagement = engagement_for(funded_project(org, actor=owner, status="open"), talent=talent)
        submit(engagement, talent)
        return engagement

    engagement_approve(actor=owner, engagement=submitted())  # the talent's first balance
    active = engagement_for(funded_project(org, actor=owner, status="open"), talent=talent)
    to_approve = [str(submitted().pk) for _ in range(approvals)]
    _, owner_token = token_issue(user=owner, name="locust")
    _, talent_token = token_issue(user=talent, name="locust")
    return {
        "owner_token": owner_token,
        "talent_token": talent_token,
        "organization": str(org.pk),
        "active_engagement": str(active.pk),
        "active_application": str(active.application_id),
        "currency": active.project.currency,
        "to_approve": to_approve,
    }


def open_project_ids(limit: int = 2_000) -> list[str]:
    """A sample of open projects (spread over the table) for the project pages and applications."""
    # local import: Django is set up by the caller (bench.locust_run) before this runs
    from stint.projects.models import Project

    ids = Project.objects.filter(status="open").order_by("?").values_list("pk", flat=True)[:limit]
    return [str(pk) for pk in ids]


def build_world(*, pairs: int = 8, approvals_per_pair: int = 12) -> dict[str, Any]:
    """Make the world; a JSON-able description (tokens, ids) for the locustfile."""
    tag = uuid.uuid4().hex[:8]
    return {
        "tag": tag,
        "pairs": [_pair(tag, i, approvals_per_pair) for i in range(pairs)],
        "projects": open_project_ids(),
    }
