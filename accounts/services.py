"""Writes for staff records; every change is kept by django-simple-history."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.cache import bump_unit_versions
from core.errors import DomainError
from core.history import change_entries

from . import scoping
from .models import (
    SCHOOL_ROLES,
    OrgUnit,
    PastPlacement,
    Staff,
    User,
    path_ids,
    placement_error,
    province_middle_tier_levels,
    role_for_position,
)
from .permissions import Cap, can


class AccountsError(DomainError):
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


# Called after a staff record is created through ``staff_save`` (the staff form): people gives it its account.
_AFTER_STAFF_CREATED = []


def register_after_staff_created(hook):
    """Register ``hook(staff=, by=)`` to run in the transaction that created a staff record."""
    if hook not in _AFTER_STAFF_CREATED:
        _AFTER_STAFF_CREATED.append(hook)


def staff_save(*, staff, changed_by, reason=""):
    """Create or update one staff record, recording who changed it."""
    if not staff.full_name.strip():
        raise AccountsError(_("Họ và tên không được để trống."))
    # A principal who made himself a teacher would hand his own scoring and approvals to his deputy.
    _refuse_own_authority_change(staff, changed_by)
    staff._change_reason = reason
    staff._history_user = changed_by
    created = staff.pk is None
    with transaction.atomic():
        staff.save()
        accounts_follow_staff([staff.pk])
        if created:
            for hook in _AFTER_STAFF_CREATED:
                hook(staff=staff, by=changed_by)
    return staff


def accounts_follow_staff(staff_ids):
    """A teacher's account works in the school of their record: moving the record moves the account, and a person
    who left (``is_active`` off) can no longer log in until they are recorded back."""
    if not staff_ids:
        return
    school_of_record = Staff.objects.filter(pk=OuterRef("staff_id")).values("unit_id")[:1]
    User.objects.filter(staff_id__in=staff_ids, role__in=SCHOOL_ROLES).exclude(unit_id=F("staff__unit_id")).update(
        unit_id=Subquery(school_of_record)
    )
    still_working = Staff.objects.filter(pk=OuterRef("staff_id")).values("is_active")[:1]
    User.objects.filter(staff_id__in=staff_ids).exclude(is_active=F("staff__is_active")).update(
        is_active=Subquery(still_working)
    )
    # The role follows the position (a principal names a deputy or a group head by recording it), and the
    # e-mail recorded on the staff record is where "Quên mật khẩu" writes.
    for user in User.objects.filter(staff_id__in=staff_ids, role__in=SCHOOL_ROLES).select_related("staff"):
        role, email = role_for_position(user.staff.position), user.staff.email or user.email
        if (user.role, user.email) != (role, email):
            User.objects.filter(pk=user.pk).update(role=role, email=email)


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


# Called inside every restructuring operation's transaction before the tree changes: the apps above register what
# must be kept as it was (years freezes each past year's tree, so that year reads as it was).
_BEFORE_RESTRUCTURE = []


def register_before_restructure(hook):
    """Register ``hook()`` to run before any unit changes parent, name, code or is dissolved or merged."""
    if hook not in _BEFORE_RESTRUCTURE:
        _BEFORE_RESTRUCTURE.append(hook)


def before_restructure():
    """Run the registered hooks; every restructuring operation calls this first, inside its transaction."""
    for hook in _BEFORE_RESTRUCTURE:
        hook()


# Sections of a person's page added by the apps above this one (results: the person's BDTX years): each
# ``section(staff=, user=)`` returns a StaffSection or None.
_STAFF_SECTIONS = []


@dataclass(frozen=True)
class StaffSection:
    """A read-only table on a person's page: a title, column headers, rows of texts and what to say when empty."""

    title: str
    headers: list
    rows: list
    empty: str
    testid: str


def register_staff_section(section):
    if section not in _STAFF_SECTIONS:
        _STAFF_SECTIONS.append(section)


def staff_sections(*, staff, user):
    """The sections of ``staff``'s page for ``user`` (who may already see the person)."""
    return [shown for shown in (section(staff=staff, user=user) for section in _STAFF_SECTIONS) if shown is not None]


def freeze_tree(start_years):
    """Keep today's tree as the tree of each school year in ``start_years`` that has none kept yet (PastPlacement):
    called before a restructuring, so the years before it read as they were. One INSERT … SELECT per year."""
    kept = set(PastPlacement.objects.filter(start_year__in=start_years).values_list("start_year", flat=True).distinct())
    for start_year in sorted(set(start_years) - kept):
        PastPlacement.objects.bulk_create(
            [
                PastPlacement(
                    start_year=start_year,
                    unit_id=unit["pk"],
                    parent_id=unit["parent_id"],
                    name=unit["name"],
                    code=unit["code"],
                    kind=unit["kind"],
                    levels=unit["levels"],
                    path=unit["path"],
                    depth=unit["depth"],
                )
                for unit in OrgUnit.objects.values("pk", "parent_id", "name", "code", "kind", "levels", "path", "depth")
            ],
            batch_size=5000,
        )


@dataclass(frozen=True)
class UnitMove:
    """What ``unit_move`` did: the unit, its old and new parent, and how many units (itself included) moved."""

    unit: OrgUnit
    old_parent: OrgUnit | None
    new_parent: OrgUnit
    units_moved: int


def unit_move(unit, new_parent, *, actor, reason=""):
    """Chuyển đơn vị: put ``unit`` under ``new_parent`` and rewrite its whole subtree's paths in one transaction.

    The only way a unit changes parent (``OrgUnit.save`` refuses it otherwise): every scope reads paths, so a
    descendant left behind would stay visible to the old superior and hidden from the new one.
    """
    with transaction.atomic():
        unit, new_parent = _locked_for_move(unit, new_parent, actor)
        before_restructure()
        return _move(unit, new_parent, actor=actor, reason=reason)


def unit_move_within(unit, new_parent, *, actor, reason=""):
    """``unit_move`` as one step of a larger operation (``accounts.restructure``): the caller has opened the
    transaction and called ``before_restructure()`` once; the checks are the same."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("unit_move_within runs inside the restructuring operation's transaction")
    unit, new_parent = _locked_for_move(unit, new_parent, actor)
    return _move(unit, new_parent, actor=actor, reason=reason)


def _locked_for_move(unit, new_parent, actor):
    unit = OrgUnit.objects.select_for_update(of=("self",)).select_related("parent").get(pk=unit.pk)
    new_parent = OrgUnit.objects.get(pk=new_parent.pk)
    refuse_move(unit, new_parent, actor)
    return unit, new_parent


def _move(unit, new_parent, *, actor, reason):
    old_parent, old_path = unit.parent, unit.path
    path, depth = f"{new_parent.path}{unit.pk:06d}/", new_parent.depth + 1
    subtree = scoping.in_subtree(OrgUnit.objects.all(), unit)
    moved_ids = list(subtree.values_list("pk", flat=True))
    units_moved = subtree.update(
        path=Concat(Value(path), Substr("path", len(old_path) + 1)), depth=F("depth") + (depth - unit.depth)
    )
    unit.parent = new_parent
    unit._move_checked = True
    unit._history_user = actor
    unit._change_reason = reason or _("Chuyển đơn vị")
    unit.save()
    del unit._move_checked  # a later parent change on this copy goes through the service again
    # This save's history row becomes the audit entry accounts.unit.moved (audit.staff_history).
    # The dashboards of the offices above, before and after the move, and of every moved unit.
    retired = {*path_ids(old_path), *unit.ancestor_ids, *moved_ids}
    transaction.on_commit(lambda: bump_unit_versions(retired))
    return UnitMove(unit=unit, old_parent=old_parent, new_parent=new_parent, units_moved=units_moved)


def refuse_move(unit, new_parent, actor):
    """Raise ``AccountsError`` when ``actor`` may not put ``unit`` under ``new_parent`` (also read by previews)."""
    if not (can(actor, Cap.RESTRUCTURE, unit) and can(actor, Cap.RESTRUCTURE, new_parent)):
        raise AccountsError(_("Bạn chỉ chuyển được đơn vị trong phạm vi đơn vị mình quản lý."))
    if new_parent.is_within(unit):
        raise AccountsError(_("Không thể đặt một đơn vị vào dưới chính nó hoặc đơn vị cấp dưới của nó."))
    if new_parent.pk == unit.parent_id:
        raise AccountsError(_("%(unit)s đã trực thuộc %(parent)s.") % {"unit": unit, "parent": new_parent})
    # the same rule as OrgUnit.clean
    refused = placement_error(unit.kind, unit.level_list, new_parent.kind, province_middle_tier_levels(new_parent))
    if refused is not None:
        raise AccountsError(refused.message)
    if not new_parent.is_active:
        raise AccountsError(_("Không thể chuyển vào một đơn vị đã ngừng hoạt động."))
