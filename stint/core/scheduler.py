"""Periodic jobs. Apps call ``register_periodic`` in their ``tasks.py``; ``run_scheduler`` enqueues
each job when it is due and reaps stuck tasks. Several schedulers may run: each run is claimed with
a conditional update on ``ScheduledJob.last_run_at``, so a job is enqueued once per period."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import IntegrityError
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: Any
    every_seconds: int


REGISTRY: dict[str, PeriodicJob] = {}


def register_periodic(name: str, task: Any, every_seconds: int) -> None:
    REGISTRY[name] = PeriodicJob(name, task, every_seconds)


def autodiscover() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("stint."):
            continue
        try:
            import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tasks":
                raise


def claim_run(job: PeriodicJob, now: datetime.datetime | None = None) -> bool:
    """Claim this period's run of ``job``; True for exactly one caller per period."""
    from stint.core.models import ScheduledJob

    now = now or timezone.now()
    try:
        row, created = ScheduledJob.objects.get_or_create(name=job.name, defaults={"last_run_at": now})
    except IntegrityError:
        row, created = ScheduledJob.objects.get(name=job.name), False
    if created:
        return True
    due_before = now - datetime.timedelta(seconds=job.every_seconds)
    if row.last_run_at is not None and row.last_run_at > due_before:
        return False
    return ScheduledJob.objects.filter(name=job.name, last_run_at=row.last_run_at).update(last_run_at=now) == 1


def tick(now: datetime.datetime | None = None) -> list[str]:
    """One scheduler pass: reap stuck tasks, forget long-dead processes' heartbeats, enqueue the
    jobs that are due. Returns their names."""
    from stint.core.heartbeat import heartbeat_prune
    from stint.core.taskqueue import reap_stuck_tasks

    autodiscover()
    reap_stuck_tasks()
    heartbeat_prune(now)
    enqueued = []
    for job in list(REGISTRY.values()):
        if claim_run(job, now):
            job.task.enqueue()
            enqueued.append(job.name)
    return enqueued
