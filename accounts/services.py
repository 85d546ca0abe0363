"""Writes for staff records; every change is kept by django-simple-history."""

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bdtx.history import change_entries

from .models import SCHOOL_ROLES, Staff, User


class AccountsError(Exception):
    """A translatable error raised by account and staff services, shown to the user as a message."""


# The fields of a record that carry its holder's authority (whose scores they enter, where, whether at all) or
# decide how their own result is classified (a manager's cấp học).
AUTHORITY_FIELDS = ("position", "level", "unit", "is_active")
OWN_AUTHORITY_REFUSED = gettext_lazy(
    "Bạn không thể tự đổi chức vụ, cấp học, đơn vị hay trạng thái công tác trong hồ sơ của chính mình; "
    "việc này do đơn vị cấp trên thực hiện."
)


def edits_own_authority(*, staff, user):
    """Whether the user is editing their own record, whose authority fields only someone else may change."""
    return bool(staff.pk) and staff.pk == user.staff_id and not user.is_admin_role


def _refuse_own_authority_change(staff, changed_by):
    if changed_by is None or not edits_own_authority(staff=staff, user=changed_by):
        return
    attnames = [Staff._meta.get_field(name).attname for name in AUTHORITY_FIELDS]
    stored = Staff.objects.filter(pk=staff.pk).values(*attnames).first()
    if stored and any(getattr(staff, attname) != stored[attname] for attname in attnames):
        raise AccountsError(str(OWN_AUTHORITY_REFUSED))


def staff_save(*, staff, changed_by, reason=""):
    """Create or update one staff record, recording who changed it."""
    if not staff.full_name.strip():
        raise AccountsError(_("Họ và tên không được để trống."))
    # A principal who made himself a teacher would hand his own scoring and approvals to his deputy.
    _refuse_own_authority_change(staff, changed_by)
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

    def describe(newer, older):
        delta = newer.diff_against(older)
        return [(labels.get(change.field, change.field), change.old, change.new) for change in delta.changes]

    return change_entries(records, describe)
