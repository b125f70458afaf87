"""The coach's checks of one letter, pure functions over plain data (docs/coach.md).

Each finding has a stable ``code``, a ``severity`` (``blocker``: sending would be refused as it
is; ``warning``: likely to cost the application; ``tip``: worth a look), what was found and a
concrete suggestion. The thresholds are constants here, documented in docs/coach.md.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlparse

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stint.coach import text as t
from stint.skills.extraction import STOPWORDS

BLOCKER, WARNING, TIP = "blocker", "warning", "tip"
REUSE_THRESHOLD = 0.5  # Jaccard of word 3-shingles with one of the talent's earlier letters
SHORT_LETTER_WORDS = 80
LONG_LETTER_WORDS = 450
SHORT_ANSWER_WORDS = 10
HARD_TO_READ = 30.0  # Flesch Reading Ease below this reads like an academic paper
LONG_SENTENCE_WORDS = 25  # average words per sentence above this
RUBRIC_SHARE = 0.5  # share of a criterion's content words the text must contain


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str
    suggestion: str
    subject: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SkillTerms:
    """A required skill of the project and every name it goes by (label, synonyms, ESCO labels)."""

    label: str
    terms: tuple[str, ...]


@dataclass
class Letter:
    cover_letter: str
    answers: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def check_skills(letter: Letter, skills: list[SkillTerms]) -> tuple[list[dict[str, Any]], list[Finding]]:
    """A required skill is addressed when one of its names appears, word for word after folding,
    stemming and leaving out stop words ("designed a survey" says "design surveys"), in the letter
    or an answer."""
    haystack = _content_stems("\n".join([letter.cover_letter, *letter.answers]))
    rows, findings = [], []
    for skill in skills:
        found = next((term for term in skill.terms if t.contains_run(haystack, _content_stems(term))), "")
        rows.append({"skill": skill.label, "addressed": bool(found), "matched": found})
        if not found:
            findings.append(
                Finding(
                    "skill_not_addressed",
                    WARNING,
                    _("The project requires %(skill)s; your letter does not mention it.") % {"skill": skill.label},
                    _("Name %(skill)s and say where you used it (a course, a project, a job) and what came of it.")
                    % {"skill": skill.label},
                    skill.label,
                )
            )
    return rows, findings


def _content_stems(phrase: str) -> list[str]:
    return [s for s in t.stems(phrase) if s not in STOPWORDS]


def check_rubric(letter: Letter, rubric: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[Finding]]:
    """A criterion is addressed when at least half (rounded up) of its content words (stop words
    left out, stemmed) appear in the letter or an answer. Heavier criteria are listed first."""
    haystack = set(t.stems("\n".join([letter.cover_letter, *letter.answers])))
    rows, findings = [], []
    items = sorted(
        (r for r in rubric if str(r.get("criterion") or "").strip()), key=lambda r: -int(r.get("weight") or 1)
    )
    for item in items:
        criterion, weight = str(item["criterion"]).strip(), int(item.get("weight") or 1)
        needed = _content_stems(criterion)
        hits = [s for s in needed if s in haystack]
        addressed = bool(needed) and len(hits) >= math.ceil(RUBRIC_SHARE * len(needed))
        rows.append({"criterion": criterion, "weight": weight, "addressed": addressed})
        if not addressed:
            findings.append(
                Finding(
                    "rubric_criterion_not_addressed",
                    WARNING,
                    _("The company scores “%(criterion)s” (weight %(weight)s); your letter does not speak to it.")
                    % {"criterion": criterion, "weight": weight},
                    _("Add a sentence with an example that shows your %(criterion)s.")
                    % {"criterion": criterion.lower()},
                    criterion,
                )
            )
    return rows, findings


def check_questions(letter: Letter, questions: list[str]) -> tuple[list[dict[str, Any]], list[Finding]]:
    rows, findings = [], []
    for i, question in enumerate(questions):
        answer = letter.answers[i].strip() if i < len(letter.answers) else ""
        n_words = len(t.words(answer))
        rows.append({"question": question, "answered": bool(answer), "words": n_words})
        if not answer:
            findings.append(
                Finding(
                    "question_unanswered",
                    BLOCKER,
                    _("Question %(number)s is not answered: “%(question)s”.") % {"number": i + 1, "question": question},
                    _("Answer every screening question; the application cannot be sent without it."),
                    question,
                )
            )
        elif n_words < SHORT_ANSWER_WORDS:
            findings.append(
                Finding(
                    "answer_too_short",
                    WARNING,
                    ngettext(
                        "Your answer to question %(number)s has %(count)s word.",
                        "Your answer to question %(number)s has %(count)s words.",
                        n_words,
                    )
                    % {"number": i + 1, "count": n_words},
                    _("Give the company a reason or an example: at least %(count)s words.")
                    % {"count": SHORT_ANSWER_WORDS},
                    question,
                )
            )
    return rows, findings


def check_reuse(letter: Letter, earlier: list[str]) -> tuple[dict[str, Any], list[Finding]]:
    """The highest Jaccard similarity of word 3-shingles between this letter and each of the
    talent's own earlier letters (never anyone else's)."""
    mine = t.shingles(letter.cover_letter)
    best = max((t.jaccard(mine, t.shingles(other)) for other in earlier), default=0.0)
    summary = {"max_similarity": round(best, 3), "threshold": REUSE_THRESHOLD, "letters_compared": len(earlier)}
    if best < REUSE_THRESHOLD:
        return summary, []
    return summary, [
        Finding(
            "letter_reused",
            BLOCKER if best >= 1.0 else WARNING,
            _("%(percent)s%% of this letter's word sequences are shared with a letter you sent before.")
            % {"percent": round(best * 100)},
            _("Rewrite it for this project: its goal, its deliverables and why you in particular."),
        )
    ]


def check_length(letter: Letter, *, min_chars: int) -> tuple[dict[str, Any], list[Finding]]:
    body = letter.cover_letter.strip()
    n_words, ease = len(t.words(body)), t.flesch_reading_ease(body)
    n_sentences = max(1, len(t.sentences(body)))
    per_sentence = round(n_words / n_sentences, 1)
    summary = {
        "characters": len(body),
        "words": n_words,
        "sentences": len(t.sentences(body)),
        "words_per_sentence": per_sentence,
        "reading_ease": ease,
        "min_characters": min_chars,
    }
    findings = []
    if len(body) < min_chars:
        findings.append(
            Finding(
                "letter_too_short",
                BLOCKER,
                _("The letter has %(count)s characters; at least %(min)s are needed.")
                % {"count": len(body), "min": min_chars},
                _("Say why this project, what you bring to it and how you would start."),
            )
        )
    elif n_words < SHORT_LETTER_WORDS:
        findings.append(
            Finding(
                "letter_short",
                WARNING,
                ngettext("The letter has %(count)s word.", "The letter has %(count)s words.", n_words)
                % {"count": n_words},
                _("Strong letters run %(min)s–%(max)s words: add an example of similar work.")
                % {"min": SHORT_LETTER_WORDS, "max": LONG_LETTER_WORDS},
            )
        )
    elif n_words > LONG_LETTER_WORDS:
        findings.append(
            Finding(
                "letter_long",
                TIP,
                ngettext("The letter has %(count)s word.", "The letter has %(count)s words.", n_words)
                % {"count": n_words},
                _("Keep it under %(max)s words: cut what is not about this project.") % {"max": LONG_LETTER_WORDS},
            )
        )
    return summary, findings + _readability(ease, per_sentence)


def _readability(ease: float | None, per_sentence: float) -> list[Finding]:
    if ease is not None and ease < HARD_TO_READ:
        return [
            Finding(
                "hard_to_read",
                WARNING,
                _("Reading ease %(ease)s (Flesch; 60 and over is plain English).") % {"ease": ease},
                _("Use shorter sentences and everyday words."),
            )
        ]
    if per_sentence > LONG_SENTENCE_WORDS:
        return [
            Finding(
                "long_sentences",
                TIP,
                _("Your sentences average %(count)s words.") % {"count": per_sentence},
                _("Split sentences longer than %(count)s words.") % {"count": LONG_SENTENCE_WORDS},
            )
        ]
    return []


def check_links(letter: Letter, *, max_links: int) -> tuple[dict[str, Any], list[Finding]]:
    given = [link.strip() for link in letter.links if link.strip()]
    invalid = [link for link in given if urlparse(link).scheme not in ("http", "https") or not urlparse(link).netloc]
    in_letter = t.urls(letter.cover_letter)
    summary = {"links": len(given), "invalid": len(invalid), "in_letter": len(in_letter), "max_links": max_links}
    findings = [
        Finding(
            "invalid_link",
            BLOCKER,
            _("%(link)s is not a web address.") % {"link": link[:80]},
            _("Enter full web addresses starting with https://."),
            link[:200],
        )
        for link in invalid
    ]
    if len(given) > max_links:
        findings.append(
            Finding(
                "too_many_links",
                BLOCKER,
                ngettext("%(count)s link given.", "%(count)s links given.", len(given)) % {"count": len(given)},
                _("Keep the %(count)s that show most.") % {"count": max_links},
            )
        )
    if not given and not in_letter:
        findings.append(
            Finding(
                "no_evidence_links",
                WARNING,
                _("There is no link to your work."),
                _("Add a link to something you made that is close to this project (a repository, a report, a design)."),
            )
        )
    return summary, findings
