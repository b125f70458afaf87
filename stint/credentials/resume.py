"""The talent's JSON Resume document (https://jsonresume.org/schema, v1.0.0 / npm 1.3.1): basics,
education, skills with keywords, each verified Stint project with its credential's verification URL,
and the credentials as certificates. Never the email, phone, pay or messages."""

from __future__ import annotations

from typing import Any

from stint.credentials import keys, selectors
from stint.credentials.models import Portfolio
from stint.talent.selectors import talent_profile_for_user


def _level(level: int) -> str:
    return {1: "Beginner", 2: "Developing", 3: "Competent", 4: "Proficient", 5: "Expert"}.get(level, "")


def resume_for_user(user: Any) -> dict[str, Any]:
    profile = talent_profile_for_user(user)
    basics = _basics(user, profile)
    projects, certificates = _projects_and_certificates(user)
    return {
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": basics,
        "education": _education(profile),
        "skills": _skills(user, profile),
        "projects": projects,
        "certificates": certificates,
        "meta": {"canonical": basics.get("url", keys.site_url() + "/"), "version": "v1.0.0"},
    }


def _basics(user: Any, profile: Any) -> dict[str, Any]:
    """Name, headline, goals, the published portfolio's URL and the profile's web links."""
    portfolio = Portfolio.objects.filter(user=user, published=True).exclude(slug=None).first()
    basics: dict[str, Any] = {
        "name": user.name or "",
        "label": profile.headline or "",
        "summary": profile.career_goals or "",
    }
    if portfolio:
        basics["url"] = f"{keys.site_url()}/portfolio/{portfolio.slug}/"
    basics["profiles"] = [
        {"network": "Web", "url": str(link)} for link in (profile.links or []) if str(link).startswith("http")
    ]
    return basics


def _education(profile: Any) -> list[dict[str, Any]]:
    education = []
    for school in profile.education.all():
        degree: dict[str, Any] = {"institution": school.institution, "area": school.programme or ""}
        if school.graduation_year:
            degree["endDate"] = str(school.graduation_year)
        education.append(degree)
    return education


def _skills(user: Any, profile: Any) -> list[dict[str, Any]]:
    """The declared skills with their level, then skills only endorsed, with their count."""
    endorsed = {s["label"]: s for s in selectors.skill_counts(talent=user)}
    skills = []
    for ts in profile.talent_skills.select_related("skill"):
        keywords = [ts.skill.label, *[str(s) for s in (ts.skill.synonyms or [])[:4]]]
        skills.append({"name": ts.skill.label, "level": _level(ts.level), "keywords": keywords})
    declared = {s["name"] for s in skills}
    for label, counted in endorsed.items():
        if label not in declared:
            skills.append({"name": label, "level": "", "keywords": [label, f"endorsed {counted['count']}×"]})
    return skills


def _projects_and_certificates(user: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each verified Stint project; a project with a credential links its verification URL and is
    listed again as a certificate."""
    projects = []
    certificates = []
    for entry in selectors.project_entries(talent=user, public=False):
        item = {
            "name": entry["title"],
            "description": entry["summary"] or f"Micro-internship for {entry['organization']}.",
            "entity": entry["organization"],
            "type": "micro-internship",
            "startDate": entry["started"].isoformat(),
            "endDate": entry["completed"].isoformat(),
            "highlights": [
                f"{entry['hours']:g} hours",
                *[f"{s['label']} ({_level(s['level'])})" for s in entry["skills"]],
            ],
            "keywords": [s["label"] for s in entry["skills"]],
            "roles": ["Micro-intern"],
        }
        if entry["verify_url"]:
            item["url"] = entry["verify_url"]
            certificates.append(
                {
                    "name": entry["title"],
                    "date": entry["completed"].isoformat(),
                    "issuer": f"Stint for {entry['organization']}",
                    "url": entry["verify_url"],
                }
            )
        projects.append(item)
    return projects, certificates
