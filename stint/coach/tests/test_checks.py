"""The coach's checks on hand-written letters (no database): each finding and its code."""

from __future__ import annotations

import pytest

from stint.coach import checks as c
from stint.coach import text as t
from stint.coach.tests import letters as L

PYTHON = c.SkillTerms(label="Python", terms=("Python", "Python programming"))
SURVEYS = c.SkillTerms(label="Survey design", terms=("Survey design", "design surveys", "questionnaire design"))


def codes(findings: list[c.Finding]) -> list[str]:
    return [f.code for f in findings]


def run_all(letter: c.Letter, earlier: list[str]) -> list[str]:
    found: list[c.Finding] = []
    found += c.check_skills(letter, [PYTHON, SURVEYS])[1]
    found += c.check_rubric(letter, L.RUBRIC)[1]
    found += c.check_questions(letter, [L.QUESTION])[1]
    found += c.check_reuse(letter, earlier)[1]
    found += c.check_length(letter, min_chars=200)[1]
    found += c.check_links(letter, max_links=10)[1]
    return codes(found)


def test_good_letter_has_no_warning() -> None:
    letter = c.Letter(L.GOOD, [L.GOOD_ANSWER], ["https://github.com/me/survey"])
    assert run_all(letter, [L.EARLIER]) == []


def test_skill_matched_through_its_stemmed_other_name() -> None:
    rows, findings = c.check_skills(c.Letter(L.GOOD), [SURVEYS])
    assert findings == []  # "designed a survey": the other name "design surveys", stop words left out
    assert rows[0]["addressed"] is True


def test_letter_missing_a_required_skill() -> None:
    rows, findings = c.check_skills(c.Letter(L.NO_SKILL, [L.GOOD_ANSWER]), [PYTHON])
    assert codes(findings) == ["skill_not_addressed"]
    assert findings[0].subject == "Python"
    assert "Python" in findings[0].suggestion
    assert rows == [{"skill": "Python", "addressed": False, "matched": ""}]


def test_skill_in_an_answer_counts() -> None:
    _, findings = c.check_skills(c.Letter(L.NO_SKILL, ["I clean data with python every week."]), [PYTHON])
    assert findings == []


def test_reused_letter_is_flagged_with_its_similarity() -> None:
    summary, findings = c.check_reuse(c.Letter(L.REUSED), [L.EARLIER, L.GOOD])
    assert codes(findings) == ["letter_reused"]
    assert findings[0].severity == c.WARNING
    assert summary["max_similarity"] >= c.REUSE_THRESHOLD
    assert summary["letters_compared"] == 2


def test_identical_letter_is_a_blocker() -> None:
    _, findings = c.check_reuse(c.Letter(L.EARLIER.upper()), [L.EARLIER])
    assert findings[0].severity == c.BLOCKER


def test_a_different_letter_is_not_reused() -> None:
    summary, findings = c.check_reuse(c.Letter(L.GOOD), [L.EARLIER])
    assert findings == []
    assert summary["max_similarity"] < 0.1


def test_skipped_screening_question() -> None:
    rows, findings = c.check_questions(c.Letter(L.GOOD, ["  "]), [L.QUESTION])
    assert codes(findings) == ["question_unanswered"]
    assert findings[0].severity == c.BLOCKER
    assert rows[0]["answered"] is False
    _, findings = c.check_questions(c.Letter(L.GOOD, []), [L.QUESTION, "Second?"])
    assert codes(findings) == ["question_unanswered", "question_unanswered"]


def test_short_answer() -> None:
    _, findings = c.check_questions(c.Letter(L.GOOD, ["Google Forms."]), [L.QUESTION])
    assert codes(findings) == ["answer_too_short"]


def test_rubric_criteria_not_addressed_heaviest_first() -> None:
    letter = c.Letter("I am keen and I will do my best on this task for you. " * 5)
    rows, findings = c.check_rubric(letter, L.RUBRIC)
    assert codes(findings) == ["rubric_criterion_not_addressed"] * 2
    assert [f.subject for f in findings] == ["Research method", "Clear writing"]
    assert [r["addressed"] for r in rows] == [False, False]


def test_rubric_half_the_words_is_enough() -> None:
    rows, _ = c.check_rubric(c.Letter("My research is careful."), [{"criterion": "Research method", "weight": 1}])
    assert rows[0]["addressed"] is True


def test_length_and_readability() -> None:
    summary, findings = c.check_length(c.Letter("Too short."), min_chars=200)
    assert codes(findings) == ["letter_too_short"]
    assert summary["words"] == 2
    hard = (
        "Notwithstanding considerable organisational complexity, comprehensive methodological "
        "considerations necessitate interdisciplinary collaboration, institutional accountability, "
        "and sophisticated quantitative experimentation throughout implementation."
    )
    _, findings = c.check_length(c.Letter(hard), min_chars=10)
    assert "hard_to_read" in codes(findings)
    _, findings = c.check_length(c.Letter("word " * 500), min_chars=10)
    assert "letter_long" in codes(findings)


def test_links() -> None:
    _, findings = c.check_links(c.Letter("No links here."), max_links=10)
    assert codes(findings) == ["no_evidence_links"]
    _, findings = c.check_links(c.Letter("See https://example.org/a."), max_links=10)
    assert findings == []
    _, findings = c.check_links(c.Letter("x", links=["ftp://x", "https://ok.example"]), max_links=10)
    assert codes(findings) == ["invalid_link"]
    _, findings = c.check_links(c.Letter("x", links=["https://a.example"] * 3), max_links=2)
    assert codes(findings) == ["too_many_links"]


@pytest.mark.parametrize(
    ("word", "count"), [("cat", 1), ("table", 2), ("make", 1), ("survey", 2), ("university", 5), ("the", 1)]
)
def test_syllables(word: str, count: int) -> None:
    assert t.syllables(word) == count


def test_flesch_on_a_known_text() -> None:
    # 2 sentences, 8 words, 8 syllables: 206.835 - 1.015 * 4 - 84.6 * 1 = 118.175
    assert t.flesch_reading_ease("The cat sat down. The dog ran off.") == 118.2
    assert t.flesch_reading_ease("") is None


def test_jaccard_of_shingles() -> None:
    a, b = t.shingles("one two three four"), t.shingles("one two three five")
    assert a == {("one", "two", "three"), ("two", "three", "four")}
    assert t.jaccard(a, b) == pytest.approx(1 / 3)
    assert t.jaccard(a, set()) == 0.0


def test_long_sentences_of_easy_words() -> None:
    sentence = " ".join(["we ran the test and it went well"] * 4) + ". "
    summary, findings = c.check_length(c.Letter(sentence * 3), min_chars=10)
    assert summary["words_per_sentence"] == 32.0
    assert summary["reading_ease"] is not None and summary["reading_ease"] > c.HARD_TO_READ
    assert "long_sentences" in codes(findings)
