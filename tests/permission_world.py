"""The fixture world of the permission matrix (``tests/test_permission_matrix.py``).

Two organizations (Acme: owner, admin, member; Globex: its owner, who is "another tenant" for
Acme's objects), Acme's projects in three states (open and public, draft, open but unlisted), a
Globex project, an application of ``talent`` to Acme's open project, an application of
``other_talent`` to Globex's project, an active engagement of ``talent`` on another Acme project
(with a time entry, a delivered file and a pending due-date request), a disputed engagement of
``talent`` (staff may resolve it), a pending Acme invitation of Globex's owner, a
notification and a saved search of ``talent``, a skill, staff, and one API token per persona.

Built once per test module with plain model writes and the apps' test factories, so it does not
depend on which service or flow creates these rows in production.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

import stint.organizations.testing
import stint.payments.testing  # noqa: F401  (their card on file and payout accounts, as in conftest)
from stint.accounts.services import token_issue
from stint.advisors.models import Nomination, ProjectShare, Referral
from stint.advisors.testing import cohort_for, institution_for
from stint.applications.tests.factories import ApplicationFactory
from stint.core.testing.personas import Personas
from stint.credentials.models import Portfolio
from stint.credentials.services import credential_issue_for_engagement
from stint.engagements.models import Engagement, Milestone, Submission, SubmissionFile, TimeEntry
from stint.matching.models import SavedSearch
from stint.messaging.models import Connection, Message, Thread
from stint.notifications.models import Notification
from stint.organizations.models import Invitation
from stint.organizations.services import hash_invitation_token, invitation_token
from stint.payments.models import Funding
from stint.planner.models import DueDateChangeRequest
from stint.privacy.models import DataExport
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.skills.models import Occupation
from stint.skills.proposals import skill_propose
from stint.skills.tests.factories import SkillFactory
from stint.talent.tests.factories import TalentProfileFactory
from stint.talentpool.models import Follow, Hire, PoolInvitation, PoolTag

# Everyone who calls the API in the matrix. ``anonymous`` sends no credentials.
PERSONAS = (
    "company_owner",
    "company_admin",
    "company_member",
    "other_company_member",
    "talent",
    "other_talent",
    "advisor",
    "other_advisor",
    "staff",
)
FILE_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def headers(self, persona: str | None) -> dict[str, str]:
        if persona is None:
            return {}
        return {"Authorization": f"Bearer {self.tokens[persona]}"}


def _projects_and_engagements(world: World) -> None:
    """Acme's projects (open, draft, unlisted, with a hire, in dispute), Globex's, the applications and the active engagement."""
    o = world.objects
    o["project_open"] = ProjectFactory(organization=o["organization"], title="Open public project")
    ProjectSkillFactory(project=o["project_open"], skill=o["skill"])
    o["project_draft"] = ProjectFactory(
        organization=o["organization"], title="Draft project", status=ProjectStatus.DRAFT, published_at=None
    )
    o["project_unlisted"] = ProjectFactory(
        organization=o["organization"], title="Unlisted project", visibility=Visibility.UNLISTED
    )
    o["project_hired"] = ProjectFactory(organization=o["organization"], title="Project with a hire")
    o["project_disputed"] = ProjectFactory(organization=o["organization"], title="Project in dispute")
    o["other_project"] = ProjectFactory(organization=o["other_organization"], title="Globex project")

    o["application"] = ApplicationFactory(project=o["project_open"], talent=world.users["talent"])
    o["other_application"] = ApplicationFactory(project=o["other_project"], talent=world.users["other_talent"])
    hired = ApplicationFactory(project=o["project_hired"], talent=world.users["talent"], status="hired")
    project = o["project_hired"]
    o["engagement"] = Engagement.objects.create(
        application=hired,
        project=project,
        talent=world.users["talent"],
        status="active",
        fee_minor=project.fee_minor,
        currency=project.currency,
        due_date=project.due_date,
    )


def _work(world: World) -> None:
    """The engagement's time entry, delivered file, milestone and due-date request, and the disputed engagement."""
    o = world.objects
    talent = world.users["talent"]
    project = o["project_hired"]
    o["time_entry"] = TimeEntry.objects.create(
        engagement=o["engagement"], talent=talent, date=timezone.localdate(), minutes=60, note="work"
    )
    submission = Submission.objects.create(
        engagement=o["engagement"], round=1, notes="Draft", ai_use="None", submitted_by=talent
    )
    o["submission_file"] = SubmissionFile.objects.create(
        submission=submission,
        file=f"deliverables/{o['engagement'].pk}/matrix-file",
        original_name="report.pdf",
        size=len(FILE_BYTES),
        content_type="application/pdf",
    )
    o["milestone"] = Milestone.objects.create(engagement=o["engagement"], title="First draft")
    o["due_date_request"] = DueDateChangeRequest.objects.create(
        engagement=o["engagement"],
        requested_by=talent,
        previous_due_date=project.due_date,
        proposed_due_date=project.due_date + datetime.timedelta(days=7),
        reason="A week more, please.",
    )
    disputed = ApplicationFactory(project=o["project_disputed"], talent=world.users["talent"], status="hired")
    o["disputed_engagement"] = Engagement.objects.create(
        application=disputed,
        project=o["project_disputed"],
        talent=world.users["talent"],
        status="disputed",
        disputed_at=timezone.now(),
        fee_minor=o["project_disputed"].fee_minor,
        currency=o["project_disputed"].currency,
        due_date=o["project_disputed"].due_date,
    )


def _company_side(world: World) -> None:
    """An invitation to Acme, a notification, a saved search and the application's conversation."""
    o = world.objects
    talent = world.users["talent"]
    # Acme invites Globex's owner: only that account may accept (everyone else gets 404).
    invitation = Invitation.objects.create(
        organization=o["organization"],
        email=world.users["other_company_member"].email,
        role="member",
        token_hash=hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
        invited_by=world.users["company_owner"],
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    o["invitation_token"] = invitation_token(invitation)
    invitation.token_hash = hash_invitation_token(o["invitation_token"])
    invitation.save(update_fields=["token_hash"])
    o["invitation"] = invitation
    o["notification"] = Notification.objects.create(user=talent, event="matrix.test", title="Hello")
    o["saved_search"] = SavedSearch.objects.create(
        user=talent, name="Data", params={"q": "data"}, last_sent_at=timezone.now()
    )
    # The application's conversation: Acme wrote, the talent has not read it yet.
    o["thread"] = Thread.objects.create(application=o["application"])
    Message.objects.create(thread=o["thread"], author=world.users["company_owner"], body="When can you start?")


def _receipts(world: World) -> None:
    """Receipts: Acme's and Globex's succeeded publish charges (an invoice's id is its charge's id)."""
    o = world.objects
    for key, project in (("invoice", o["project_hired"]), ("other_invoice", o["other_project"])):
        o[key] = Funding.objects.create(
            project=project,
            organization=project.organization,
            amount_minor=project.fee_minor + 100,
            held_minor=project.fee_minor,
            platform_fee_minor=100,
            currency=project.currency,
            openings=1,
            status="succeeded",
            completed_at=timezone.now(),
            idempotency_key=f"matrix-{key}",
        )


def build_world() -> World:
    people = Personas()
    world = World()
    for name in PERSONAS:
        world.users[name] = getattr(people, name)
    o = world.objects
    o["organization"] = people.organization
    o["other_organization"] = people.other_organization
    o["skill"] = SkillFactory(slug="matrix-skill")
    o["occupation"] = Occupation.objects.create(
        slug="matrix-analyst", label="matrix analyst", esco_uri="http://data.europa.eu/esco/occupation/matrix"
    )
    for name in ("talent", "other_talent"):
        o[f"{name}_profile"] = TalentProfileFactory(user=world.users[name])

    _projects_and_engagements(world)
    _work(world)
    _company_side(world)
    _network(world)
    _receipts(world)
    for name in PERSONAS:
        _, world.tokens[name] = token_issue(user=world.users[name], name="matrix")
    return world


def store_submission_file(world: World) -> None:
    """Put the delivered file's bytes where the (per-test) private storage looks for them."""
    item = world.submission_file
    storage = item.file.storage
    if not storage.exists(item.file.name):
        storage.save(item.file.name, ContentFile(FILE_BYTES))


def _network(world: World) -> None:
    """The advisors', talent pool's and credentials' objects: ``advisor`` runs a cohort of Lakeside
    University with ``talent`` in it (and nominated, shared and asked for a reference);
    ``other_advisor`` works at another institution. A paid engagement of ``talent`` with Acme carries
    a credential; Acme invited ``talent`` from its pool, recorded a hire of ``talent`` and is
    followed by ``talent``."""
    o, users = world.objects, world.users
    talent, advisor = users["talent"], users["advisor"]
    o["institution"] = institution_for(advisor)
    o["other_institution"] = institution_for(users["other_advisor"], name="Hillside College")
    o["unverified_institution"] = institution_for(users["other_advisor"], name="Unverified School", verified=False)
    o["cohort"] = cohort_for(advisor, talent, institution=o["institution"])
    o["other_cohort"] = cohort_for(users["other_advisor"], institution=o["other_institution"], name="Other class")
    o["share"] = ProjectShare.objects.create(
        project=o["project_unlisted"], cohort=o["cohort"], shared_by=advisor, note="Worth a look"
    )
    o["nomination"] = Nomination.objects.create(
        cohort=o["cohort"], project=o["project_open"], talent=talent, advisor=advisor, note="A strong writer."
    )
    o["referral"] = Referral.objects.create(
        talent=talent, referee=advisor, relation="advisor", context=o["cohort"].name, message="Please?"
    )
    project = ProjectFactory(organization=o["organization"], title="Paid project")
    paid = ApplicationFactory(project=project, talent=talent, status="hired")
    o["paid_engagement"] = Engagement.objects.create(
        application=paid,
        project=project,
        talent=talent,
        status="paid",
        fee_minor=project.fee_minor,
        currency=project.currency,
        due_date=project.due_date,
    )
    o["credential"] = credential_issue_for_engagement(engagement=o["paid_engagement"])
    Portfolio.objects.create(user=talent)
    o["pool_invitation"] = PoolInvitation.objects.create(
        organization=o["organization"], project=o["project_unlisted"], talent=talent, invited_by=users["company_owner"]
    )
    o["hire"] = Hire.objects.create(
        organization=o["organization"], talent=talent, recorded_by=users["company_owner"], role_title="Analyst"
    )
    PoolTag.objects.create(organization=o["organization"], talent=talent, name="writer")
    Follow.objects.create(organization=o["organization"], user=talent)
    o["data_export"] = DataExport.objects.create(user=talent)
    o["connection"] = Connection.objects.create(
        talent=talent, supervisor=users["company_owner"], engagement=o["paid_engagement"]
    )
    Thread.objects.create(connection=o["connection"])
    proposal = skill_propose(
        organization_id=o["organization"].pk, actor=users["company_owner"], label="Matrix stitching"
    )
    o["proposed_skill"] = proposal.skill
