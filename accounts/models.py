"""Org units (the tree), staff records and user accounts with roles."""

from dataclasses import dataclass
from functools import lru_cache

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.vietnamese import fold, name_sort_key, nfc, split_name

MOVE_THROUGH_SERVICE = _(
    "Đơn vị cấp trên chỉ đổi được bằng chức năng “Chuyển đơn vị”, để cả các đơn vị cấp dưới đi theo."
)


@lru_cache(maxsize=65536)
def path_ids(path):
    """'000001/000007/000123/' → (1, 7, 123): the ids of a unit's ancestors and its own, from the root down.

    Kept in memory: dashboards look up the same few thousand paths on every request.
    """
    return tuple(int(segment) for segment in path.split("/") if segment)


class Level(models.TextChoices):
    """Cấp học."""

    MN = "MN", _("Mầm non")
    TH = "TH", _("Tiểu học")
    THCS = "THCS", _("Trung học cơ sở")
    THPT = "THPT", _("Trung học phổ thông")
    GDTX = "GDTX", _("Giáo dục thường xuyên")


# Levels whose schools may report through a middle tier (a Phòng before 1/7/2025, a commune after) when the province
# sends them through one (OrgUnit.middle_tier_levels); THPT and GDTX always report to the Sở.
DISTRICT_LEVELS = {Level.MN, Level.TH, Level.THCS}


class OrgUnit(models.Model):
    """Đơn vị: Bộ → Sở → (Phòng GD&ĐT or UBND xã/phường, or nothing) → trường, stored as a materialised path so a
    subtree is one query. The middle tier is optional: since 1/7/2025 there is no district level, and a province
    sends its MN/TH/THCS schools through a commune's People's Committee or straight to the Sở."""

    class Kind(models.TextChoices):
        MINISTRY = "BO", _("Bộ GD&ĐT")
        DEPARTMENT = "SO", _("Sở GD&ĐT")
        DISTRICT = "PHONG", _("Phòng GD&ĐT")
        COMMUNE = "XA", _("UBND xã/phường")
        SCHOOL = "SCHOOL", _("Trường / trung tâm")

    kind = models.CharField(_("loại đơn vị"), max_length=8, choices=Kind.choices)
    code = models.CharField(_("mã đơn vị"), max_length=32, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # '000001/000007/000123/': ancestors' ids then our own; a subtree is a path prefix (accounts.scoping).
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    levels = models.CharField(
        _("cấp học"), max_length=64, blank=True, help_text=_("Các cấp học, cách nhau bởi dấu phẩy")
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # Set by a merge (accounts.restructure.merge): the unit that took this one over. A merged Sở stays where it was
    # in the tree; its successor's officers read its past years through this link.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("sáp nhập vào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_units",
    )
    # A Sở's choice: the levels whose schools report through the middle tier; the others report straight to it.
    middle_tier_levels = models.CharField(
        _("cấp học báo cáo qua cấp xã/Phòng"),
        max_length=32,
        blank=True,
        default="MN,TH,THCS",
        help_text=_("Chỉ dùng cho Sở: các cấp học có trường trực thuộc UBND xã/phường hoặc Phòng GD&ĐT."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """Save the unit; a new unit gets its path here, an existing one keeps the stored path and parent.

        A parent is changed only by ``accounts.services.unit_move``, which rewrites the whole subtree's paths.
        """
        with transaction.atomic():
            stored = self._stored_tree_fields()
            if stored is None:
                super().save(*args, **kwargs)
                self.path, self.depth = self.compute_path()
                OrgUnit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
                return
            if stored["parent_id"] != self.parent_id and not self._move_checked:
                raise ValidationError(MOVE_THROUGH_SERVICE)
            # Never write back a path read before an ancestor moved.
            self.path, self.depth = stored["path"], stored["depth"]
            super().save(*args, **kwargs)

    # Set by unit_move once it has checked the move and rewritten the subtree's paths.
    _move_checked = False

    def _stored_tree_fields(self):
        if self._state.adding or self.pk is None:
            return None
        return OrgUnit.objects.filter(pk=self.pk).values("parent_id", "path", "depth", "kind", "levels").first()

    def clean(self):
        super().clean()
        stored = self._stored_tree_fields()
        if stored is not None and stored["parent_id"] != self.parent_id:
            raise ValidationError({"parent": MOVE_THROUGH_SERVICE})
        # A unit's kind and cấp học must still fit under its parent, and its children under it (PARENT_KINDS).
        # Checked only when they change, so an old unit can still be renamed.
        if stored is None or (stored["kind"], stored["levels"]) != (self.kind, self.levels):
            self._refuse_misplacement(kind_changed=stored is not None and stored["kind"] != self.kind)

    def _refuse_misplacement(self, *, kind_changed):
        if self.kind not in PARENT_KINDS:
            return  # not a valid choice: clean_fields has already said so
        if self.parent_id is not None:
            refused = placement_error(
                self.kind, self.level_list, self.parent.kind, province_middle_tier_levels(self.parent)
            )
            if refused is not None:
                raise ValidationError({refused.field: refused.message})
        if not kind_changed or self.pk is None:
            return
        stranded = [
            child
            for child in OrgUnit.objects.filter(parent_id=self.pk).order_by("path")
            if placement_error(child.kind, child.level_list, self.kind, province_middle_tier_levels(self)) is not None
        ]
        if stranded:
            shown = ", ".join(child.name for child in stranded[:5]) + ("…" if len(stranded) > 5 else "")
            raise ValidationError(
                {
                    "kind": gettext(
                        "Không thể đổi thành %(kind)s: %(count)s đơn vị cấp dưới (%(units)s) không thể trực thuộc "
                        "một %(kind)s. Hãy chuyển các đơn vị đó đi trước."
                    )
                    % {"kind": OrgUnit.Kind(self.kind).label, "count": len(stranded), "units": shown}
                }
            )

    def is_within(self, root):
        """Whether this unit is ``root`` or lies below it."""
        return self.path.startswith(root.path)

    @property
    def level_list(self):
        return [level for level in self.levels.split(",") if level]

    @property
    def is_school(self):
        return self.kind == self.Kind.SCHOOL

    @property
    def is_middle_tier(self):
        """A Phòng GD&ĐT or a commune People's Committee: the optional tier between schools and the Sở."""
        return self.kind in MIDDLE_TIER_KINDS

    @property
    def is_office(self):
        """An office that oversees schools: the Sở or a middle-tier unit."""
        return self.kind in OFFICE_KINDS

    @property
    def ancestor_ids(self):
        return list(path_ids(self.path)[:-1])

    def compute_path(self):
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.pk:06d}/", (self.parent.depth + 1 if self.parent_id else 0)


MIDDLE_TIER_KINDS = frozenset({OrgUnit.Kind.DISTRICT, OrgUnit.Kind.COMMUNE})
OFFICE_KINDS = frozenset({OrgUnit.Kind.DEPARTMENT, *MIDDLE_TIER_KINDS})

# The kinds of unit each kind may report to: Bộ → Sở → Phòng or UBND xã → trường, or a school straight under its Sở.
PARENT_KINDS = {
    OrgUnit.Kind.MINISTRY: set(),
    OrgUnit.Kind.DEPARTMENT: {OrgUnit.Kind.MINISTRY},
    OrgUnit.Kind.DISTRICT: {OrgUnit.Kind.DEPARTMENT},
    OrgUnit.Kind.COMMUNE: {OrgUnit.Kind.DEPARTMENT},
    OrgUnit.Kind.SCHOOL: {*MIDDLE_TIER_KINDS, OrgUnit.Kind.DEPARTMENT},
}


@dataclass(frozen=True)
class Misplacement:
    """Why a unit may not sit under a parent: the form field at fault and the message."""

    field: str
    message: str


def placement_error(kind, levels, parent_kind, middle_tier_levels=None):
    """Whether a unit of ``kind`` teaching ``levels`` may report to a unit of ``parent_kind``: None when it may,
    else a ``Misplacement``. ``middle_tier_levels`` is the province's choice of levels that go through the middle
    tier (None: every MN/TH/THCS level may). The one statement of the rule, used by ``OrgUnit.clean`` (a unit's own
    kind and cấp học, and its children's, against the kind it becomes) and by ``accounts.services.unit_move``."""
    if parent_kind not in PARENT_KINDS[kind]:
        return Misplacement(
            "kind",
            gettext("Không thể đặt một %(kind)s dưới một %(parent_kind)s.")
            % {"kind": OrgUnit.Kind(kind).label, "parent_kind": OrgUnit.Kind(parent_kind).label},
        )
    if parent_kind in MIDDLE_TIER_KINDS and kind == OrgUnit.Kind.SCHOOL:
        if not set(levels) <= DISTRICT_LEVELS:
            return Misplacement(
                "levels", gettext("Trường có cấp THPT hoặc GDTX trực thuộc Sở, không thuộc Phòng GD&ĐT hay UBND xã.")
            )
        if middle_tier_levels is not None and not set(levels) <= set(middle_tier_levels):
            straight = ", ".join(sorted(set(levels) - set(middle_tier_levels)))
            return Misplacement(
                "levels",
                gettext("Tỉnh này cho trường cấp %(levels)s báo cáo thẳng lên Sở, không qua UBND xã hay Phòng GD&ĐT.")
                % {"levels": straight},
            )
    return None


def province_middle_tier_levels(unit):
    """The levels the province of ``unit`` (a Sở or a unit under one) sends through its middle tier, or None."""
    department = unit
    while department is not None and department.kind != OrgUnit.Kind.DEPARTMENT:
        department = department.parent
    if department is None:
        return None
    return [level for level in department.middle_tier_levels.split(",") if level]


class PastPlacement(models.Model):
    """Đơn vị trong một năm học đã qua: where a unit sat, under which name and code, in a school year whose tree has
    changed since (a Phòng dissolved, a school moved, two Sở merged). Written for every unit of the tree, once per
    past year, just before the first restructuring that follows it (``accounts.services.freeze_tree``); that year's
    drill-downs then read this tree instead of today's, so it reads as it was."""

    start_year = models.PositiveSmallIntegerField(_("năm học bắt đầu"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="past_placements")
    parent = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("tên đơn vị năm đó"), max_length=255)
    code = models.CharField(_("mã đơn vị năm đó"), max_length=32)
    kind = models.CharField(_("loại đơn vị năm đó"), max_length=8, choices=OrgUnit.Kind.choices)
    levels = models.CharField(max_length=64, blank=True)
    path = models.CharField(max_length=255, db_index=True)
    depth = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("đơn vị trong năm học đã qua")
        verbose_name_plural = _("đơn vị trong các năm học đã qua")
        constraints = [models.UniqueConstraint(fields=["start_year", "unit"], name="one_placement_per_unit_and_year")]

    def __str__(self):
        return f"{self.name} ({self.start_year}–{self.start_year + 1})"


class Position(models.TextChoices):
    """Chức vụ."""

    TEACHER = "GV", _("Giáo viên")
    GROUP_HEAD = "TTCM", _("Tổ trưởng chuyên môn")
    GROUP_DEPUTY = "TPCM", _("Tổ phó chuyên môn")
    DEPUTY_PRINCIPAL = "PHT", _("Phó hiệu trưởng")
    PRINCIPAL = "HT", _("Hiệu trưởng")
    DEPUTY_DIRECTOR = "PGD", _("Phó giám đốc trung tâm")
    DIRECTOR = "GD", _("Giám đốc trung tâm")


MANAGER_POSITIONS = {Position.PRINCIPAL, Position.DEPUTY_PRINCIPAL, Position.DIRECTOR, Position.DEPUTY_DIRECTOR}


class Audience(models.TextChoices):
    """Đối tượng bồi dưỡng: teachers, or managers (a staff member in one of MANAGER_POSITIONS)."""

    TEACHER = "GV", _("Giáo viên")
    MANAGER = "CBQL", _("Cán bộ quản lý")


class Gender(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class Staff(models.Model):
    """Hồ sơ cán bộ quản lý, giáo viên."""

    code = models.CharField(_("mã cán bộ"), max_length=32, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=128)
    family_name = models.CharField(max_length=64, editable=False, default="")
    middle_name = models.CharField(max_length=64, editable=False, default="")
    given_name = models.CharField(max_length=64, editable=False, default="")
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_place = models.CharField(_("nơi sinh"), max_length=255, blank=True)
    gender = models.CharField(_("giới tính"), max_length=1, choices=Gender.choices, blank=True)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="staff")
    position = models.CharField(_("chức vụ"), max_length=8, choices=Position.choices, default=Position.TEACHER)
    level = models.CharField(_("cấp học"), max_length=8, choices=Level.choices)
    subject_group = models.CharField(_("tổ chuyên môn"), max_length=128, blank=True)
    is_core_teacher = models.BooleanField(_("giáo viên cốt cán"), default=False)
    is_active = models.BooleanField(_("đang công tác"), default=True)
    id_number = models.CharField(_("mã định danh (CCCD)"), max_length=12, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    search_text = models.CharField(max_length=255, editable=False, default="", db_index=True)
    sort_key = models.CharField(max_length=255, editable=False, default="")
    history = HistoricalRecords(excluded_fields=["search_text", "sort_key", "family_name", "middle_name", "given_name"])

    class Meta:
        verbose_name = _("cán bộ, giáo viên")
        verbose_name_plural = _("cán bộ, giáo viên")
        ordering = ["sort_key", "id"]
        indexes = [
            models.Index(fields=["unit", "sort_key"], name="staff_unit_sort"),
            models.Index(fields=["sort_key", "id"], name="staff_sort"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)

    @property
    def is_manager(self):
        return self.position in MANAGER_POSITIONS

    @property
    def audience(self):
        return Audience.MANAGER if self.is_manager else Audience.TEACHER

    # What refresh_derived() fills from full_name: written along with it.
    NAME_DERIVED_FIELDS = ("full_name", "family_name", "middle_name", "given_name", "search_text", "sort_key")

    def refresh_derived(self):
        """Fill the name parts and the search and sort keys from full_name."""
        self.full_name = " ".join(nfc(self.full_name).split())
        self.family_name, self.middle_name, self.given_name = split_name(self.full_name)
        self.search_text = f"{fold(self.full_name)} {self.code.lower()}"[:255]
        self.sort_key = name_sort_key(self.full_name)[:255]


class Role(models.TextChoices):
    """Vai trò của tài khoản, gắn với một đơn vị."""

    TEACHER = "TEACHER", _("Giáo viên")
    GROUP_HEAD = "GROUP_HEAD", _("Tổ trưởng chuyên môn")
    SCHOOL_MANAGER = "SCHOOL_MANAGER", _("Lãnh đạo trường")
    DISTRICT_OFFICER = "DISTRICT_OFFICER", _("Cán bộ UBND xã / Phòng GD&ĐT")
    DEPARTMENT_OFFICER = "DEPARTMENT_OFFICER", _("Chuyên viên Sở GD&ĐT")
    ADMIN = "ADMIN", _("Quản trị hệ thống")


SCHOOL_ROLES = {Role.TEACHER, Role.GROUP_HEAD, Role.SCHOOL_MANAGER}


def role_for_position(position):
    """The school role a staff member's account has from their position (chức vụ): the principal names deputies
    and group heads by recording their position, and the account follows."""
    if position in MANAGER_POSITIONS:
        return Role.SCHOOL_MANAGER
    if position == Position.GROUP_HEAD:
        return Role.GROUP_HEAD
    return Role.TEACHER


OFFICE_ROLES = {Role.DISTRICT_OFFICER, Role.DEPARTMENT_OFFICER}


class User(AbstractUser):
    """Tài khoản người dùng: a role bound to one org unit, optionally linked to a staff record."""

    role = models.CharField(_("vai trò"), max_length=24, choices=Role.choices, default=Role.TEACHER)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    staff = models.OneToOneField(
        Staff, verbose_name=_("hồ sơ cán bộ"), null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )
    # Set on an account made from a staff record or given a one-time password: the next login leads to
    # "Đổi mật khẩu" and nowhere else until the person chooses their own.
    must_change_password = models.BooleanField(_("phải đổi mật khẩu khi đăng nhập"), default=False)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    @property
    def is_admin_role(self):
        return self.role == Role.ADMIN or self.is_superuser

    @property
    def display_name(self):
        return self.staff.full_name if self.staff_id else (self.get_full_name() or self.username)


class UnitLetterhead(models.Model):
    """Thông tin in trên văn bản: what the unit's official documents print in their heading and signature block.
    Every field may stay empty: ``accounts.letterheads`` then derives it from the unit (Nghị định 30/2020)."""

    unit = models.OneToOneField(OrgUnit, on_delete=models.CASCADE, related_name="letterhead")
    superior_line = models.CharField(_("tên cơ quan chủ quản"), max_length=120, blank=True)
    issuer_line = models.CharField(_("tên đơn vị trên văn bản"), max_length=120, blank=True)
    place = models.CharField(_("địa danh ghi trước ngày tháng"), max_length=64, blank=True)
    symbol = models.CharField(_("chữ viết tắt tên đơn vị trong ký hiệu văn bản"), max_length=24, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=64, blank=True)
    signs_for = models.CharField(_("ký thay (KT.)"), max_length=64, blank=True)
    signer_name = models.CharField(_("họ và tên người ký"), max_length=128, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thông tin in trên văn bản")
        verbose_name_plural = _("thông tin in trên văn bản")

    def __str__(self):
        return str(self.unit)


class SupportContact(models.Model):
    """Hỗ trợ người dùng: the person a province's users call or write to about the system, set by the Sở. Every user
    of the province sees it on the help pages (``templates/help/_support_line.html``)."""

    department = models.OneToOneField(
        OrgUnit,
        verbose_name=_("Sở GD&ĐT"),
        on_delete=models.CASCADE,
        related_name="support_contact",
        limit_choices_to={"kind": OrgUnit.Kind.DEPARTMENT},
    )
    name = models.CharField(_("người hỗ trợ"), max_length=128)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    hours_note = models.CharField(_("thời gian hỗ trợ"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("người hỗ trợ người dùng")
        verbose_name_plural = _("người hỗ trợ người dùng")

    def __str__(self):
        return f"{self.department} — {self.name}"

    @classmethod
    def for_unit(cls, unit):
        """The contact of the Sở ``unit`` belongs to (itself when a Sở), read from its path in one query; None when
        the Sở has set none, or above or outside a Sở (the Bộ, the admin without a unit)."""
        if unit is None:
            return None
        return (
            cls.objects.filter(
                department_id__in=[*unit.ancestor_ids, unit.pk], department__kind=OrgUnit.Kind.DEPARTMENT
            )
            .select_related("department")
            .first()
        )
