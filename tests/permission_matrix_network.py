"""Rows of the permission matrix for search, the planner, recommendations, the skills vocabulary,
advisors, the talent pool and credentials."""

from __future__ import annotations

from tests.permission_rows import (
    ADVISORS,
    APPLICATION,
    COHORT,
    CREDENTIAL,
    DRAFT_HIDDEN,
    ENGAGEMENT,
    ENGAGEMENT_OUTSIDERS,
    EVERYONE,
    INSTITUTION,
    MEMBERS,
    NOT_IN_POOL,
    NOT_IN_POOL_TAG,
    ON_OPEN,
    ORGANIZATION,
    PAID,
    POOL_TALENT,
    PUBLIC,
    TALENT_ONLY,
    TALENTS,
    Row,
    json,
    others,
    today,
)

ROWS: dict[str, Row] = {
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
    # recommendations
    "GET /me/recommendations": Row(TALENTS, TALENT_ONLY),
    "GET /projects/{project_id}/applications/ranked": Row(MEMBERS, others(*MEMBERS), target=ON_OPEN),
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
    # explore: a field's and an occupation's figures are public; the career path is the talent's own
    "GET /explore/fields": Row(EVERYONE, {}, anonymous=PUBLIC),
    "GET /explore/fields/{slug}": Row(EVERYONE, {}, anonymous=PUBLIC, target={"slug": "value:research"}),
    "GET /explore/occupations/{occupation_id}": Row(
        EVERYONE, {}, anonymous=PUBLIC, target={"occupation_id": "occupation"}
    ),
    "GET /me/explore/path": Row(TALENTS, TALENT_ONLY),
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
