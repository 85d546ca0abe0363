"""Văn bản báo cáo: the narrative a unit writes around its report's figures (đánh giá chung, khó khăn, kiến nghị),
the report printed as an official document, and the scan of the signed paper once sent.

The Sở's report to the Ministry is printed from the figures its page shows: the accepted reports of the units
below (``chain_selectors.accepted_counts``, the page's selector), in the Ministry's table
(``chain_selectors.results_table``).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import letterheads
from core import documents as d
from study.services import StudyError
from study.uploads import JPEG, PDF, PNG, download_name, validate_upload

from . import chain_selectors as selectors
from .models import ReportPaper

NARRATIVE_FIELDS = ("number", "summary", "difficulties", "proposals")
SCAN_TYPES = (PDF, JPEG, PNG)


class PaperError(ValueError):
    """A refused write; the message is Vietnamese and shown as is."""


def paper_of(*, year, unit):
    """The unit's paper for the year's report (unsaved and empty until something is written)."""
    kind = selectors.report_kind_for(unit)
    return ReportPaper.objects.filter(year=year, unit=unit, kind=kind).first() or ReportPaper(
        year=year, unit=unit, kind=kind
    )


@transaction.atomic
def paper_save(*, year, unit, user, data):
    if not selectors.can_submit(user=user, unit=unit):
        raise PaperError(_("Chỉ lãnh đạo hoặc chuyên viên của chính đơn vị mới được soạn báo cáo của đơn vị."))
    paper = paper_of(year=year, unit=unit)
    for field in NARRATIVE_FIELDS:
        setattr(paper, field, (data.get(field) or "").strip())
    paper.updated_at, paper.updated_by = timezone.now(), user
    paper.save()
    return paper


@transaction.atomic
def scan_attach(*, year, unit, user, upload):
    """Keep the scan of the signed report (PDF, JPG or PNG, checked by content); only once the report was sent."""
    if not selectors.can_submit(user=user, unit=unit):
        raise PaperError(_("Chỉ lãnh đạo hoặc chuyên viên của chính đơn vị mới được tải lên bản đã ký."))
    report = selectors.report_of(unit=unit, year=year)
    if report is None or not report.submitted_at:
        raise PaperError(_("Hãy ghi nhận đã gửi báo cáo trước, rồi tải lên bản chụp văn bản đã ký."))
    try:
        content_type = validate_upload(upload)
    except StudyError as error:
        raise PaperError(str(error)) from error
    if content_type not in SCAN_TYPES:
        raise PaperError(_("Bản chụp văn bản đã ký phải là tệp PDF, JPG hoặc PNG."))
    paper = paper_of(year=year, unit=unit)
    old = paper.scan.name if paper.scan else ""
    paper.scan.save(download_name(upload.name, content_type), upload, save=False)
    paper.scan_name = download_name(upload.name, content_type)
    paper.scan_type, paper.scan_size = content_type, upload.size
    paper.scan_uploaded_at, paper.scan_uploaded_by = timezone.now(), user
    paper.save()
    if old and old != paper.scan.name:
        transaction.on_commit(lambda: paper.scan.storage.delete(old))
    return paper


def _paragraphs(text, empty):
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return [d.Paragraph(line) for line in lines] or [d.Paragraph(empty, italic=True)]


def results_block(results):
    """The Ministry's table of ``results`` (``chain_selectors.results_table``) as a document table."""
    columns = [d.Column(_("Cấp học"), 2.2), d.Column(_("Đối tượng"), 1.6)]
    for _code, label in results.classes:
        columns += [d.Column(_("%(label)s (SL)") % {"label": label}, 1.3, "right"), d.Column("%", 0.9, "right")]
    columns += [
        d.Column(_("Tổng số có kết quả"), 1.3, "right"),
        d.Column(_("Tỷ lệ hoàn thành (%)"), 1.3, "right"),
        d.Column(_("Chưa có kết quả"), 1.2, "right"),
    ]

    def values(row):
        cells = []
        for count, share in row.cells:
            cells += [count, share if share is not None else ""]
        rate = f"{d.format_value(row.completion_rate)}%" if row.completion_rate is not None else ""
        return [row.label, row.audience_label, *cells, row.total, rate, row.no_result]

    rows = [values(row) for row in results.rows if row.total or row.no_result]
    return d.Table(columns, rows, totals=[values(row) for row in results.totals])


def ministry_document(*, year, department, day):
    """The Sở's report to the Ministry as an official document: its narrative and the accepted figures."""
    paper = paper_of(year=year, unit=department)
    results = selectors.results_table(
        counts=selectors.accepted_counts(unit=department, year=year), ruleset=year.ruleset
    )
    grand = results.grand_total
    label = year.official_name
    blocks = [
        d.Paragraph(
            _(
                "Thực hiện quy định về bồi dưỡng thường xuyên cán bộ quản lý, giáo viên (%(regime)s), %(unit)s báo "
                "cáo kết quả bồi dưỡng thường xuyên năm học %(year)s như sau:"
            )
            % {"regime": year.regime.short_name, "unit": department.name, "year": label}
        ),
        d.Heading(_("I. ĐÁNH GIÁ CHUNG")),
        *_paragraphs(paper.summary, _("(Chưa ghi đánh giá chung.)")),
        d.Heading(_("II. KẾT QUẢ")),
        d.Paragraph(
            _(
                "Tổng hợp từ các báo cáo đã được Sở tiếp nhận: %(evaluated)s người có kết quả, hoàn thành kế hoạch "
                "%(completed)s người (%(share)s); chưa có kết quả: %(none)s người."
            )
            % {
                "evaluated": d.format_value(grand.total),
                "completed": d.format_value(grand.completed),
                "share": grand.completion_text,
                "none": d.format_value(grand.no_result),
            }
        ),
        results_block(results),
        d.Heading(_("III. KHÓ KHĂN, VƯỚNG MẮC")),
        *_paragraphs(paper.difficulties, _("(Không có.)")),
        d.Heading(_("IV. KIẾN NGHỊ, ĐỀ XUẤT")),
        *_paragraphs(paper.proposals, _("(Không có.)")),
    ]
    return d.Document(
        letterhead=letterheads.letterhead(department, day=day, year=year, number=paper.number, kind_code="BC"),
        kind=_("BÁO CÁO"),
        title=_("Kết quả bồi dưỡng thường xuyên cán bộ quản lý, giáo viên\nnăm học %(year)s") % {"year": label},
        blocks=blocks,
        signature=letterheads.signature(department, year=year),
        recipients=[_("Bộ GD&ĐT (Cục Nhà giáo và Cán bộ quản lý giáo dục)"), _("Lãnh đạo Sở")],
        filename=f"bao-cao-bdtx-gui-bo-{label}",
        landscape=len(results.classes) > 2,
    )
