from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from stint.accounts.models import ApiToken, User
from stint.advisors.testing import cohort_for
from stint.credentials.models import Credential
from stint.engagements.models import Engagement
from stint.payments.invariants import ledger_violations
from stint.payments.models import LedgerEntry, LedgerTransaction
from stint.payments.tests.factories import engagement_for, funded_project
from stint.privacy.catalogue import EXPORT
from stint.privacy.erase import account_delete
from stint.privacy.tests.conftest import NAME, PHONE, build_full_user
from stint.privacy.tests.scan import tables_mentioning
from stint.talent.models import TalentProfile

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def snapshot(user: Any) -> tuple[Any, ...]:
    user.refresh_from_db()
    return (user.email, user.name, user.password, user.is_active, tuple(t.rows(user).count() for t in EXPORT))


def with_password(user: Any) -> Any:
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def test_after_deletion_nothing_names_the_user_and_the_ledger_still_balances(
    full_users: Any, django_capture_on_commit_callbacks: Any
) -> None:
    a, b = full_users
    resume = TalentProfile.objects.get(user=a).resume
    storage, resume_name = resume.storage, str(resume.name)
    balances = {e.pk: e.amount_minor for e in LedgerEntry.objects.all()}
    transactions = LedgerTransaction.objects.count()
    email = a.email
    assert tables_mentioning(email) and tables_mentioning(NAME["talent"])  # the scan finds them before

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=with_password(a), password=PASSWORD)

    for needle in (email, NAME["talent"], PHONE["talent"]):
        assert tables_mentioning(needle) == [], needle
    assert not storage.exists(resume_name)
    assert ledger_violations() == []
    call_command("ledger_check")
    assert {e.pk: e.amount_minor for e in LedgerEntry.objects.all()} == balances
    assert LedgerTransaction.objects.count() == transactions
    a.refresh_from_db()
    assert not a.is_active and not a.has_usable_password() and a.email.endswith("@deleted.invalid")
    assert Engagement.objects.filter(talent=a).exists()  # the company's record stays, anonymous
    assert set(Credential.objects.filter(talent=a).values_list("status", flat=True)) == {"revoked"}
    credential = Credential.objects.get(talent=a)
    from django.test import Client

    assert Client().get(f"/api/v1/credentials/{credential.pk}").status_code == 404
    assert Client().get(f"/api/v1/credentials/{credential.pk}/status").json()["status"] == "revoked"
    assert not ApiToken.objects.filter(user=a).exists()
    # The other talent is untouched.
    assert tables_mentioning(b.email) and tables_mentioning(NAME["other_talent"])


def test_a_deleted_user_can_no_longer_sign_in_nor_use_a_token(
    personas: Any, api_client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = with_password(personas.talent)
    client = api_client_for(user)
    assert client.get("me").status_code == 200
    response = client.post("me/delete", {"password": PASSWORD, "confirm": True})
    assert response.status_code == 204
    assert client.get("me").status_code == 401
    from django.test import Client

    assert not Client().login(email="talent@example.test", password=PASSWORD)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"password": "wrong", "confirm": True}, 422, "password_incorrect"),
        ({"password": PASSWORD, "confirm": False}, 422, "confirmation_required"),
    ],
)
def test_a_wrong_password_or_no_confirmation_changes_nothing(
    personas: Any, api_client_for: Any, body: Any, status: int, code: str
) -> None:
    user = with_password(personas.talent)
    client = api_client_for(user)
    before = snapshot(user)
    response = client.post("me/delete", body)
    assert response.status_code == status and response.json()["code"] == code
    assert snapshot(user) == before


def test_money_held_refuses_deletion_and_changes_nothing(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = with_password(build_full_user(personas, django_capture_on_commit_callbacks, "talent", withdraw=False))
    before = snapshot(user)
    with pytest.raises(Exception) as caught:
        account_delete(user=user, password=PASSWORD)
    assert getattr(caught.value, "code", None) == "account_delete_money_held"
    assert snapshot(user) == before


def test_an_open_engagement_refuses_deletion(personas: Any, django_capture_on_commit_callbacks: Any) -> None:
    user = with_password(personas.talent)
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    engagement_for(project, talent=user)
    before = snapshot(user)
    with pytest.raises(Exception) as caught:
        account_delete(user=user, password=PASSWORD)
    assert getattr(caught.value, "code", None) == "account_delete_open_engagement"
    assert snapshot(user) == before


def test_the_last_owner_of_an_organization_is_refused_through_the_api(personas: Any, api_client_for: Any) -> None:
    owner = with_password(personas.company_owner)
    client = api_client_for(owner)
    before = snapshot(owner)
    response = client.post("me/delete", {"password": PASSWORD, "confirm": True})
    assert response.status_code == 409 and response.json()["code"] == "account_delete_last_owner"
    assert snapshot(owner) == before
    assert User.objects.filter(pk=owner.pk, is_active=True).exists()


def test_an_advisor_who_runs_cohorts_is_refused(personas: Any) -> None:
    advisor = with_password(personas.advisor)
    cohort_for(advisor, personas.talent)
    with pytest.raises(Exception) as caught:
        account_delete(user=advisor, password=PASSWORD)
    assert getattr(caught.value, "code", None) == "account_delete_cohorts"
