from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stint.applications.choices import REJECTION_TEMPLATES


class ApplyForm(forms.Form):
    """Cover letter, one answer per screening question, links (one per line)."""

    cover_letter = forms.CharField(
        label=_("Cover letter"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Tell the company why you fit this project. Write it for this project only."),
    )
    links = forms.CharField(
        label=_("Links (optional, one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "https://"}),
        help_text=_("Portfolio, GitHub, writing samples."),
    )

    def __init__(self, *args: Any, questions: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        minimum = settings.STINT_MIN_COVER_LETTER_CHARS
        attrs = self.fields["cover_letter"].widget.attrs
        attrs.update(
            {"data-min-chars": str(minimum), "aria-describedby": "id_cover_letter_helptext cover-letter-count"}
        )
        self.questions = list(questions or [])
        for i, question in enumerate(self.questions):
            self.fields[f"answer_{i}"] = forms.CharField(
                label=question, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
            )

    @property
    def answer_fields(self) -> list[Any]:
        return [self[f"answer_{i}"] for i in range(len(self.questions))]

    def answers(self) -> list[str]:
        return [self.cleaned_data.get(f"answer_{i}", "") for i in range(len(self.questions))]

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("links", "").splitlines() if line.strip()]

    def add_service_error(self, exc: Any) -> None:
        """Attach an ``ApplicationError``'s field errors to the matching fields."""
        placed = False
        for error in getattr(exc, "errors", []) or []:
            field = error.get("field", "")
            if field == "answers" and self.questions:
                field = "answer_0"
            if field in self.fields:
                self.add_error(field, exc.message)
                placed = True
                break
        if not placed:
            self.add_error(None, exc.message)


class RejectForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Reason"),
        required=False,
    )
    reason = forms.CharField(label=_("Your own reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The templates in the company's language; the one picked is stored as written.
        templates = [gettext(t) for t in REJECTION_TEMPLATES]
        field = self.fields["template"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", gettext("Write my own reason below")), *[(t, t) for t in templates]]

    def reason_text(self) -> str:
        return (self.cleaned_data.get("reason") or "").strip() or self.cleaned_data.get("template") or ""
