"""HTML forms. They only shape input: the rules live in ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stint.core.errors import ApplicationError
from stint.organizations.choices import MemberRole, OrganizationSize


class OrganizationForm(forms.Form):
    name = forms.CharField(max_length=150, label=_("Name"))
    website = forms.CharField(
        max_length=200,
        required=False,
        label=_("Website"),
        help_text=_("A full address, e.g. https://example.com"),
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    industry = forms.CharField(max_length=100, required=False, label=_("Industry"))
    size = forms.ChoiceField(
        choices=[("", _("Choose a size")), *OrganizationSize.choices], required=False, label=_("Size")
    )
    description = forms.CharField(
        max_length=5000,
        required=False,
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you do and what kind of projects you offer."),
    )
    logo = forms.FileField(
        required=False,
        label=_("Logo"),
        help_text=_("PNG, JPEG, GIF or WebP, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )


class OrganizationEditForm(OrganizationForm):
    remove_logo = forms.BooleanField(required=False, label=_("Remove the current logo"))


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(
        choices=[(MemberRole.MEMBER.value, MemberRole.MEMBER.label), (MemberRole.ADMIN.value, MemberRole.ADMIN.label)],
        label=_("Role"),
        initial=MemberRole.MEMBER.value,
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=MemberRole.choices, label=_("Role"))


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
