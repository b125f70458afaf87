"""Page-number pagination for the JSON API (docs/api.md, "Lists").

``page`` is 1 to ``MAX_PAGE`` and ``page_size`` 1 to ``MAX_PAGE_SIZE`` (or the endpoint's lower
maximum). Outside those ranges the answer is ``422 page_out_of_range``, never an OFFSET the database
cannot represent; a page past the last item inside the range is an empty ``items`` with the true
``count``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from stint.core.errors import ValidationFailed

MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100


def check_page(page: int, page_size: int, max_page_size: int = MAX_PAGE_SIZE) -> None:
    """Raise ``page_out_of_range`` (422) unless both numbers are in range."""
    errors = []
    if not 1 <= page <= MAX_PAGE:
        errors.append({"field": "page", "message": gettext("Must be between 1 and %(max)s.") % {"max": MAX_PAGE}})
    if not 1 <= page_size <= max_page_size:
        errors.append(
            {"field": "page_size", "message": gettext("Must be between 1 and %(max)s.") % {"max": max_page_size}}
        )
    if errors:
        raise ValidationFailed(
            "; ".join(f"{e['field']}: {e['message']}" for e in errors), code="page_out_of_range", errors=errors
        )


def paginate(queryset: Any, page: int, page_size: int, max_page_size: int = MAX_PAGE_SIZE) -> tuple[list[Any], int]:
    check_page(page, page_size, max_page_size)
    count = queryset.count()
    start = (page - 1) * page_size
    return list(queryset[start : start + page_size]), count
