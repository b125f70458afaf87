"""factory_boy factories for the foundation's models. Other apps keep theirs in ``<app>/tests/factories.py``."""

from __future__ import annotations

import factory

from stint.accounts.choices import Role
from stint.accounts.models import User
from stint.core.testing.model_factory import ModelFactory

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(ModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    name = factory.Faker("name")
    role = Role.TALENT
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified_email(self, create: bool, extracted: object, **kwargs: object) -> None:
        if not create:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(user=self, email=self.email, defaults={"primary": True, "verified": True})


class TalentFactory(UserFactory):
    role = Role.TALENT
    email = factory.Sequence(lambda n: f"talent{n}@example.test")


class CompanyUserFactory(UserFactory):
    role = Role.COMPANY
    email = factory.Sequence(lambda n: f"company{n}@example.test")


class AdvisorFactory(UserFactory):
    role = Role.ADVISOR
    email = factory.Sequence(lambda n: f"advisor{n}@example.test")


# Staff must have two-factor authentication before any page (stint/accounts/middleware.py), so
# staff built here have TOTP with this secret unless built with ``totp=False``.
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class StaffFactory(UserFactory):
    role = Role.STAFF
    is_staff = True
    is_superuser = True
    email = factory.Sequence(lambda n: f"staff{n}@example.test")

    @factory.post_generation
    def totp(self, create: bool, extracted: object, **kwargs: object) -> None:
        if not create or extracted is False:
            return
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP

        if not Authenticator.objects.filter(user=self, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(self, STAFF_TOTP_SECRET)
