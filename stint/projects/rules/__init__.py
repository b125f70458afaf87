"""The rules a project must satisfy (PRODUCT.md), in one place.

``project_validate(data)`` is called by the services (create, update, publish) and by the editor's
live checks, so a rule is written once. Each broken rule is reported as
``{"field", "code", "message"}`` with a stable ``code``; tests assert on codes.

``data`` uses the model's field names: ``title, summary, description, category`` (slug, id or
Category), ``skills`` (list of slugs/ids or ``{"skill", "required", "level"}``), ``deliverables``,
``estimated_hours``, ``fee_minor``, ``currency``, ``openings``, ``visibility``,
``application_deadline``, ``response_deadline`` (aware datetimes), ``start_date``, ``due_date``
(dates), ``questions``, ``rubric`` (``[{"criterion", "weight"}]``), ``max_applications``.

A package (ARCHITECTURE rule 9): ``base`` (limits, the Markdown renderer, the resolved result and
value readers), ``pay`` (the pay floor and the pay summary), ``checks`` (one check per group of
fields; the importer calls ``check_size_and_pay``, ``check_openings`` and ``check_duration``) and
``validate`` (``project_validate``, ``validate_and_resolve``, the draft tolerance).
"""

from stint.projects.rules.base import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    MAX_DELIVERABLES,
    MAX_DESCRIPTION,
    MAX_LINE,
    MAX_OPENINGS,
    MAX_QUESTIONS,
    MAX_RUBRIC_CRITERIA,
    MAX_RUBRIC_WEIGHT,
    MAX_SKILLS,
    MAX_SUMMARY,
    MAX_TITLE,
    MIN_OPENINGS,
    ResolvedProject,
    render_description,
)
from stint.projects.rules.checks import (
    check_duration,
    check_openings,
    check_size_and_pay,
)
from stint.projects.rules.pay import (
    PaySummary,
    format_rate,
    min_hourly_rate_minor,
    minimum_fee,
    pay_floor_message,
    pay_summary,
    supported_currencies,
)
from stint.projects.rules.validate import (
    DRAFT_TOLERATED_CODES,
    draft_blocking,
    project_data_from_instance,
    project_validate,
    validate_and_resolve,
)
from stint.projects.rules.zones import (
    MAX_OVERLAP_HOURS,
    MIN_OVERLAP_HOURS,
    check_zone_language_overlap,
    deadlines_as_instants,
)

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "DRAFT_TOLERATED_CODES",
    "MAX_DELIVERABLES",
    "MAX_DESCRIPTION",
    "MAX_LINE",
    "MAX_OPENINGS",
    "MAX_OVERLAP_HOURS",
    "MAX_QUESTIONS",
    "MAX_RUBRIC_CRITERIA",
    "MAX_RUBRIC_WEIGHT",
    "MAX_SKILLS",
    "MAX_SUMMARY",
    "MAX_TITLE",
    "MIN_OPENINGS",
    "MIN_OVERLAP_HOURS",
    "PaySummary",
    "ResolvedProject",
    "check_duration",
    "check_openings",
    "check_size_and_pay",
    "check_zone_language_overlap",
    "deadlines_as_instants",
    "draft_blocking",
    "format_rate",
    "min_hourly_rate_minor",
    "minimum_fee",
    "pay_floor_message",
    "pay_summary",
    "project_data_from_instance",
    "project_validate",
    "render_description",
    "supported_currencies",
    "validate_and_resolve",
]
