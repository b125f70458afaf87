"""HTML forms for the profile editor. They only parse input; the rules live in the service."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from stint.core.languages import language_choices
from stint.core.timezones import picker_zone_names
from stint.skills.fields import SkillListField, picker
from stint.skills.models import Category
from stint.talent.validation import (
    BLOCKED_REASON_MAX,
    CAREER_GOALS_MAX,
    HEADLINE_MAX,
    INSTITUTION_MAX,
    LINK_MAX_CHARS,
    PROGRAMME_MAX,
    SKILL_LEVEL_MAX,
    SKILL_LEVEL_MIN,
    WEEKLY_HOURS_MAX,
    WEEKLY_HOURS_MIN,
)

LEVEL_CHOICES = [
    (1, _("1 · Beginner")),
    (2, _("2 · Some experience")),
    (3, _("3 · Comfortable")),
    (4, _("4 · Advanced")),
    (5, _("5 · Expert")),
]
EXTRA_ROWS = 2


def _level_help_text() -> str:
    return gettext("%(min)s = beginner, %(max)s = expert") % {"min": SKILL_LEVEL_MIN, "max": SKILL_LEVEL_MAX}


_level_help = lazy(_level_help_text, str)


@lru_cache(maxsize=1)
def timezone_choices() -> list[tuple[str, str]]:
    return [(n, n.replace("_", " ")) for n in picker_zone_names()]


def category_choices() -> list[tuple[str, str]]:
    return list(Category.objects.order_by("position", "name").values_list("slug", "name"))


class ProfileForm(forms.Form):
    headline = forms.CharField(
        max_length=HEADLINE_MAX,
        required=False,
        label=_("Headline"),
        help_text=_("One line, e.g. “Economics student who turns messy data into clear charts”."),
    )
    career_goals = forms.CharField(
        max_length=CAREER_GOALS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Career goals"),
        help_text=_("In your own words: what do you want to learn and where do you want to go?"),
    )
    target_roles = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Target roles"),
        help_text=_("One per line, at most 10 (e.g. Data analyst)."),
    )
    interests = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Categories that interest you"),
    )
    other_interests = forms.CharField(
        required=False,
        max_length=600,
        label=_("Industries that interest you"),
        help_text=_("Separate with commas, e.g. renewable energy, public health."),
    )
    weekly_hours = forms.IntegerField(
        min_value=WEEKLY_HOURS_MIN,
        max_value=WEEKLY_HOURS_MAX,
        label=_("Hours a week you can work"),
        help_text=_("Next to your studies; projects will be planned within this."),
    )
    # IANA zone names are identifiers, the same in every language.
    timezone = forms.ChoiceField(label=_("Time zone"), widget=forms.Select(attrs={"translate": "no"}))
    work_start = forms.TimeField(
        required=False,
        label=gettext_lazy("Working hours start"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    work_end = forms.TimeField(
        required=False,
        label=gettext_lazy("Working hours end"),
        help_text=gettext_lazy("In your time zone. Projects that need overlap with their hours are matched on these."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    languages = forms.MultipleChoiceField(
        required=False,
        label=gettext_lazy("Languages you work in"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = category_choices()
        self.fields["interests"].choices = categories  # type: ignore[attr-defined]
        self.category_slugs = {slug for slug, _ in categories}
        tz_choices = timezone_choices()
        current = self.initial.get("timezone")
        if current and current not in {value for value, _ in tz_choices}:
            tz_choices = [(current, current), *tz_choices]
        self.fields["timezone"].choices = tz_choices  # type: ignore[attr-defined]
        self.fields["languages"].choices = language_choices()  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        interests = list(data["interests"]) + [
            part.strip() for part in data.get("other_interests", "").split(",") if part.strip()
        ]
        return {
            "headline": data["headline"],
            "career_goals": data["career_goals"],
            "target_roles": [line.strip() for line in data["target_roles"].splitlines() if line.strip()],
            "interests": interests,
            "weekly_hours": data["weekly_hours"],
            "timezone": data["timezone"],
            "working_hours": {"start": data.get("work_start"), "end": data.get("work_end")},
            "languages": list(data.get("languages") or []),
        }


class EducationForm(forms.Form):
    institution = forms.CharField(max_length=INSTITUTION_MAX, required=False, label=_("Institution"))
    programme = forms.CharField(max_length=PROGRAMME_MAX, required=False, label=_("Programme"))
    graduation_year = forms.IntegerField(required=False, label=_("Graduation year (expected)"))


class SkillForm(forms.Form):
    skill = SkillListField(required=False, max_skills=1, label=_("Skill"))
    level = forms.TypedChoiceField(
        choices=LEVEL_CHOICES,
        coerce=int,
        initial=3,
        label=_("Level"),
        help_text=_level_help(),
    )

    def has_changed(self) -> bool:
        # A row counts only when a skill is named: the level select always has a value.
        return any(
            str(v).strip()
            for v in self.fields["skill"].widget.value_from_datadict(self.data, None, self.add_prefix("skill"))
        )

    def skill_slug(self) -> str:
        chosen = self.cleaned_data.get("skill") or []
        return chosen[0] if chosen else ""

    def skill_picker(self) -> dict[str, Any]:
        """The row's one-skill picker (``talent/partials/skill_row.html``)."""
        return picker(self, "skill", placeholder=gettext("Type a skill, e.g. excel"))


class BlockedPeriodForm(forms.Form):
    start = forms.DateField(required=False, label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        max_length=BLOCKED_REASON_MAX, required=False, label=_("Reason"), help_text=_("e.g. Exams")
    )
    capacity_hours = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=WEEKLY_HOURS_MAX,
        label=_("Hours a week in this period"),
        help_text=_("Leave empty if you cannot work at all."),
    )


class LinkForm(forms.Form):
    url = forms.CharField(
        max_length=LINK_MAX_CHARS,
        required=False,
        label=_("Link"),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )


class ResumeForm(forms.Form):
    file = forms.FileField(
        label=_("Résumé (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class RowFormSet(forms.BaseFormSet):
    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        if forms.formsets.DELETION_FIELD_NAME in form.fields:
            form.fields[forms.formsets.DELETION_FIELD_NAME].label = _("Remove this row")


def _formset(form: Any, extra: int, max_num: int) -> Any:
    return forms.formset_factory(
        form, formset=RowFormSet, extra=extra, can_delete=True, max_num=max_num, absolute_max=max_num + 50
    )


EducationFormSet = _formset(EducationForm, EXTRA_ROWS, 10)
SkillFormSet = _formset(SkillForm, EXTRA_ROWS + 1, 50)
BlockedPeriodFormSet = _formset(BlockedPeriodForm, EXTRA_ROWS, 50)
LinkFormSet = _formset(LinkForm, EXTRA_ROWS, 10)


def kept_forms(formset: Any) -> list[Any]:
    """The rows of a valid formset that carry data and are not marked for removal."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() or form.cleaned_data.get("DELETE"):
            continue
        rows.append(form)
    return rows
