"""Writes for staff records; every change is kept by django-simple-history."""

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils.translation import gettext as _

from .models import SCHOOL_ROLES, Staff, User


class AccountsError(Exception):
    """A translatable error raised by account and staff services, shown to the user as a message."""


def staff_save(*, staff, changed_by, reason=""):
    """Create or update one staff record, recording who changed it."""
    if not staff.full_name.strip():
        raise AccountsError(_("Họ và tên không được để trống."))
    staff._change_reason = reason
    staff._history_user = changed_by
    with transaction.atomic():
        staff.save()
        accounts_follow_staff([staff.pk])
    return staff


def accounts_follow_staff(staff_ids):
    """A teacher's account works in the school of their record: moving the record moves the account."""
    if not staff_ids:
        return
    school_of_record = Staff.objects.filter(pk=OuterRef("staff_id")).values("unit_id")[:1]
    User.objects.filter(staff_id__in=staff_ids, role__in=SCHOOL_ROLES).exclude(unit_id=F("staff__unit_id")).update(
        unit_id=Subquery(school_of_record)
    )


def staff_set_active(*, staff, active, changed_by):
    if staff.is_active == active:
        return staff
    staff.is_active = active
    return staff_save(staff=staff, changed_by=changed_by, reason=_("Đổi trạng thái công tác"))


def staff_history(*, staff):
    """Each recorded change as (record, [(field label, old, new), …]), newest first."""
    records = list(staff.history.select_related("history_user").order_by("-history_date", "-history_id"))
    labels = {field.name: str(field.verbose_name) for field in Staff._meta.fields}
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            changes = [(labels.get(change.field, change.field), change.old, change.new) for change in delta.changes]
        entries.append((newer, changes))
    return entries
