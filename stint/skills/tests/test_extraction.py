"""Skill extraction from free text: the service, POST /api/v1/skills/extract, the htmx panel."""

from __future__ import annotations

from typing import Any

import pytest

from stint.skills.extraction import MAX_TEXT, skill_extract
from stint.skills.models import Skill, SkillSource

pytestmark = pytest.mark.django_db

BRIEF = (
    "Help us clean our HubSpot CRM, write blog posts optimised for SEO, and build dashboards in "
    "Power BI. Translate the product pages into Spanish."
)


def test_suggestions_name_the_skills_with_their_spans(catalog: Any) -> None:
    found = skill_extract(text=BRIEF)
    by_slug = {s.skill.slug: s for s in found}
    for slug in ("customer-relationship-management", "search-engine-optimisation", "spanish", "translation"):
        assert slug in by_slug, [s.skill.slug for s in found]
    for suggestion in found:
        assert BRIEF[suggestion.start : suggestion.end] == suggestion.text
        assert 0.5 <= suggestion.confidence <= 0.95
    assert by_slug["translation"].text == "Translate"  # word forms meet: translate / translation
    assert [s.start for s in found] == sorted(s.start for s in found)


def test_a_mention_inside_a_longer_one_is_not_suggested_twice(catalog: Any) -> None:
    found = skill_extract(text="We need social media marketing for our launch.")
    labels = [s.skill.label for s in found]
    assert labels == ["Social media marketing"]
    assert found[0].confidence == 0.95  # a curated label (0.9), +0.05 a word beyond the first, capped


def test_one_letter_words_count_only_in_capitals(catalog: Any) -> None:
    assert skill_extract(text="a b c x y z") == []
    assert [s.skill.label for s in skill_extract(text="Statistics in R")] == ["Statistics", "R"]


def test_generic_single_words_of_esco_labels_are_not_suggested(catalog: Any) -> None:
    Skill.objects.create(
        slug="help-x", label="help", source=SkillSource.ESCO, esco_uri="http://data.europa.eu/esco/skill/h"
    )
    assert skill_extract(text="Help us, please.") == []


def test_empty_and_very_long_texts(catalog: Any) -> None:
    assert skill_extract(text="") == []
    long = "lorem " * MAX_TEXT + "Spanish"
    assert skill_extract(text=long) == []  # only the first MAX_TEXT characters are read


def test_pending_proposals_are_not_suggested(catalog: Any) -> None:
    Skill.objects.create(
        slug="data-hygiene-x", label="Data hygiene", source=SkillSource.PROPOSED, proposal_key="data hygiene"
    )
    assert [s.text for s in skill_extract(text="Data hygiene matters")] == []


def test_the_api_returns_suggestions(catalog: Any, api_client_for: Any) -> None:
    response = api_client_for(None).post("skills/extract", {"text": BRIEF, "limit": 3})
    assert response.status_code == 200, response.content
    rows = response.json()["suggestions"]
    assert len(rows) == 3
    first = rows[0]
    assert set(first) == {"skill", "start", "end", "text", "confidence"}
    assert BRIEF[first["start"] : first["end"]] == first["text"]
    assert first["skill"]["esco_uri"].startswith("http://data.europa.eu/esco/skill/")


@pytest.mark.parametrize("payload", [{}, {"text": "x" * (MAX_TEXT + 1)}, {"text": "ok", "limit": 0}, {"text": 5}])
def test_the_api_refuses_bad_input(catalog: Any, api_client_for: Any, payload: Any) -> None:
    response = api_client_for(None).post("skills/extract", payload)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")


def test_the_panel_partial_lists_buttons(catalog: Any, client: Any) -> None:
    response = client.post("/skills/extract", {"description": BRIEF}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="skill-suggestion secondary"' in html and 'data-skill-slug="spanish"' in html
    assert "<script" not in html
    empty = client.post("/skills/extract", {"description": "zzz"})
    assert "No skill recognised" in empty.content.decode()
    assert client.get("/skills/extract").status_code == 405


def test_the_project_editor_includes_the_panel(catalog: Any, client: Any, personas: Any) -> None:
    client.force_login(personas.company_owner)
    response = client.get(f"/projects/new/?organization={personas.organization.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="skill-suggestions"' in html and "skills/suggest.js" in html
    assert 'hx-include="#id_description"' in html and 'data-skill-target="#id_required_skills"' in html
