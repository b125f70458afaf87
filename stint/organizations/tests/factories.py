from __future__ import annotations

import factory

from stint.core.testing.model_factory import ModelFactory
from stint.organizations.choices import MemberRole
from stint.organizations.models import Membership, Organization


class OrganizationFactory(ModelFactory[Organization]):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")
    website = "https://example.org"
    industry = "Software"
    description = "We build useful things."


class MembershipFactory(ModelFactory[Membership]):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    role = MemberRole.MEMBER
