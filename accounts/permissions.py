"""Bảng phân quyền: vai trò × việc được làm × phạm vi.

Đọc theo hàng: mỗi vai trò được làm những việc nào, trong phạm vi nào.

- Giáo viên xem hồ sơ, kế hoạch, kết quả của chính mình.
- Tổ trưởng chuyên môn xem, xác nhận nhật ký học tập và đánh giá giáo viên trong tổ chuyên môn của mình.
- Lãnh đạo trường (HT, PHT) quản lý hồ sơ, phê duyệt kế hoạch, xác nhận, đánh giá, xem và nộp báo cáo
  trong trường mình.
- Chuyên viên Phòng, Sở quản lý hồ sơ, đánh giá, theo dõi, báo cáo trong đơn vị mình và các đơn vị cấp dưới,
  phê duyệt kế hoạch của CBQL và cấp giấy chứng nhận cho các trường trực thuộc;
  nộp báo cáo, đặt hạn, mở lại hạn, nhắc nộp báo cáo, ban hành chủ đề, tổ chức lớp bồi dưỡng của đơn vị mình.
  Chuyên viên Sở còn lập năm học, danh mục mô đun, đợt rà soát của Sở, và sắp xếp lại đơn vị trong tỉnh
  (chuyển, giải thể, sáp nhập, đổi tên đơn vị; sáp nhập Sở chỉ quản trị hệ thống làm).
- Quản trị hệ thống làm được mọi việc, ở mọi đơn vị.

``can(user, capability, obj)`` trả lời một câu hỏi: vai trò có việc này không (``obj`` bỏ trống), hay có việc
này với đối tượng ``obj`` không (một đơn vị, một hồ sơ cán bộ, hoặc một bản ghi có ``staff`` / ``school`` /
``unit``). Điều kiện riêng của từng nghiệp vụ (hạn đã qua, không tự duyệt kế hoạch của mình …) nằm ở service
của nghiệp vụ đó; ai được lọc danh sách nào nằm ở ``scoping``.
"""

from enum import IntEnum, StrEnum

from .models import OrgUnit, Role, Staff


class Cap(StrEnum):
    """Việc được làm."""

    VIEW = "view"  # xem hồ sơ, kế hoạch, kết quả
    EDIT = "edit"  # thêm, sửa, nhập Excel hồ sơ cán bộ; phân công cốt cán
    REPORT = "report"  # xem số liệu, báo cáo, kết quả của đơn vị; lập báo cáo
    MONITOR = "monitor"  # theo dõi tiến độ, kinh phí của các đơn vị cấp dưới
    CONFIRM = "confirm"  # xác nhận nhật ký học tập
    APPROVE = "approve"  # phê duyệt kế hoạch
    SCORE = "score"  # đánh giá, xếp loại
    ISSUE = "issue"  # cấp giấy chứng nhận
    REOPEN = "reopen"  # mở lại hạn mình đặt; mở lại kết quả CBQL đã xác nhận của trường trực thuộc
    SUBMIT = "submit"  # nộp báo cáo của đơn vị mình
    REMIND = "remind"  # nhắc các đơn vị cấp dưới nộp báo cáo
    PUBLISH = "publish"  # ban hành chủ đề bồi dưỡng, đặt hạn của đơn vị mình
    ORGANISE = "organise"  # tổ chức lớp bồi dưỡng
    SET_UP = "set_up"  # lập năm học, danh mục mô đun, đợt rà soát, nhập dữ liệu LMS
    RESTRUCTURE = "restructure"  # chuyển, giải thể, sáp nhập, đổi tên đơn vị


class Scope(IntEnum):
    """Phạm vi: mỗi mức rộng hơn mức trước."""

    NONE = 0
    OWN = 1  # hồ sơ của chính mình
    GROUP = 2  # tổ chuyên môn của mình (trong trường mình)
    UNIT = 3  # đơn vị của mình (trường, Phòng, Sở)
    REPORTING = 4  # đơn vị của mình và các đơn vị trực thuộc trực tiếp
    SUBTREE = 5  # đơn vị của mình và mọi đơn vị cấp dưới
    ALL = 6  # mọi đơn vị


_OFFICE = {
    Cap.VIEW: Scope.SUBTREE,
    Cap.EDIT: Scope.SUBTREE,
    Cap.REPORT: Scope.SUBTREE,
    Cap.MONITOR: Scope.SUBTREE,
    Cap.APPROVE: Scope.REPORTING,
    Cap.SCORE: Scope.SUBTREE,
    Cap.ISSUE: Scope.REPORTING,
    Cap.REOPEN: Scope.UNIT,
    Cap.SUBMIT: Scope.UNIT,
    Cap.REMIND: Scope.UNIT,
    Cap.PUBLISH: Scope.UNIT,
    Cap.ORGANISE: Scope.UNIT,
}

TABLE = {
    Role.TEACHER: {Cap.VIEW: Scope.OWN},
    Role.GROUP_HEAD: {Cap.VIEW: Scope.GROUP, Cap.CONFIRM: Scope.GROUP, Cap.SCORE: Scope.GROUP},
    Role.SCHOOL_MANAGER: {
        Cap.VIEW: Scope.UNIT,
        Cap.EDIT: Scope.UNIT,
        Cap.REPORT: Scope.UNIT,
        Cap.SUBMIT: Scope.UNIT,
        Cap.CONFIRM: Scope.UNIT,
        Cap.APPROVE: Scope.UNIT,
        Cap.SCORE: Scope.UNIT,
    },
    Role.DISTRICT_OFFICER: _OFFICE,
    # Restructuring (move, dissolve, merge, rename) is the Sở's, in its province; a middle-tier unit does not
    # reshape the tier it sits in.
    Role.DEPARTMENT_OFFICER: {**_OFFICE, Cap.SET_UP: Scope.UNIT, Cap.RESTRUCTURE: Scope.SUBTREE},
    Role.ADMIN: dict.fromkeys(Cap, Scope.ALL),
}


def scope_of(user, capability):
    """The widest scope in which the user's role has the capability (``Scope.NONE`` when it has not)."""
    if not user.is_authenticated:
        return Scope.NONE
    role = Role.ADMIN if user.is_admin_role else user.role
    return TABLE.get(role, {}).get(capability, Scope.NONE)


def can(user, capability, obj=None):
    """Whether the user may do ``capability`` at all (``obj`` None) or to ``obj``."""
    scope = scope_of(user, capability)
    if scope == Scope.NONE or obj is None or scope == Scope.ALL:
        return scope != Scope.NONE
    unit, staff = _target(obj)
    return _within(user, scope, unit, staff)


def _target(obj):
    """(unit, staff) of the object a capability is asked for: a unit, a staff record, or a row that has them."""
    if isinstance(obj, OrgUnit):
        return obj, None
    if isinstance(obj, Staff):
        return obj.unit, obj
    staff = getattr(obj, "staff", None)
    unit = getattr(obj, "school", None) or getattr(obj, "unit", None) or getattr(staff, "unit", None)
    return unit, staff


def _within(user, scope, unit, staff):
    if scope == Scope.OWN:
        return staff is not None and staff.pk == user.staff_id
    if unit is None or user.unit_id is None:
        return False
    if scope == Scope.GROUP:
        return unit.pk == user.unit_id and _same_group(user, staff)
    if scope == Scope.UNIT:
        return unit.pk == user.unit_id
    if scope == Scope.REPORTING:
        return user.unit_id in (unit.pk, unit.parent_id)
    return unit.is_within(user.unit)


def _same_group(user, staff):
    """A group head acts on the staff of their own subject group (a unit alone is not enough)."""
    if staff is None or user.staff_id is None:
        return False
    return bool(user.staff.subject_group) and user.staff.subject_group == staff.subject_group


def roles_with(capability):
    """The roles whose row of the table has ``capability`` (in any scope)."""
    return frozenset(role for role, row in TABLE.items() if capability in row)


# Role sets the menus and lists read, named for who they are and taken from the table where it says it.
ALL_ROLES = frozenset(Role.values)
OFFICES = roles_with(Cap.MONITOR)  # Phòng and Sở officers, and the admin
OFFICERS = OFFICES - {Role.ADMIN}  # officers work on their own unit's subtree; the admin has no unit
MANAGERS_AND_OFFICES = roles_with(Cap.REPORT)  # school managers too: they read their school's figures
SCHOOL_STAFF = frozenset({Role.TEACHER, Role.GROUP_HEAD, Role.SCHOOL_MANAGER})  # people who work in a school
