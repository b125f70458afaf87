"""Parsing search parameters: one form for the HTML page, the API and saved searches."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from stint.core.errors import ValidationFailed
from stint.core.languages import language_choices
from stint.core.money import SUPPORTED_CURRENCIES, exponent_of, fits_minor_units
from stint.core.schemas import MAX_AMOUNT_MINOR, MAX_FILTER_VALUES
from stint.core.timezones import WorkWindow
from stint.currencies.selectors import viewer_currency
from stint.matching.models import DigestFrequency
from stint.matching.search import HOURS_BUCKETS, SORT_ALIASES, SORT_LABELS, SearchFilters
from stint.projects.forms import ProjectFilterForm
from stint.skills.models import Skill
from stint.talent.models import TalentProfile

# The query parameters a search understands (and that a saved search keeps).
PARAM_NAMES = (
    "q",
    "category",
    "skills",
    "min_hours",
    "max_hours",
    "hours",
    "min_fee",
    "max_fee",
    "min_hourly_rate",
    "min_rate",
    "min_pay",
    "currency",
    "rate_currency",
    "due_before",
    "timezone",
    "language",
    "verified_only",
    "organization",
    "skills_match",
    "sort",
)


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label=_("Search projects"))
    category = forms.SlugField(required=False, max_length=60, label=_("Category"))
    skills = forms.CharField(required=False, max_length=2000, label=_("Skills (ids or slugs, comma-separated)"))
    min_hours = forms.IntegerField(required=False, min_value=0, max_value=40, label=_("Minimum hours"))
    max_hours = forms.IntegerField(required=False, min_value=0, max_value=40, label=_("Maximum hours"))
    hours = forms.ChoiceField(
        required=False,
        choices=[("", _("Any length"))] + [(key, label) for key, label, _lo, _hi in HOURS_BUCKETS],
        label=_("Estimated hours"),
        widget=forms.RadioSelect,
    )
    min_fee = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_AMOUNT_MINOR, label=_("Minimum fee (minor units)")
    )
    max_fee = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_AMOUNT_MINOR, label=_("Maximum fee (minor units)")
    )
    min_hourly_rate = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_AMOUNT_MINOR, label=_("Minimum hourly rate (minor units)")
    )
    # In currency units, as people type them: 26 = $26.00 for USD projects, ¥26 for JPY ones.
    min_rate = forms.DecimalField(
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(1_000_000),
        decimal_places=2,
        label=_("Minimum pay per hour"),
    )
    min_pay = forms.DecimalField(
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(10_000_000),
        decimal_places=2,
        label=_("Minimum total pay"),
    )
    fits_free_hours = forms.BooleanField(required=False, label=_("Fits my free hours"))
    currency = forms.RegexField(required=False, regex=r"^[A-Za-z]{3}$", label=_("Currency"))
    # The currency ``min_rate``/``min_pay`` are typed in (docs/currencies.md); compared with every
    # project through the rates table. Unknown codes are ``invalid_currency``.
    rate_currency = forms.CharField(required=False, max_length=10, label=gettext_lazy("In currency"))
    due_before = forms.DateField(
        required=False,
        label=_("Due on or before"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    timezone = forms.CharField(required=False, max_length=64, label=_("Overlaps my working hours in"))
    language = forms.ChoiceField(required=False, label=gettext_lazy("Project language"))
    fits_working_hours = forms.BooleanField(required=False, label=gettext_lazy("Fits my working hours"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_filter_choices()  # type: ignore[attr-defined]

    verified_only = forms.BooleanField(required=False, label=_("Verified organizations only"))
    organization = forms.UUIDField(required=False, widget=forms.HiddenInput)
    skills_match = forms.ChoiceField(
        required=False, choices=[("any", _("Any of these skills")), ("all", _("All of these skills"))], label=_("Match")
    )
    sort = forms.ChoiceField(required=False, choices=list(SORT_LABELS.items()), label=_("Sort by"))
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=100)

    def clean_q(self) -> str:
        return (self.cleaned_data.get("q") or "").replace("\x00", " ").strip()

    def clean_timezone(self) -> str:
        name = (self.cleaned_data.get("timezone") or "").strip()
        if name:
            try:
                zoneinfo.ZoneInfo(name)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                raise forms.ValidationError(gettext("Unknown time zone.")) from None
        return name

    def clean_skills(self) -> list[Any]:
        raw = self.cleaned_data.get("skills") or ""
        values = [v.strip() for v in raw.replace("\x00", "").split(",") if v.strip()]
        if len(values) > MAX_FILTER_VALUES:
            raise forms.ValidationError(
                gettext("Choose at most %(count)s skills.") % {"count": MAX_FILTER_VALUES}, code="too_many_values"
            )
        return values

    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or "").upper()

    def clean_rate_currency(self) -> str:
        return (self.cleaned_data.get("rate_currency") or "").strip().upper()


def _normalise(params: Mapping[str, Any]) -> dict[str, Any]:
    """QueryDict/dict → plain dict; repeated ``skills`` values are joined with commas."""
    data: dict[str, Any] = {}
    getlist = getattr(params, "getlist", None)
    for key in (*PARAM_NAMES, "page", "page_size", "fits_free_hours", "fits_working_hours"):
        if key not in params:
            continue
        if key == "skills" and getlist is not None:
            data[key] = ",".join(str(v) for v in getlist(key))
        else:
            value = params[key]
            data[key] = ",".join(str(v) for v in value) if isinstance(value, list | tuple) else value
    if data.get("sort") in SORT_ALIASES:  # the API list's older names (closing_soon, hourly_rate)
        data["sort"] = SORT_ALIASES[data["sort"]]
    return data


def resolve_skills(values: list[str]) -> tuple[Any, ...]:
    import uuid

    ids: list[Any] = []
    slugs: list[str] = []
    for value in values:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            slugs.append(value)
    if slugs:
        # Slugs, or the labels people type without JavaScript ("Market research", any case).
        labels = Q()
        for value in slugs:
            labels |= Q(label__iexact=value)
        ids.extend(Skill.objects.filter(Q(slug__in=slugs) | labels).values_list("id", flat=True))
    return tuple(ids)


def _unknown_skills(values: list[str]) -> bool:
    """Whether one of ``values`` names no skill (by id, slug or label): with ``skills_match=all``
    such a filter matches nothing."""
    import uuid

    ids, names = [], []
    for value in values:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            names.append(value)
    labels = Q()
    for name in names:
        labels |= Q(label__iexact=name)
    found = Skill.objects.filter(Q(pk__in=ids) | Q(slug__in=names) | labels).values_list("pk", "slug", "label")
    known = {str(pk) for pk, _, _ in found} | {slug for _, slug, _ in found} | {label.lower() for *_, label in found}
    return any(str(i) not in known for i in ids) or any(n not in known and n.lower() not in known for n in names)


def _skills(values: list[str], every: bool) -> tuple[Any, ...]:
    if not values:
        return ()
    resolved = () if every and _unknown_skills(values) else resolve_skills(values)
    # Named skills that do not exist match no project (an impossible id keeps the filter on).
    return resolved or ("00000000-0000-0000-0000-000000000000",)


def _utc_offset(name: str) -> int | None:
    if not name:
        return None
    offset = datetime.datetime.now(zoneinfo.ZoneInfo(name)).utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else None


def language_filter_choices() -> list[tuple[str, str]]:
    """ "Any language" then every project language by name, in the viewer's language."""
    return [("", gettext("Any language")), *language_choices()]


def _working_hours(user: Any) -> WorkWindow:
    """The signed-in talent's working hours ("fits my working hours"); 422 for anyone else, or
    when the talent has not stated them."""
    window = None
    if getattr(user, "role", None) == "talent":
        profile = TalentProfile.objects.filter(user=user).only("timezone", "work_start", "work_end").first()
        window = profile.work_window if profile is not None else None
    if window is None:
        raise ValidationFailed(
            gettext("Sign in with a talent account that states its working hours to filter by them."),
            code="invalid_search_parameters",
            errors=[{"field": "fits_working_hours", "message": gettext("Only for talent with working hours set.")}],
        )
    return window


def _free_hours_ids(user: Any) -> tuple[Any, ...]:
    if getattr(user, "role", None) != "talent":
        raise ValidationFailed(
            gettext("Sign in with a talent account to filter by your free hours."),
            code="invalid_search_parameters",
            errors=[{"field": "fits_free_hours", "message": gettext("Only for signed-in talent.")}],
        )
    from stint.matching.services import free_hours_project_ids

    return tuple(free_hours_project_ids(user))


def _rate_currency(data: dict[str, Any], user: Any) -> str | None:
    """The currency ``min_rate``/``min_pay`` are in: ``rate_currency``, else the ``currency`` filter,
    else the viewer's (``User.currency``, else ``STINT_DEFAULT_CURRENCY``). None when neither amount
    is given. Raises ``invalid_currency`` for a code Stint does not know, and refuses an amount with
    more decimals than its currency has (JPY: none)."""
    requested = check_rate_currency(data.get("rate_currency") or "")
    if data.get("min_rate") is None and data.get("min_pay") is None:
        return None
    currency = requested or (data.get("currency") if data.get("currency") in SUPPORTED_CURRENCIES else None)
    currency = currency or viewer_currency(user)
    for field in ("min_rate", "min_pay"):
        if data.get(field) is not None and not fits_minor_units(data[field], currency):
            raise ValidationFailed(
                gettext("Some search parameters are not valid."),
                code="invalid_search_parameters",
                errors=[
                    {
                        "field": field,
                        "message": gettext("%(currency)s amounts take at most %(count)s decimals.")
                        % {"currency": currency, "count": exponent_of(currency)},
                    }
                ],
            )
    return currency


def check_rate_currency(code: str) -> str:
    """``code`` upper-cased when Stint supports it ("" stays ""); else 422 ``invalid_currency``."""
    requested = (code or "").strip().upper()
    if requested and requested not in SUPPORTED_CURRENCIES:
        raise ValidationFailed(
            gettext("Unknown currency."),
            code="invalid_currency",
            errors=[
                {
                    "field": "rate_currency",
                    "message": gettext("Use one of %(currencies)s.") % {"currencies": ", ".join(SUPPORTED_CURRENCIES)},
                }
            ],
        )
    return requested


def parse_search_params(params: Mapping[str, Any], *, user: Any = None) -> tuple[SearchForm, dict[str, Any]]:
    """Validate search parameters. Returns the bound form and ``{q, filters, sort, page, page_size}``;
    raises ``ValidationFailed`` (code ``invalid_search_parameters``) listing the bad fields.
    ``fits_free_hours`` needs ``user`` to be a talent (the planner's capacity check)."""
    form = SearchForm(_normalise(params))
    if not form.is_valid():
        too_many = form.has_error("skills", "too_many_values")
        raise ValidationFailed(
            gettext("Some search parameters are not valid."),
            code="too_many_values" if too_many else "invalid_search_parameters",
            errors=[{"field": f, "message": " ".join(str(m) for m in msgs)} for f, msgs in form.errors.items()],
        )
    data = form.cleaned_data
    rate_currency = _rate_currency(data, user)
    if data.get("hours") and data["min_hours"] is None and data["max_hours"] is None:
        _, _, data["min_hours"], data["max_hours"] = next(b for b in HOURS_BUCKETS if b[0] == data["hours"])
    every = data["skills_match"] == "all"
    filters = SearchFilters(
        category=data["category"] or None,
        skills=_skills(data["skills"], every),
        skills_all=every,
        organization_id=data["organization"],
        min_hours=data["min_hours"],
        max_hours=data["max_hours"],
        min_fee=data["min_fee"],
        max_fee=data["max_fee"],
        min_hourly_rate=data["min_hourly_rate"],
        min_rate_units=data["min_rate"],
        min_pay_units=data["min_pay"],
        rate_currency=rate_currency,
        project_ids=_free_hours_ids(user) if data["fits_free_hours"] else None,
        currency=data["currency"] or None,
        due_before=data["due_before"],
        verified_only=bool(data["verified_only"]),
        utc_offset_minutes=_utc_offset(data["timezone"]),
        language=data["language"] or None,
        working_hours=_working_hours(user) if data["fits_working_hours"] else None,
    )
    return form, {
        "q": data["q"],
        "filters": filters,
        "sort": data["sort"] or "best",
        "page": data["page"] or 1,
        "page_size": data["page_size"] or 20,
    }


def saved_params(form: SearchForm) -> dict[str, Any]:
    """The non-empty search parameters of a valid form, as a saved search keeps them."""
    keep: dict[str, Any] = {}
    for key in PARAM_NAMES:
        value = form.data.get(key)
        if value not in (None, "", False):
            keep[key] = str(value)
    return keep


class SavedSearchForm(forms.Form):
    name = forms.CharField(max_length=120, label=_("Name of this search"))
    frequency = forms.ChoiceField(choices=DigestFrequency.choices, label=_("Email me new projects"))


class ProjectListForm(ProjectFilterForm):
    """The ``/projects/`` filters as shown: the projects app's fields (``min_hourly_rate`` typed in
    currency units, as it always was on this page) plus the search engine's sort and, for talent,
    "fits my free hours". The values are validated again by ``parse_search_params``."""

    fits_free_hours = forms.BooleanField(required=False, label=_("Fits my free hours"))
    fits_working_hours = forms.BooleanField(required=False, label=gettext_lazy("Fits my working hours"))
    language = forms.ChoiceField(required=False, label=gettext_lazy("Project language"))
    sort = forms.ChoiceField(required=False, choices=list(SORT_LABELS.items()), label=_("Sort by"))
    # The currency "Minimum pay per hour" is typed in (default: the viewer's); compared with every
    # project through the rates table, approximately (docs/currencies.md).
    rate_currency = forms.ChoiceField(
        required=False,
        choices=[(c, c) for c in SUPPORTED_CURRENCIES],
        label=gettext_lazy("Currency of the minimum pay"),
        help_text=gettext_lazy("Projects in other currencies are compared at approximate exchange rates."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["min_hourly_rate"].help_text = gettext_lazy("In the currency chosen below.")
        self.fields["language"].choices = language_filter_choices()  # type: ignore[attr-defined]


def list_params(query: Mapping[str, Any]) -> dict[str, Any]:
    """``/projects/`` query parameters as search parameters: the page's ``min_hourly_rate`` is in
    currency units, which the search engine calls ``min_rate`` (its ``min_hourly_rate`` is minor units)."""
    params = {key: query.get(key) for key in query}
    if "skills" in query and hasattr(query, "getlist"):
        params["skills"] = ",".join(query.getlist("skills"))
    rate = params.pop("min_hourly_rate", None)
    if rate not in (None, ""):
        params["min_rate"] = rate
    return {key: value for key, value in params.items() if value not in (None, "")}
