"""The steps of ``erase.account_delete``, one per kind of decision (docs/privacy.md, "Deleting an
account"): rows that exist only for the person are deleted; rows others rely on are kept, with the
person's own writing blanked and their name and email replaced in what others wrote."""

from __future__ import annotations

import re
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.storage import Storage
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from stint.accounts.models import ApiToken, User
from stint.advisors.models import CohortMember, InstitutionStaff, Nomination, ProjectShare, Referral
from stint.applications.models import Application
from stint.core.models import AuditEvent, IdempotencyKey
from stint.credentials.models import Credential, Portfolio, Reference
from stint.credentials.services import credential_revoke
from stint.engagements.models import ChangeRequest, Engagement, Milestone, Review, Submission, TimeEntry
from stint.matching.models import SavedSearch
from stint.messaging.models import Message, ThreadReadMarker
from stint.notifications.models import Notification, NotificationPreference, OutgoingEmail
from stint.organizations.models import Invitation, Membership
from stint.payments.models import PayoutAccount
from stint.planner.models import CalendarFeed, CapacityPattern, DueDateChangeRequest
from stint.privacy.models import DataExport
from stint.projects.models import ProjectInvitation
from stint.recommendations.models import TalentEmbedding
from stint.talent.models import BlockedPeriod, Education, TalentProfile, TalentSkill
from stint.talentpool.models import Follow, Hire, PoolInvitation, PoolNote, PoolTag

REMOVED = "[removed]"
REMOVED_MESSAGE = "(This message was removed: its author deleted their account.)"


def collect_files(user: Any) -> list[tuple[Storage, str]]:
    """The person's files (résumé, export zips), deleted after the commit."""
    files: list[tuple[Storage, str]] = []
    profile = TalentProfile.objects.filter(user=user).first()
    if profile is not None and profile.resume:
        files.append((profile.resume.storage, str(profile.resume.name)))
    for export in DataExport.objects.filter(user=user).exclude(file=""):
        files.append((export.file.storage, str(export.file.name)))
    return files


def delete_files(files: list[tuple[Storage, str]]) -> None:
    for storage, name in files:
        storage.delete(name)


def _sessions_of(user: Any) -> list[str]:
    keys = []
    for session in Session.objects.all().iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            keys.append(session.session_key)
    return keys


def delete_owned_rows(user: Any) -> None:
    """Rows that exist only for the person: sign-in, settings, their profile's details, their
    network and pool entries, notifications, their portfolio."""
    Session.objects.filter(session_key__in=_sessions_of(user)).delete()
    for model, lookup in (
        (EmailAddress, "user"),
        (Authenticator, "user"),
        (ApiToken, "user"),
        (IdempotencyKey, "user"),
        (DataExport, "user"),
        (Education, "profile__user"),
        (TalentSkill, "profile__user"),
        (BlockedPeriod, "profile__user"),
        (TalentEmbedding, "profile__user"),
        (Notification, "user"),
        (NotificationPreference, "user"),
        (SavedSearch, "user"),
        (CapacityPattern, "user"),
        (CalendarFeed, "user"),
        (ThreadReadMarker, "user"),
        (Portfolio, "user"),
        (Reference, "connection__talent"),
        (Reference, "connection__supervisor"),
        (CohortMember, "talent"),
        (ProjectShare, "talent"),
        (Nomination, "talent"),
        (Referral, "talent"),
        (Referral, "referee"),
        (ProjectInvitation, "talent"),
        (PoolInvitation, "talent"),
        (PoolNote, "talent"),
        (PoolTag, "talent"),
        (Follow, "user"),
        (Membership, "user"),
        (InstitutionStaff, "user"),
        (PayoutAccount, "user"),
    ):
        model._default_manager.filter(**{lookup: user}).delete()
    Invitation.objects.filter(email__iexact=user.email).delete()
    OutgoingEmail.objects.annotate(to_text=Cast("to", TextField())).filter(to_text__icontains=user.email).delete()
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).delete()


def blank_own_writing(user: Any) -> None:
    """What the person wrote on records others keep: their profile, applications, messages, time
    notes; their credentials are revoked and their signed copies dropped."""
    TalentProfile.objects.filter(user=user).update(
        headline="",
        interests=[],
        career_goals="",
        target_roles=[],
        links=[],
        resume="",
        resume_uploaded_at=None,
        resume_size=None,
        resume_original_name="",
        external_id=None,
    )
    Application.objects.filter(talent=user).update(cover_letter=REMOVED, answers=[], links=[])
    for body in Message.objects.filter(author=user).values_list("body", flat=True).iterator():
        # A message's notification (and its email) quotes it: the quote goes with it.
        quote = body[:300]
        Notification.objects.filter(event="message.posted", body=quote).update(body=REMOVED_MESSAGE)
        OutgoingEmail.objects.filter(body__contains=quote).update(body="")
    Message.objects.filter(author=user).update(body=REMOVED_MESSAGE)
    TimeEntry.objects.filter(talent=user).update(note="")
    Hire.objects.filter(talent=user).update(show_on_portfolio=False)
    for credential in Credential.objects.filter(talent=user):
        credential_revoke(credential=credential, reason="The holder deleted their account.")
    Credential.objects.filter(talent=user).update(payload={}, jwt="")


def _scrub(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(REMOVED, value)
    if isinstance(value, list):
        return [_scrub(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, pattern) for k, v in value.items()}
    return value


def scrub_rows(queryset: models.QuerySet[Any], pattern: re.Pattern[str]) -> int:
    """Replace the person's name and email in every text column of ``queryset``'s rows."""
    fields = [
        f
        for f in queryset.model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField, models.JSONField)) and not f.choices
    ]
    changed = 0
    for row in queryset.iterator():
        updates = {}
        for f in fields:
            old = getattr(row, f.attname)
            new = _scrub(old, pattern)
            if new != old:
                updates[f.attname] = new
        if updates:
            # A plain QuerySet: the audit log's append-only manager refuses updates, and erasure is
            # the one rewrite the law requires of it (only the name and email are replaced).
            models.QuerySet(queryset.model).filter(pk=row.pk).update(**updates)
            changed += 1
    return changed


def scrub_kept_rows(user: Any, pattern: re.Pattern[str]) -> None:
    """Records others keep that may name the person in free text: their engagements and what was
    written on them, reviews by and about them, the threads of their applications, the audit log."""
    engagements = Engagement.objects.filter(talent=user)
    threads = (
        Q(thread__application__talent=user)
        | Q(thread__engagement__talent=user)
        | Q(thread__connection__talent=user)
        | Q(thread__connection__supervisor=user)
    )
    for queryset in (
        engagements,
        Application.objects.filter(talent=user),
        Milestone.objects.filter(engagement__in=engagements),
        Submission.objects.filter(engagement__in=engagements),
        ChangeRequest.objects.filter(engagement__in=engagements),
        DueDateChangeRequest.objects.filter(engagement__in=engagements),
        Review.objects.filter(Q(author=user) | Q(subject=user) | Q(engagement__in=engagements)),
        Message.objects.filter(threads),
        Hire.objects.filter(talent=user),
        AuditEvent.objects.filter(Q(actor=user) | Q(target_id=str(user.pk)) | _mentions(user)),
    ):
        scrub_rows(queryset, pattern)


def scrub_mentions(identifiers: list[str], pattern: re.Pattern[str]) -> None:
    """What was sent to others that names the person (notifications, emails): found by a scan of
    those tables' text columns (a rare operation; docs/privacy.md) and rewritten."""
    for model, fields in ((Notification, ("title", "body", "url")), (OutgoingEmail, ("subject", "body"))):
        match = Q()
        for value in identifiers:
            for name in fields:
                match |= Q(**{f"{name}__icontains": value})
        scrub_rows(model.objects.filter(match), pattern)


def _mentions(user: Any) -> Q:
    """Audit events whose data names the person's email (an invitation sent to them)."""
    ids = AuditEvent.objects.annotate(data_text=Cast("data", TextField())).filter(data_text__icontains=user.email)
    return Q(pk__in=ids.values("pk"))


def anonymise_user(user: Any, *, email: str) -> None:
    user.email = email
    user.name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.save(update_fields=["email", "name", "password", "is_active", "is_staff", "is_superuser", "last_login"])
