"""Rows of the permission matrix for the marketplace: accounts, notifications, skills, organizations,
talent profiles, projects, applications, messages, engagements and payments."""

from __future__ import annotations

from tests import permission_support as support
from tests.permission_rows import (
    ADVISORS,
    APPLICATION,
    COMPANIES,
    DRAFT_HIDDEN,
    ENGAGEMENT,
    ENGAGEMENT_OUTSIDERS,
    EVERYONE,
    INVOICE,
    MANAGERS,
    MEMBERS,
    ON_DRAFT,
    ON_OPEN,
    ORGANIZATION,
    OTHER_INVOICE,
    PUBLIC,
    TALENT_ONLY,
    TALENTS,
    Row,
    Variant,
    json,
    others,
    role,
    today,
)

ROWS: dict[str, Row] = {
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
    "PATCH /me": Row(EVERYONE, {}, body=json({"language": "fr", "time_zone": "America/Sao_Paulo"})),
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
}
