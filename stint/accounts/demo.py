"""Demo accounts: the four sign-ins of the demo site and an idempotent way to create a user.
Domain apps' demo steps use ``ensure_user``; the loader in ``stint.demo`` creates ``DEMO_USERS``."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress

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
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, name=name, role=role, is_staff=staff, is_superuser=staff
        )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True, "verified": True})
    return user
