"""HTML forms. They only shape input: the rules live in ``services``."""

from __future__ import annotations

from typing import Any

from django import forms

from stint.core.errors import ApplicationError
from stint.organizations.choices import MemberRole, OrganizationSize


class OrganizationForm(forms.Form):
    name = forms.CharField(max_length=150, label="Name")
    website = forms.CharField(
        max_length=200,
        required=False,
        label="Website",
        help_text="A full address, e.g. https://example.com",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    industry = forms.CharField(max_length=100, required=False, label="Industry")
    size = forms.ChoiceField(choices=[("", "Choose a size"), *OrganizationSize.choices], required=False, label="Size")
    description = forms.CharField(
        max_length=5000,
        required=False,
        label="Description",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you do and what kind of projects you offer.",
    )
    logo = forms.FileField(
        required=False,
        label="Logo",
        help_text="PNG, JPEG, GIF or WebP, at most 2 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )


class OrganizationEditForm(OrganizationForm):
    remove_logo = forms.BooleanField(required=False, label="Remove the current logo")


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(
        choices=[(MemberRole.MEMBER.value, "Member"), (MemberRole.ADMIN.value, "Admin")],
        label="Role",
        initial=MemberRole.MEMBER.value,
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=MemberRole.choices, label="Role")


def add_service_errors(form: forms.Form, exc: ApplicationError) -> None:
    """Attach a service's field errors to the form (or a form-wide error)."""
    attached = False
    for error in exc.errors:
        field: Any = error.get("field") or None
        if field is not None and field not in form.fields:
            field = None
        form.add_error(field, error.get("message") or exc.message)
        attached = True
    if not attached:
        form.add_error(None, exc.message)
