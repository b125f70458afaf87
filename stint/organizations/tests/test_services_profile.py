"""Organization services: creating an organization, its profile and its logo."""

from __future__ import annotations

import pytest

from stint.core.errors import NotFound, PermissionDenied, ValidationFailed
from stint.core.models import AuditEvent
from stint.core.testing.factories import CompanyUserFactory
from stint.organizations import services
from stint.organizations.choices import MemberRole
from stint.organizations.models import Membership, Organization
from stint.organizations.tests.helpers import png_bytes, upload

pytestmark = pytest.mark.django_db


def test_company_user_creates_organization_and_becomes_owner(personas):
    user = CompanyUserFactory()
    org = services.organization_create(
        actor=user, name="Fjord Analytics", website="https://fjord.example", industry="Data", size="2-10"
    )
    assert org.slug == "fjord-analytics"
    assert Membership.objects.get(organization=org, user=user).role == MemberRole.OWNER
    assert not org.is_verified
    assert AuditEvent.objects.filter(code="organization.created", target_id=str(org.pk)).exists()


def test_slug_is_unique_for_the_same_name():
    user = CompanyUserFactory()
    first = services.organization_create(actor=user, name="Fjord Analytics")
    second = services.organization_create(actor=user, name="Fjord Analytics")
    third = services.organization_create(actor=user, name="Fjord  analytics!")
    assert (first.slug, second.slug, third.slug) == ("fjord-analytics", "fjord-analytics-2", "fjord-analytics-3")


def test_staff_may_create_organizations(personas):
    org = services.organization_create(actor=personas.staff, name="Staff Org")
    assert Membership.objects.filter(organization=org, user=personas.staff, role="owner").exists()


@pytest.mark.parametrize("persona", ["talent", "advisor"])
def test_talent_and_advisor_cannot_create_organizations(personas, persona):
    with pytest.raises(PermissionDenied) as exc:
        services.organization_create(actor=getattr(personas, persona), name="Nope")
    assert exc.value.code == "company_role_required"
    assert exc.value.status == 403
    assert not Organization.objects.filter(name="Nope").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 151}, "name"),
        ({"name": "Ok", "website": "not a url"}, "website"),
        ({"name": "Ok", "website": "ftp://files.example"}, "website"),
        ({"name": "Ok", "size": "huge"}, "size"),
        ({"name": "Ok", "industry": "x" * 101}, "industry"),
        ({"name": "Ok", "description": "x" * 5001}, "description"),
    ],
)
def test_create_validates_fields(data, field):
    with pytest.raises(ValidationFailed) as exc:
        services.organization_create(actor=CompanyUserFactory(), **data)
    assert exc.value.code == "validation_error"
    assert field in [e["field"] for e in exc.value.errors]


def test_create_with_a_real_logo_stores_it():
    org = services.organization_create(actor=CompanyUserFactory(), name="Logo Co", logo=upload(png_bytes()))
    org.refresh_from_db()
    assert org.logo.name is not None
    assert org.logo.name.startswith("logos/") and org.logo.name.endswith(".png")
    with org.logo.open("rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"


def test_logo_is_checked_by_content_not_by_name():
    with pytest.raises(ValidationFailed) as exc:
        services.organization_create(
            actor=CompanyUserFactory(), name="Fake", logo=upload(b"<svg onload=alert(1)>", "logo.png")
        )
    assert exc.value.code == "logo_invalid"
    assert not Organization.objects.filter(name="Fake").exists()


def test_jpeg_renamed_to_png_is_stored_as_jpeg():
    org = services.organization_create(
        actor=CompanyUserFactory(), name="Jpeg Co", logo=upload(png_bytes(fmt="JPEG"), "logo.png")
    )
    org.refresh_from_db()
    assert org.logo.name is not None and org.logo.name.endswith(".jpg")


def test_logo_over_two_megabytes_is_refused():
    big = upload(png_bytes() + b"\0" * (2 * 1024 * 1024))
    with pytest.raises(ValidationFailed) as exc:
        services.organization_create(actor=CompanyUserFactory(), name="Big", logo=big)
    assert exc.value.code == "logo_too_large"


def test_logo_with_huge_dimensions_is_refused():
    with pytest.raises(ValidationFailed) as exc:
        services.organization_create(actor=CompanyUserFactory(), name="Wide", logo=upload(png_bytes((5000, 10))))
    assert exc.value.code == "logo_invalid"


# --- update -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["company_owner", "company_admin"])
def test_owner_and_admin_update_the_profile(personas, persona):
    org = services.organization_update(
        actor=getattr(personas, persona), organization=personas.organization, description="New text"
    )
    org.refresh_from_db()
    assert org.description == "New text"
    assert org.slug == "acme"


def test_member_cannot_update_the_profile(personas):
    with pytest.raises(PermissionDenied) as exc:
        services.organization_update(actor=personas.company_member, organization=personas.organization, name="X")
    assert exc.value.code == "organization_role_required"


def test_outsider_cannot_update_the_profile(personas):
    with pytest.raises(NotFound):
        services.organization_update(actor=personas.other_company_member, organization=personas.organization, name="X")


def test_update_validates(personas):
    with pytest.raises(ValidationFailed):
        services.organization_update(actor=personas.company_owner, organization=personas.organization, name="")


def test_replacing_the_logo_deletes_the_old_file(personas, django_capture_on_commit_callbacks):
    org = personas.organization
    services.organization_logo_set(actor=personas.company_owner, organization=org, logo=upload(png_bytes()))
    org.refresh_from_db()
    first = org.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        services.organization_logo_set(actor=personas.company_owner, organization=org, logo=upload(png_bytes()))
    org.refresh_from_db()
    assert org.logo.name != first
    assert not org.logo.storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        services.organization_logo_remove(actor=personas.company_owner, organization=org)
    org.refresh_from_db()
    assert not org.logo
