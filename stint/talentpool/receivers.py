"""Followers of an organization hear of its new projects (``stint.projects.signals.project_published``)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from stint.notifications.services import in_language_of, notify
from stint.projects.choices import Visibility
from stint.talentpool.models import Follow, ProjectAnnouncement


def notify_followers(sender: Any, project: Any, **kwargs: Any) -> None:
    """Notify every follower of the project's organization once. Only public projects are
    announced: unlisted and invite-only ones reach people through links, invitations and shares."""
    if project.visibility != Visibility.PUBLIC:
        return
    followers = list(Follow.objects.filter(organization_id=project.organization_id).select_related("user"))
    try:
        with transaction.atomic():
            ProjectAnnouncement.objects.create(project=project, followers_notified=len(followers))
    except IntegrityError:
        return  # already announced
    for follow in followers:
        with in_language_of(follow.user):
            notify(
                user=follow.user,
                event="organization.project_published",
                title=_("%(organization)s published “%(project)s”")
                % {"organization": project.organization.name, "project": project.title},
                body=project.summary,
                url=f"/projects/{project.pk}/",
            )
