from __future__ import annotations

import pytest

from stint.core.audit import audit_events_for, audit_log
from stint.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_audit_log_records_actor_code_target_and_data(personas):
    target = personas.talent
    event = audit_log(personas.staff, "user.suspended", target, {"reason": "spam"})
    assert event.actor == personas.staff
    assert event.code == "user.suspended"
    assert event.target_type == "accounts.user"
    assert event.target_id == str(target.pk)
    assert event.data == {"reason": "spam"}
    assert list(audit_events_for(target)) == [event]


def test_anonymous_actor_is_recorded_as_none(personas):
    from django.contrib.auth.models import AnonymousUser

    event = audit_log(AnonymousUser(), "webhook.received", None, None)
    assert event.actor is None and event.target_type == "" and event.data == {}


def test_audit_rows_cannot_be_updated_or_deleted_through_the_orm(personas):
    event = audit_log(personas.staff, "thing.done", personas.talent)
    event.code = "thing.undone"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(code="x")
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).code == "thing.done"


def test_audit_events_are_listed_oldest_first_for_a_target(personas):
    first = audit_log(personas.staff, "a.first", personas.talent)
    second = audit_log(personas.staff, "a.second", personas.talent)
    audit_log(personas.staff, "a.other", personas.other_talent)
    assert list(audit_events_for(personas.talent)) == [first, second]


def test_admin_cannot_change_or_delete_audit_events(client, personas):
    event = audit_log(personas.staff, "thing.done", personas.talent)
    client.force_login(personas.staff)
    assert client.get("/admin/core/auditevent/").status_code == 200
    assert client.get(f"/admin/core/auditevent/{event.pk}/delete/").status_code == 403
    assert client.get("/admin/core/auditevent/add/").status_code == 403
