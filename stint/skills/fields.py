"""A form field for choosing skills with the typo-tolerant autocomplete (static/skills/autocomplete.js).

The page renders ``partials/skill_picker.html``: an autocomplete input that writes one hidden
``<input name=…>`` per chosen skill (slug), over a no-JavaScript fallback made of the chosen skills
as checked checkboxes plus one text input for more names, comma-separated. Both post the same
field name, so the field accepts any mix of slugs, labels (any case) and comma-separated lists;
a name that is no skill is an error naming the closest skills. No page lists the vocabulary
(≈400 curated skills, ≈14,000 in all): a 9-skill profile used to carry 5,379 ``<option>``s.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext

from stint.skills.models import Skill, SkillSource
from stint.skills.selectors import skill_search

MAX_NAME_CHARS = 150


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _pieces(values: Iterable[Any]) -> list[str]:
    out: list[str] = []
    for value in values:
        for piece in str(value or "").replace("\x00", "").split(","):
            piece = piece.strip()[:MAX_NAME_CHARS]
            if piece and piece not in out:
                out.append(piece)
    return out


def resolve_skills(values: Iterable[Any]) -> tuple[list[Skill], list[str]]:
    """The skills named by ``values`` (slugs, ids or labels, any case, comma-separated allowed), in
    order and without repeats, and the names that are no skill."""
    names = _pieces(values)
    if not names:
        return [], []
    labels = Q()
    for name in names:
        labels |= Q(label__iexact=name)
    ids = [name for name in names if _is_uuid(name)]
    found = list(Skill.objects.filter(Q(slug__in=names) | Q(pk__in=ids) | labels).only("id", "slug", "label", "source"))
    by_ref = {s.slug: s for s in found} | {str(s.pk): s for s in found}
    by_label: dict[str, Skill] = {}
    # A label shared by several skills names the curated one (then the first slug).
    for candidate in sorted(found, key=lambda s: (s.source != SkillSource.CURATED, s.slug)):
        by_label.setdefault(candidate.label.casefold(), candidate)
    skills: list[Skill] = []
    unknown: list[str] = []
    for name in names:
        ref = str(uuid.UUID(name)) if name in ids else name
        skill = by_ref.get(ref) or by_label.get(name.casefold())
        if skill is None:
            unknown.append(name)
        elif skill not in skills:
            skills.append(skill)
    return skills, unknown


def _did_you_mean(name: str) -> str:
    labels = [hit.label for hit in skill_search(name, limit=3)]
    if not labels:
        return ""
    if len(labels) == 1:
        return " " + gettext("Did you mean “%(skill)s”?") % {"skill": labels[0]}
    return " " + gettext("Did you mean “%(skills)s” or “%(last)s”?") % {
        "skills": "”, “".join(labels[:-1]),
        "last": labels[-1],
    }


class SkillListInput(forms.Widget):
    """Reads every value posted under the field's name (the page renders the markup itself)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        getlist = getattr(data, "getlist", None)
        if getlist is not None:
            return [str(v) for v in getlist(name)]
        value = data.get(name)
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False


class SkillListField(forms.Field):
    """Cleans to a list of skill slugs; unknown names are an error (with the closest skills)."""

    widget = SkillListInput

    def __init__(self, *, max_skills: int = 30, **kwargs: Any) -> None:
        self.max_skills = max_skills
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[str]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        skills, unknown = resolve_skills(values)
        if unknown:
            messages = [
                gettext("“%(name)s” is not a skill.") % {"name": name} + _did_you_mean(name) for name in unknown[:5]
            ]
            raise forms.ValidationError(" ".join(messages), code="unknown_skill")
        if len(skills) > self.max_skills:
            raise forms.ValidationError(
                gettext("Choose at most %(count)s skills.") % {"count": self.max_skills}, code="too_many_skills"
            )
        return [s.slug for s in skills]

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


def picker(form: forms.Form, name: str, *, placeholder: str = "") -> dict[str, Any]:
    """What ``partials/skill_picker.html`` needs for field ``name`` of ``form``: the chosen skills
    (from the posted data, or the initial slugs) and the names typed that are no skill."""
    field = form[name]
    raw = field.value() if form.is_bound else form.initial.get(name, [])
    skills, unknown = resolve_skills(raw if isinstance(raw, list | tuple) else [raw])
    return {
        "name": field.html_name,
        "id": field.auto_id,
        "label": field.label,
        "help_text": field.help_text,
        "errors": field.errors,
        "chosen": [(s.slug, s.label) for s in skills],
        "text": ", ".join(unknown),
        "placeholder": placeholder or gettext("Type a skill, e.g. excel"),
    }
