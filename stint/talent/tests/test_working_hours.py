"""Working hours and spoken languages on the talent profile (API and service)."""

from __future__ import annotations

import datetime

import pytest

from stint.talent.models import TalentProfile

pytestmark = pytest.mark.django_db

URL = "me/talent-profile"


def test_working_hours_and_languages_are_stored_and_shown(personas, api_client_for):
    api = api_client_for(personas.talent)
    response = api.put(
        URL,
        {
            "timezone": "Africa/Lagos",
            "working_hours": {"start": "09:00", "end": "17:00"},
            "languages": ["en", "pt-BR", "en"],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["working_hours"] == {"start": "09:00:00", "end": "17:00:00", "time_zone": "Africa/Lagos"}
    assert body["languages"] == ["en", "pt"]
    profile = TalentProfile.objects.get(user=personas.talent)
    assert profile.work_window is not None and profile.work_window.start == datetime.time(9)


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"working_hours": {"start": "09:00"}}, "invalid_working_hours"),
        ({"working_hours": {"start": "09:00", "end": "09:00"}}, "invalid_working_hours"),
        ({"languages": ["klingon"]}, "invalid_languages"),
        ({"languages": ["en"] * 11}, "invalid_languages"),
    ],
)
def test_bad_hours_or_languages_are_refused_and_change_nothing(personas, api_client_for, payload, code):
    api = api_client_for(personas.talent)
    assert api.put(URL, {"languages": ["fr"]}).status_code == 200
    response = api.put(URL, {**payload, "headline": "Changed"})
    assert response.status_code == 422, response.content
    assert response.json()["code"] == code
    profile = TalentProfile.objects.get(user=personas.talent)
    assert profile.languages == ["fr"] and profile.headline != "Changed"


def test_working_hours_can_be_cleared(personas, api_client_for):
    api = api_client_for(personas.talent)
    api.put(URL, {"working_hours": {"start": "22:00", "end": "02:00"}})
    assert api.put(URL, {"working_hours": {"start": None, "end": None}}).json()["working_hours"] is None
