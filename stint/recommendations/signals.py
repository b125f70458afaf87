"""A save of a project, a talent profile or one of their skills enqueues an embedding refresh on commit.

The refresh compares text hashes, so saves that do not change the text cost one read. Bulk writes
(``bulk_create``, ``QuerySet.update``) send no signal: ``manage.py embed_all`` covers imports, and the
recommender computes a missing vector inline for the few candidates that lack one.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from stint.projects.models import Project, ProjectSkill
from stint.talent.models import TalentProfile, TalentSkill


def _enqueue_project(project_id: Any) -> None:
    from stint.recommendations.tasks import embed_project_task

    pk = str(project_id)
    transaction.on_commit(lambda: embed_project_task.enqueue(pk))


def _enqueue_talent(profile_id: Any) -> None:
    from stint.recommendations.tasks import embed_talent_task

    pk = str(profile_id)
    transaction.on_commit(lambda: embed_talent_task.enqueue(pk))


def project_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _enqueue_project(instance.pk)


def project_skill_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _enqueue_project(instance.project_id)


def profile_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _enqueue_talent(instance.pk)


def talent_skill_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _enqueue_talent(instance.profile_id)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(project_saved, sender=Project, dispatch_uid="recommendations.project_saved")
    post_save.connect(project_skill_changed, sender=ProjectSkill, dispatch_uid="recommendations.project_skill_saved")
    post_delete.connect(
        project_skill_changed, sender=ProjectSkill, dispatch_uid="recommendations.project_skill_deleted"
    )
    post_save.connect(profile_saved, sender=TalentProfile, dispatch_uid="recommendations.profile_saved")
    post_save.connect(talent_skill_changed, sender=TalentSkill, dispatch_uid="recommendations.talent_skill_saved")
    post_delete.connect(talent_skill_changed, sender=TalentSkill, dispatch_uid="recommendations.talent_skill_deleted")
