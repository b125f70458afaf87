"""Reusable, bounded pydantic types for the JSON API (docs/api.md, "Limits").

Every number, date and list a client sends is bounded here, at the edge, so that a hostile value is
a ``422`` with a field error instead of an overflow deep in the ORM or the database (a 32-bit column
overflowing on PostgreSQL, ``date + timedelta`` past year 9999, ``Infinity`` in a float column).
The bounds are the columns' ranges or the business's, whichever is tighter, and they appear in the
OpenAPI document (``minimum``/``maximum``/``maxItems``/``maxLength``) because they are pydantic
constraints. Business rules that have their own stable codes (``hours_out_of_range``…) stay in the
services; these types only keep values inside what the storage can hold.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field, PlainValidator, TypeAdapter

# --- Integers --------------------------------------------------------------------------------------
INT32_MAX = 2**31 - 1  # PositiveIntegerField on PostgreSQL
SMALLINT_MAX = 2**15 - 1  # PositiveSmallIntegerField on PostgreSQL
# The largest amount the API accepts, in minor units (10,000,000.00 in a two-decimal currency). Fees,
# payouts and settlements stay far below it; it keeps fee × openings and every sum of the ledger
# inside 64 bits and a single fee inside its 32-bit column.
MAX_AMOUNT_MINOR = 1_000_000_000

PositiveInt32 = Annotated[int, Field(ge=0, le=INT32_MAX)]
PositiveSmallInt = Annotated[int, Field(ge=0, le=SMALLINT_MAX)]
AmountMinor = Annotated[int, Field(ge=0, le=MAX_AMOUNT_MINOR, description="Minor units (e.g. cents)")]
# A filter on an amount (``min_fee``, ``min_hourly_rate``): the same range.
AmountFilter = Annotated[int, Field(ge=0, le=MAX_AMOUNT_MINOR)]
HoursFilter = Annotated[int, Field(ge=0, le=SMALLINT_MAX)]

# --- Floats ----------------------------------------------------------------------------------------
# JSON has no Infinity or NaN; the API's parser refuses them in bodies, and this refuses "inf"/"nan"
# in query strings and forms.
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
DayHours = Annotated[float, Field(ge=0, le=24, allow_inf_nan=False, description="Hours in one day, 0 to 24")]

# --- Dates and times -------------------------------------------------------------------------------
# Dates a client sends must fall in this window: wide enough for any real plan or history, far enough
# from year 9999 that date arithmetic (a due date plus a review window, a week's end) cannot overflow.
DATE_MIN = datetime.date(2000, 1, 1)
DATE_MAX = datetime.date(2999, 12, 31)
_WINDOW = f"between {DATE_MIN.isoformat()} and {DATE_MAX.isoformat()}"


def _date_in_window(value: datetime.date) -> datetime.date:
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValueError(f"The date must be {_WINDOW}.")
    return value


def _datetime_in_window(value: datetime.datetime) -> datetime.datetime:
    _date_in_window(value.astimezone(datetime.UTC).date())
    return value


ApiDate = Annotated[
    datetime.date,
    AfterValidator(_date_in_window),
    Field(
        description=f"YYYY-MM-DD, {_WINDOW}",
        json_schema_extra={"formatMinimum": DATE_MIN.isoformat(), "formatMaximum": DATE_MAX.isoformat()},
    ),
]
# A moment in time must say its offset ("2026-12-09T17:00:00+02:00" or "…Z"): a naive date-time would
# have to be guessed in some zone, and comparing it with aware ones fails.
ApiDateTime = Annotated[
    AwareDatetime,
    AfterValidator(_datetime_in_window),
    Field(description=f"ISO 8601 with a time zone offset (Z or ±hh:mm), {_WINDOW}"),
]
_AWARE: TypeAdapter[datetime.datetime] = TypeAdapter(ApiDateTime)


def _deadline(value: Any) -> Any:
    """``"YYYY-MM-DD"`` stays a date (the service reads it as the end of that day in the project's
    zone); anything else must be a date-time with an offset."""
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return _date_in_window(datetime.date.fromisoformat(value))
        except ValueError as exc:
            raise ValueError(f"Not a valid date (YYYY-MM-DD, {_WINDOW}).") from exc
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return _date_in_window(value)
    return _AWARE.validate_python(value)


# A deadline: either a moment with its offset, or a plain date meaning the end of that day (23:59:59)
# in the project's time zone (docs/projects.md, "Dates and time zones"). A naive date-time is refused.
ApiDeadline = Annotated[
    datetime.datetime | datetime.date,
    PlainValidator(_deadline, json_schema_input_type=str),
    Field(
        description="ISO 8601 date-time with an offset (Z or ±hh:mm), or a date YYYY-MM-DD meaning the end of that "
        f"day (23:59:59) in the project's time zone; {_WINDOW}. A date-time without an offset is refused (422).",
        json_schema_extra={"anyOf": [{"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}]},
    ),
]

# --- Lists -----------------------------------------------------------------------------------------
# List-valued query parameters (filters such as ``skills``): at most this many values, whether
# repeated (``?skills=a&skills=b``) or comma-separated (``?skills=a,b``). Beyond it: 422 too_many_values.
MAX_FILTER_VALUES = 20


def _split_commas(value: Any) -> Any:
    items = value if isinstance(value, list | tuple) else [value]
    out: list[Any] = []
    for item in items:
        if isinstance(item, str):
            out.extend(part.strip() for part in item.split(",") if part.strip())
        else:
            out.append(item)
    return out


FilterValues = Annotated[
    list[Annotated[str, Field(max_length=120)]],
    BeforeValidator(_split_commas),
    Field(
        max_length=MAX_FILTER_VALUES,
        description=f"Repeat the parameter or separate values with commas; at most {MAX_FILTER_VALUES} values",
    ),
]
