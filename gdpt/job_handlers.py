"""Excel lists of a review campaign, as background jobs (the lists the Sở's letter asks for), and large LMS imports:

- ``gdpt_corrections`` — Phụ lục 4: people whose name / date / place of birth must be corrected;
- ``gdpt_not_completed`` — Phụ lục 5: people who have not completed the module, with their LMS status and reason.

The exact layout of the appendices is not in the source letter: these are lists with the columns it names, laid out
as official forms (the unit's heading, the national heading, the signature block: ``accounts.letterheads``).
Parameters hold ids only; the handler rebuilds the campaign and the unit from the requester's scope.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scoping
from accounts.letterheads import UnitFormMixin
from accounts.models import Level, Position
from core.excel_export import DATE, Column, OfficialFormExporter
from core.excel_import import imported_message
from core.ids import plain_id
from jobs.imports import run_import
from jobs.jobs import JobError, job_temp_path
from jobs.registry import job_handler

from . import importers, selectors, services
from .models import LmsStatus, Reason

CORRECTIONS = "gdpt_corrections"
NOT_COMPLETED = "gdpt_not_completed"
EXPORT_KINDS = {
    CORRECTIONS: gettext_lazy("Phụ lục 4: danh sách cần điều chỉnh thông tin"),
    NOT_COMPLETED: gettext_lazy("Phụ lục 5: danh sách chưa hoàn thành, có lý do"),
}


def export_title(*, kind, campaign, unit=None):
    title = f"{EXPORT_KINDS[kind]} · {campaign.module.code}"
    return f"{title} · {unit.name}" if unit is not None else title


def _objects(*, user, params):
    """(campaign, unit or None) rebuilt for ``user``; the stored ids are not trusted."""
    params = params if isinstance(params, dict) else {}
    campaign_id = params.get("campaign")
    # filter(pk=None) matches nothing: an id that is not plain digits finds no campaign.
    campaign = selectors.campaigns_visible_to(user=user).filter(pk=plain_id(campaign_id)).first()
    if campaign is None:
        raise JobError(_("Đợt rà soát không còn thuộc phạm vi của bạn nên không xuất được danh sách."))
    unit = None
    if params.get("unit") is not None:
        unit_id = params["unit"]
        unit = scoping.visible_units(user).filter(pk=plain_id(unit_id)).first()
        if unit is None:
            raise JobError(_("Đơn vị đã chọn không còn thuộc phạm vi của bạn nên không xuất được danh sách."))
    return campaign, unit


class _CampaignExporter(UnitFormMixin, OfficialFormExporter):
    """An appendix as an official form: the heading of the chosen unit (else the user's own, else the campaign's
    Sở) and its head's signature."""

    code = ""

    def __init__(self, *, user, params):
        super().__init__()
        self.user = user
        self.campaign, self.root = _objects(user=user, params=params)  # root: None for the user's whole scope
        self.unit = self.root or self.user.unit or self.campaign.department

    def subtitle_lines(self):
        return [
            f"{self.campaign.title} · {self.campaign.module}",
            self.unit.name,
            _("Ngày xuất: %(date)s") % {"date": self.today.strftime("%d/%m/%Y")},
        ]

    def get_filename(self):
        unit = self.root or self.user.unit
        code = "".join(ch for ch in (unit.code if unit else "") if ch.isalnum() or ch in "-_")
        return f"{self.code}{'-' + code if code else ''}-{self.today:%Y%m%d}.xlsx"


class CorrectionsExporter(_CampaignExporter):
    """Phụ lục 4."""

    title = gettext_lazy("DANH SÁCH CBQL, GV CẦN ĐIỀU CHỈNH THÔNG TIN")
    sheet_name = gettext_lazy("Phụ lục 4")
    code = "phu-luc-4-dieu-chinh-thong-tin"
    columns = [
        Column(gettext_lazy("STT"), 6, "0", align="center"),
        Column(gettext_lazy("Mã cán bộ"), 14),
        Column(gettext_lazy("Họ và tên"), 26),
        Column(gettext_lazy("Ngày sinh"), 12, DATE, align="center"),
        Column(gettext_lazy("Nơi sinh"), 20),
        Column(gettext_lazy("Đơn vị"), 28),
        Column(gettext_lazy("Cấp học"), 10, align="center"),
        Column(gettext_lazy("Họ và tên (điều chỉnh)"), 26),
        Column(gettext_lazy("Ngày sinh (điều chỉnh)"), 14, DATE, align="center"),
        Column(gettext_lazy("Nơi sinh (điều chỉnh)"), 20),
    ]

    def queryset(self):
        return selectors.correction_entries(user=self.user, campaign=self.campaign, root=self.root)

    def total(self):
        return self.queryset().count()

    def rows(self):
        for number, entry in enumerate(self.queryset().iterator(chunk_size=2000), 1):
            staff = entry.staff
            yield [
                number,
                staff.code,
                staff.full_name,
                staff.birth_date,
                staff.birth_place,
                staff.unit.name,
                staff.level,
                entry.corrected_full_name,
                entry.corrected_birth_date,
                entry.corrected_birth_place,
            ]


class NotCompletedExporter(_CampaignExporter):
    """Phụ lục 5."""

    title = gettext_lazy("DANH SÁCH CBQL, GV CHƯA HOÀN THÀNH BỒI DƯỠNG")
    sheet_name = gettext_lazy("Phụ lục 5")
    code = "phu-luc-5-chua-hoan-thanh"
    columns = [
        Column(gettext_lazy("STT"), 6, "0", align="center"),
        Column(gettext_lazy("Mã cán bộ"), 14),
        Column(gettext_lazy("Họ và tên"), 26),
        Column(gettext_lazy("Ngày sinh"), 12, DATE, align="center"),
        Column(gettext_lazy("Chức vụ"), 16),
        Column(gettext_lazy("CBQL/GV"), 9, align="center"),
        Column(gettext_lazy("Cấp học"), 10, align="center"),
        Column(gettext_lazy("Đơn vị"), 28),
        Column(gettext_lazy("Trạng thái trên LMS"), 16),
        Column(gettext_lazy("Lý do"), 36),
    ]

    def queryset(self):
        return selectors.not_completed_people(user=self.user, campaign=self.campaign, root=self.root)

    def total(self):
        return self.queryset().count()

    def rows(self):
        positions = dict(Position.choices)
        levels = {level: level for level in Level.values}
        for number, staff in enumerate(self.queryset().iterator(chunk_size=2000), 1):
            status = LmsStatus(staff.lms_status or LmsStatus.NOT_ENROLLED).label
            reason = str(Reason(staff.reason).label) if staff.reason else ""
            if reason and staff.reason_note:
                reason = f"{reason}: {staff.reason_note}"
            yield [
                number,
                staff.code,
                staff.full_name,
                staff.birth_date,
                str(positions.get(staff.position, staff.position)),
                "CBQL" if staff.is_manager else "GV",
                levels.get(staff.level, staff.level),
                staff.unit.name,
                str(status),
                reason,
            ]


def _run(exporter, job, progress):
    path = job_temp_path(job=job, suffix=".xlsx")
    exporter.write(path, progress=progress)
    return exporter.get_filename(), path


@job_handler(CORRECTIONS, label=EXPORT_KINDS[CORRECTIONS])
def gdpt_corrections(job, progress):
    return _run(CorrectionsExporter(user=job.requester, params=job.params), job, progress)


@job_handler(NOT_COMPLETED, label=EXPORT_KINDS[NOT_COMPLETED])
def gdpt_not_completed(job, progress):
    return _run(NotCompletedExporter(user=job.requester, params=job.params), job, progress)


# ---------------------------------------------------------------------------------------------------------------
# LMS import
# ---------------------------------------------------------------------------------------------------------------

LMS_IMPORT = "lms_import"


@job_handler(LMS_IMPORT, label=gettext_lazy("Nhập kết quả từ LMS"))
def lms_import(job, progress):
    """A large LMS export checked and written by a worker (see jobs/imports.py)."""
    user = job.requester
    return run_import(
        job,
        parse=lambda file: importers.lms_import_parse(file=file, user=user, progress=progress),
        apply=lambda result: importers.lms_import_apply(
            result=result, user=user, filename=job.params.get("filename", "")
        ),
        summary=lambda result, summary: imported_message(summary, rows=len(result.rows)),
        errors=[services.GdptError],
    )
