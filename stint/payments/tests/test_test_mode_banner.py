from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_site_says_it_runs_in_test_mode_with_the_test_provider(client):
    assert "Test mode: payments on this site are simulated." in client.get("/").content.decode()


def test_the_banner_goes_away_with_live_stripe_keys(client, settings):
    settings.STRIPE_SECRET_KEY = "sk_live_example"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_example"
    assert "Test mode" not in client.get("/").content.decode()
