"""``{% load application_tags %}{% apply_or_status project can_apply %}``: on the project page (a lower
app's template), the apply button, or the talent's own application and its status once they applied."""

from __future__ import annotations

from typing import Any

from django import template

from stint.accounts.choices import Role

register = template.Library()


@register.inclusion_tag("applications/partials/apply_or_status.html", takes_context=True)
def apply_or_status(context: template.Context, project: Any, can_apply: bool) -> dict[str, Any]:
    from stint.applications.selectors import application_list_for_talent

    user = context.get("user")
    signed_in = bool(getattr(user, "is_authenticated", False))
    is_talent = signed_in and getattr(user, "role", None) == Role.TALENT
    application = None
    if is_talent:
        application = (
            application_list_for_talent(talent=user).filter(project_id=project.pk).prefetch_related(None).first()
        )
    return {
        "project": project,
        "application": application,
        # Only talent apply; anonymous visitors see the button and are asked to sign in.
        "show_apply": can_apply and application is None and (is_talent or not signed_in),
        # Set on an unlisted project's secret page: the apply form needs the link's token.
        "apply_secret": context.get("apply_secret", ""),
    }
