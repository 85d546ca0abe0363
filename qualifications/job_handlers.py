"""Job kind ``qualifications_export``: the qualification table, with the screen's filters, as an Excel file.

The view stores the filters only; the task rebuilds the list from ``selectors.qualification_list`` for the
requesting user, so the file holds exactly what that user may see, whatever was posted.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scoping
from accounts.letterheads import UnitFormMixin, own_unit
from accounts.models import Level
from core.excel_export import DATE, Column, OfficialFormExporter
from core.ids import plain_id
from jobs.jobs import JobError, job_temp_path
from jobs.registry import job_handler

from . import selectors

KIND = "qualifications_export"


def export_params(*, user, data):
    """Job parameters from the list's filters (a QueryDict); 404 for a unit out of scope."""
    unit = scoping.get_unit_for_user(user, data["unit"]) if data.get("unit") else None
    english = data.get("english") if data.get("english") in selectors.ENGLISH_FILTERS else ""
    return {
        "q": (data.get("q") or "")[:200],
        "unit": unit.pk if unit else None,
        "level": data.get("level") if data.get("level") in Level.values else "",
        "english": english,
    }


def export_title(*, user, params):
    unit = scoping.visible_units(user).filter(pk=params.get("unit")).first() if params.get("unit") else None
    title = _("Trình độ, chứng chỉ tiếng Anh")
    return f"{title} · {unit.name}" if unit else title


def _own_unit(user):
    unit = own_unit(user)
    if unit is None:
        raise JobError(_("Tài khoản chưa gắn với đơn vị nào nên không xuất được danh sách."))
    return unit


class QualificationExporter(UnitFormMixin, OfficialFormExporter):
    """The qualification table as an official form: the heading of the chosen unit (else the user's own) and its
    head's signature."""

    title = gettext_lazy("TRÌNH ĐỘ ĐÀO TẠO, LÝ LUẬN CHÍNH TRỊ VÀ CHỨNG CHỈ TIẾNG ANH")
    sheet_name = gettext_lazy("Trình độ")
    columns = [
        Column(gettext_lazy("STT"), 6, "0", align="center"),
        Column(gettext_lazy("Mã cán bộ"), 14),
        Column(gettext_lazy("Họ và tên"), 28),
        Column(gettext_lazy("Ngày sinh"), 12, DATE, align="center"),
        Column(gettext_lazy("Đơn vị"), 30),
        Column(gettext_lazy("Chức vụ"), 18),
        Column(gettext_lazy("Cấp học"), 10, align="center"),
        Column(gettext_lazy("Tổ chuyên môn"), 18),
        Column(gettext_lazy("Trình độ đào tạo"), 14),
        Column(gettext_lazy("Chuyên ngành"), 20),
        Column(gettext_lazy("Lý luận chính trị"), 14),
        Column(gettext_lazy("GV tiếng Anh"), 9, align="center"),
        Column(gettext_lazy("Bậc CEFR"), 9, align="center"),
        Column(gettext_lazy("Chuẩn cấp học"), 9, align="center"),
        Column(gettext_lazy("Đạt chuẩn"), 9, align="center"),
    ]

    def __init__(self, *, user, params):
        super().__init__()
        params = params if isinstance(params, dict) else {}
        self.user = user
        self.chosen = None  # the unit filtered on; None: the user's whole scope
        if params.get("unit") is not None:
            unit_id = str(params["unit"])
            self.chosen = scoping.visible_units(user).filter(pk=plain_id(unit_id)).first()
            if self.chosen is None:
                raise JobError(_("Đơn vị đã chọn không còn thuộc phạm vi của bạn nên không xuất được danh sách."))
        self.level = params.get("level") if params.get("level") in Level.values else ""
        query = params.get("q") if isinstance(params.get("q"), str) else ""
        self.query = query[:200]
        self.english = selectors.ENGLISH_FILTERS.get(params.get("english") or "")
        self.queryset = selectors.qualification_list(
            user=user, query=self.query, unit=self.chosen, level=self.level, english=self.english
        )
        self.unit = self.chosen or _own_unit(user)

    def subtitle_lines(self):
        unit = self.chosen or self.user.unit
        lines = [unit.name] if unit else []
        lines.append(_("Ngày xuất: %(date)s") % {"date": self.today.strftime("%d/%m/%Y")})
        return lines

    def total(self):
        return self.queryset.count()

    def rows(self):
        yes, no = _("Đạt"), _("Chưa đạt")
        for number, staff in enumerate(self.queryset.iterator(chunk_size=2000), 1):
            qualification = selectors.qualification_of(staff)
            required, meets = selectors.english_status(staff=staff, qualification=qualification)
            yield [
                number,
                staff.code,
                staff.full_name,
                staff.birth_date,
                staff.unit.name,
                staff.get_position_display(),
                staff.level,
                staff.subject_group,
                qualification.get_degree_display() if qualification else "",
                qualification.major if qualification else "",
                qualification.get_political_theory_display() if qualification else "",
                "x" if qualification and qualification.teaches_english else "",
                qualification.cefr_level if qualification else "",
                required or "",
                "" if meets is None else (yes if meets else no),
            ]

    def get_filename(self):
        unit = self.chosen or self.user.unit
        code = "".join(ch for ch in (unit.code if unit else "") if ch.isalnum() or ch in "-_")
        return f"trinh-do{'-' + code if code else ''}-{self.today:%Y%m%d}.xlsx"


@job_handler(KIND, label=gettext_lazy("Xuất bảng trình độ, chứng chỉ (Excel)"))
def qualifications_export(job, progress):
    exporter = QualificationExporter(user=job.requester, params=job.params)
    path = job_temp_path(job=job, suffix=".xlsx")
    exporter.write(path, progress=progress)
    return exporter.get_filename(), path
