"""Realistic demo data. Idempotent: every object is looked up by a natural key before it is created,
so running the loader twice creates nothing twice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from stint.accounts.choices import Role
from stint.accounts.models import User

DEMO_PASSWORD = "stint-demo-2026"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    name: str


DEMO_USERS = [
    DemoLogin(Role.COMPANY, "owner@northwind.example", "Nadia Okafor"),
    DemoLogin(Role.TALENT, "talent@student.example", "Sam Rivera"),
    DemoLogin(Role.ADVISOR, "advisor@university.example", "Dr. Priya Nair"),
    DemoLogin(Role.STAFF, "staff@stint.example", "Stint Staff"),
]


def ensure_user(email: str, name: str, role: str, *, staff: bool = False) -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, name=name, role=role, is_staff=staff, is_superuser=staff
        )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True, "verified": True})
    return user


# Other apps append loader steps here: each is ``step(users: dict[str, User]) -> None`` and idempotent.
STEPS: list[Any] = []


def load_demo() -> dict[str, User]:
    """Load every app's demo steps in one transaction. Notifications the steps cause (also those
    sent on commit, e.g. "project published") stay in the app and are never emailed."""
    from stint.notifications.services import notification_emails_muted

    with notification_emails_muted():
        return _load()


@transaction.atomic
def _load() -> dict[str, User]:
    users = {
        login.email: ensure_user(login.email, login.name, login.role, staff=login.role == Role.STAFF)
        for login in DEMO_USERS
    }
    from stint.demo.steps import step_rank  # importing it registers the steps of every app

    for step in sorted(STEPS, key=step_rank):  # sorted() is stable: an app's steps keep their order
        step(users)
    # The demo's history is made up: keep it in the app, do not email it to anyone.
    from django.utils import timezone

    from stint.notifications.models import Notification

    Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())
    return users
