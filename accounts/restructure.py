"""Sắp xếp lại đơn vị: chuyển, giải thể, sáp nhập, đổi tên — each a recorded operation, all or nothing.

Every operation has a ``preview_*`` (what it will touch, refused with the same ``AccountsError`` as the operation) and
the operation itself, which runs in one transaction: ``before_restructure()`` once at its start, then the moves
through ``services.unit_move_within`` and saves that leave history rows. The audit log turns those rows into
entries (audit.staff_history): each move is ``accounts.unit.moved``; the save that closes or renames a unit carries
its code in ``unit._audit_action`` (``accounts.unit.dissolved``, ``accounts.unit.merged``, ``accounts.unit.renamed``)
and, when the plain field changes do not say it, its own ``_audit_before`` / ``_audit_after``.

A closed unit stays in the tree, inactive: the records of past years still point to it, and it is neither moved,
dissolved, merged nor renamed again.

Open plans and reports are counted through ``django.apps`` (``apps.get_model``) rather than a registry of counters:
the count is a read of a few fields (status, current year, the year's Sở) on models accounts must not import, a
registry would need plans and reports to register a hook each for one number, and the preview stays correct with
either app absent.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.cache import bump_unit_versions

from . import scoping
from .models import (
    DISTRICT_LEVELS,
    MIDDLE_TIER_KINDS,
    PARENT_KINDS,
    Level,
    OrgUnit,
    Staff,
    User,
    path_ids,
    placement_error,
    province_middle_tier_levels,
)
from .permissions import Cap, Scope, can, scope_of
from .services import AccountsError, accounts_follow_staff, before_restructure, refuse_move, unit_move, unit_move_within

DISSOLVED, MERGED, RENAMED = "accounts.unit.dissolved", "accounts.unit.merged", "accounts.unit.renamed"
LEVELS_SET = "accounts.unit.middle_tier_levels"

# The statuses that close a plan or a report (plans.PlanStatus.APPROVED, reports.ReportStatus.ACCEPTED).
PLAN_CLOSED_STATUS = "APPROVED"
REPORT_CLOSED_STATUS = "ACCEPTED"
# The units that send a yearly report to their superior (reports.chain_selectors.REPORT_KIND).
REPORTING_KINDS = (OrgUnit.Kind.SCHOOL, *MIDDLE_TIER_KINDS, OrgUnit.Kind.DEPARTMENT)


# ---------------------------------------------------------------------------------------------------- who, where


def refuse_outside(actor, *units):
    """Raise unless ``actor`` may restructure every one of ``units``."""
    if not all(can(actor, Cap.RESTRUCTURE, unit) for unit in units):
        raise AccountsError(_("Bạn chỉ sắp xếp lại được đơn vị trong phạm vi đơn vị mình quản lý."))


def _refuse_closed(unit):
    """A closed unit (dissolved, merged) is history: it is neither moved, dissolved, merged nor renamed."""
    if not unit.is_active:
        raise AccountsError(
            _(
                "%(unit)s đã ngừng hoạt động (đã giải thể hoặc sáp nhập): không thể sắp xếp lại hay đổi tên, mã. "
                "Đơn vị vẫn được giữ trong cây đơn vị cho số liệu các năm trước."
            )
            % {"unit": unit}
        )


def _refuse_blank_reason(reason):
    if not (reason or "").strip():
        raise AccountsError(_("Hãy ghi lý do sắp xếp lại đơn vị."))


def department_of(unit):
    """The Sở ``unit`` belongs to (itself for a Sở), or None above the Sở."""
    while unit is not None and unit.kind != OrgUnit.Kind.DEPARTMENT:
        unit = unit.parent
    return unit


def _in_scope(actor, candidates):
    # Offices only (under a thousand nationwide), so the scope is asked of each one.
    allowed = [unit.pk for unit in candidates if can(actor, Cap.RESTRUCTURE, unit)]
    return OrgUnit.objects.filter(pk__in=allowed).order_by("path")


def move_target_kinds(unit):
    """The kinds of unit ``unit`` may be moved under, its cấp học considered (``placement_error``)."""
    return [kind for kind in PARENT_KINDS[unit.kind] if placement_error(unit.kind, unit.level_list, kind) is None]


def move_targets(unit, actor):
    """The units ``unit_move`` would accept as ``unit``'s new parent for ``actor``, by path."""
    if not can(actor, Cap.RESTRUCTURE, unit):
        return OrgUnit.objects.none()
    candidates = (
        OrgUnit.objects.filter(kind__in=move_target_kinds(unit), is_active=True)
        .exclude(pk=unit.parent_id)
        .exclude(scoping.subtree_q(unit))
    )
    return _in_scope(actor, candidates)


def no_move_target_message(unit):
    """What the move form says instead of offering an empty list."""
    kinds = move_target_kinds(unit)
    if not kinds:
        return _("Không có đơn vị nào có thể nhận %(unit)s: một %(kind)s không trực thuộc đơn vị nào.") % {
            "unit": unit,
            "kind": unit.get_kind_display(),
        }
    return _(
        "Không có đơn vị nào có thể nhận %(unit)s: cần một %(kinds)s đang hoạt động, không phải đơn vị cấp trên "
        "hiện tại hay một đơn vị cấp dưới của nó, và nằm trong phạm vi bạn quản lý."
    ) % {"unit": unit, "kinds": _(" hoặc ").join(str(OrgUnit.Kind(kind).label) for kind in sorted(kinds))}


def dissolve_targets(unit, actor):
    """Where the schools of a dissolved middle-tier unit may go: its Sở, or another active commune / Phòng of the
    same Sở, within ``actor``'s scope."""
    department = department_of(unit)
    if department is None or not unit.is_middle_tier:
        return OrgUnit.objects.none()
    candidates = OrgUnit.objects.filter(
        Q(pk=department.pk) | Q(parent=department, kind__in=MIDDLE_TIER_KINDS),
        is_active=True,
    ).exclude(pk=unit.pk)
    return _in_scope(actor, candidates)


def merge_targets(unit, actor):
    """The units ``unit`` may be merged into: active, of the same kind, within ``actor``'s scope (Sở: admin only)."""
    if unit.kind == OrgUnit.Kind.MINISTRY or not can(actor, Cap.RESTRUCTURE, unit):
        return OrgUnit.objects.none()
    if unit.kind == OrgUnit.Kind.DEPARTMENT and not is_admin(actor):
        return OrgUnit.objects.none()
    candidates = OrgUnit.objects.filter(kind=unit.kind, is_active=True).exclude(pk=unit.pk)
    if unit.kind == OrgUnit.Kind.SCHOOL and scope_of(actor, Cap.RESTRUCTURE) != Scope.ALL:
        return in_scope_schools(candidates, actor)
    return _in_scope(actor, candidates)


def in_scope_schools(schools, actor):
    """Schools are many: their scope is a path condition, not a question per school."""
    return schools.filter(scoping.subtree_q(actor.unit)).order_by("path") if actor.unit_id else schools.none()


def is_admin(actor):
    return scope_of(actor, Cap.RESTRUCTURE) == Scope.ALL


# --------------------------------------------------------------------------------------------------- the preview


@dataclass
class Preview:
    """What an operation will do, shown before it is confirmed."""

    unit: OrgUnit
    moves: list = field(default_factory=list)  # [(unit that changes parent, its new parent)]
    staff_count: int = 0  # active staff records in the units concerned
    staff_moved: int = 0  # staff records whose unit changes (a school merged into another)
    accounts_count: int = 0  # accounts working in the units concerned (they go along with their unit)
    accounts_moved: int = 0  # accounts whose unit changes (a school merged into another)
    accounts_closed: list = field(default_factory=list)  # accounts deactivated: the closed unit's officers
    open_plans: int = 0  # plans of the current year drawn up but not approved (not the staff with no plan)
    open_reports: int = 0  # units that send a report this year and have none accepted (none at all included)
    changes: list = field(default_factory=list)  # [(label, old, new)] of the unit's own fields
    closes_unit: bool = False
    target: OrgUnit | None = None
    warnings: list = field(default_factory=list)  # what is allowed but easy to do by mistake, said before confirming


def _subtrees(roots):
    condition = Q(pk__in=[])
    for root in roots:
        condition |= scoping.subtree_q(root)
    return OrgUnit.objects.filter(condition)


def open_plans_count(units):
    """Plans of the current year(s), not yet approved, of the schools among ``units``."""
    try:
        plan = apps.get_model("plans", "Plan")
    except LookupError:
        return 0
    return plan.objects.filter(school__in=units, year__is_current=True).exclude(status=PLAN_CLOSED_STATUS).count()


def open_reports_count(units):
    """The units among ``units`` that send a report this year (the active schools, communes, Phòng and Sở of a
    province with a current year) and have no accepted report of that current year: never submitted, submitted and
    waiting, or returned. Three queries."""
    try:
        report = apps.get_model("reports", "UnitReport")
    except LookupError:
        return 0
    year = report._meta.get_field("year").related_model
    with_current_year = set(year.objects.filter(is_current=True).values_list("department_id", flat=True))
    if not with_current_year:
        return 0
    reporting = [
        pk
        for pk, path in units.filter(is_active=True, kind__in=REPORTING_KINDS).values_list("pk", "path")
        if with_current_year.intersection(path_ids(path))  # the unit's Sở (itself for a Sở) has a current year
    ]
    accepted = report.objects.filter(unit__in=units, year__is_current=True, status=REPORT_CLOSED_STATUS)
    accepted = set(accepted.values_list("unit_id", flat=True))
    return sum(pk not in accepted for pk in reporting)


def _counted(preview, roots):
    units = _subtrees(roots)
    preview.staff_count = Staff.objects.filter(unit__in=units, is_active=True).count()
    preview.accounts_count = User.objects.filter(unit__in=units, is_active=True).count()
    preview.open_plans = open_plans_count(units)
    preview.open_reports = open_reports_count(units)
    return preview


def _officers(unit):
    """The active accounts bound to ``unit`` itself: they close with it."""
    return list(User.objects.filter(unit=unit, is_active=True).order_by("username"))


# ---------------------------------------------------------------------------------------------------------- move


def preview_move(unit, new_parent, *, actor):
    refuse_outside(actor, unit, new_parent)
    _refuse_closed(unit)
    refuse_move(unit, new_parent, actor)
    return _counted(Preview(unit=unit, moves=[(unit, new_parent)], target=new_parent), [unit])


def move(unit, new_parent, *, actor, reason):
    """Chuyển đơn vị (a school, or a middle-tier unit with its schools) under ``new_parent``."""
    _refuse_blank_reason(reason)
    refuse_outside(actor, unit, new_parent)
    _refuse_closed(unit)
    return unit_move(unit, new_parent, actor=actor, reason=reason)


# ------------------------------------------------------------------------------------------------------ dissolve


def _check_dissolve(unit, destinations, actor):
    """The children of ``unit`` in path order, once every rule holds; ``destinations`` maps a child's id to its
    new parent."""
    refuse_outside(actor, unit)
    if not unit.is_middle_tier:
        raise AccountsError(_("Chỉ giải thể được UBND xã/phường hoặc Phòng GD&ĐT."))
    _refuse_closed(unit)
    children = list(OrgUnit.objects.filter(parent=unit, is_active=True).select_related("parent").order_by("path"))
    missing = [child for child in children if destinations.get(child.pk) is None]
    if missing:
        raise AccountsError(
            _("Chưa chọn nơi chuyển đến cho: %(units)s.") % {"units": ", ".join(child.name for child in missing)}
        )
    allowed = set(dissolve_targets(unit, actor).values_list("pk", flat=True))
    for child in children:
        destination = destinations[child.pk]
        if destination.pk not in allowed:
            raise AccountsError(
                _(
                    "%(unit)s chỉ chuyển được về Sở hoặc một UBND xã/phường, Phòng GD&ĐT khác đang hoạt động của "
                    "cùng Sở, trong phạm vi bạn quản lý."
                )
                % {"unit": child}
            )
        refuse_move(child, destination, actor)
    return children


def preview_dissolve(unit, destinations, *, actor):
    children = _check_dissolve(unit, destinations, actor)
    preview = Preview(
        unit=unit,
        moves=[(child, destinations[child.pk]) for child in children],
        accounts_closed=_officers(unit),
        closes_unit=True,
    )
    return _counted(preview, [unit])


def dissolve(unit, destinations, *, actor, reason):
    """Giải thể a middle-tier unit: each school to its chosen destination, the unit closed (kept in the tree), its
    officers' accounts deactivated. Returns the preview of what was done."""
    _refuse_blank_reason(reason)
    with transaction.atomic():
        unit = _locked(unit)
        preview = preview_dissolve(unit, destinations, actor=actor)
        before_restructure()
        for child, destination in preview.moves:
            unit_move_within(child, destination, actor=actor, reason=reason)
        closed = _close_accounts(preview.accounts_closed)
        moves = "; ".join(f"{child} → {destination}" for child, destination in preview.moves)
        after = {_("Đơn vị trực thuộc chuyển đi"): moves or _("không có")}
        if closed:
            after[_("Tài khoản bị khoá")] = ", ".join(user.username for user in closed)
        _close_unit(unit, actor=actor, reason=reason, action=DISSOLVED, after=after)
    return preview


# --------------------------------------------------------------------------------------------------------- merge


def _check_merge(source, target, actor):
    if source.kind == OrgUnit.Kind.DEPARTMENT and not is_admin(actor):
        raise AccountsError(_("Chỉ quản trị hệ thống được sáp nhập Sở GD&ĐT."))
    refuse_outside(actor, source, target)
    if source.pk == target.pk:
        raise AccountsError(_("Không thể sáp nhập một đơn vị vào chính nó."))
    if source.kind != target.kind:
        raise AccountsError(
            _("Chỉ sáp nhập được hai đơn vị cùng loại: %(source)s là %(source_kind)s, %(target)s là %(target_kind)s.")
            % {
                "source": source,
                "source_kind": source.get_kind_display(),
                "target": target,
                "target_kind": target.get_kind_display(),
            }
        )
    if source.kind == OrgUnit.Kind.MINISTRY:
        raise AccountsError(_("Không thể sáp nhập Bộ GD&ĐT."))
    _refuse_closed(source)
    if not target.is_active:
        raise AccountsError(_("Không thể sáp nhập vào một đơn vị đã ngừng hoạt động."))
    if source.is_school:
        levels = _merged_levels(source, target)
        refused = (
            placement_error(target.kind, levels, target.parent.kind, province_middle_tier_levels(target.parent))
            if target.parent_id
            else None
        )
        if refused is not None:
            raise AccountsError(
                _("Không thể sáp nhập: %(target)s sẽ có các cấp học %(levels)s. %(reason)s")
                % {"target": target, "levels": ", ".join(levels), "reason": refused.message}
            )
        return []
    children = list(OrgUnit.objects.filter(parent=source).select_related("parent").order_by("path"))
    for child in children:
        refuse_move(child, target, actor)
    if source.kind == OrgUnit.Kind.DEPARTMENT:
        _refuse_stranded_schools(source, target)
    return children


def _merged_levels(source, target):
    """The cấp học of a school that took in another: both schools' levels, in the order of the school system."""
    levels = set(source.level_list) | set(target.level_list)
    return [level for level in Level.values if level in levels]


def _refuse_stranded_schools(source, target):
    """A Sở's middle tier goes along whole: its schools must fit the levels the receiving Sở sends through it."""
    middle_tier_levels = province_middle_tier_levels(target)
    schools = OrgUnit.objects.filter(
        scoping.subtree_q(source),
        kind=OrgUnit.Kind.SCHOOL,
        parent__kind__in=[OrgUnit.Kind.DISTRICT, OrgUnit.Kind.COMMUNE],
    ).select_related("parent")
    stranded = [
        school
        for school in schools
        if placement_error(school.kind, school.level_list, school.parent.kind, middle_tier_levels) is not None
    ]
    if stranded:
        raise AccountsError(
            _(
                "Không thể sáp nhập: %(target)s cho các trường cấp %(levels)s báo cáo qua UBND xã/Phòng, nhưng "
                "%(schools)s thì không. Hãy chuyển các trường đó về Sở trước."
            )
            % {
                "target": target,
                "levels": ", ".join(middle_tier_levels or []),
                "schools": ", ".join(school.name for school in stranded[:5]) + ("…" if len(stranded) > 5 else ""),
            }
        )


def preview_merge(source, target, *, actor):
    children = _check_merge(source, target, actor)
    preview = Preview(unit=source, target=target, closes_unit=True, moves=[(child, target) for child in children])
    _counted(preview, [source])
    if source.is_school:
        preview.staff_moved = Staff.objects.filter(unit=source).count()
        preview.accounts_moved = User.objects.filter(unit=source).count()
        levels = _merged_levels(source, target)
        if levels != target.level_list:
            preview.changes = [(_("Cấp học của %(unit)s") % {"unit": target}, target.levels, ",".join(levels))]
        if set(source.level_list) != set(target.level_list):
            preview.warnings.append(
                _(
                    "%(source)s (cấp %(source_levels)s) và %(target)s (cấp %(target_levels)s) khác cấp học: sau khi "
                    "sáp nhập, %(target)s là trường nhiều cấp học (%(levels)s). Mỗi người giữ cấp học của mình, "
                    "nên kế hoạch và mô đun vẫn theo cấp học đó."
                )
                % {
                    "source": source,
                    "source_levels": ", ".join(source.level_list) or "—",
                    "target": target,
                    "target_levels": ", ".join(target.level_list) or "—",
                    "levels": ", ".join(levels),
                }
            )
    else:
        preview.accounts_closed = _officers(source)
    if source.kind != OrgUnit.Kind.DEPARTMENT and department_of(source) != department_of(target):
        preview.warnings.append(
            _(
                "%(source)s thuộc %(source_department)s, %(target)s thuộc %(target_department)s: các trường, cán bộ "
                "chuyển sang tỉnh khác, theo thời hạn và báo cáo của Sở nhận."
            )
            % {
                "source": source,
                "source_department": department_of(source),
                "target": target,
                "target_department": department_of(target),
            }
        )
    return preview


def merge(source, target, *, actor, reason):
    """Sáp nhập ``source`` into ``target`` (two schools, two middle-tier units, or two Sở — the admin only):
    the staff and accounts of a school, the children of an office, go to ``target``; ``source`` is closed."""
    _refuse_blank_reason(reason)
    with transaction.atomic():
        source, target = _locked(source), _locked(target)
        preview = preview_merge(source, target, actor=actor)
        before_restructure()
        if source.is_school:
            _merge_school(source, target, actor=actor, reason=reason)
        else:
            for child, new_parent in preview.moves:
                unit_move_within(child, new_parent, actor=actor, reason=reason)
            _close_accounts(preview.accounts_closed)
        source.is_active, source.merged_into = False, target
        _save_marked(
            source,
            actor=actor,
            reason=reason,
            action=MERGED,
            fields=["is_active", "merged_into"],
            before=str(source),
            after=str(target),
        )
    return preview


def _merge_school(source, target, *, actor, reason):
    levels = ",".join(_merged_levels(source, target))
    if levels != target.levels:
        target.levels = levels
        target._history_user, target._change_reason = actor, reason
        target.save(update_fields=["levels"])
    staff_ids = []
    for staff in Staff.objects.filter(unit=source).order_by("pk"):
        staff.unit = target
        staff._history_user, staff._change_reason = actor, reason
        staff.save()
        staff_ids.append(staff.pk)
    accounts_follow_staff(staff_ids)
    User.objects.filter(unit=source).update(unit=target)


# -------------------------------------------------------------------------------------------------------- rename


def _check_rename(unit, name, code, actor):
    refuse_outside(actor, unit)
    _refuse_closed(unit)
    name, code = " ".join((name or "").split()), (code or "").strip()
    if not name:
        raise AccountsError(_("Tên đơn vị không được để trống."))
    if not code:
        raise AccountsError(_("Mã đơn vị không được để trống."))
    if OrgUnit.objects.filter(code__iexact=code).exclude(pk=unit.pk).exists():
        raise AccountsError(_("Mã đơn vị %(code)s đã được dùng cho một đơn vị khác.") % {"code": code})
    changes = [
        (label, old, new)
        for label, old, new in (
            (_("Tên đơn vị"), unit.name, name),
            (_("Mã đơn vị"), unit.code, code),
        )
        if old != new
    ]
    if not changes:
        raise AccountsError(_("Tên và mã đơn vị không thay đổi."))
    return name, code, changes


def preview_rename(unit, *, name, code, actor):
    _name, _code, changes = _check_rename(unit, name, code, actor)
    return Preview(unit=unit, changes=changes)


def rename(unit, *, name, code, actor, reason):
    """Đổi tên, mã đơn vị: the unit keeps its place, its records and its history."""
    _refuse_blank_reason(reason)
    with transaction.atomic():
        unit = _locked(unit)
        name, code, changes = _check_rename(unit, name, code, actor)
        before_restructure()
        unit.name, unit.code = name, code
        _save_marked(unit, actor=actor, reason=reason, action=RENAMED, fields=["name", "code"])
    return Preview(unit=unit, changes=changes)


# ---------------------------------------------------------------------------------------- levels through the tier


def _levels_text(levels):
    return ", ".join(str(Level(level).label) for level in levels) or _("không cấp nào (mọi trường trực thuộc Sở)")


def _check_middle_tier_levels(department, levels, actor):
    """The levels in school-system order, once the Sở may choose them: no school of a level taken out may still sit
    under a commune or a Phòng (it must be moved up to the Sở first)."""
    refuse_outside(actor, department)
    if department.kind != OrgUnit.Kind.DEPARTMENT:
        raise AccountsError(_("Chỉ Sở GD&ĐT chọn các cấp học báo cáo qua UBND xã/phường, Phòng GD&ĐT."))
    _refuse_closed(department)
    levels = [level for level in Level.values if level in set(levels) and level in DISTRICT_LEVELS]
    current = [level for level in department.middle_tier_levels.split(",") if level]
    if levels == current:
        raise AccountsError(_("Các cấp học báo cáo qua UBND xã/phường, Phòng GD&ĐT không thay đổi."))
    stranded = [
        school
        for school in scoping.in_subtree(OrgUnit.objects.filter(kind=OrgUnit.Kind.SCHOOL, is_active=True), department)
        .select_related("parent")
        .order_by("path")
        if school.parent.is_middle_tier and not set(school.level_list) <= set(levels)
    ]
    if stranded:
        shown = ", ".join(school.name for school in stranded[:5]) + ("…" if len(stranded) > 5 else "")
        raise AccountsError(
            _(
                "%(count)s trường của cấp học bỏ ra vẫn trực thuộc UBND xã/phường hoặc Phòng GD&ĐT (%(schools)s). "
                "Hãy chuyển các trường đó lên Sở trước."
            )
            % {"count": len(stranded), "schools": shown}
        )
    return levels, [(_("Cấp học báo cáo qua UBND xã/phường, Phòng GD&ĐT"), _levels_text(current), _levels_text(levels))]


def preview_middle_tier_levels(department, *, levels, actor):
    _levels, changes = _check_middle_tier_levels(department, levels, actor)
    return Preview(unit=department, changes=changes)


def middle_tier_levels_set(department, *, levels, actor, reason):
    """The Sở chooses which levels' schools report through the middle tier; the others report straight to it."""
    _refuse_blank_reason(reason)
    with transaction.atomic():
        department = _locked(department)
        levels, changes = _check_middle_tier_levels(department, levels, actor)
        department.middle_tier_levels = ",".join(levels)
        after = {label: new for label, _old, new in changes}
        _save_marked(
            department, actor=actor, reason=reason, action=LEVELS_SET, fields=["middle_tier_levels"], after=after
        )
    return Preview(unit=department, changes=changes)


# ------------------------------------------------------------------------------------------------------- helpers


def _locked(unit):
    return OrgUnit.objects.select_for_update(of=("self",)).select_related("parent").get(pk=unit.pk)


def _close_accounts(users):
    """Deactivate ``users`` (the officers of a closed unit); they keep their unit: their past work reads as it was."""
    User.objects.filter(pk__in=[user.pk for user in users]).update(is_active=False)
    return users


def _close_unit(unit, *, actor, reason, action, before=None, after=None):
    unit.is_active = False
    _save_marked(unit, actor=actor, reason=reason, action=action, fields=["is_active"], before=before, after=after)


def _save_marked(unit, *, actor, reason, action, fields, before=None, after=None):
    """Save ``unit``'s ``fields`` so that its history row becomes the audit entry ``action``."""
    unit._history_user, unit._change_reason = actor, reason
    unit._audit_action, unit._audit_before, unit._audit_after = action, before, after
    try:
        unit.save(update_fields=fields)
    finally:
        del unit._audit_action, unit._audit_before, unit._audit_after
    retired = {*path_ids(unit.path)}
    transaction.on_commit(lambda: bump_unit_versions(retired))
