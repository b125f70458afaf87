"""``{% load project_tags %}{% organization_open_projects organization as projects %}``: the open
public projects of an organization, for its public page (the organizations app sits below projects)."""

from __future__ import annotations

from typing import Any

from django import template

from stint.projects.selectors import project_list_open_public_for_organization

register = template.Library()


@register.simple_tag
def organization_open_projects(organization: Any, limit: int = 20) -> list[Any]:
    return project_list_open_public_for_organization(organization=organization, limit=limit)
