from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from stint.core.testing.factories import CompanyUserFactory
from stint.core.testing.queries import assert_max_queries
from stint.organizations import services
from stint.organizations.choices import MemberRole
from stint.organizations.models import Invitation, Membership, Organization
from stint.organizations.tests.factories import OrganizationFactory
from stint.projects.tests.factories import ProjectFactory

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


def client_for(personas: Any, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(personas, persona))
    return client


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 90, 30)).save(buf, format="PNG")
    return buf.getvalue()


def test_company_user_creates_an_organization_with_a_logo(client):
    user = CompanyUserFactory()
    client.force_login(user)
    response = client.post(
        "/organizations/new/",
        {
            "name": "Fjord Analytics",
            "website": "https://fjord.example",
            "industry": "Data",
            "size": "2-10",
            "description": "Numbers.",
            "logo": SimpleUploadedFile("logo.png", png(), "image/png"),
        },
    )
    org = Organization.objects.get(name="Fjord Analytics")
    assert response.status_code == 302 and response["Location"] == f"/organizations/{org.pk}/"
    assert org.logo.name is not None and org.logo.name.endswith(".png")
    assert Membership.objects.get(organization=org, user=user).role == "owner"
    page = client.get(response["Location"])
    assert "Fjord Analytics is created" in page.content.decode()


def test_create_form_shows_errors_next_to_fields(client):
    client.force_login(CompanyUserFactory())
    response = client.post(
        "/organizations/new/",
        {"name": "", "website": "nope", "logo": SimpleUploadedFile("logo.png", b"GIF89a-not-really", "image/png")},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "This field is required." in html
    assert not Organization.objects.exists()


def test_bad_logo_is_reported_on_the_form(client):
    client.force_login(CompanyUserFactory())
    response = client.post(
        "/organizations/new/",
        {"name": "Ok Co", "logo": SimpleUploadedFile("logo.png", b"GIF89a-not-really", "image/png")},
    )
    assert response.status_code == 200
    assert "Upload a PNG, JPEG, GIF or WebP image." in response.content.decode()
    assert not Organization.objects.filter(name="Ok Co").exists()


def test_edit_saves_the_profile(client, personas):
    client.force_login(personas.company_admin)
    org = personas.organization
    response = client.post(f"/organizations/{org.pk}/edit/", {"name": "Acme Analytics Ltd", "size": "11-50"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Acme Analytics Ltd" and org.size == "11-50"


def test_invite_form_sends_an_invitation(client, personas):
    client.force_login(personas.company_admin)
    org = personas.organization
    response = client.post(
        f"/organizations/{org.pk}/members/invite/", {"email": "fresh@example.test", "role": "member"}
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(organization=org, email="fresh@example.test").exists()


def test_invite_form_shows_service_errors(client, personas):
    client.force_login(personas.company_owner)
    org = personas.organization
    response = client.post(
        f"/organizations/{org.pk}/members/invite/", {"email": personas.company_member.email, "role": "member"}
    )
    assert response.status_code == 422
    assert "already a member" in response.content.decode()


def test_admin_sees_no_admin_option_when_inviting(client, personas):
    client.force_login(personas.company_admin)
    html = client.get(f"/organizations/{personas.organization.pk}/members/").content.decode()
    assert "Only an owner can invite admins." in html


def test_owner_changes_a_role_and_removes_a_member(client, personas):
    org = personas.organization
    client.force_login(personas.company_owner)
    response = client.post(f"/organizations/{org.pk}/members/{personas.company_member.pk}/role/", {"role": "admin"})
    assert response.status_code == 302
    assert Membership.objects.get(organization=org, user=personas.company_member).role == "admin"
    response = client.post(f"/organizations/{org.pk}/members/{personas.company_member.pk}/remove/")
    assert response.status_code == 302
    assert not Membership.objects.filter(organization=org, user=personas.company_member).exists()


def test_removing_the_last_owner_shows_a_message(client, personas):
    org = personas.organization
    client.force_login(personas.company_owner)
    response = client.post(f"/organizations/{org.pk}/members/{personas.company_owner.pk}/remove/", follow=True)
    assert "The last owner cannot be removed." in response.content.decode()
    assert Membership.objects.filter(organization=org, user=personas.company_owner).exists()


def test_removed_member_loses_the_dashboard_on_the_next_request(client, personas):
    org = personas.organization
    member = personas.company_member
    client.force_login(member)
    assert client.get(f"/organizations/{org.pk}/").status_code == 200
    services.membership_remove(actor=personas.company_owner, organization=org, user=member)
    assert client.get(f"/organizations/{org.pk}/").status_code == 404
    assert client.get(f"/organizations/{org.pk}/members/").status_code == 404


def test_member_leaves(client, personas):
    org = personas.organization
    client.force_login(personas.company_member)
    response = client.post(f"/organizations/{org.pk}/leave/")
    assert response.status_code == 302 and response["Location"] == "/organizations/"
    assert not Membership.objects.filter(organization=org, user=personas.company_member).exists()


def test_invitation_page_accepts_for_the_right_user(client, personas):
    invitee = CompanyUserFactory(email="joiner@example.test")
    inv = services.invitation_create(
        actor=personas.company_owner, organization=personas.organization, email="joiner@example.test", role="member"
    )
    url = f"/organizations/invitations/{services.invitation_token(inv)}/"
    client.force_login(invitee)
    page = client.get(url)
    assert page.status_code == 200 and "Accept the invitation" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == f"/organizations/{personas.organization.pk}/"
    assert Membership.objects.filter(organization=personas.organization, user=invitee).exists()


def test_invitation_page_is_404_for_the_wrong_user(client, personas):
    inv = services.invitation_create(
        actor=personas.company_owner, organization=personas.organization, email="someone@example.test", role="member"
    )
    client.force_login(personas.other_company_member)
    url = f"/organizations/invitations/{services.invitation_token(inv)}/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_expired_invitation_page_says_so(client, personas):
    invitee = CompanyUserFactory(email="late@example.test")
    inv = services.invitation_create(
        actor=personas.company_owner, organization=personas.organization, email="late@example.test", role="member"
    )
    Invitation.objects.filter(pk=inv.pk).update(expires_at=inv.created_at)
    client.force_login(invitee)
    url = f"/organizations/invitations/{services.invitation_token(inv)}/"
    assert "no longer valid" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 409
    assert not Membership.objects.filter(user=invitee).exists()


def test_anonymous_invitee_is_sent_to_log_in(client, personas):
    inv = services.invitation_create(
        actor=personas.company_owner, organization=personas.organization, email="anon@example.test", role="member"
    )
    url = f"/organizations/invitations/{services.invitation_token(inv)}/"
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_public_page_shows_badge_no_data_yet_and_open_public_projects(client, personas):
    org = personas.organization
    ProjectFactory(organization=org, title="Open public one")
    ProjectFactory(organization=org, title="Unlisted one", visibility="unlisted")
    ProjectFactory(organization=org, title="Draft one", status="draft")
    html = client.get(f"/organizations/o/{org.slug}/").content.decode()
    assert "Verified" in html
    assert "No data yet" in html
    assert "Open public one" in html
    assert "Unlisted one" not in html and "Draft one" not in html


def test_public_page_of_unverified_org_has_no_badge(client):
    org = OrganizationFactory()
    html = client.get(f"/organizations/o/{org.slug}/").content.decode()
    assert "Not verified yet" in html
    assert 'class="verified-badge"' not in html


def test_staff_verifies_from_the_staff_page(client, personas):
    org = OrganizationFactory(name="Pending Co")
    Membership.objects.create(organization=org, user=CompanyUserFactory(), role=MemberRole.OWNER)
    client.force_login(personas.staff)
    html = client.get("/organizations/staff/verification/").content.decode()
    assert "Pending Co" in html and "Acme Analytics" not in html
    response = client.post(f"/organizations/staff/verification/{org.pk}/verify/")
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.is_verified
    html = client.get("/organizations/staff/verification/").content.decode()
    assert "Pending Co is verified." in html
    assert f"/organizations/staff/verification/{org.pk}/verify/" not in html


def test_my_organizations_page_has_a_bounded_number_of_queries(client, personas):
    user = personas.company_owner
    for _ in range(5):
        org = OrganizationFactory()
        Membership.objects.create(organization=org, user=user, role=MemberRole.MEMBER)
    client.force_login(user)
    with assert_max_queries(12):
        response = client.get("/organizations/")
    assert response.status_code == 200


def test_members_page_has_a_bounded_number_of_queries(client, personas):
    org = personas.organization
    for _ in range(8):
        Membership.objects.create(organization=org, user=CompanyUserFactory(), role=MemberRole.MEMBER)
    client.force_login(personas.company_owner)
    with assert_max_queries(14):
        response = client.get(f"/organizations/{org.pk}/members/")
    assert response.status_code == 200


def test_admin_verify_action(client, personas):
    org = OrganizationFactory()
    client.force_login(personas.staff)
    response = client.post(
        "/admin/organizations/organization/",
        {"action": "verify_selected", "_selected_action": [str(org.pk)]},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.is_verified and org.verified_by == personas.staff


# --- permission matrix ------------------------------------------------------------------------------

LOGIN = 302  # anonymous users are sent to the login page
MEMBERS = {"company_owner": 200, "company_admin": 200, "company_member": 200}
OUTSIDERS = {"other_company_member": 404, "talent": 404, "advisor": 404, "staff": 404, "anonymous": LOGIN}

PAGES: dict[str, dict[str, int]] = {
    "list": {**dict.fromkeys(PERSONAS, 200), "anonymous": LOGIN},
    "new": {
        "company_owner": 200,
        "company_admin": 200,
        "company_member": 200,
        "other_company_member": 200,
        "talent": 403,
        "advisor": 403,
        "staff": 200,
        "anonymous": LOGIN,
    },
    "dashboard": {**MEMBERS, **OUTSIDERS},
    "edit": {"company_owner": 200, "company_admin": 200, "company_member": 403, **OUTSIDERS},
    "members": {**MEMBERS, **OUTSIDERS},
    "public": dict.fromkeys(PERSONAS, 200),
    "staff_verification": {**dict.fromkeys(PERSONAS, 403), "staff": 200, "anonymous": LOGIN},
    # An invitation addressed to other_company_member: everyone else gets 404.
    "invitation": {**dict.fromkeys(PERSONAS, 404), "other_company_member": 200, "anonymous": LOGIN},
    # POST actions redirect on success.
    "invite_post": {"company_owner": 302, "company_admin": 302, "company_member": 403, **OUTSIDERS},
    "verify_post": {**dict.fromkeys(PERSONAS, 403), "staff": 302, "anonymous": LOGIN},
    "revoke_post": {"company_owner": 302, "company_admin": 302, "company_member": 403, **OUTSIDERS},
    "role_post": {"company_owner": 302, "company_admin": 302, "company_member": 403, **OUTSIDERS},
    "remove_post": {"company_owner": 302, "company_admin": 302, "company_member": 403, **OUTSIDERS},
}


def request_page(page: str, client: Client, personas: Any) -> Any:
    org = personas.organization
    if page == "list":
        return client.get("/organizations/")
    if page == "new":
        return client.get("/organizations/new/")
    if page == "dashboard":
        return client.get(f"/organizations/{org.pk}/")
    if page == "edit":
        return client.get(f"/organizations/{org.pk}/edit/")
    if page == "members":
        return client.get(f"/organizations/{org.pk}/members/")
    if page == "public":
        return client.get(f"/organizations/o/{org.slug}/")
    if page == "staff_verification":
        return client.get("/organizations/staff/verification/")
    if page == "invitation":
        inv = services.invitation_create(
            actor=personas.company_owner, organization=org, email=personas.other_company_member.email, role="member"
        )
        return client.get(f"/organizations/invitations/{services.invitation_token(inv)}/")
    if page == "invite_post":
        return client.post(f"/organizations/{org.pk}/members/invite/", {"email": "x@example.test", "role": "member"})
    if page == "verify_post":
        unverified: Any = OrganizationFactory()
        return client.post(f"/organizations/staff/verification/{unverified.pk}/verify/")
    if page == "revoke_post":
        inv = services.invitation_create(
            actor=personas.company_owner, organization=org, email="r@example.test", role="member"
        )
        return client.post(f"/organizations/{org.pk}/invitations/{inv.pk}/revoke/")
    if page in ("role_post", "remove_post"):
        target: Any = CompanyUserFactory()
        Membership.objects.create(organization=org, user=target, role=MemberRole.MEMBER)
        action = "role" if page == "role_post" else "remove"
        return client.post(f"/organizations/{org.pk}/members/{target.pk}/{action}/", {"role": "member"})
    raise AssertionError(page)


@pytest.mark.parametrize(
    ("page", "persona", "expected"),
    [(page, persona, status) for page, row in PAGES.items() for persona, status in row.items()],
)
def test_html_permission_matrix(personas, page, persona, expected):
    personas.company_admin, personas.company_member, personas.other_company_member
    response = request_page(page, client_for(personas, persona), personas)
    assert response.status_code == expected, (page, persona)
    if persona == "anonymous" and expected == LOGIN:
        assert response["Location"].startswith("/accounts/login/")
