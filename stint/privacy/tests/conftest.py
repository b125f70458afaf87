"""A "full" user: one of every kind of record the export and the deletion must find."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from stint.advisors.models import Nomination, Referral
from stint.advisors.testing import cohort_for
from stint.credentials.models import Portfolio
from stint.credentials.references import reference_consent
from stint.credentials.tests.conftest import approved_engagement
from stint.engagements.models import Review
from stint.matching.models import SavedSearch
from stint.messaging.models import Connection
from stint.messaging.services import message_post, thread_for_engagement
from stint.notifications.services import notify
from stint.payments.selectors import balance_for_user
from stint.payments.services import payout_request
from stint.planner.models import CapacityPattern
from stint.talent.models import Education, TalentProfile
from stint.talentpool.models import Follow, PoolNote, PoolTag

PHONE = {"talent": "+44 7700 900123", "other_talent": "+44 7700 900456"}
NAME = {"talent": "Samira Okonkwo-Lindqvist", "other_talent": "Bartholomew Quince"}


def build_full_user(personas: Any, capture: Any, who: str, *, withdraw: bool = True) -> Any:
    user = getattr(personas, who)
    user.name = NAME[who]
    user.save(update_fields=["name"])
    profile, _ = TalentProfile.objects.get_or_create(user=user)
    profile.headline = f"{user.name}, analyst"
    profile.career_goals = f"Reach me on {PHONE[who]} or {user.email}."
    profile.links = [f"https://example.test/{who}"]
    profile.resume.save(f"{who}.pdf", ContentFile(b"%PDF-1.4 resume of " + user.name.encode()), save=False)
    profile.resume_original_name = f"{user.name} CV.pdf"
    profile.save()
    Education.objects.create(profile=profile, institution=f"{who} college", programme="Economics")
    engagement = approved_engagement(personas, capture, talent=user, title=f"Survey for {who}")
    thread = thread_for_engagement(engagement=engagement)
    message_post(actor=user, thread=thread, body=f"Hello from {user.name}, call {PHONE[who]}")
    message_post(actor=personas.company_owner, thread=thread, body=f"Thanks {user.name}!")
    Review.objects.create(
        engagement=engagement,
        author=personas.company_owner,
        subject=user,
        organization=personas.organization,
        side="company",
        rating=5,
        comment=f"{user.name} was great.",
    )
    notify(user=user, event="test.ping", title=f"Hi {user.name}", body="body")
    SavedSearch.objects.create(user=user, name=f"{who} search", params={"q": "data"}, last_sent_at=timezone.now())
    CapacityPattern.objects.create(user=user, monday=4)
    Portfolio.objects.create(user=user, slug=f"{who}-portfolio".replace("_", "-"), published=True)
    cohort = cohort_for(personas.advisor, user, name=f"Cohort of {who}")
    Nomination.objects.create(
        cohort=cohort, project=engagement.project, talent=user, advisor=personas.advisor, note="x"
    )
    Referral.objects.create(talent=user, referee=personas.advisor, relation="advisor", context="class", message="?")
    PoolNote.objects.create(organization=personas.organization, talent=user, author=personas.company_owner, body="ok")
    PoolTag.objects.create(organization=personas.organization, talent=user, name="analyst")
    Follow.objects.create(organization=personas.organization, user=user)
    connection = Connection.objects.get(talent=user, supervisor=personas.company_owner)
    reference_consent(actor=user, connection=connection)
    reference_consent(actor=personas.company_owner, connection=connection, note=f"I supervised {user.name}")
    if withdraw:
        for row in balance_for_user(user):
            if row["available_minor"]:
                payout_request(
                    user=user, amount_minor=row["available_minor"], currency=row["currency"], idempotency_key=who
                )
    return user


@pytest.fixture
def full_users(personas: Any, django_capture_on_commit_callbacks: Any) -> tuple[Any, Any]:
    a = build_full_user(personas, django_capture_on_commit_callbacks, "talent")
    b = build_full_user(personas, django_capture_on_commit_callbacks, "other_talent")
    return a, b


def days_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)
