from __future__ import annotations

import pytest

from stint.recommendations.models import ProjectEmbedding, TalentEmbedding

pytestmark = pytest.mark.django_db


def test_demo_talent_gets_recommendations_after_load_demo() -> None:
    import stint.demo.steps
    import stint.recommendations.demo  # noqa: F401  (last; until stint/demo/steps.py lists it)
    from stint.demo.loader import load_demo
    from stint.recommendations.recommender import recommend_projects_for_talent

    users = load_demo()
    assert ProjectEmbedding.objects.exists()
    assert TalentEmbedding.objects.exists()
    talent = users["talent@student.example"]
    recs = recommend_projects_for_talent(talent, limit=5)
    assert recs
    assert all(r.reasons for r in recs)
