"""``{% load application_tags %}{% apply_or_status project can_apply %}``: on the project page (a lower
app's template), the apply button, or the talent's own application and its status once they applied."""

from __future__ import annotations

from typing import Any

from django import template

from stint.accounts.choices import Role
from stint.core.types import Actor

register = template.Library()


@register.inclusion_tag("applications/partials/apply_or_status.html", takes_context=True)
def apply_or_status(context: template.Context, project: Any, can_apply: bool) -> dict[str, Any]:
    from stint.applications.selectors import application_list_for_talent

    user: Actor | None = context.get("user")
    signed_in = user is not None and user.is_authenticated
    talent = user if user is not None and user.is_authenticated and user.role == Role.TALENT else None
    is_talent = talent is not None
    application = None
    if talent is not None:
        application = (
            application_list_for_talent(talent=talent).filter(project_id=project.pk).prefetch_related(None).first()
        )
    return {
        "project": project,
        "application": application,
        # Only talent apply; anonymous visitors see the button and are asked to sign in.
        "show_apply": can_apply and application is None and (is_talent or not signed_in),
        # Set on an unlisted project's secret page: the apply form needs the link's token.
        "apply_secret": context.get("apply_secret", ""),
    }
