"""The project editor's forms. They only parse input; the rules are checked by ``rules.py``
(through the services, and live through ``/projects/check/``)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from stint.core.languages import language_choices
from stint.core.money import exponent_of, fits_minor_units, from_minor, to_minor
from stint.core.timezones import picker_zone_names
from stint.projects.choices import Visibility
from stint.projects.models import Project
from stint.projects.rules import MAX_RUBRIC_CRITERIA, supported_currencies
from stint.skills.fields import SkillListField, picker
from stint.skills.models import Category

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ProjectForm(forms.Form):
    title = forms.CharField(max_length=150, required=False, label=_("Title"))
    summary = forms.CharField(
        max_length=300,
        required=False,
        label=_("Summary"),
        help_text=_("One sentence that appears in listings (up to 300 characters)."),
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        label=_("Brief"),
        help_text=_("Markdown. What the work is, the context, what good looks like."),
    )
    category = forms.ChoiceField(required=False, label=_("Category"))
    required_skills = SkillListField(
        required=False,
        label=_("Required skills"),
        help_text=_("Type a few letters and pick from the suggestions."),
    )
    nice_skills = SkillListField(required=False, label=_("Nice-to-have skills"))
    deliverables = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label=_("Deliverables"),
        help_text=_("One deliverable per line."),
    )
    estimated_hours = forms.IntegerField(required=False, label=_("Estimated hours"), help_text=_("Between 5 and 40."))
    fee = forms.DecimalField(
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(0),
        label=_("Fee"),
        help_text=_("The fixed amount each hired talent receives, e.g. 500.00."),
    )
    currency = forms.ChoiceField(label=_("Currency"))
    openings = forms.IntegerField(
        required=False, initial=1, label=_("Openings"), help_text=_("How many people you will hire (1–20).")
    )
    visibility = forms.ChoiceField(
        choices=Visibility.choices, initial=Visibility.PUBLIC, widget=forms.RadioSelect, label=_("Visibility")
    )
    application_deadline = forms.DateTimeField(
        required=False,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        label=_("Application deadline"),
        help_text=_("Applications close then (before the start date)."),
    )
    response_deadline = forms.DateTimeField(
        required=False,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        label=_("Response deadline"),
        help_text=_("Every applicant hears back by then; undecided applications are declined automatically."),
    )
    start_date = forms.DateField(
        required=False, label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    due_date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        label=_("Due date"),
        help_text=_("3 days to 8 weeks after the start."),
    )
    time_zone = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Project time zone"),
        help_text=gettext_lazy("The start and due dates are days in this zone; due means the end of that day there."),
        # IANA zone names are identifiers, the same in every language.
        widget=forms.Select(attrs={"translate": "no"}),
    )
    language = forms.ChoiceField(required=False, label=gettext_lazy("Language of the project"))
    overlap_hours = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=12,
        label=gettext_lazy("Hours of overlap needed"),
        help_text=gettext_lazy("Optional: how many of the talent's working hours must fall in the window below."),
    )
    overlap_start = forms.TimeField(
        required=False,
        label=gettext_lazy("Overlap window from"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    overlap_end = forms.TimeField(
        required=False,
        label=gettext_lazy("Overlap window to"),
        help_text=gettext_lazy("In the project's time zone."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    questions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Screening questions"),
        help_text=_("One question per line (up to 10)."),
    )
    max_applications = forms.IntegerField(
        required=False, label=_("Cap on applications"), help_text=_("Optional; at least the number of openings.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields  # ChoiceFields; the stubs type them as Field
        fields["category"].choices = [("", _("Choose a category")), *Category.objects.values_list("slug", "name")]
        currencies = supported_currencies()
        fields["currency"].choices = [(c, c) for c in currencies]
        self.fields["currency"].initial = "USD" if "USD" in currencies else currencies[0]
        fields["time_zone"].choices = [("", gettext_lazy("Your own time zone"))] + [(z, z) for z in picker_zone_names()]
        fields["language"].choices = [("", gettext_lazy("Your own language")), *language_choices()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        fee, currency = data.get("fee"), data.get("currency")
        if fee is not None and currency and not fits_minor_units(fee, currency):
            # JPY has no minor unit: ¥1500.50 is refused, not rounded (docs/projects.md "Pay floors").
            self.add_error(
                "fee",
                gettext("%(currency)s amounts take at most %(count)s decimals.")
                % {"currency": currency, "count": exponent_of(currency)},
            )
        return data

    def skill_pickers(self) -> list[dict[str, Any]]:
        """The two skill pickers (``partials/skill_picker.html``)."""
        return [picker(self, "required_skills"), picker(self, "nice_skills")]

    def service_data(self, rubric: list[dict[str, Any]]) -> dict[str, Any]:
        """The cleaned form as the services' data dict (model field names)."""
        cd = self.cleaned_data
        currency = cd.get("currency") or "USD"
        required = list(cd.get("required_skills") or [])
        nice = [s for s in cd.get("nice_skills") or [] if s not in required]
        fee = cd.get("fee")
        return {
            "title": cd.get("title") or "",
            "summary": cd.get("summary") or "",
            "description": cd.get("description") or "",
            "category": cd.get("category") or "",
            "skills": [{"skill": s, "required": True} for s in required]
            + [{"skill": s, "required": False} for s in nice],
            "deliverables": _lines(cd.get("deliverables") or ""),
            "estimated_hours": cd.get("estimated_hours"),
            "fee_minor": to_minor(fee, currency) if fee is not None else None,
            "currency": currency,
            "openings": cd.get("openings") if cd.get("openings") is not None else 1,
            "visibility": cd.get("visibility") or Visibility.PUBLIC,
            "application_deadline": cd.get("application_deadline"),
            "response_deadline": cd.get("response_deadline"),
            "start_date": cd.get("start_date"),
            "due_date": cd.get("due_date"),
            "questions": _lines(cd.get("questions") or ""),
            "rubric": rubric,
            "max_applications": cd.get("max_applications"),
            "time_zone": cd.get("time_zone") or None,
            "language": cd.get("language") or None,
            "overlap_hours": cd.get("overlap_hours"),
            "overlap_start": cd.get("overlap_start"),
            "overlap_end": cd.get("overlap_end"),
        }

    @classmethod
    def initial_for(cls, project: Project) -> dict[str, Any]:
        skills = list(project.project_skills.all())
        return {
            "title": project.title,
            "summary": project.summary,
            "description": project.description,
            "category": project.category.slug,
            "required_skills": [ps.skill.slug for ps in skills if ps.required],
            "nice_skills": [ps.skill.slug for ps in skills if not ps.required],
            "deliverables": "\n".join(project.deliverables or []),
            "estimated_hours": project.estimated_hours,
            "fee": from_minor(project.fee_minor, project.currency),
            "currency": project.currency,
            "openings": project.openings,
            "visibility": project.visibility,
            "application_deadline": timezone.localtime(project.application_deadline),
            "response_deadline": timezone.localtime(project.response_deadline),
            "start_date": project.start_date,
            "due_date": project.due_date,
            "questions": "\n".join(project.questions or []),
            "max_applications": project.max_applications,
            "time_zone": project.time_zone,
            "language": project.language,
            "overlap_hours": project.overlap_hours,
            "overlap_start": project.overlap_start,
            "overlap_end": project.overlap_end,
        }

    @classmethod
    def initial_for_new(cls) -> dict[str, Any]:
        """Sensible dates: applications for a week, answers within 3 days, two weeks of work."""
        now = timezone.localtime().replace(second=0, microsecond=0, minute=0)
        today = timezone.localdate()
        return {
            "application_deadline": now + datetime.timedelta(days=7),
            "response_deadline": now + datetime.timedelta(days=10),
            "start_date": today + datetime.timedelta(days=11),
            "due_date": today + datetime.timedelta(days=25),
            "openings": 1,
            "visibility": Visibility.PUBLIC,
        }


class RubricForm(forms.Form):
    criterion = forms.CharField(max_length=300, required=False, label=_("Criterion"))
    weight = forms.IntegerField(required=False, label=_("Weight"))


def rubric_formset(data: Any = None, rubric: list[dict[str, Any]] | None = None) -> Any:
    initial = [{"criterion": r.get("criterion", ""), "weight": r.get("weight")} for r in (rubric or [])]
    formset_class = forms.formset_factory(
        RubricForm,
        extra=max(0, min(3, MAX_RUBRIC_CRITERIA - len(initial))),
        max_num=MAX_RUBRIC_CRITERIA,
        validate_max=True,
    )
    return formset_class(data, initial=initial or None, prefix="rubric")


def rubric_from_formset(formset: Any) -> list[dict[str, Any]]:
    rows = []
    for form in formset.forms:
        cd = getattr(form, "cleaned_data", None) or {}
        criterion = (cd.get("criterion") or "").strip()
        weight = cd.get("weight")
        if not criterion and weight is None:
            continue  # an empty row
        rows.append({"criterion": criterion, "weight": weight})
    return rows


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=300, widget=forms.Textarea(attrs={"rows": 2}), label=_("Reason"))


class InviteForm(forms.Form):
    talent_email = forms.EmailField(label=_("Talent's email address"), max_length=254)


class ModerationNoteForm(forms.Form):
    note = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), label=_("What should the organization change?")
    )


class ProjectFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"), max_length=100)
    category = forms.ChoiceField(required=False, label=_("Category"))
    max_hours = forms.IntegerField(required=False, min_value=1, label=_("Maximum hours"))
    min_hourly_rate = forms.DecimalField(
        required=False,
        min_value=Decimal(0),
        max_digits=8,
        decimal_places=2,
        label=_("Minimum pay per hour"),
        help_text=_("In the project's currency: 26 means $26.00 for a USD project."),
    )
    organization = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["category"].choices = [("", _("All categories")), *Category.objects.values_list("slug", "name")]
