"""``import_marketplace``: organizations, projects and talent profiles from JSON lines, in bulk.

This is the one place that writes other apps' tables directly instead of calling their services:
the services create one object at a time (with audit rows, notifications, funds held on publish),
which would take hours for 100,000 projects. The importer enforces the same project rules (hours
5–40, the pay floor of ``STINT_MIN_HOURLY_RATE_MINOR``, dates), reports every rejected line with its
number, and writes in batches (``bulk_create`` and ``executemany`` updates). It is idempotent: every object
is keyed by its ``external_id`` (users by email), so a second run updates instead of duplicating.
Imported open projects do not hold funds: import is for demo and evaluation data and migrations
from another system, not for live money. See docs/import-format.md.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import re
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify

from stint.accounts.models import User
from stint.core.errors import ValidationFailed
from stint.organizations.choices import MemberRole, OrganizationSize
from stint.organizations.models import Membership, Organization
from stint.projects.models import Project, ProjectSkill
from stint.projects.rules import check_duration, check_openings, check_size_and_pay, render_description
from stint.skills.models import Category, Skill
from stint.talent.models import TalentProfile, TalentSkill
from stint.talent.validation import SKILL_LEVEL_MAX, SKILL_LEVEL_MIN, clean_profile_input

BATCH = 2000
KINDS = ("organization", "project", "talent")
PROJECT_STATUSES = ("draft", "open", "closed", "cancelled")
VISIBILITIES = ("public", "unlisted", "invite_only")
_MARKDOWN_HINT = re.compile(r"[*_`#\[\]<>|]|^\s*([-+]|\d+\.)\s", re.MULTILINE)


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    indexed: int = 0

    def skip(self, line: int, reason: str) -> None:
        self.skipped.append((line, reason))


class RowError(ValueError):
    pass


def render_markdown(text: str) -> str:
    """Plain text (the common case) becomes escaped paragraphs without parsing; anything that looks
    like Markdown goes through the projects app's renderer (Markdown + sanitiser)."""
    if not _MARKDOWN_HINT.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return render_description(text)


def fast_update(model: Any, objs: list[Any], attnames: list[str]) -> None:
    """``UPDATE … SET … WHERE pk = %s`` with ``executemany``: linear in the number of rows, unlike
    ``bulk_update``'s ``CASE WHEN`` statements (quadratic per batch on SQLite). Bumps ``updated_at``."""
    if not objs:
        return
    from django.db import connection

    meta = model._meta
    now = timezone.now()
    names = list(attnames)
    if any(f.attname == "updated_at" for f in meta.concrete_fields) and "updated_at" not in names:
        names.append("updated_at")
        for obj in objs:
            obj.updated_at = now
    fields = [meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 (model metadata)
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
        + [meta.pk.get_db_prep_value(obj.pk, connection)]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        for i in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[i : i + BATCH])


# --- Reading ---------------------------------------------------------------------------------------


def read_lines(lines: Iterable[str], report: ImportReport) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    rows: dict[str, list[tuple[int, dict[str, Any]]]] = {k: [] for k in KINDS}
    seen: dict[tuple[str, str], int] = {}
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            report.skip(number, f"not valid JSON: {exc.msg}")
            continue
        if not isinstance(obj, dict):
            report.skip(number, "not a JSON object")
            continue
        kind = obj.get("kind")
        if kind not in KINDS:
            report.skip(number, f"unknown kind {kind!r} (expected organization, project or talent)")
            continue
        ext = obj.get("external_id")
        if not isinstance(ext, str | int) or not str(ext).strip() or len(str(ext)) > 100:
            report.skip(number, "external_id is required (a string of at most 100 characters)")
            continue
        obj["external_id"] = str(ext).strip()
        key = (kind, obj["external_id"])
        if key in seen:
            report.skip(number, f"duplicate {kind} external_id {obj['external_id']!r} (first on line {seen[key]})")
            continue
        seen[key] = number
        rows[kind].append((number, obj))
    return rows


def _chunks(rows: list[Any], size: int = BATCH) -> Iterator[list[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _text(obj: dict[str, Any], key: str, max_len: int, required: bool = False) -> str:
    value = obj.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise RowError(f"{key} must be a string")
    value = value.replace("\x00", "").strip()
    if required and not value:
        raise RowError(f"{key} is required")
    if len(value) > max_len:
        raise RowError(f"{key} is longer than {max_len} characters")
    return value


def _int(obj: dict[str, Any], key: str, default: int | None = None) -> int:
    value = obj.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RowError(f"{key} must be an integer")
    return value


def _date(value: Any, key: str) -> datetime.date:
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise RowError(f"{key} must be a date (YYYY-MM-DD)")
    return parsed


def _datetime(value: Any, key: str) -> datetime.datetime:
    if not isinstance(value, str):
        raise RowError(f"{key} must be a date-time (ISO 8601)")
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise RowError(f"{key} must be a date-time (ISO 8601)")
        parsed = datetime.datetime.combine(day, datetime.time(23, 59))
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.UTC)
    return parsed


# --- Users -----------------------------------------------------------------------------------------


class Users:
    """Users by email, created in bulk. Identical passwords share one hash within a run (hashing is
    deliberately slow, and imported passwords are demo/evaluation data)."""

    def __init__(self) -> None:
        self._hashes: dict[str, str] = {}

    def password_hash(self, password: str | None) -> str:
        if not password:
            return make_password(None)
        if password not in self._hashes:
            self._hashes[password] = make_password(password)
        return self._hashes[password]

    def ensure(self, wanted: dict[str, dict[str, Any]]) -> dict[str, Any]:
        """``{email: {"name", "role", "password"}}`` → ``{email: User}`` (existing users keep their
        role; a password given in the file replaces theirs)."""
        from allauth.account.models import EmailAddress

        found: dict[str, Any] = {}
        emails = list(wanted)
        for chunk in _chunks(emails):
            for existing_user in User.objects.filter(email__in=chunk):
                found[existing_user.email] = existing_user
        to_update = []
        for email, spec in wanted.items():
            user: Any = found.get(email)
            if user is not None and (spec.get("password") or (spec.get("name") and spec["name"] != user.name)):
                if spec.get("password"):
                    user.password = self.password_hash(spec["password"])
                if spec.get("name"):
                    user.name = spec["name"]
                to_update.append(user)
        if to_update:
            fast_update(User, to_update, ["password", "name"])
        new = [
            User(
                email=email,
                name=spec.get("name", ""),
                role=spec["role"],
                password=self.password_hash(spec.get("password")),
            )
            for email, spec in wanted.items()
            if email not in found
        ]
        User.objects.bulk_create(new, batch_size=BATCH)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in new],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        for user in new:
            found[user.email] = user
        return found


def _email(obj: dict[str, Any], key: str, required: bool) -> str:
    value = _text(obj, key, 254, required=required).lower()
    if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise RowError(f"{key} is not an email address")
    return value


# --- Organizations ---------------------------------------------------------------------------------


def import_organizations(rows: list[tuple[int, dict[str, Any]]], report: ImportReport, users: Users) -> None:
    sizes = set(OrganizationSize.values)
    valid: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    for number, obj in rows:
        try:
            values = {
                "name": _text(obj, "name", 150, required=True),
                "website": _text(obj, "website", 200),
                "industry": _text(obj, "industry", 100),
                "size": _text(obj, "size", 16),
                "description": _text(obj, "description", 5000),
            }
            if values["website"] and not re.match(r"^https?://", values["website"]):
                raise RowError("website must start with http:// or https://")
            if values["size"] and values["size"] not in sizes:
                raise RowError(f"size must be one of {', '.join(sorted(sizes))}")
            owner = {"email": _email(obj, "owner_email", required=False), "password": obj.get("owner_password")}
            if owner["password"] is not None and not isinstance(owner["password"], str):
                raise RowError("owner_password must be a string")
        except RowError as exc:
            report.skip(number, str(exc))
            continue
        valid.append((number, obj, {**values, "verified": bool(obj.get("verified")), "owner": owner}))
    owners = {
        v["owner"]["email"]: {"role": "company", "password": v["owner"]["password"]}
        for _, _, v in valid
        if v["owner"]["email"]
    }
    owner_users = users.ensure(owners) if owners else {}
    now = timezone.now()
    fields = ["name", "website", "industry", "size", "description", "verified_at"]
    for chunk in _chunks(valid):
        existing = {
            o.external_id: o
            for o in Organization.objects.filter(external_id__in=[o["external_id"] for _, o, _ in chunk])
        }
        creates, updates, memberships = [], [], []
        for _, obj, values in chunk:
            org = existing.get(obj["external_id"])
            verified_at = (org.verified_at if org and org.verified_at else now) if values["verified"] else None
            if org is None:
                digest = hashlib.sha256(obj["external_id"].encode()).hexdigest()[:8]
                org = Organization(
                    external_id=obj["external_id"],
                    slug=f"{slugify(values['name'])[:140] or 'org'}-{digest}",
                    **{k: values[k] for k in fields if k != "verified_at"},
                    verified_at=verified_at,
                )
                creates.append(org)
            else:
                for key in fields[:-1]:
                    setattr(org, key, values[key])
                org.verified_at = verified_at
                updates.append(org)
            if values["owner"]["email"]:
                memberships.append(
                    Membership(organization=org, user=owner_users[values["owner"]["email"]], role=MemberRole.OWNER)
                )
        with transaction.atomic():
            Organization.objects.bulk_create(creates, batch_size=500)
            fast_update(Organization, updates, fields)
            Membership.objects.bulk_create(memberships, batch_size=500, ignore_conflicts=True)
        report.created["organization"] += len(creates)
        report.updated["organization"] += len(updates)


# --- Projects --------------------------------------------------------------------------------------


class Lookups:
    """Categories, skills and organizations, loaded once."""

    def __init__(self) -> None:
        self.categories = {c.slug: c for c in Category.objects.all()}
        self.skills: dict[str, Any] = {}
        for skill in Skill.objects.only("id", "slug", "label"):
            self.skills.setdefault(skill.label.lower(), skill.pk)
            self.skills[skill.slug] = skill.pk
        self.orgs: dict[str, Any] = {}

    def load_orgs(self, external_ids: Iterable[str]) -> None:
        wanted = [e for e in set(external_ids) if e not in self.orgs]
        for chunk in _chunks(wanted):
            for ext, pk in Organization.objects.filter(external_id__in=chunk).values_list("external_id", "id"):
                self.orgs[str(ext)] = pk


def _raise_rule_errors(errors: list[dict[str, str]]) -> None:
    """A row refused by the editor's or the profile's rules: ``code (field): message`` for each
    problem, with the editor's code and message."""
    if errors:
        raise RowError("; ".join(f"{e.get('code', 'invalid')} ({e.get('field', '')}): {e['message']}" for e in errors))


def _project_values(obj: dict[str, Any], lookups: Lookups, today: datetime.date) -> dict[str, Any]:
    org_ext = obj.get("organization")
    if not isinstance(org_ext, str | int) or str(org_ext) not in lookups.orgs:
        raise RowError(f"organization {org_ext!r} is not an imported or existing organization external_id")
    category = lookups.categories.get(obj.get("category") or "")
    if category is None:
        raise RowError(f"unknown category {obj.get('category')!r}")
    skills_in = obj.get("skills") or []
    if not isinstance(skills_in, list) or len(skills_in) > 20:
        raise RowError("skills must be a list of at most 20 skill slugs or labels")
    skill_ids: list[Any] = []
    for item in skills_in:
        key = str(item.get("skill") if isinstance(item, dict) else item).strip()
        skill_id = lookups.skills.get(key) or lookups.skills.get(key.lower())
        if skill_id is None:
            raise RowError(f"unknown skill {key!r}")
        if skill_id not in skill_ids:
            skill_ids.append(skill_id)
    fee = obj.get("fee")
    if not isinstance(fee, dict):
        raise RowError('fee must be {"amount_minor", "currency"}')
    hours = _int(obj, "estimated_hours")
    amount = _int(fee, "amount_minor")
    currency = str(fee.get("currency") or "").upper()
    openings = _int(obj, "openings", 1)
    start = _date(obj["start_date"], "start_date") if obj.get("start_date") else today + datetime.timedelta(days=7)
    due = _date(obj.get("due_date"), "due_date")
    # The editor's rules, with the editor's codes and messages (historical dates are allowed here).
    errors: list[dict[str, str]] = []
    check_size_and_pay({"estimated_hours": hours, "currency": currency, "fee_minor": amount}, errors)
    check_openings({"openings": openings}, errors)
    check_duration(start, due, errors)
    _raise_rule_errors(errors)
    app_deadline = (
        _datetime(obj["application_deadline"], "application_deadline")
        if obj.get("application_deadline")
        else timezone.make_aware(
            datetime.datetime.combine(start - datetime.timedelta(days=1), datetime.time(23, 59)), datetime.UTC
        )
    )
    response_deadline = (
        _datetime(obj["response_deadline"], "response_deadline")
        if obj.get("response_deadline")
        else app_deadline + datetime.timedelta(days=3)
    )
    if response_deadline <= app_deadline:
        raise RowError("response_deadline must be after application_deadline")
    status = obj.get("status") or "open"
    if status not in PROJECT_STATUSES:
        raise RowError(f"status must be one of {', '.join(PROJECT_STATUSES)}")
    visibility = obj.get("visibility") or "public"
    if visibility not in VISIBILITIES:
        raise RowError(f"visibility must be one of {', '.join(VISIBILITIES)}")
    description = _text(obj, "description", 20_000, required=True)
    deliverables = obj.get("deliverables") or []
    if not isinstance(deliverables, list) or not all(isinstance(d, str) for d in deliverables):
        raise RowError("deliverables must be a list of strings")
    return {
        "organization_id": lookups.orgs[str(org_ext)],
        "title": _text(obj, "title", 150, required=True),
        "summary": _text(obj, "summary", 300, required=True),
        "description": description,
        "category_id": category.pk,
        "deliverables": deliverables[:20],
        "estimated_hours": hours,
        "fee_minor": amount,
        "currency": currency,
        "openings": openings,
        "visibility": visibility,
        "application_deadline": app_deadline,
        "response_deadline": response_deadline,
        "start_date": start,
        "due_date": due,
        "status": status,
        "_skills": skill_ids,
    }


PROJECT_FIELDS = [
    "organization_id",
    "title",
    "summary",
    "description",
    "description_html",
    "category_id",
    "deliverables",
    "estimated_hours",
    "fee_minor",
    "currency",
    "openings",
    "visibility",
    "application_deadline",
    "response_deadline",
    "start_date",
    "due_date",
    "status",
    "published_at",
]


def import_projects(rows: list[tuple[int, dict[str, Any]]], report: ImportReport, lookups: Lookups) -> list[Any]:
    lookups.load_orgs(str(o.get("organization")) for _, o in rows if isinstance(o.get("organization"), str | int))
    today = timezone.localdate()
    now = timezone.now()
    touched: list[Any] = []
    for chunk in _chunks(rows):
        existing = {
            p.external_id: p
            for p in Project.objects.filter(external_id__in=[o["external_id"] for _, o in chunk]).only(
                "id", "external_id", *PROJECT_FIELDS
            )
        }
        old_skills: dict[Any, list[Any]] = {}
        for project_id, skill_id in (
            ProjectSkill.objects.filter(project__in=[p.pk for p in existing.values()])
            .order_by("project_id", "id")
            .values_list("project_id", "skill_id")
        ):
            old_skills.setdefault(project_id, []).append(skill_id)
        creates: list[Any] = []
        updates: list[Any] = []
        skills: list[Any] = []
        for number, obj in chunk:
            try:
                values = _project_values(obj, lookups, today)
            except (RowError, KeyError) as exc:
                report.skip(number, str(exc).strip("'"))
                continue
            skill_ids = values.pop("_skills")
            project = existing.get(obj["external_id"])
            if project is not None and project.description == values["description"]:
                values["description_html"] = project.description_html
            else:
                values["description_html"] = render_markdown(values["description"])
            published = project.published_at if project is not None else None
            values["published_at"] = published or (now if values["status"] in ("open", "closed") else None)
            if project is None:
                project = Project(external_id=obj["external_id"], secret_token=secrets.token_urlsafe(32), **values)
                creates.append(project)
            else:
                unchanged = old_skills.get(project.pk, []) == skill_ids and all(
                    getattr(project, key) == value for key, value in values.items()
                )
                if unchanged:  # nothing to write or re-index: re-running a file is cheap
                    report.unchanged["project"] += 1
                    continue
                for key, value in values.items():
                    setattr(project, key, value)
                updates.append(project)
            skills.extend(
                ProjectSkill(project=project, skill_id=skill_id, required=i < 3, level=3)
                for i, skill_id in enumerate(skill_ids)
            )
        with transaction.atomic():
            Project.objects.bulk_create(creates, batch_size=500)
            if updates:
                fast_update(Project, updates, PROJECT_FIELDS)
                # A raw delete: no per-row fetch and no per-row signals (the index is rebuilt in bulk).
                ProjectSkill.objects.filter(project__in=[p.pk for p in updates])._raw_delete(ProjectSkill.objects.db)
            ProjectSkill.objects.bulk_create(skills, batch_size=BATCH)
        report.created["project"] += len(creates)
        report.updated["project"] += len(updates)
        touched.extend(p.pk for p in (*creates, *updates))
    return touched


# --- Talent ----------------------------------------------------------------------------------------


TALENT_FIELDS = ["external_id", "headline", "career_goals", "weekly_hours", "timezone", "target_roles", "interests"]


def import_talent(rows: list[tuple[int, dict[str, Any]]], report: ImportReport, users: Users, lookups: Lookups) -> None:
    valid = []
    for number, obj in rows:
        try:
            email = _email(obj, "email", required=True)
            # The profile editor's rules and messages (``clean_profile_input``).
            try:
                profile_input = clean_profile_input(
                    {
                        "timezone": obj.get("timezone") or "UTC",
                        "weekly_hours": obj.get("weekly_hours", 10),
                        "headline": obj.get("headline") or "",
                        "career_goals": obj.get("career_goals") or "",
                    }
                )
            except ValidationFailed as exc:
                _raise_rule_errors(exc.errors or [{"code": exc.code, "message": exc.message}])
            tz_name, weekly = profile_input.timezone, profile_input.weekly_hours
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
                "weekly_hours": weekly,
                "timezone": tz_name,
                **lists,
            }
            name = _text(obj, "name", 150)
        except RowError as exc:
            report.skip(number, str(exc))
            continue
        valid.append((obj, email, name, password, values, skills))
    for chunk in _chunks(valid):
        found = users.ensure(
            {email: {"role": "talent", "name": name, "password": pw} for _, email, name, pw, _, _ in chunk}
        )
        existing = {
            p.external_id: p
            for p in TalentProfile.objects.filter(external_id__in=[o["external_id"] for o, *_ in chunk])
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
