"""Records kept by django-simple-history (staff, units, qualifications, courses …): each new history row also writes
one audit entry.

Connected in ``AuditConfig.ready``: accounts sits below audit and does not call it. Bulk imports write their
history in bulk without signals; their rows are in the history tables, not here.
"""

from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from accounts.models import OrgUnit, Staff

from .services import record

CREATED, DELETED = "+", "-"
ACTIVE = str(Staff._meta.get_field("is_active").verbose_name)
PARENT = str(OrgUnit._meta.get_field("parent").verbose_name)


def _changes(history_instance):
    """({label: old}, {label: new}) of the fields a person changed, against the previous history row."""
    previous = history_instance.prev_record
    if previous is None:
        return {}, {}
    delta = history_instance.diff_against(previous)
    fields = {field.name: field for field in history_instance.instance_type._meta.fields}
    before, after = {}, {}
    for change in delta.changes:
        field = fields[change.field]
        if not field.editable:
            continue  # kept by the code (a unit's path), not changed by anyone
        before[str(field.verbose_name)] = _plain(field, change.old)
        after[str(field.verbose_name)] = _plain(field, change.new)
    return before, after


def _plain(field, value):
    """The value as JSON can hold it and a reader reads it: a related record (the unit) by its name, a choice by
    its label."""
    if value is not None and field.is_relation:
        return str(field.related_model._default_manager.filter(pk=value).first() or value)
    if field.choices and value not in (None, ""):
        return str(dict(field.flatchoices).get(value, value))  # "Thạc sĩ", not THAC_SI
    return value if value is None or isinstance(value, bool | int | str) else str(value)


def _staff_action(kind, before, after):
    if kind == CREATED:
        return "accounts.staff.created"
    if kind == DELETED:
        return "accounts.staff.deleted"
    if ACTIVE in after:
        return "accounts.staff.returned" if after[ACTIVE] else "accounts.staff.left"
    return "accounts.staff.changed"


@receiver(post_create_historical_record, sender=Staff.history.model)
def staff_changed(sender, instance, history_instance, history_user, history_change_reason, **kwargs):
    before, after = _changes(history_instance)
    action = _staff_action(history_instance.history_type, before, after)
    if action == "accounts.staff.changed" and not after:
        return  # saved without a change
    record(
        action,
        actor=history_user,
        obj=instance,
        unit=instance.unit_id,
        person=None if history_instance.history_type == DELETED else instance,
        before=before or None,
        after=after or None,
        reason=history_change_reason or "",
    )


@receiver(post_create_historical_record, sender=OrgUnit.history.model)
def unit_changed(sender, instance, history_instance, history_user, history_change_reason, **kwargs):
    before, after = _changes(history_instance)
    kind = history_instance.history_type
    if kind not in (CREATED, DELETED) and not after:
        return
    action = {CREATED: "accounts.unit.created", DELETED: "accounts.unit.deleted"}.get(kind, "accounts.unit.changed")
    marked = getattr(instance, "_audit_action", None)
    if marked:
        # A restructuring operation (accounts.restructure) names its save: dissolved, merged, renamed, with the
        # before and after the plain field changes would not say (where the schools went, which unit took it).
        action = marked
        before = _given(instance, "_audit_before", before)
        after = _given(instance, "_audit_after", after)
    elif action == "accounts.unit.changed" and PARENT in after:
        # Only accounts.services.unit_move changes a parent: "chuyển … từ <old superior> sang <new superior>".
        action, before, after = "accounts.unit.moved", before[PARENT], after[PARENT]
    record(
        action,
        actor=history_user,
        obj=instance,
        unit=None if kind == DELETED else instance,
        before=before or None,
        after=after or None,
        reason=history_change_reason or "",
    )


def _given(instance, name, computed):
    value = getattr(instance, name, None)
    return computed if value is None else value


@receiver(post_create_historical_record)
def record_changed(sender, instance, history_instance, history_user, history_change_reason, **kwargs):
    """Every other history-kept record: ``<app>.<model>.created|changed|deleted``, registered by its app."""
    if isinstance(instance, Staff | OrgUnit):
        return  # the two receivers above
    before, after = _changes(history_instance)
    kind = history_instance.history_type
    if kind not in (CREATED, DELETED) and not after:
        return
    verb = {CREATED: "created", DELETED: "deleted"}.get(kind, "changed")
    unit, person = _unit_and_person(instance)
    record(
        f"{instance._meta.app_label}.{instance._meta.model_name}.{verb}",
        actor=history_user,
        obj=instance,
        unit=unit,
        person=person,
        before=before or None,
        after=after or None,
        reason=history_change_reason or "",
    )


def _unit_and_person(instance):
    """(unit id, staff) a record belongs to: its first link to a unit, else its person's unit."""
    person = getattr(instance, "staff", None)
    for field in instance._meta.concrete_fields:
        if field.is_relation and field.related_model is OrgUnit:
            return getattr(instance, field.attname), person
    return (person.unit_id if person is not None else None), person
