"""``import_marketplace``: organizations, projects and talent profiles from JSON lines, in bulk.

This is the one place that writes other apps' tables directly instead of calling their services:
the services create one object at a time (with audit rows, notifications, funds held on publish),
which would take hours for 100,000 projects. The importer enforces the same project rules (hours
5–40, the pay floor of ``STINT_MIN_HOURLY_RATE_MINOR``, dates), reports every rejected line with its
number, and writes in batches (``bulk_create`` and ``executemany`` updates). It is idempotent: every object
is keyed by its ``external_id`` (users by email), so a second run updates instead of duplicating.
Imported open projects do not hold funds: import is for demo and evaluation data and migrations
from another system, not for live money. See docs/import-format.md.

A package by subdomain (ARCHITECTURE rule 9): ``base`` (report, row errors, fast updates),
``reading``, ``users``, ``organizations``, ``projects`` and ``talent`` (with ``import_marketplace``).
Import from ``stint.matching.importer`` as before.
"""

from __future__ import annotations

from stint.matching.importer.base import (
    BATCH,
    KINDS,
    PROJECT_STATUSES,
    VISIBILITIES,
    ImportReport,
    RowError,
    fast_update,
    render_markdown,
)
from stint.matching.importer.organizations import (
    import_organizations,
)
from stint.matching.importer.projects import (
    Lookups,
    import_projects,
)
from stint.matching.importer.reading import (
    read_lines,
)
from stint.matching.importer.talent import (
    import_marketplace,
    import_talent,
)
from stint.matching.importer.users import (
    Users,
)

__all__ = [
    "BATCH",
    "KINDS",
    "PROJECT_STATUSES",
    "VISIBILITIES",
    "ImportReport",
    "Lookups",
    "RowError",
    "Users",
    "fast_update",
    "import_marketplace",
    "import_organizations",
    "import_projects",
    "import_talent",
    "read_lines",
    "render_markdown",
]
