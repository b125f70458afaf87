from __future__ import annotations

import pytest

from stint.demo.loader import load_demo  # importing it registers every app's demo steps
from stint.recommendations.models import ProjectEmbedding, TalentEmbedding
from stint.recommendations.recommender import recommend_projects_for_talent

pytestmark = pytest.mark.django_db


def test_demo_talent_gets_recommendations_after_load_demo() -> None:
    users = load_demo()
    assert ProjectEmbedding.objects.exists()
    assert TalentEmbedding.objects.exists()
    talent = users["talent@student.example"]
    recs = recommend_projects_for_talent(talent, limit=5)
    assert recs
    assert all(r.reasons for r in recs)
