from __future__ import annotations

import uuid

from ninja import Query, Router, Schema
from pydantic import Field

from stint.core.api import ProblemSchema, paginate
from stint.core.types import AuthedRequest
from stint.notifications import selectors, services
from stint.notifications.schemas import NotificationOut, NotificationPage, PreferenceOut, PreferencesIn, ReadAllOut

router = Router(tags=["notifications"])


class ListFilters(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)
    unread: bool = Field(False, description="Only unread notifications")


@router.get("/me/notifications", response={200: NotificationPage, 401: ProblemSchema})
def list_notifications(request: AuthedRequest, filters: Query[ListFilters]):
    """The caller's notifications, newest first, with the number still unread."""
    qs = selectors.notification_list(user=request.user, unread_only=filters.unread)
    items, count = paginate(qs, filters.page, filters.page_size)
    return {"items": items, "count": count, "unread_count": selectors.notification_unread_count(user=request.user)}


@router.post("/me/notifications/read-all", response={200: ReadAllOut, 401: ProblemSchema})
def read_all(request: AuthedRequest):
    """Mark every unread notification of the caller as read."""
    return {"marked": services.notification_mark_all_read(user=request.user)}


@router.post(
    "/notifications/{notification_id}/read", response={200: NotificationOut, 401: ProblemSchema, 404: ProblemSchema}
)
def read_one(request: AuthedRequest, notification_id: uuid.UUID):
    """Mark one of the caller's notifications as read. Another person's notification is a 404."""
    return services.notification_mark_read(user=request.user, notification_id=notification_id)


@router.get("/me/notification-preferences", response={200: list[PreferenceOut], 401: ProblemSchema})
def get_preferences(request: AuthedRequest):
    """Per event group, whether the caller gets email (in-app notifications are always on)."""
    return selectors.notification_preferences_for(user=request.user)


@router.put("/me/notification-preferences", response={200: list[PreferenceOut], 401: ProblemSchema, 422: ProblemSchema})
def put_preferences(request: AuthedRequest, payload: PreferencesIn):
    """Turn email on or off per event group; unknown groups are `422 unknown_notification_group`."""
    services.notification_preferences_update(user=request.user, email={p.group: p.email for p in payload.preferences})
    return selectors.notification_preferences_for(user=request.user)
