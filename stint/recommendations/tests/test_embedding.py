from __future__ import annotations

import numpy as np
import pytest
from django.core.management import call_command

from stint.recommendations.embedding import StaticEmbedder, embed_texts, from_bytes, text_hash, to_bytes
from stint.recommendations.models import ProjectEmbedding, TalentEmbedding
from stint.recommendations.services import embed_all, project_embedding_refresh, talent_embedding_refresh
from stint.recommendations.tests import helpers as h


def test_embeddings_are_deterministic_and_normalised() -> None:
    texts = ["Analyse sales data in spreadsheets", "Design a logo for a bakery", "I want to become a data analyst"]
    first = embed_texts(texts)
    second = StaticEmbedder().embed(texts)
    assert first.dtype == np.float32
    assert np.array_equal(first, second)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)


def test_empty_text_is_a_zero_vector() -> None:
    vec = embed_texts([""])[0]
    assert not vec.any()


def test_related_sentences_are_closer_than_unrelated_ones() -> None:
    a, b, c = embed_texts(
        [
            "Build a dashboard of monthly sales figures in a spreadsheet",
            "Analyse revenue data and chart the trends for the finance team",
            "Translate a children's book from Spanish into English",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.1


def test_vector_round_trips_through_float16_bytes() -> None:
    vec = embed_texts(["Data cleaning in Python"])[0]
    back = from_bytes(to_bytes(vec))
    assert back.shape == vec.shape
    assert np.allclose(back, vec, atol=1e-3)


def test_text_hash_changes_with_the_text() -> None:
    assert text_hash("a") == text_hash("a")
    assert text_hash("a") != text_hash("b")


@pytest.mark.django_db
def test_project_embedding_is_recomputed_only_when_its_text_changes() -> None:
    project = h.project(title="Clean survey data")
    ProjectEmbedding.objects.filter(project=project).delete()
    assert project_embedding_refresh(project.pk) is True
    first = ProjectEmbedding.objects.get(project=project)
    assert project_embedding_refresh(project.pk) is False  # same text: nothing written
    project.title = "Clean and chart survey data"
    project.save()
    assert project_embedding_refresh(project.pk) is True
    second = ProjectEmbedding.objects.get(project=project)
    assert second.text_hash != first.text_hash
    assert bytes(second.vector) != bytes(first.vector)


@pytest.mark.django_db
def test_project_skills_are_packed_with_the_vector() -> None:
    python = h.skill("python", "Python")
    sql = h.skill("sql", "SQL")
    project = h.project(skills=[(python, True, 4), (sql, False, 2)])
    project_embedding_refresh(project.pk)
    packed = ProjectEmbedding.objects.get(project=project).skills
    assert sorted(map(tuple, packed)) == sorted([(str(python.pk), True, 4, "Python"), (str(sql.pk), False, 2, "SQL")])


@pytest.mark.django_db
def test_saving_a_profile_enqueues_its_embedding_on_commit(personas) -> None:
    profile = h.run_on_commit(lambda: h.talent_profile(personas.talent, career_goals="Become a data analyst"))
    assert TalentEmbedding.objects.filter(profile=profile).exists()
    before = bytes(TalentEmbedding.objects.get(profile=profile).vector)

    def change() -> None:
        profile.career_goals = "Become a graphic designer"
        profile.save()

    h.run_on_commit(change)
    assert bytes(TalentEmbedding.objects.get(profile=profile).vector) != before


@pytest.mark.django_db
def test_talent_text_ignores_the_headline(personas) -> None:
    profile = h.talent_profile(personas.talent)
    talent_embedding_refresh(profile.pk)
    before = TalentEmbedding.objects.get(profile=profile).text_hash
    profile.headline = "Student at a famous university"
    profile.save()
    assert talent_embedding_refresh(profile.pk) is False
    assert TalentEmbedding.objects.get(profile=profile).text_hash == before


@pytest.mark.django_db
def test_embed_all_command_fills_missing_vectors_and_is_idempotent(personas) -> None:
    h.project()
    h.project()
    h.talent_profile(personas.talent)
    ProjectEmbedding.objects.all().delete()
    TalentEmbedding.objects.all().delete()
    call_command("embed_all", verbosity=0)
    assert ProjectEmbedding.objects.count() == 2
    assert TalentEmbedding.objects.count() == 1
    assert embed_all() == {"projects": 0, "talent": 0}
