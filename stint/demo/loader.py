"""Realistic demo data. Idempotent: every object is looked up by a natural key before it is created,
so running the loader twice creates nothing twice."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from stint.accounts.choices import Role
from stint.accounts.demo import DEMO_PASSWORD, DEMO_USERS, DemoLogin, ensure_user
from stint.accounts.models import User
from stint.core.demo import STEPS
from stint.demo.steps import step_rank  # importing it registers the steps of every app
from stint.notifications.models import Notification
from stint.notifications.services import notification_emails_muted

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "STEPS", "DemoLogin", "ensure_user", "load_demo"]


def load_demo() -> dict[str, User]:
    """Load every app's demo steps in one transaction. Notifications the steps cause (also those
    sent on commit, e.g. "project published") stay in the app and are never emailed."""
    with notification_emails_muted():
        return _load()


@transaction.atomic
def _load() -> dict[str, User]:
    users = {
        login.email: ensure_user(login.email, login.name, login.role, staff=login.role == Role.STAFF)
        for login in DEMO_USERS
    }
    for step in sorted(STEPS, key=step_rank):  # sorted() is stable: an app's steps keep their order
        step(users)
    # The demo's history is made up: keep it in the app, do not email it to anyone.
    Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())
    return users
