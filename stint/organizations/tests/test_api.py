from __future__ import annotations

import io
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from stint.core.testing.factories import CompanyUserFactory
from stint.organizations import services
from stint.organizations.choices import MemberRole
from stint.organizations.models import Invitation, Membership, Organization
from stint.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "company_owner",
    "company_admin",
    "company_member",
    "other_company_member",
    "talent",
    "advisor",
    "staff",
    "anonymous",
]


def user_for(personas: Any, name: str) -> Any:
    return None if name == "anonymous" else getattr(personas, name)


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 10, 10)).save(buf, format="PNG")
    return buf.getvalue()


# --- happy paths and validation ---------------------------------------------------------------------


def test_company_user_creates_an_organization(api_client_for):
    user = CompanyUserFactory()
    response = api_client_for(user).post(
        "organizations",
        {"name": "Fjord Analytics", "website": "https://fjord.example", "industry": "Data", "description": "We count."},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Fjord Analytics" and body["slug"] == "fjord-analytics"
    assert body["verified"] is False
    assert body["reliability"]["has_data"] is False
    assert body["reliability"]["response_rate"] is None
    assert Membership.objects.get(organization_id=body["id"], user=user).role == "owner"


def test_talent_creating_an_organization_gets_company_role_required(api_client_for, personas):
    response = api_client_for(personas.talent).post("organizations", {"name": "Nope"})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "company_role_required"


def test_create_validation_errors_name_the_field(api_client_for):
    response = api_client_for(CompanyUserFactory()).post("organizations", {"name": "", "website": "nope"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert {e["field"] for e in body["errors"]} == {"name", "website"}


def test_public_profile_works_for_anonymous(api_client_for, personas):
    response = api_client_for(None).get(f"organizations/{personas.organization.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["verified"] is True
    assert set(body["reliability"]) >= {
        "response_rate",
        "median_response_hours",
        "median_days_to_pay",
        "completion_rate",
        "hires_from_stint",
        "has_data",
    }


def test_unknown_organization_is_404(api_client_for):
    response = api_client_for(None).get("organizations/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_patch_changes_only_given_fields(api_client_for, personas):
    response = api_client_for(personas.company_admin).patch(
        f"organizations/{personas.organization.pk}", {"industry": "Analytics"}
    )
    assert response.status_code == 200, response.content
    org = Organization.objects.get(pk=personas.organization.pk)
    assert org.industry == "Analytics" and org.name == "Acme Analytics"


def test_patch_validation(api_client_for, personas):
    response = api_client_for(personas.company_owner).patch(
        f"organizations/{personas.organization.pk}", {"size": "gigantic"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "size"


def test_my_organizations_lists_roles(api_client_for, personas):
    response = api_client_for(personas.company_admin).get("me/organizations")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["role"] == "admin" and body["items"][0]["slug"] == "acme"


def test_members_list(api_client_for, personas):
    personas.company_admin, personas.company_member
    response = api_client_for(personas.company_member).get(f"organizations/{personas.organization.pk}/members")
    assert response.status_code == 200
    roles = [m["role"] for m in response.json()["items"]]
    assert roles == ["owner", "admin", "member"]


def test_invite_then_accept_through_the_api(api_client_for, personas, django_capture_on_commit_callbacks):
    org = personas.organization
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(personas.company_owner).post(
            f"organizations/{org.pk}/invitations", {"email": "newbie@example.test", "role": "admin"}
        )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    invitation = Invitation.objects.get(pk=response.json()["id"])
    token = services.invitation_token(invitation)
    assert token in mail.outbox[-1].body

    newbie = CompanyUserFactory(email="newbie@example.test")
    wrong = api_client_for(personas.other_company_member).post("organizations/invitations/accept", {"token": token})
    assert wrong.status_code == 404
    accepted = api_client_for(newbie).post("organizations/invitations/accept", {"token": token})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["role"] == "admin"
    members = api_client_for(newbie).get(f"organizations/{org.pk}/members")
    assert members.status_code == 200


def test_invite_validation_and_conflicts(api_client_for, personas):
    client = api_client_for(personas.company_owner)
    org = personas.organization
    bad = client.post(f"organizations/{org.pk}/invitations", {"email": "nope", "role": "member"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "email"
    owner_role = client.post(f"organizations/{org.pk}/invitations", {"email": "a@example.test", "role": "owner"})
    assert owner_role.status_code == 422
    member = client.post(f"organizations/{org.pk}/invitations", {"email": personas.company_member.email})
    assert member.status_code == 409 and member.json()["code"] == "already_member"
    admin_by_admin = api_client_for(personas.company_admin).post(
        f"organizations/{org.pk}/invitations", {"email": "b@example.test", "role": "admin"}
    )
    assert admin_by_admin.status_code == 403 and admin_by_admin.json()["code"] == "owner_role_required"


def test_removed_member_loses_access_on_the_next_request(api_client_for, personas):
    org = personas.organization
    member_client = api_client_for(personas.company_member)
    assert member_client.get(f"organizations/{org.pk}/members").status_code == 200
    removed = api_client_for(personas.company_owner).delete(
        f"organizations/{org.pk}/members/{personas.company_member.pk}"
    )
    assert removed.status_code == 204
    assert member_client.get(f"organizations/{org.pk}/members").status_code == 404
    assert member_client.get("me/organizations").json()["count"] == 0


def test_last_owner_cannot_be_removed_or_demoted(api_client_for, personas):
    org = personas.organization
    client = api_client_for(personas.company_owner)
    removed = client.delete(f"organizations/{org.pk}/members/{personas.company_owner.pk}")
    assert removed.status_code == 409 and removed.json()["code"] == "last_owner"
    demoted = client.post(f"organizations/{org.pk}/members/{personas.company_owner.pk}/role", {"role": "member"})
    assert demoted.status_code == 409 and demoted.json()["code"] == "last_owner"
    left = client.post(f"organizations/{org.pk}/leave")
    assert left.status_code == 409 and left.json()["code"] == "last_owner"


def test_only_owner_grants_admin(api_client_for, personas):
    org = personas.organization
    target = personas.company_member.pk
    by_admin = api_client_for(personas.company_admin).post(
        f"organizations/{org.pk}/members/{target}/role", {"role": "admin"}
    )
    assert by_admin.status_code == 403 and by_admin.json()["code"] == "owner_role_required"
    by_owner = api_client_for(personas.company_owner).post(
        f"organizations/{org.pk}/members/{target}/role", {"role": "admin"}
    )
    assert by_owner.status_code == 200 and by_owner.json()["role"] == "admin"


def test_role_change_of_a_non_member_is_404(api_client_for, personas):
    response = api_client_for(personas.company_owner).post(
        f"organizations/{personas.organization.pk}/members/{personas.talent.pk}/role", {"role": "member"}
    )
    assert response.status_code == 404


def test_logo_upload_checks_content(api_client_for, personas):
    client = api_client_for(personas.company_owner)
    url = f"organizations/{personas.organization.pk}/logo"
    fake = client.post(url, {"logo": SimpleUploadedFile("x.png", b"not an image", "image/png")}, multipart=True)
    assert fake.status_code == 422 and fake.json()["code"] == "logo_invalid"
    real = client.post(url, {"logo": SimpleUploadedFile("x.png", png(), "image/png")}, multipart=True)
    assert real.status_code == 200, real.content
    logo_url = real.json()["logo_url"]
    assert logo_url.startswith("/organizations/o/acme/logo/")
    served = client.client.get(logo_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")
    assert client.delete(url).status_code == 204
    assert Organization.objects.get(pk=personas.organization.pk).logo.name == ""


def test_verify_by_staff(api_client_for, personas):
    org = OrganizationFactory()
    Membership.objects.create(organization=org, user=CompanyUserFactory(), role=MemberRole.OWNER)
    response = api_client_for(personas.staff).post(f"organizations/{org.pk}/verify")
    assert response.status_code == 200, response.content
    assert response.json()["verified"] is True
    again = api_client_for(personas.staff).post(f"organizations/{org.pk}/verify")
    assert again.status_code == 200


def test_verify_by_non_staff_is_403(api_client_for, personas):
    org = OrganizationFactory()
    response = api_client_for(personas.company_owner).post(f"organizations/{org.pk}/verify")
    assert response.status_code == 403 and response.json()["code"] == "staff_only"


# --- permission matrix ------------------------------------------------------------------------------

MEMBERS_ONLY = {"company_owner": 200, "company_admin": 200, "company_member": 200}
OUTSIDERS_404 = {"other_company_member": 404, "talent": 404, "advisor": 404, "staff": 404, "anonymous": 401}
MANAGERS = {"company_owner": 200, "company_admin": 200, "company_member": 403, **OUTSIDERS_404}

MATRIX: dict[str, dict[str, int]] = {
    "create": {
        "company_owner": 201,
        "company_admin": 201,
        "company_member": 201,
        "other_company_member": 201,
        "talent": 403,
        "advisor": 403,
        "staff": 201,
        "anonymous": 401,
    },
    "detail": dict.fromkeys(PERSONAS, 200),
    "patch": MANAGERS,
    "me_organizations": {**dict.fromkeys(PERSONAS, 200), "anonymous": 401},
    "members": {**MEMBERS_ONLY, **OUTSIDERS_404},
    "invite": {**MANAGERS, "company_owner": 201, "company_admin": 201},
    "invitations": MANAGERS,
    "revoke": MANAGERS,
    "logo": MANAGERS,
    "remove_member": {**MANAGERS, "company_owner": 204, "company_admin": 204},
    "change_role": MANAGERS,
    "leave": {"company_owner": 409, "company_admin": 204, "company_member": 204, **OUTSIDERS_404},
    "verify": {**dict.fromkeys(PERSONAS, 403), "staff": 200, "anonymous": 401},
    # An invitation addressed to the caller's own email (members already belong: not applicable).
    "accept": {"other_company_member": 200, "talent": 403, "advisor": 403, "staff": 200, "anonymous": 401},
}


def call(operation: str, client: Any, personas: Any, persona: str) -> Any:
    org = personas.organization
    base = f"organizations/{org.pk}"
    if operation == "create":
        return client.post("organizations", {"name": "Matrix Org"})
    if operation == "detail":
        return client.get(base)
    if operation == "patch":
        return client.patch(base, {"description": "Changed"})
    if operation == "me_organizations":
        return client.get("me/organizations")
    if operation == "members":
        return client.get(f"{base}/members")
    if operation == "invite":
        return client.post(f"{base}/invitations", {"email": "invitee@example.test", "role": "member"})
    if operation == "invitations":
        return client.get(f"{base}/invitations")
    if operation == "revoke":
        inv = services.invitation_create(
            actor=personas.company_owner, organization=org, email="revokable@example.test", role="member"
        )
        return client.post(f"{base}/invitations/{inv.pk}/revoke")
    if operation == "logo":
        return client.post(f"{base}/logo", {"logo": SimpleUploadedFile("l.png", png(), "image/png")}, multipart=True)
    if operation == "remove_member":
        target: Any = CompanyUserFactory()
        Membership.objects.create(organization=org, user=target, role=MemberRole.MEMBER)
        return client.delete(f"{base}/members/{target.pk}")
    if operation == "change_role":
        target = CompanyUserFactory()
        Membership.objects.create(organization=org, user=target, role=MemberRole.MEMBER)
        return client.post(f"{base}/members/{target.pk}/role", {"role": "member"})
    if operation == "leave":
        return client.post(f"{base}/leave")
    if operation == "verify":
        unverified: Any = OrganizationFactory()
        return client.post(f"organizations/{unverified.pk}/verify")
    if operation == "accept":
        email = getattr(personas, persona).email if persona != "anonymous" else "nobody@example.test"
        inv = services.invitation_create(actor=personas.company_owner, organization=org, email=email, role="member")
        return client.post("organizations/invitations/accept", {"token": services.invitation_token(inv)})
    raise AssertionError(operation)


@pytest.mark.parametrize(
    ("operation", "persona", "expected"),
    [(op, persona, status) for op, row in MATRIX.items() for persona, status in row.items()],
)
def test_api_permission_matrix(api_client_for, personas, operation, persona, expected):
    personas.company_admin, personas.company_member
    client = api_client_for(user_for(personas, persona))
    response = call(operation, client, personas, persona)
    assert response.status_code == expected, (operation, persona, response.content)
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"
