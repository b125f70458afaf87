"""The hand-written matching evaluation set (bench/data/matching_eval) is complete and well-formed."""

from __future__ import annotations

from bench.bm25 import BM25, words
from bench.matching_eval_data import load
from bench.metrics import ndcg_at


def test_the_set_has_the_size_the_issue_asks_for() -> None:
    es = load()
    assert len(es.fields) >= 20
    assert len(es.projects) >= 120
    assert len(es.talent) >= 60
    for split in ("tune", "heldout"):
        projects, talent = es.half(split)
        assert {p.field for p in projects} == set(es.fields), split
        assert {t.field for t in talent} == set(es.fields), split
    assert len({p.id for p in es.projects}) == len(es.projects)


def test_grades_follow_the_field_rule_and_the_overrides() -> None:
    es = load()
    by_id = {p.id: p for p in es.projects}
    ur2 = next(t for t in es.talent if t.id == "ur-t2")
    assert es.grade(ur2, by_id["ur3"]) == 2  # own field
    assert es.grade(ur2, by_id["ur1"]) == 1  # override: a market researcher and user interviews
    assert es.grade(ur2, by_id["ux2"]) == 1  # related field
    rc1 = next(t for t in es.talent if t.id == "rc-t1")
    assert es.grade(rc1, by_id["ur1"]) == 0  # the "recruiting participants" decoy
    de1 = next(t for t in es.talent if t.id == "de-t1")
    assert es.grade(de1, by_id["ds1"]) == 0  # data entry is not data science


def test_bm25_and_ndcg() -> None:
    index = BM25([words("data entry of invoices"), words("churn prediction in python"), words("logo design")])
    assert index.ranking(words("python machine learning"), 3) == [1]
    assert ndcg_at([2, 0, 1], [2, 1, 0]) < 1.0 == ndcg_at([2, 1, 0], [2, 1, 0])
