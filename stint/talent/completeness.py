"""How complete a talent profile is, and what to add next (in the order that helps matching most)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from stint.talent.models import TalentProfile

MIN_SKILLS = 3

# (key, message shown to the talent). Order is the order of the next steps.
STEPS: tuple[tuple[str, Any], ...] = (
    ("headline", _("Add a headline that says who you are in one line.")),
    ("skills", _("Add at least %(count)s skills with your level.")),
    ("weekly_hours", _("Set how many hours a week you can really work.")),
    ("timezone", _("Set your time zone.")),
    ("career_goals", _("Describe your career goals in your own words.")),
    ("target_roles", _("Name the roles you are aiming for.")),
    ("education", _("Add your education.")),
    ("resume", _("Upload your résumé as a PDF.")),
    ("links", _("Add a link to your portfolio, GitHub or LinkedIn.")),
)


def _done(profile: TalentProfile) -> dict[str, bool]:
    # ``.all()`` uses the prefetch cache when the profile came from talent_profile_queryset().
    return {
        "headline": bool(profile.headline.strip()),
        "skills": len(profile.talent_skills.all()) >= MIN_SKILLS,
        "weekly_hours": profile.weekly_hours_confirmed and profile.weekly_hours > 0,
        "timezone": profile.timezone_confirmed and bool(profile.timezone),
        "career_goals": bool(profile.career_goals.strip()),
        "target_roles": bool(profile.target_roles),
        "education": len(profile.education.all()) > 0,
        "resume": bool(profile.resume.name),
        "links": bool(profile.links),
    }


def profile_completeness(profile: TalentProfile) -> dict[str, Any]:
    """``{"percent": 0..100, "next_steps": [{"key", "message"}, …], "done": [keys]}``. Each of the
    nine items weighs the same; ``percent`` is rounded down so 100 means everything is there."""
    done = _done(profile)
    finished = [key for key, _ in STEPS if done[key]]
    next_steps = [
        {"key": key, "message": str(message) % {"count": MIN_SKILLS}} for key, message in STEPS if not done[key]
    ]
    percent = len(finished) * 100 // len(STEPS)
    return {"percent": percent, "next_steps": next_steps, "done": finished}
