"""Writes to the audit log: ``record`` for one change, ``entry`` + ``record_bulk`` for bulk writes."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import AuditEntry

OBJECT_TEXT_LENGTH = AuditEntry._meta.get_field("object_text").max_length


def _pk(value):
    """A model instance or a bare id (callers pass ``plan.school_id`` to spare a query)."""
    return getattr(value, "pk", value)


def entry(action, *, actor, obj=None, unit=None, person=None, before=None, after=None, reason="", at=None):
    """An unsaved entry: one change of ``obj`` by ``actor``, belonging to ``unit`` and concerning ``person``."""
    return AuditEntry(
        action=action,
        actor_id=_pk(actor),
        at=at or timezone.now(),
        unit_id=_pk(unit),
        person_id=_pk(person),
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        object_text=str(obj)[:OBJECT_TEXT_LENGTH] if obj is not None else "",
        before=before,
        after=after,
        reason=reason or "",
    )


def record(action, *, actor, obj=None, unit=None, person=None, before=None, after=None, reason=""):
    """Write one entry, inside the caller's transaction."""
    audit_entry = entry(
        action, actor=actor, obj=obj, unit=unit, person=person, before=before, after=after, reason=reason
    )
    audit_entry.save()
    return audit_entry


def record_bulk(entries):
    """Write many entries built with ``entry`` in one INSERT (batch approvals, score grids …)."""
    return AuditEntry.objects.bulk_create(list(entries))
