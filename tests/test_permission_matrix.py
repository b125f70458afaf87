"""The permission matrix, generated from the OpenAPI document (issue 10, docs/testing.md).

Every operation of ``/api/v1/openapi.json`` has one row in ``MATRIX`` saying which object of the
fixture world (``tests/permission_world.py``) its path parameters name, which personas may use it
and what each other persona gets. A new operation without a row fails
``test_every_operation_has_a_row``. For every row:

* anonymous gets 401, unless the document marks the operation public (``security: []`` or an
  empty requirement), in which case the row states what anonymous gets;
* every refused persona gets its stated status: 404 for another tenant's object (the house rule,
  ARCHITECTURE rule 2), 403 only where a role is missing on a resource that is not secret (a company
  account on a talent-only ``/me`` resource, a plain member on a manager's action, staff-only
  verification, the wrong side of one's own engagement);
* after every refusal the database is unchanged: every table's row count and a hash of all its
  rows equal the world's (``tests/permission_support.py`` lists the excluded tables and columns);
* every allowed persona gets past authorization (neither 401, 403 nor 404, and no 5xx): this proves
  that the refused personas' 404 is about them, not about a path that names nothing.

The world is built once per module inside a transaction; each test runs in a savepoint that is
rolled back, so every test starts from the same rows (measured runtime in docs/testing.md).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from tests import permission_support as support
from tests.permission_world import PERSONAS, World, build_world, store_submission_file

COMPANIES = ("company_owner", "company_admin", "company_member", "other_company_member")
MEMBERS = ("company_owner", "company_admin", "company_member")  # of Acme, the world's organization
MANAGERS = ("company_owner", "company_admin")
TALENTS = ("talent", "other_talent")
ADVISORS = ("advisor", "other_advisor")
EVERYONE = PERSONAS
PUBLIC = "public"  # anonymous is let through (the OpenAPI marks the operation public)

Body = Callable[[World], tuple[str, Any]]


def others(*allowed: str, status: int = 404) -> dict[str, int]:
    """Every persona not in ``allowed`` gets ``status``."""
    return {p: status for p in PERSONAS if p not in allowed}


def role(status: int, *personas: str) -> dict[str, int]:
    return dict.fromkeys(personas, status)


def json(data: Callable[[World], Any] | Any) -> Body:
    return lambda w: ("json", data(w) if callable(data) else data)


def today(days: int = 0) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@dataclass(frozen=True)
class Variant:
    """The same operation on another object of the world, for personas who must not reach it."""

    target: dict[str, str]
    refused: dict[str, int]


@dataclass(frozen=True)
class Row:
    allowed: tuple[str, ...]
    refused: dict[str, int]
    # path parameter → world object, "user:<persona>" or a literal "value:<text>"
    target: dict[str, str] = field(default_factory=dict)
    anonymous: int | str = 401
    body: Body | None = None
    variants: tuple[Variant, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)


ENGAGEMENT = {"engagement_id": "engagement"}
APPLICATION = {"application_id": "application"}
ORGANIZATION = {"organization_id": "organization"}
ON_OPEN = {"project_id": "project_open"}
INSTITUTION = {"institution_id": "institution"}
COHORT = {"cohort_id": "cohort"}
POOL_TALENT = {**ORGANIZATION, "talent_id": "user:talent"}
# ``other_talent`` never worked with or applied to Acme: not in its pool, so a 404 for Acme too.
NOT_IN_POOL = (Variant({**ORGANIZATION, "talent_id": "user:other_talent"}, role(404, *MEMBERS)),)
NOT_IN_POOL_TAG = (
    Variant({**ORGANIZATION, "talent_id": "user:other_talent", "name": "value:writer"}, role(404, *MEMBERS)),
)
CREDENTIAL = {"credential_id": "credential"}
PAID = {"engagement_id": "paid_engagement"}
INVOICE = {**ORGANIZATION, "invoice_id": "invoice"}
OTHER_INVOICE = {**ORGANIZATION, "invoice_id": "other_invoice"}
ON_DRAFT = {"project_id": "project_draft"}
# ``talent`` reaches the unlisted project through its cohort's share and a pool invitation;
# ``other_talent`` has no way in, so its page and everything on it are a 404.
DRAFT_HIDDEN = (
    Variant(ON_DRAFT, role(404, *TALENTS)),
    Variant({"project_id": "project_unlisted"}, role(404, "other_talent")),
)
TALENT_ONLY = role(403, *COMPANIES, *ADVISORS, "staff")  # `talent_role_required` on the caller's own resources
ENGAGEMENT_OUTSIDERS = role(404, "other_company_member", "other_talent", *ADVISORS, "staff")

MATRIX: dict[str, Row] = {
    # accounts
    "POST /auth/signup": Row(
        EVERYONE,
        {},
        anonymous=PUBLIC,
        body=json({"email": "new@example.test", "password": "a long passphrase 42", "name": "New", "role": "talent"}),
    ),
    "POST /auth/email/verification": Row(EVERYONE, {}, anonymous=PUBLIC),
    "POST /auth/token": Row(
        EVERYONE,
        {},
        anonymous=PUBLIC,
        body=json(lambda w: {"email": w.users["talent"].email, "password": "correct-horse-battery-staple"}),
    ),
    "DELETE /auth/token": Row(EVERYONE, {}),
    "GET /me": Row(EVERYONE, {}),
    # notifications
    "GET /me/notifications": Row(EVERYONE, {}),
    "POST /me/notifications/read-all": Row(EVERYONE, {}),
    "POST /notifications/{notification_id}/read": Row(
        ("talent",), others("talent"), target={"notification_id": "notification"}
    ),
    "GET /me/notification-preferences": Row(EVERYONE, {}),
    "PUT /me/notification-preferences": Row(EVERYONE, {}),
    # skills
    "GET /skills": Row(EVERYONE, {}, anonymous=PUBLIC),
    "GET /categories": Row(EVERYONE, {}, anonymous=PUBLIC),
    "GET /skills/{skill_id}": Row(EVERYONE, {}, target={"skill_id": "skill"}, anonymous=PUBLIC),
    # organizations
    "POST /organizations": Row((*COMPANIES, "staff"), role(403, *TALENTS, *ADVISORS)),
    "GET /me/organizations": Row(EVERYONE, {}),
    "POST /organizations/invitations/accept": Row(
        ("other_company_member",),
        others("other_company_member"),
        body=json(lambda w: {"token": w.invitation_token}),
    ),
    "GET /organizations/{organization_id}": Row(EVERYONE, {}, target=ORGANIZATION, anonymous=PUBLIC),
    "PATCH /organizations/{organization_id}": Row(
        MANAGERS, {**others(*MEMBERS), "company_member": 403}, target=ORGANIZATION, body=json({"industry": "Data"})
    ),
    "POST /organizations/{organization_id}/logo": Row(
        MANAGERS, {**others(*MEMBERS), "company_member": 403}, target=ORGANIZATION
    ),
    "DELETE /organizations/{organization_id}/logo": Row(
        MANAGERS, {**others(*MEMBERS), "company_member": 403}, target=ORGANIZATION
    ),
    # Verification is staff work on a public profile: 403 `staff_only`, not a hidden object.
    "POST /organizations/{organization_id}/verify": Row(("staff",), others("staff", status=403), target=ORGANIZATION),
    "GET /organizations/{organization_id}/members": Row(MEMBERS, others(*MEMBERS), target=ORGANIZATION),
    "POST /organizations/{organization_id}/members/{user_id}/role": Row(
        MANAGERS,
        {**others(*MEMBERS), "company_member": 403},
        target={**ORGANIZATION, "user_id": "user:company_member"},
        body=json({"role": "member"}),
    ),
    "DELETE /organizations/{organization_id}/members/{user_id}": Row(
        MANAGERS,
        {**others(*MEMBERS), "company_member": 403},
        target={**ORGANIZATION, "user_id": "user:company_member"},
    ),
    "POST /organizations/{organization_id}/leave": Row(MEMBERS, others(*MEMBERS), target=ORGANIZATION),
    "GET /organizations/{organization_id}/invitations": Row(
        MANAGERS, {**others(*MEMBERS), "company_member": 403}, target=ORGANIZATION
    ),
    "POST /organizations/{organization_id}/invitations": Row(
        MANAGERS,
        {**others(*MEMBERS), "company_member": 403},
        target=ORGANIZATION,
        body=json({"email": "someone@example.test", "role": "member"}),
    ),
    "POST /organizations/{organization_id}/invitations/{invitation_id}/revoke": Row(
        MANAGERS,
        {**others(*MEMBERS), "company_member": 403},
        target={**ORGANIZATION, "invitation_id": "invitation"},
    ),
    # talent profiles
    "GET /me/talent-profile": Row(TALENTS, TALENT_ONLY),
    "PUT /me/talent-profile": Row(TALENTS, TALENT_ONLY),
    "GET /me/talent-profile/completeness": Row(TALENTS, TALENT_ONLY),
    "POST /me/talent-profile/resume": Row(TALENTS, TALENT_ONLY),
    "DELETE /me/talent-profile/resume": Row(TALENTS, TALENT_ONLY),
    # Acme's members see the profile of a talent who applied to Acme; nobody else does.
    "GET /talent-profiles/{profile_id}": Row(
        (*MEMBERS, "talent"), others(*MEMBERS, "talent"), target={"profile_id": "talent_profile"}
    ),
    # projects
    "POST /organizations/{organization_id}/projects": Row(MEMBERS, others(*MEMBERS), target=ORGANIZATION),
    "PATCH /projects/{project_id}": Row(MEMBERS, others(*MEMBERS), target=ON_DRAFT, body=json({"title": "Renamed"})),
    "GET /projects/{project_id}": Row(MEMBERS, others(*MEMBERS), target=ON_DRAFT, anonymous=404),
    "POST /projects/{project_id}/publish": Row(MEMBERS, others(*MEMBERS), target=ON_DRAFT),
    "POST /projects/{project_id}/close": Row(
        MEMBERS, others(*MEMBERS), target=ON_OPEN, body=json({"reason": "Filled elsewhere."})
    ),
    "POST /projects/{project_id}/cancel": Row(
        MEMBERS, others(*MEMBERS), target=ON_OPEN, body=json({"reason": "Budget cut."})
    ),
    "POST /projects/{project_id}/invitations": Row(
        MEMBERS,
        others(*MEMBERS),
        target={"project_id": "project_unlisted"},
        body=json(lambda w: {"talent_email": w.users["other_talent"].email}),
    ),
    "GET /projects": Row(EVERYONE, {}, anonymous=PUBLIC),
    # applications
    "POST /projects/{project_id}/applications": Row(
        TALENTS,
        TALENT_ONLY,
        target=ON_OPEN,
        body=json({"cover_letter": "I would love to work on this. " * 10, "answers": ["My answer."], "links": []}),
        variants=DRAFT_HIDDEN,
    ),
    "GET /projects/{project_id}/applications": Row(MEMBERS, others(*MEMBERS), target=ON_OPEN),
    "GET /me/applications": Row(EVERYONE, {}),
    "GET /applications/rejection-templates": Row(EVERYONE, {}),
    "GET /applications/{application_id}": Row((*MEMBERS, "talent"), others(*MEMBERS, "talent"), target=APPLICATION),
    # Company actions: the applicant is refused like an outsider (the company-side selector is a 404).
    "POST /applications/{application_id}/shortlist": Row(MEMBERS, others(*MEMBERS), target=APPLICATION),
    "POST /applications/{application_id}/reject": Row(
        MEMBERS, others(*MEMBERS), target=APPLICATION, body=json({"reason": "We chose another applicant."})
    ),
    "POST /applications/{application_id}/score": Row(
        MEMBERS,
        others(*MEMBERS),
        target=APPLICATION,
        body=json({"scores": [{"criterion": "Writing", "score": 4}]}),
    ),
    "POST /applications/{application_id}/offer": Row(MEMBERS, others(*MEMBERS), target=APPLICATION),
    # Talent actions: the company is refused like an outsider (the talent-side selector is a 404).
    "POST /applications/{application_id}/accept": Row(("talent",), others("talent"), target=APPLICATION),
    "POST /applications/{application_id}/decline": Row(("talent",), others("talent"), target=APPLICATION),
    "POST /applications/{application_id}/withdraw": Row(("talent",), others("talent"), target=APPLICATION),
    # messages
    "GET /applications/{application_id}/messages": Row(
        (*MEMBERS, "talent"), others(*MEMBERS, "talent"), target=APPLICATION
    ),
    "POST /applications/{application_id}/messages": Row(
        (*MEMBERS, "talent"), others(*MEMBERS, "talent"), target=APPLICATION, body=json({"body": "Hello"})
    ),
    "GET /messages/threads": Row(EVERYONE, {}),
    "GET /messages/threads/{thread_id}/messages": Row(
        (*MEMBERS, "talent"), others(*MEMBERS, "talent"), target={"thread_id": "thread"}
    ),
    "POST /messages/threads/{thread_id}/messages": Row(
        (*MEMBERS, "talent"), others(*MEMBERS, "talent"), target={"thread_id": "thread"}, body=json({"body": "Hi"})
    ),
    "POST /messages/threads/{thread_id}/read": Row(
        (*MEMBERS, "talent"), others(*MEMBERS, "talent"), target={"thread_id": "thread"}
    ),
    # engagements
    "GET /me/engagements": Row(EVERYONE, {}),
    "GET /engagements/{engagement_id}": Row((*MEMBERS, "talent"), others(*MEMBERS, "talent"), target=ENGAGEMENT),
    # The wrong side of one's own engagement is a 403 `wrong_side`: the engagement is theirs to see.
    "POST /engagements/{engagement_id}/time-entries": Row(
        ("talent",),
        {**ENGAGEMENT_OUTSIDERS, **role(403, *MEMBERS)},
        target=ENGAGEMENT,
        body=json(lambda w: {"date": today(), "minutes": 30, "note": "Research"}),
    ),
    "DELETE /engagements/{engagement_id}/time-entries/{entry_id}": Row(
        ("talent",), {**ENGAGEMENT_OUTSIDERS, **role(403, *MEMBERS)}, target={**ENGAGEMENT, "entry_id": "time_entry"}
    ),
    "POST /engagements/{engagement_id}/submissions": Row(
        ("talent",),
        {**ENGAGEMENT_OUTSIDERS, **role(403, *MEMBERS)},
        target=ENGAGEMENT,
        body=lambda w: ("multipart", {"ai_use": "None: written by hand.", "notes": "Done.", "files": support.upload()}),
    ),
    "POST /engagements/{engagement_id}/request-changes": Row(
        MEMBERS,
        {**ENGAGEMENT_OUTSIDERS, "talent": 403},
        target=ENGAGEMENT,
        body=json({"message": "Please add the sources."}),
    ),
    "POST /engagements/{engagement_id}/approve": Row(
        MEMBERS, {**ENGAGEMENT_OUTSIDERS, "talent": 403}, target=ENGAGEMENT
    ),
    "POST /engagements/{engagement_id}/cancel": Row(
        (*MEMBERS, "talent"), ENGAGEMENT_OUTSIDERS, target=ENGAGEMENT, body=json({"reason": "Plans changed."})
    ),
    "POST /engagements/{engagement_id}/dispute": Row(
        (*MEMBERS, "talent"), ENGAGEMENT_OUTSIDERS, target=ENGAGEMENT, body=json({"reason": "Not as agreed."})
    ),
    "POST /engagements/{engagement_id}/resolve": Row(
        ("staff",),
        others("staff"),
        target={"engagement_id": "disputed_engagement"},
        body=json({"talent_amount_minor": 0, "note": "Split."}),
    ),
    "POST /engagements/{engagement_id}/reviews": Row(
        (*MEMBERS, "talent"), ENGAGEMENT_OUTSIDERS, target=ENGAGEMENT, body=json({"rating": 5, "comment": "Great."})
    ),
    "GET /engagements/{engagement_id}/files/{file_id}": Row(
        (*MEMBERS, "talent"), ENGAGEMENT_OUTSIDERS, target={**ENGAGEMENT, "file_id": "submission_file"}
    ),
    "POST /engagements/{engagement_id}/milestones": Row(
        (*MEMBERS, "talent"), ENGAGEMENT_OUTSIDERS, target=ENGAGEMENT, body=json({"title": "First draft"})
    ),
    # Only the company manages milestones (docs/engagements.md): the talent is on the wrong side.
    "PUT /engagements/{engagement_id}/milestones/{milestone_id}": Row(
        MEMBERS,
        {**ENGAGEMENT_OUTSIDERS, "talent": 403},
        target={**ENGAGEMENT, "milestone_id": "milestone"},
        body=json({"title": "Second draft"}),
    ),
    "DELETE /engagements/{engagement_id}/milestones/{milestone_id}": Row(
        MEMBERS, {**ENGAGEMENT_OUTSIDERS, "talent": 403}, target={**ENGAGEMENT, "milestone_id": "milestone"}
    ),
    "POST /engagements/{engagement_id}/overrun": Row(
        MEMBERS, {**ENGAGEMENT_OUTSIDERS, "talent": 403}, target=ENGAGEMENT, body=json({"decision": "approve"})
    ),
    "POST /engagements/{engagement_id}/offer-next": Row(
        MEMBERS, {**ENGAGEMENT_OUTSIDERS, "talent": 403}, target=ENGAGEMENT
    ),
    # payments
    "GET /me/balance": Row(EVERYONE, {}),
    "POST /me/payouts": Row(
        TALENTS, role(403, *COMPANIES, *ADVISORS, "staff"), body=json({"amount_minor": 100, "currency": "USD"})
    ),
    "GET /me/payouts": Row(EVERYONE, {}),
    "GET /organizations/{organization_id}/statement": Row(MEMBERS, others(*MEMBERS), target=ORGANIZATION),
    "GET /projects/{project_id}/funding-quote": Row(MEMBERS, others(*MEMBERS), target=ON_DRAFT),
    # Set-up steps (stint/payments/setup_endpoints.py): any member may add the card publishing uses.
    "GET /organizations/{organization_id}/payment-method": Row(MEMBERS, others(*MEMBERS), target=ORGANIZATION),
    "POST /organizations/{organization_id}/payment-method/setup": Row(
        MEMBERS, others(*MEMBERS), target=ORGANIZATION, body=json({})
    ),
    "POST /organizations/{organization_id}/payment-method/complete": Row(
        MEMBERS, others(*MEMBERS), target=ORGANIZATION, body=json({"card_number": "4242424242424242"})
    ),
    "GET /me/payout-account": Row(TALENTS, TALENT_ONLY),
    "POST /me/payout-account/onboarding": Row(TALENTS, TALENT_ONLY, body=json({})),
    "POST /me/payout-account/complete": Row(TALENTS, TALENT_ONLY),
    "GET /organizations/{organization_id}/invoices": Row(MEMBERS, others(*MEMBERS), target=ORGANIZATION),
    # Receipts: another organization's receipt under Acme's path is a 404 for Acme's members too.
    "GET /organizations/{organization_id}/invoices/{invoice_id}": Row(
        MEMBERS, others(*MEMBERS), target=INVOICE, variants=(Variant(OTHER_INVOICE, role(404, *MEMBERS)),)
    ),
    "GET /organizations/{organization_id}/invoices/{invoice_id}.pdf": Row(
        MEMBERS, others(*MEMBERS), target=INVOICE, variants=(Variant(OTHER_INVOICE, role(404, *MEMBERS)),)
    ),
    # Public, but a request without a valid Stripe signature is refused (400) and writes nothing.
    "POST /payments/webhooks/stripe": Row(
        (),
        others(status=400),
        anonymous=400,
        body=json({"id": "evt_matrix", "type": "payment_intent.succeeded"}),
        settings={"STRIPE_SECRET_KEY": "sk_test_matrix", "STRIPE_WEBHOOK_SECRET": "whsec_matrix"},
    ),
    # search
    "GET /search/projects": Row(EVERYONE, {}, anonymous=PUBLIC),
    "GET /me/saved-searches": Row(EVERYONE, {}),
    "POST /me/saved-searches": Row(EVERYONE, {}, body=json({"name": "Data", "params": {"q": "data"}})),
    "DELETE /me/saved-searches/{saved_search_id}": Row(
        ("talent",), others("talent"), target={"saved_search_id": "saved_search"}
    ),
    # planner
    "GET /me/workload": Row(TALENTS, TALENT_ONLY),
    "GET /me/daily-plan": Row(TALENTS, TALENT_ONLY),
    "GET /me/calendar-url": Row(TALENTS, TALENT_ONLY),
    "POST /me/calendar-url/rotate": Row(TALENTS, TALENT_ONLY),
    "GET /me/capacity-pattern": Row(TALENTS, TALENT_ONLY),
    "PUT /me/capacity-pattern": Row(TALENTS, TALENT_ONLY, body=json({"weekday_hours": [2, 2, 2, 2, 2, 0, 0]})),
    "GET /projects/{project_id}/capacity-check": Row(TALENTS, TALENT_ONLY, target=ON_OPEN, variants=DRAFT_HIDDEN),
    "POST /engagements/{engagement_id}/due-date-requests": Row(
        ("talent",),
        others("talent"),
        target=ENGAGEMENT,
        body=json(lambda w: {"due_date": today(40), "reason": "Exams this week."}),
    ),
    "GET /due-date-requests/{request_id}": Row(
        (*MEMBERS, "talent"), others(*MEMBERS, "talent"), target={"request_id": "due_date_request"}
    ),
    "POST /due-date-requests/{request_id}/accept": Row(
        MEMBERS, {**ENGAGEMENT_OUTSIDERS, "talent": 403}, target={"request_id": "due_date_request"}
    ),
    "POST /due-date-requests/{request_id}/decline": Row(
        MEMBERS, {**ENGAGEMENT_OUTSIDERS, "talent": 403}, target={"request_id": "due_date_request"}
    ),
    # explore: a field's and an occupation's figures are public; the career path is the talent's own
    "GET /explore/fields": Row(EVERYONE, {}, anonymous=PUBLIC),
    "GET /explore/fields/{slug}": Row(EVERYONE, {}, anonymous=PUBLIC, target={"slug": "value:research"}),
    "GET /explore/occupations/{occupation_id}": Row(
        EVERYONE, {}, anonymous=PUBLIC, target={"occupation_id": "occupation"}
    ),
    "GET /me/explore/path": Row(TALENTS, TALENT_ONLY),
    # recommendations
    "GET /me/recommendations": Row(TALENTS, TALENT_ONLY),
    "GET /projects/{project_id}/applications/ranked": Row(MEMBERS, others(*MEMBERS), target=ON_OPEN),
    # coach: checking a letter is applying without sending (the same refusals, nothing written);
    # the feedback after a decision is the applicant's alone (members see scores on the application).
    "POST /projects/{project_id}/applications/check": Row(
        TALENTS,
        TALENT_ONLY,
        target=ON_OPEN,
        body=json({"cover_letter": "I would love to work on this. " * 10, "answers": ["My answer."], "links": []}),
        variants=DRAFT_HIDDEN,
    ),
    "GET /applications/{application_id}/feedback": Row(("talent",), others("talent"), target=APPLICATION),
    # skills: extraction and occupations are public; proposals belong to an organization, confirming
    # them is staff work (403 `staff_only` before saying whether the skill exists).
    "POST /skills/extract": Row(EVERYONE, {}, anonymous=PUBLIC, body=json({"text": "Data analysis in Python."})),
    "GET /occupations": Row(EVERYONE, {}, anonymous=PUBLIC),
    "GET /skills/proposals": Row(("staff",), others("staff", status=403)),
    "POST /skills/{skill_id}/confirm": Row(
        ("staff",),
        others("staff", status=403),
        target={"skill_id": "proposed_skill"},
        body=json(lambda w: {"maps_to": str(w.skill.pk)}),
    ),
    "GET /organizations/{organization_id}/skill-proposals": Row(MEMBERS, others(*MEMBERS), target=ORGANIZATION),
    "POST /organizations/{organization_id}/skill-proposals": Row(
        MEMBERS, others(*MEMBERS), target=ORGANIZATION, body=json({"label": "Matrix proposal"})
    ),
    # advisors: institutions
    "POST /institutions": Row(ADVISORS, others(*ADVISORS, status=403), body=json({"name": "New School"})),
    "GET /institutions": Row(EVERYONE, {}),
    "GET /me/institutions": Row(EVERYONE, {}),
    "POST /institutions/{institution_id}/staff": Row(
        ("advisor",),
        others("advisor"),
        target=INSTITUTION,
        body=json(lambda w: {"email": w.users["other_advisor"].email}),
    ),
    "POST /institutions/{institution_id}/verify": Row(
        ("staff",), others("staff", status=403), target={"institution_id": "unverified_institution"}
    ),
    "POST /institutions/{institution_id}/cohorts": Row(
        ("advisor",), others("advisor"), target=INSTITUTION, body=json({"name": "Class of 2028"})
    ),
    # advisors: cohorts (the advisor runs it, ``talent`` is a member; everyone else gets 404)
    "GET /advisor/cohorts": Row(EVERYONE, {}),
    "GET /me/cohorts": Row(EVERYONE, {}),
    # Joining twice is idempotent (200 with the membership); non-talent accounts 403.
    "POST /cohorts/join": Row(
        TALENTS,
        others(*TALENTS, status=403),
        body=json(lambda w: {"code": w.cohort.invite_code}),
    ),
    "GET /cohorts/{cohort_id}": Row(("advisor", "talent"), others("advisor", "talent"), target=COHORT),
    "GET /cohorts/{cohort_id}/projects": Row(("advisor", "talent"), others("advisor", "talent"), target=COHORT),
    "POST /cohorts/{cohort_id}/rotate-code": Row(("advisor",), others("advisor"), target=COHORT),
    "POST /cohorts/{cohort_id}/leave": Row(("talent",), others("talent"), target=COHORT),
    "GET /cohorts/{cohort_id}/me": Row(("talent",), others("talent"), target=COHORT),
    "POST /cohorts/{cohort_id}/consent": Row(
        ("talent",), others("talent"), target=COHORT, body=json({"share_earnings": True, "share_resume": True})
    ),
    "GET /cohorts/{cohort_id}/dashboard": Row(("advisor",), others("advisor"), target=COHORT),
    "GET /cohorts/{cohort_id}/dashboard.csv": Row(("advisor",), others("advisor"), target=COHORT),
    # advisors: shares and nominations
    "POST /shares": Row(
        ("advisor", *MEMBERS),
        others("advisor", *MEMBERS),
        body=json(lambda w: {"project_id": str(w.project_open.pk), "cohort_id": str(w.cohort.pk)}),
    ),
    "DELETE /shares/{share_id}": Row(("advisor", *MEMBERS), others("advisor", *MEMBERS), target={"share_id": "share"}),
    "GET /me/shared-projects": Row(EVERYONE, {}),
    "POST /cohorts/{cohort_id}/nominations": Row(
        ("advisor",),
        others("advisor"),
        target=COHORT,
        body=json(
            lambda w: {"talent_id": str(w.users["talent"].pk), "project_id": str(w.project_unlisted.pk), "note": "x"}
        ),
    ),
    "GET /me/nominations": Row(EVERYONE, {}),
    "POST /nominations/{nomination_id}/decline": Row(
        ("talent",), others("talent"), target={"nomination_id": "nomination"}
    ),
    "GET /projects/{project_id}/nominations": Row(MEMBERS, others(*MEMBERS), target=ON_OPEN),
    "GET /applications/{application_id}/network": Row(MEMBERS, others(*MEMBERS), target=APPLICATION),
    # advisors: references (asked of ``advisor`` by ``talent``)
    "GET /me/referees": Row(EVERYONE, {}),
    # Only talent ask for references (403 otherwise); ``advisor`` is not other_talent's referee (404).
    "POST /referrals": Row(
        ("talent",),
        {**others("talent", "other_talent", status=403), "other_talent": 404},
        body=json(lambda w: {"referee_id": str(w.users["advisor"].pk), "message": "Please?"}),
    ),
    "GET /me/referrals": Row(EVERYONE, {}),
    "GET /referrals/received": Row(EVERYONE, {}),
    "POST /referrals/{referral_id}/answer": Row(
        ("advisor",), others("advisor"), target={"referral_id": "referral"}, body=json({"text": "Reliable and sharp."})
    ),
    "POST /referrals/{referral_id}/portfolio": Row(
        ("talent",), others("talent"), target={"referral_id": "referral"}, body=json({"show": True})
    ),
    # talent pool (Acme's: ``talent`` worked for it; other tenants get 404)
    "GET /organizations/{organization_id}/pool": Row(MEMBERS, others(*MEMBERS), target=ORGANIZATION),
    "POST /organizations/{organization_id}/pool/{talent_id}/notes": Row(
        MEMBERS, others(*MEMBERS), target=POOL_TALENT, body=json({"body": "Great writer."}), variants=NOT_IN_POOL
    ),
    "POST /organizations/{organization_id}/pool/{talent_id}/tags": Row(
        MEMBERS, others(*MEMBERS), target=POOL_TALENT, body=json({"name": "analyst"}), variants=NOT_IN_POOL
    ),
    "DELETE /organizations/{organization_id}/pool/{talent_id}/tags/{name}": Row(
        MEMBERS, others(*MEMBERS), target={**POOL_TALENT, "name": "value:writer"}, variants=NOT_IN_POOL_TAG
    ),
    "POST /projects/{project_id}/pool-invitations": Row(
        MEMBERS,
        others(*MEMBERS),
        target={"project_id": "project_unlisted"},
        body=json(lambda w: {"talent_id": str(w.users["talent"].pk)}),
    ),
    "GET /projects/{project_id}/pool-invitations": Row(
        MEMBERS, others(*MEMBERS), target={"project_id": "project_unlisted"}
    ),
    "GET /me/pool-invitations": Row(EVERYONE, {}),
    "POST /pool-invitations/{invitation_id}/accept": Row(
        ("talent",), others("talent"), target={"invitation_id": "pool_invitation"}
    ),
    "POST /pool-invitations/{invitation_id}/decline": Row(
        ("talent",), others("talent"), target={"invitation_id": "pool_invitation"}
    ),
    "POST /organizations/{organization_id}/hires": Row(
        MEMBERS,
        others(*MEMBERS),
        target=ORGANIZATION,
        body=json(lambda w: {"talent_id": str(w.users["talent"].pk), "role_title": "Analyst"}),
    ),
    "GET /organizations/{organization_id}/hires": Row(MEMBERS, others(*MEMBERS), target=ORGANIZATION),
    "GET /me/hires": Row(EVERYONE, {}),
    "POST /hires/{hire_id}/answer": Row(
        ("talent",), others("talent"), target={"hire_id": "hire"}, body=json({"confirm": True})
    ),
    "GET /organizations/{organization_id}/network": Row(EVERYONE, {}, target=ORGANIZATION, anonymous=PUBLIC),
    "POST /organizations/{organization_id}/follow": Row(EVERYONE, {}, target=ORGANIZATION),
    "DELETE /organizations/{organization_id}/follow": Row(EVERYONE, {}, target=ORGANIZATION),
    # credentials: verification, the credential and its status are public by design (Open Badges)
    "POST /credentials/verify": Row(
        EVERYONE, {}, anonymous=PUBLIC, body=json(lambda w: {"credential": w.credential.jwt})
    ),
    "GET /credentials/{credential_id}": Row(EVERYONE, {}, target=CREDENTIAL, anonymous=PUBLIC),
    "GET /credentials/{credential_id}/status": Row(EVERYONE, {}, target=CREDENTIAL, anonymous=PUBLIC),
    "POST /credentials/{credential_id}/revoke": Row(
        ("staff",), others("staff"), target=CREDENTIAL, body=json({"reason": "Fraudulent work."})
    ),
    "GET /engagements/{engagement_id}/endorsements": Row((*MEMBERS, "talent"), others(*MEMBERS, "talent"), target=PAID),
    # The talent is on the wrong side (403 `wrong_side`; it was a 404 before the matrix covered it).
    "PUT /engagements/{engagement_id}/endorsements": Row(
        MEMBERS, {**others(*MEMBERS, "talent"), "talent": 403}, target=PAID, body=json({"skills": []})
    ),
    "GET /me/credentials": Row(TALENTS, TALENT_ONLY),
    "GET /me/portfolio": Row(TALENTS, TALENT_ONLY),
    "PUT /me/portfolio": Row(TALENTS, TALENT_ONLY),
    "GET /me/resume.json": Row(TALENTS, TALENT_ONLY),
    # connections: the talent and the member who supervised the work, nobody else (not even a co-member)
    "GET /me/connections": Row(EVERYONE, {}),
    "POST /connections/{connection_id}/reference": Row(
        ("talent", "company_owner"), others("talent", "company_owner"), target={"connection_id": "connection"}
    ),
    "POST /connections/{connection_id}/reference/withdraw": Row(
        ("talent", "company_owner"), others("talent", "company_owner"), target={"connection_id": "connection"}
    ),
    # privacy: everyone has data to take or delete; an export is its owner's only
    "POST /me/data-exports": Row(EVERYONE, {}),
    "GET /me/data-exports": Row(EVERYONE, {}),
    "GET /me/data-exports/{export_id}": Row(("talent",), others("talent"), target={"export_id": "data_export"}),
    # Only through the signed link of its status (15 minutes): without one, its owner gets a 404 too.
    "GET /me/data-exports/{export_id}/download": Row((), others(), target={"export_id": "data_export"}),
    # The default body's password is wrong (422): past authorization, and nothing is deleted.
    "POST /me/delete": Row(EVERYONE, {}),
}


# --- the world ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[tuple[World, dict[str, Any]]]:
    """The world and its snapshot, built once; each test's own transaction is a savepoint inside."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built, support.snapshot()
        transaction.set_rollback(True)


DOCUMENT = support.api_document()
OPERATIONS = support.operations(DOCUMENT)


def _path(op: support.Operation, target: dict[str, str], w: World) -> str:
    values = {}
    for name in re.findall(r"{(\w+)}", op.path):
        ref = target[name]
        if ref.startswith("value:"):
            values[name] = ref.removeprefix("value:")
        elif ref.startswith("user:"):
            values[name] = w.users[ref.removeprefix("user:")].pk
        else:
            values[name] = w.objects[ref].pk
    return op.path.format(**values)


def _body(op: support.Operation, row: Row, w: World) -> tuple[str, Any] | None:
    if row.body is not None:
        return row.body(w)
    return support.default_body(op, DOCUMENT)


def _request(key: str, persona: str | None, w: World, settings: Any, target: dict[str, str] | None = None) -> Any:
    op, row = OPERATIONS[key], MATRIX[key]
    for name, value in row.settings.items():
        setattr(settings, name, value)
    store_submission_file(w)
    return support.call(
        op.method, _path(op, target or row.target, w), headers=w.headers(persona), body=_body(op, row, w)
    )


def _assert_refused(response: Any, expected: int, baseline: dict[str, Any], what: str) -> None:
    assert response.status_code == expected, f"{what}: {response.status_code} {response.content[:300]!r}"
    assert response["Content-Type"].startswith("application/problem+json"), what
    changed = support.changed_tables(baseline, support.snapshot())
    assert not changed, f"{what} was refused but changed {changed}"


# --- the cases ---------------------------------------------------------------------------------------


def _cases() -> dict[str, list[Any]]:
    anonymous, refused, allowed = [], [], []
    for key in sorted(MATRIX):
        row = MATRIX[key]
        anonymous.append(pytest.param(key, id=key))
        for persona, status in sorted(row.refused.items()):
            refused.append(pytest.param(key, persona, status, None, id=f"{key} as {persona}"))
        for n, variant in enumerate(row.variants):
            for persona, status in sorted(variant.refused.items()):
                refused.append(pytest.param(key, persona, status, n, id=f"{key} as {persona} (variant {n})"))
        for persona in row.allowed:
            allowed.append(pytest.param(key, persona, id=f"{key} as {persona}"))
    return {"anonymous": anonymous, "refused": refused, "allowed": allowed}


CASES = _cases()


def test_every_operation_has_a_row() -> None:
    missing = sorted(OPERATIONS.keys() - MATRIX.keys())
    stale = sorted(MATRIX.keys() - OPERATIONS.keys())
    assert not missing, f"operations without a row in MATRIX: {missing}"
    assert not stale, f"rows for operations that no longer exist: {stale}"


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_every_row_places_every_persona_once(key: str) -> None:
    row = MATRIX[key]
    assert set(row.allowed).isdisjoint(row.refused), key
    assert set(row.allowed) | set(row.refused) == set(PERSONAS), f"{key}: say what each persona gets"
    op = OPERATIONS[key]
    assert set(re.findall(r"{(\w+)}", op.path)) == set(row.target), f"{key}: the target names each path parameter"
    if row.anonymous == PUBLIC or row.anonymous != 401:
        assert op.is_public, f"{key}: only an operation the OpenAPI marks public may let anonymous past 401"


@pytest.mark.parametrize("key", [p.values[0] for p in CASES["anonymous"]])
def test_anonymous(key: str, world: Any, db: Any, settings: Any) -> None:
    w, baseline = world
    op, row = OPERATIONS[key], MATRIX[key]
    response = _request(key, None, w, settings)
    if row.anonymous == PUBLIC:
        assert op.is_public, key
        assert response.status_code not in (401, 403, 404) and response.status_code < 500, (
            f"{key}: anonymous {response.status_code} {response.content[:300]!r}"
        )
        return
    if row.anonymous == 401:
        assert not op.is_public, f"{key}: the OpenAPI marks it public, so the row must say what anonymous gets"
    _assert_refused(response, int(row.anonymous), baseline, f"{key} as anonymous")


@pytest.mark.parametrize(("key", "persona", "status", "variant"), CASES["refused"])
def test_refused(key: str, persona: str, status: int, variant: int | None, world: Any, db: Any, settings: Any) -> None:
    w, baseline = world
    target = MATRIX[key].variants[variant].target if variant is not None else None
    response = _request(key, persona, w, settings, target)
    _assert_refused(response, status, baseline, f"{key} as {persona}")


@pytest.mark.parametrize(("key", "persona"), CASES["allowed"])
def test_allowed(key: str, persona: str, world: Any, db: Any, settings: Any) -> None:
    w, _ = world
    response = _request(key, persona, w, settings)
    assert response.status_code not in (401, 403, 404) and response.status_code < 500, (
        f"{key} as {persona}: {response.status_code} {response.content[:300]!r}"
    )


def test_the_matrix_is_large_enough() -> None:
    """Counts reported in docs/testing.md; a shrinking matrix is a regression."""
    refusals = len(CASES["anonymous"]) + len(CASES["refused"])
    assert len(MATRIX) == len(OPERATIONS) >= 166
    assert refusals >= 980, refusals


def test_the_snapshot_sees_a_single_changed_value(world: Any, db: Any) -> None:
    """The "nothing changed" check is not vacuous: one changed column of one row is seen, and the
    excluded token stamp is not."""
    from stint.accounts.models import ApiToken
    from stint.notifications.models import Notification

    w, baseline = world
    assert support.changed_tables(baseline, support.snapshot()) == []
    ApiToken.objects.update(last_used_at=timezone.now())
    assert support.changed_tables(baseline, support.snapshot()) == []
    Notification.objects.filter(pk=w.notification.pk).update(title="Hello!")
    assert support.changed_tables(baseline, support.snapshot()) == ["notifications_notification"]
