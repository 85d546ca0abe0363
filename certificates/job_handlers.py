"""Job kinds of the certificates app (found by jobs.registry.autodiscover).

- ``certificates_school_pdf``: every valid certificate of one school and year as one PDF, one page each.
- ``certificates_corrections``: the list of personal-data corrections (Phụ lục: họ tên, ngày sinh, nơi sinh) of a
  school, a Phòng or a Sở, as an Excel file.

Both rebuild everything from ``job.requester``: the ids in ``job.params`` are only looked up inside the
requester's scope.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scoping
from accounts.letterheads import UnitFormMixin
from core.excel_export import DATE, Column, OfficialFormExporter
from jobs.jobs import JobError, job_temp_path
from jobs.registry import job_handler
from years.selectors import years_visible_to

from . import rendering, selectors
from .models import CertificateError

SCHOOL_PDF = "certificates_school_pdf"
CORRECTIONS_EXPORT = "certificates_corrections"


def _param_id(params, key):
    value = params.get(key) if isinstance(params, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _year(user, params):
    year = years_visible_to(user=user).filter(pk=_param_id(params, "year")).first()
    if year is None:
        raise JobError(_("Năm học đã chọn không còn thuộc phạm vi của bạn."))
    return year


def _slug(text):
    return "".join(ch for ch in (text or "") if ch.isalnum() or ch in "-_")


@job_handler(
    SCHOOL_PDF, label=gettext_lazy("In giấy chứng nhận BDTX của trường (PDF)"), unit=gettext_lazy("giấy chứng nhận")
)
def school_pdf(job, progress):
    user = job.requester
    year = _year(user, job.params)
    school = scoping.visible_schools(user).filter(pk=_param_id(job.params, "school")).first()
    if school is None or not selectors.can_print(user=user, school=school):
        raise JobError(_("Trường đã chọn không còn thuộc phạm vi của bạn nên không in được."))
    certificates = list(selectors.school_certificates(user=user, school=school, year=year))
    if not certificates:
        raise JobError(_("Trường chưa có giấy chứng nhận nào để in."))
    try:
        base_url = rendering.public_base_url(fallback=job.params.get("base_url") or "")
        content = rendering.render_many(certificates, base_url=base_url, progress=progress)
    except CertificateError as error:
        raise JobError(str(error)) from error
    return f"giay-chung-nhan-{_slug(school.code)}-{year.start_year}.pdf", content


class CorrectionsExporter(UnitFormMixin, OfficialFormExporter):
    """Danh sách đề nghị điều chỉnh thông tin cá nhân (họ tên, ngày sinh, nơi sinh) trước khi in giấy chứng nhận, as
    an official form: the heading of the chosen unit (else the user's own) and its head's signature."""

    title = gettext_lazy("DANH SÁCH ĐỀ NGHỊ ĐIỀU CHỈNH THÔNG TIN CÁ NHÂN")
    sheet_name = gettext_lazy("Điều chỉnh thông tin")
    columns = [
        Column(gettext_lazy("STT"), 6, "0", align="center"),
        Column(gettext_lazy("Mã cán bộ"), 14),
        Column(gettext_lazy("Đơn vị"), 28),
        Column(gettext_lazy("Họ và tên hiện tại"), 24),
        Column(gettext_lazy("Họ và tên đề nghị"), 24),
        Column(gettext_lazy("Ngày sinh hiện tại"), 12, DATE, align="center"),
        Column(gettext_lazy("Ngày sinh đề nghị"), 12, DATE, align="center"),
        Column(gettext_lazy("Nơi sinh hiện tại"), 22),
        Column(gettext_lazy("Nơi sinh đề nghị"), 22),
        Column(gettext_lazy("Lý do"), 28),
        Column(gettext_lazy("Trạng thái"), 16),
    ]

    def __init__(self, *, user, params):
        super().__init__()
        self.user = user
        self.year = _year(user, params)
        unit_id = _param_id(params, "unit")
        # The unit filtered on; None: the user's whole scope.
        self.chosen = scoping.visible_units(user).filter(pk=unit_id).first() if unit_id is not None else None
        if unit_id is not None and self.chosen is None:
            raise JobError(_("Đơn vị đã chọn không còn thuộc phạm vi của bạn nên không xuất được danh sách."))
        self.queryset = selectors.corrections_visible_to(user=user, year=self.year, unit=self.chosen)
        self.unit = self.chosen or user.unit or self.year.department

    def subtitle_lines(self):
        lines = [self.chosen.name] if self.chosen else []
        lines.append(_("Năm học %(year)s") % {"year": self.year.name})
        lines.append(_("Ngày xuất: %(date)s") % {"date": self.today.strftime("%d/%m/%Y")})
        return lines

    def total(self):
        return self.queryset.count()

    def rows(self):
        for number, check in enumerate(self.queryset.iterator(chunk_size=2000), 1):
            reason = check.note
            if check.decision_note:
                reason = f"{reason}\n{_('Từ chối:')} {check.decision_note}".strip()
            yield [
                number,
                check.staff.code,
                check.staff.unit.name,
                check.shown_full_name,
                check.requested_full_name,
                check.shown_birth_date,
                check.requested_birth_date,
                check.shown_birth_place,
                check.requested_birth_place,
                reason,
                check.get_status_display(),
            ]

    def get_filename(self):
        code = _slug(self.chosen.code if self.chosen else "")
        return f"dieu-chinh-thong-tin{'-' + code if code else ''}-{self.year.start_year}.xlsx"


@job_handler(CORRECTIONS_EXPORT, label=gettext_lazy("Danh sách điều chỉnh thông tin cá nhân (Excel)"))
def corrections_export(job, progress):
    exporter = CorrectionsExporter(user=job.requester, params=job.params)
    path = job_temp_path(job=job, suffix=".xlsx")
    exporter.write(path, progress=progress)
    return exporter.get_filename(), path
