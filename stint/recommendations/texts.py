"""The texts that embeddings are computed from.

A project: title, summary, description and the labels of its skills. A talent: career goals,
target roles and the names of the categories they are interested in. Deliberately NOT the talent's
headline, name, education or links: the same vector ranks applicants, and those fields can carry a
name, an institution or other protected attributes (docs/matching.md, "Features").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

MAX_DESCRIPTION_CHARS = 4000


def project_text(title: str, summary: str, description: str, skill_labels: Iterable[str]) -> str:
    parts = [title.strip(), summary.strip(), (description or "")[:MAX_DESCRIPTION_CHARS].strip()]
    labels = [label for label in skill_labels if label]
    if labels:
        parts.append("Skills: " + ", ".join(sorted(labels)) + ".")
    return "\n".join(p for p in parts if p)


def talent_text(career_goals: str, target_roles: Iterable[Any], interest_names: Iterable[str]) -> str:
    roles = [str(r).strip() for r in target_roles or [] if str(r).strip()]
    parts = [(career_goals or "").strip()]
    # No "Target roles:" / "Interests:" labels: words shared by every talent text only add noise.
    if roles:
        parts.append(", ".join(roles) + ".")
    interests = [n for n in interest_names if n]
    if interests:
        parts.append(", ".join(interests) + ".")
    return "\n".join(p for p in parts if p)
