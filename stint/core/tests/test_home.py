from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_talent_home_shows_the_daily_plan_and_profile_completeness(client, personas):
    client.force_login(personas.talent)
    html = client.get("/").content.decode()
    assert "Welcome, Talent" in html
    assert "% complete" in html
    assert 'href="/recommendations/"' in html


@pytest.mark.parametrize("persona", ["company_owner", "advisor", "staff"])
def test_other_roles_get_their_own_home(client, personas, persona):
    client.force_login(getattr(personas, persona))
    response = client.get("/")
    assert response.status_code == 200
    assert "% complete" not in response.content.decode()


def test_anonymous_home_invites_to_join(client):
    html = client.get("/").content.decode()
    assert "Join Stint" in html
