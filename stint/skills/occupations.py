"""ESCO occupations for target roles ("data analyst", "marketing assistant"): typo-tolerant search
with the same engine as skills, over a per-process index rebuilt when an ORM save or delete bumps
the shared version (``occupations_invalidate``, at once in this process and for the others on
commit) or when the table changed under another writer (checked at most every
``SKILLS_INDEX_RECHECK_SECONDS``)."""

from __future__ import annotations

import threading
import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max

from stint.core.cache import shared_version, shared_version_bump
from stint.skills.models import Occupation
from stint.skills.search import ALT_LABEL, LABEL, SkillHit, SkillIndex
from stint.skills.text import fold

_lock = threading.Lock()
_state: dict[str, Any] = {"index": None, "version": None, "fingerprint": None, "checked_at": 0.0}
VERSION_CACHE_KEY = "skills:occupation-index-version"


def _current_version() -> str:
    return shared_version(VERSION_CACHE_KEY)


def occupations_invalidate() -> None:
    """Make every process rebuild its occupation index on its next search."""
    shared_version_bump(VERSION_CACHE_KEY)
    with _lock:
        _state["index"] = None


def occupations_changed(sender: Any, **kwargs: Any) -> None:
    """Signal receiver: at once for this process, again on commit for the others."""
    occupations_invalidate()
    transaction.on_commit(occupations_invalidate)


def _build() -> SkillIndex:
    hits: list[SkillHit] = []
    terms: list[tuple[int, str, int]] = []
    rows = Occupation.objects.values_list("id", "slug", "label", "esco_uri", "alt_labels").order_by()
    for doc, (pk, slug, label, uri, alt_labels) in enumerate(rows.iterator()):
        hits.append(SkillHit(pk, slug, label, "", "", uri))
        terms.append((doc, fold(label), LABEL))
        terms.extend((doc, fold(str(a)), ALT_LABEL) for a in alt_labels or [])
    return SkillIndex(hits, terms)


def occupation_index() -> SkillIndex:
    version = _current_version()
    now = time.monotonic()
    recheck = float(settings.SKILLS_INDEX_RECHECK_SECONDS)
    with _lock:
        fresh = _state["index"] is not None and _state["version"] == version
        if fresh and now - _state["checked_at"] < recheck:
            return _state["index"]
        fingerprint = tuple(Occupation.objects.aggregate(n=Count("id"), last=Max("updated_at")).values())
        if not fresh or fingerprint != _state["fingerprint"]:
            _state["index"] = _build()
        _state.update(version=version, fingerprint=fingerprint, checked_at=now)
        return _state["index"]


def occupation_search(q: str, *, limit: int = 10) -> list[SkillHit]:
    """Occupations whose label or alternative label matches ``q`` (typos and prefixes allowed)."""
    return occupation_index().search(q or "", limit=max(1, min(int(limit), 50)))
