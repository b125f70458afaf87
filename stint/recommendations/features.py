"""The pieces of a match that recommendations and applicant ranking share: skills fit through the
taxonomy, goal similarity, feasibility (capacity) and the plain-language sentences that explain them.

Every sentence states a fact that can be checked against the data; nothing here reads a name,
photo, age, gender, nationality, education or institution (docs/matching.md, "Features").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stint.core.languages import language_name
from stint.core.money import Money

# Credit for a project skill: an exact skill counts 0.7 plus up to 0.3 for the level asked; a
# related skill (Skill.related) counts 0.4 × the same level factor. Required skills weigh twice
# as much as nice-to-have ones.
EXACT_BASE, EXACT_LEVEL, RELATED_CREDIT = 0.7, 0.3, 0.4
REQUIRED_WEIGHT, OPTIONAL_WEIGHT = 1.0, 0.5
# Cosine similarity (static model) from which a text is "close to your goal" (docs/matching.md).
GOAL_SIMILARITY_THRESHOLD = 0.5


@dataclass
class SkillFit:
    fit: float
    exact: int
    related: int
    total: int
    required_exact: int = 0
    required_total: int = 0


def skill_fit(packed: Sequence[Sequence[Any]], have: dict[str, int], related: dict[str, int]) -> SkillFit:
    """``packed`` = [[skill_id, required, level, label], …] (label absent in older rows); ``have`` = {skill_id: level}; ``related`` =
    {skill_id: best level among the talent's skills related to it}."""
    wsum = csum = 0.0
    exact = rel = req_exact = req_total = 0
    for skill_id, required, level, *_label in packed:
        weight = REQUIRED_WEIGHT if required else OPTIONAL_WEIGHT
        wsum += weight
        req_total += 1 if required else 0
        wanted = max(1, int(level))
        if skill_id in have:
            csum += weight * (EXACT_BASE + EXACT_LEVEL * min(1.0, have[skill_id] / wanted))
            exact += 1
            req_exact += 1 if required else 0
        elif skill_id in related:
            csum += weight * RELATED_CREDIT * min(1.0, related[skill_id] / wanted)
            rel += 1
    return SkillFit(csum / wsum if wsum else 0.0, exact, rel, len(packed), req_exact, req_total)


def skills_reason(fit: SkillFit, *, subject: str = "You have", noun: str = "its") -> list[str]:
    """Addressed to the talent ("You have … of its skills", the default) or about an applicant
    ("Has … of the project's skills": any other ``subject``), in the active language."""
    to_talent = subject == "You have"
    reasons = []
    values = {"exact": fit.exact, "total": fit.total, "count": fit.related}
    if fit.exact:
        if to_talent:
            text = ngettext(
                "You have %(exact)s of its %(total)s skill", "You have %(exact)s of its %(total)s skills", fit.total
            )
        else:
            text = ngettext(
                "Has %(exact)s of the project's %(total)s skill",
                "Has %(exact)s of the project's %(total)s skills",
                fit.total,
            )
        reasons.append(text % values)
    if fit.related:
        if to_talent:
            text = _("You have related experience for %(count)s more of its skills")
        else:
            text = _("Has related experience for %(count)s more of the project's skills")
        reasons.append(text % values)
    return reasons


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    return float(a @ b / (na * nb)) if na and nb else 0.0


def semantic_component(similarity: np.ndarray | float) -> Any:
    """Map cosine similarity to 0..1: 0.15 and below is nothing, 0.75 and above is everything."""
    return np.clip((np.asarray(similarity) - 0.15) / 0.6, 0.0, 1.0)


def _role_phrase(role: str) -> str:
    role = role.strip().rstrip(".")
    if len(role) > 1 and role[0].isupper() and role[1:2].islower():
        role = role[0].lower() + role[1:]
    article = "an" if role[:1].lower() in "aeiou" else "a"
    return f"{article} {role}"


def role_with_article(role: str) -> tuple[bool, str]:
    """(whether English says "an", the role as the sentence quotes it): the article is part of the
    translatable sentence, so that each language words it its own way."""
    article, _sep, rest = _role_phrase(role).partition(" ")
    return article == "an", rest


def goal_reason(best_role: str | None, goals: str) -> str:
    """The sentence for a close goal: quotes the target role, or the goal text itself."""
    if best_role:
        an, role = role_with_article(best_role)
        if an:
            return _("Close to your goal of becoming an %(role)s") % {"role": role}
        return _("Close to your goal of becoming a %(role)s") % {"role": role}
    text = " ".join(goals.split())
    if len(text) > 80:
        text = text[:77].rsplit(" ", 1)[0] + "…"
    return _("Close to your goal: “%(goal)s”") % {"goal": text}


def format_hourly(rate_minor: int, currency: str) -> str:
    exponent = Money(0, currency).exponent
    whole, rest = divmod(int(rate_minor), 10**exponent)
    amount = str(whole) if rest == 0 else f"{rate_minor / 10**exponent:.{exponent}f}"
    return f"{amount} {currency}"


def pay_reason(rate_minor: int, currency: str) -> str:
    return _("Pays %(rate)s per hour") % {"rate": format_hourly(rate_minor, currency)}


# --- Feasibility -------------------------------------------------------------------------------------


def work_window_days(start: datetime.date, due: datetime.date, today: datetime.date) -> int:
    """Days the talent can work on it: from max(today, start) to the due date, both included."""
    first = max(today, start)
    return max(0, (due - first).days + 1)


def feasibility_reason(free_hours_per_week: float) -> str:
    hours = int(free_hours_per_week)
    return ngettext(
        "Fits your %(hours)s free hour a week before the due date",
        "Fits your %(hours)s free hours a week before the due date",
        hours,
    ) % {"hours": hours}


def related_levels(have: dict[str, int], related_pairs: Iterable[tuple[str, str]]) -> dict[str, int]:
    """{skill: best level among the talent's skills related to it} for skills the talent lacks."""
    related: dict[str, int] = {}
    for mine, other in related_pairs:
        if other in have or mine not in have:
            continue
        related[other] = max(related.get(other, 0), have[mine])
    return related


def overlap_reason(minutes: int) -> str:
    """ "Overlaps 3 h with your working hours" (whole hours, or hours and minutes)."""
    hours, rest = divmod(int(minutes), 60)
    if rest:
        return _("Overlaps %(hours)s h %(minutes)s min with your working hours") % {"hours": hours, "minutes": rest}
    return _("Overlaps %(hours)s h with your working hours") % {"hours": hours}


def language_reason(code: str) -> str:
    """ "Written in German, a language you work in"."""
    return _("Written in %(language)s, a language you work in") % {"language": language_name(code)}
