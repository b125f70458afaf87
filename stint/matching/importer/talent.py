"""Importing talent profiles (the profile editor's rules) and the whole file."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from stint.core.errors import ValidationFailed
from stint.matching.importer.base import (
    BATCH,
    ImportReport,
    RowError,
    fast_update,
)
from stint.matching.importer.organizations import (
    import_organizations,
)
from stint.matching.importer.projects import (
    Lookups,
    _raise_rule_errors,
    import_projects,
)
from stint.matching.importer.reading import (
    _chunks,
    _text,
    read_lines,
)
from stint.matching.importer.users import (
    Users,
    _email,
)
from stint.talent.models import TalentProfile, TalentSkill
from stint.talent.validation import SKILL_LEVEL_MAX, SKILL_LEVEL_MIN, CleanProfile, clean_profile_input

# --- Talent ----------------------------------------------------------------------------------------


TALENT_FIELDS = ["external_id", "headline", "career_goals", "weekly_hours", "timezone", "target_roles", "interests"]


TalentRow = tuple[dict[str, Any], str, str, Any, dict[str, Any], list[tuple[Any, int]]]


def import_talent(rows: list[tuple[int, dict[str, Any]]], report: ImportReport, users: Users, lookups: Lookups) -> None:
    valid: list[TalentRow] = []
    for number, obj in rows:
        try:
            valid.append(_talent_row(obj, lookups))
        except RowError as exc:
            report.skip(number, str(exc))
    for chunk in _chunks(valid):
        _write_talent_chunk(chunk, report, users)


def _talent_row(obj: dict[str, Any], lookups: Lookups) -> TalentRow:
    """Step 1: one row checked, in a fixed order (the first problem is the one reported)."""
    email = _email(obj, "email", required=True)
    profile_input = _profile_input(obj)
    skills = _skills(obj, lookups)
    lists = {}
    for key in ("target_roles", "interests"):
        value = obj.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RowError(f"{key} must be a list of strings")
        lists[key] = value[:20]
    password = obj.get("password")
    if password is not None and not isinstance(password, str):
        raise RowError("password must be a string")
    values = {
        "headline": profile_input.headline,
        "career_goals": profile_input.career_goals,
        "weekly_hours": profile_input.weekly_hours,
        "timezone": profile_input.timezone,
        **lists,
    }
    name = _text(obj, "name", 150)
    return obj, email, name, password, values, skills


def _profile_input(obj: dict[str, Any]) -> CleanProfile:
    """The profile editor's rules and messages (``clean_profile_input``)."""
    try:
        return clean_profile_input(
            {
                "timezone": obj.get("timezone") or "UTC",
                "weekly_hours": obj.get("weekly_hours", 10),
                "headline": obj.get("headline") or "",
                "career_goals": obj.get("career_goals") or "",
            }
        )
    except ValidationFailed as exc:
        _raise_rule_errors(exc.errors or [{"code": exc.code, "message": exc.message}])
        raise  # not reached: the list given above is never empty, so a RowError is raised


def _skills(obj: dict[str, Any], lookups: Lookups) -> list[tuple[Any, int]]:
    """``(skill id, level)`` for each skill (slug or label) of the row."""
    skills = []
    for item in obj.get("skills") or []:
        key = str(item.get("skill") if isinstance(item, dict) else item).strip()
        level = item.get("level", 3) if isinstance(item, dict) else 3
        skill_id = lookups.skills.get(key) or lookups.skills.get(key.lower())
        if skill_id is None:
            raise RowError(f"unknown skill {key!r}")
        if not isinstance(level, int) or not SKILL_LEVEL_MIN <= level <= SKILL_LEVEL_MAX:
            raise RowError(f"skill level must be {SKILL_LEVEL_MIN} to {SKILL_LEVEL_MAX}")
        skills.append((skill_id, level))
    return skills


def _write_talent_chunk(chunk: list[TalentRow], report: ImportReport, users: Users) -> None:
    """Step 2: the chunk's users, then their profiles (found by external id, else by user) and skills,
    written in one transaction."""
    found = users.ensure(
        {email: {"role": "talent", "name": name, "password": pw} for _, email, name, pw, _, _ in chunk}
    )
    existing = {
        p.external_id: p for p in TalentProfile.objects.filter(external_id__in=[o["external_id"] for o, *_ in chunk])
    }
    by_user = {p.user_id: p for p in TalentProfile.objects.filter(user__in=[found[e].pk for _, e, *_ in chunk])}
    creates: list[Any] = []
    updates: list[Any] = []
    talent_skills: list[Any] = []
    for obj, email, _name, _pw, values, skills in chunk:
        user = found[email]
        profile = existing.get(obj["external_id"]) or by_user.get(user.pk)
        if profile is None:
            profile = TalentProfile(user=user, external_id=obj["external_id"], **values)
            creates.append(profile)
        else:
            profile.external_id = obj["external_id"]
            for key, value in values.items():
                setattr(profile, key, value)
            updates.append(profile)
        talent_skills.extend(TalentSkill(profile=profile, skill_id=s, level=lvl) for s, lvl in dict(skills).items())
    with transaction.atomic():
        TalentProfile.objects.bulk_create(creates, batch_size=500)
        if updates:
            fast_update(TalentProfile, updates, TALENT_FIELDS)
            TalentSkill.objects.filter(profile__in=[p.pk for p in updates])._raw_delete(TalentSkill.objects.db)
        TalentSkill.objects.bulk_create(talent_skills, batch_size=BATCH)
    report.created["talent"] += len(creates)
    report.updated["talent"] += len(updates)


def import_marketplace(lines: Iterable[str], *, reindex: bool = True) -> ImportReport:
    """Import JSON lines (organizations first, then projects, then talent) and re-index projects."""
    from stint.matching.indexing import reindex_projects
    from stint.matching.signals import indexing_signals_muted

    report = ImportReport()
    rows = read_lines(lines, report)
    users = Users()
    with indexing_signals_muted():
        import_organizations(rows["organization"], report, users)
        lookups = Lookups()
        touched = import_projects(rows["project"], report, lookups)
        import_talent(rows["talent"], report, users, lookups)
    if reindex and touched:
        report.indexed = reindex_projects(touched)
    report.skipped.sort()
    return report
