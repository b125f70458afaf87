"""The network's access grant (registered with ``stint.projects.access`` in ``AdvisorsConfig.ready``).

A non-public, published project opens to:

* a talent it was shared with by name, or through a cohort they belong to, or through an
  institution one of their cohorts belongs to;
* the advisors and professors of an institution it was offered to, and the owner of a cohort it was
  shared with (so they can read it and pass it on).

Leaving a cohort removes the access on the next request: nothing is cached.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from stint.advisors.models import CohortMember, ProjectShare


def project_shared_with(user: Any, project: Any) -> bool:
    role = getattr(user, "role", None)
    shares = ProjectShare.objects.filter(project_id=project.pk)
    if role == "talent":
        return shares.filter(
            Q(talent=user) | Q(cohort__members__talent=user) | Q(institution__cohorts__members__talent=user)
        ).exists()
    if role == "advisor":
        return shares.filter(Q(institution__staff__user=user) | Q(cohort__owner=user)).exists()
    return False


def resume_shared_with(user: Any, profile: Any) -> bool:
    """The advisor of a cohort in which the talent turned on "share my profile and résumé"."""
    return (
        getattr(user, "role", None) == "advisor"
        and CohortMember.objects.filter(cohort__owner=user, talent_id=profile.user_id, share_resume=True).exists()
    )
