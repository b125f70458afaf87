"""Which tables hold data about a person, and what the export copies from each (docs/privacy.md).

``EXPORT`` lists every table the person's copy is read from: a file name in the zip, the model, the
lookup that selects *their* rows and the columns left out (secrets, and the ids of other people on
rows about them). ``NOT_EXPORTED`` names every other table with a link to a user and says why it is
left out. ``tests/test_catalogue.py`` fails when a model with a foreign key to the user model is in
neither, so a new table cannot be forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import models

from stint.accounts.models import ApiToken, User
from stint.advisors.models import Cohort, CohortMember, InstitutionStaff, Nomination, ProjectShare, Referral
from stint.applications.models import Application, RubricScore
from stint.core.models import AuditEvent
from stint.credentials.models import Credential, Endorsement, Portfolio, Reference
from stint.engagements.models import ChangeRequest, Engagement, Milestone, Review, Submission, SubmissionFile, TimeEntry
from stint.matching.models import SavedSearch
from stint.messaging.models import Connection, Message, ThreadReadMarker
from stint.notifications.models import Notification, NotificationPreference
from stint.organizations.models import Membership
from stint.payments.models import LedgerAccount, LedgerTransaction, Payout, PayoutAccount
from stint.planner.models import CalendarFeed, CapacityPattern, DueDateChangeRequest
from stint.projects.models import ProjectInvitation
from stint.talent.models import BlockedPeriod, Education, TalentProfile, TalentSkill
from stint.talentpool.models import Follow, Hire, PoolInvitation, PoolNote, PoolTag


@dataclass(frozen=True)
class Table:
    name: str
    model: type[models.Model]
    lookup: str  # the path from the row to the user: "user", "profile__user", …
    exclude: tuple[str, ...] = field(default=())

    def rows(self, user: Any) -> models.QuerySet[Any]:
        value = user.pk if self.lookup == "pk" else user
        return self.model._default_manager.filter(**{self.lookup: value}).order_by("pk")


EXPORT: tuple[Table, ...] = (
    Table("account", User, "pk", exclude=("password",)),
    Table("email_addresses", EmailAddress, "user"),
    Table("two_factor_methods", Authenticator, "user", exclude=("data",)),
    Table("api_tokens", ApiToken, "user", exclude=("key_hash",)),
    Table("talent_profile", TalentProfile, "user"),
    Table("education", Education, "profile__user"),
    Table("talent_skills", TalentSkill, "profile__user"),
    Table("blocked_periods", BlockedPeriod, "profile__user"),
    Table("organization_memberships", Membership, "user"),
    Table("institution_roles", InstitutionStaff, "user"),
    Table("applications", Application, "talent", exclude=("nominated_by",)),
    Table("application_scores", RubricScore, "application__talent", exclude=("scored_by",)),
    Table("engagements", Engagement, "talent", exclude=("disputed_by", "overrun_decided_by")),
    Table("milestones", Milestone, "engagement__talent"),
    Table("time_entries", TimeEntry, "talent"),
    Table("submissions", Submission, "submitted_by"),
    Table("submission_files", SubmissionFile, "submission__submitted_by"),
    Table("change_requests", ChangeRequest, "engagement__talent", exclude=("requested_by",)),
    Table("due_date_change_requests", DueDateChangeRequest, "requested_by", exclude=("decided_by",)),
    Table("reviews_written", Review, "author", exclude=("subject",)),
    Table("reviews_received", Review, "subject", exclude=("author",)),
    Table("messages_written", Message, "author"),
    Table("connections_as_talent", Connection, "talent", exclude=("supervisor",)),
    Table("connections_as_supervisor", Connection, "supervisor", exclude=("talent",)),
    Table("references_on_your_portfolio", Reference, "connection__talent"),
    Table("references_you_give", Reference, "connection__supervisor"),
    Table("message_read_markers", ThreadReadMarker, "user"),
    Table("notifications", Notification, "user"),
    Table("notification_preferences", NotificationPreference, "user"),
    Table("saved_searches", SavedSearch, "user"),
    Table("capacity_pattern", CapacityPattern, "user"),
    Table("calendar_feed", CalendarFeed, "user", exclude=("token",)),
    Table("credentials", Credential, "talent"),
    Table("endorsements", Endorsement, "talent", exclude=("endorsed_by",)),
    Table("portfolio", Portfolio, "user"),
    Table("cohort_memberships", CohortMember, "talent"),
    Table("cohorts_owned", Cohort, "owner"),
    Table("projects_shared_with_you", ProjectShare, "talent", exclude=("shared_by",)),
    Table("nominations", Nomination, "talent", exclude=("advisor",)),
    Table("references_asked", Referral, "talent", exclude=("referee",)),
    Table("references_written", Referral, "referee", exclude=("talent",)),
    Table("project_invitations", ProjectInvitation, "talent", exclude=("invited_by",)),
    Table("pool_invitations", PoolInvitation, "talent", exclude=("invited_by",)),
    Table("pool_notes_about_you", PoolNote, "talent", exclude=("author",)),
    Table("pool_tags_about_you", PoolTag, "talent"),
    Table("hires", Hire, "talent", exclude=("recorded_by",)),
    Table("follows", Follow, "user"),
    Table("ledger_accounts", LedgerAccount, "user"),
    Table("ledger_transactions", LedgerTransaction, "user", exclude=("created_by",)),
    Table("payouts", Payout, "user"),
    Table("payout_account", PayoutAccount, "user"),
    Table("activity_log", AuditEvent, "actor"),
)

# (app_label.ModelName, field) pairs with a link to a user that the export does not read, and why.
NOT_EXPORTED: dict[str, str] = {
    "core.IdempotencyKey.user": "technical replay records of API requests (deleted with the account)",
    "privacy.DataExport.user": "the export requests themselves",
    "admin.LogEntry.user": "staff actions in the admin",
    "advisors.Institution.verified_by": "a staff decision about an institution",
    "advisors.ProjectShare.shared_by": "an advisor's action; the share is exported to the student it names",
    "advisors.Nomination.advisor": "an advisor's action; the nomination is exported to the student",
    "applications.Application.nominated_by": "an advisor's action; the application is the talent's",
    "applications.RubricScore.scored_by": "a company member's work on someone else's application",
    "credentials.Endorsement.endorsed_by": "a company member's action; exported to the talent",
    "credentials.Publication.decided_by": "a company member's decision about a deliverable",
    "engagements.Engagement.disputed_by": "the engagement is exported to its talent",
    "engagements.Engagement.overrun_decided_by": "a company member's decision",
    "engagements.ChangeRequest.requested_by": "a company member's request; exported to the talent",
    "organizations.Organization.verified_by": "a staff decision about an organization",
    "organizations.Invitation.invited_by": "an organization's record",
    "organizations.Invitation.accepted_by": "an organization's record; the membership is exported",
    "payments.LedgerTransaction.created_by": "who moved the money on the organization's side",
    "payments.Funding.created_by": "an organization's payment",
    "planner.DueDateChangeRequest.decided_by": "a company member's decision",
    "projects.Project.created_by": "an organization's project",
    "projects.ProjectInvitation.invited_by": "a company member's action; exported to the invited talent",
    "skills.SkillProposal.proposed_by": "a suggestion to the shared skills catalogue",
    "talentpool.PoolNote.author": "a member's note; exported (without its author) to the talent it is about",
    "talentpool.PoolInvitation.invited_by": "a member's action; exported to the invited talent",
    "talentpool.Hire.recorded_by": "a member's action; exported to the hired talent",
}

# Tables without a user foreign key that hold a user's email address as text.
BY_EMAIL = ("organizations.Invitation.email", "notifications.OutgoingEmail.to")


def exported_links() -> set[str]:
    """``app.Model.field`` of every user link the export reads (for the completeness test)."""
    out: set[str] = set()
    for table in EXPORT:
        first = table.lookup.split("__")[0]
        if first == "pk":
            continue
        out.add(f"{table.model._meta.label}.{first}")
    return out
