"""Phiếu xác nhận thông tin in trên giấy chứng nhận: the papers a school prints before issuing certificates.

- ``personal_data_sheet``: one person's sheet (the school's heading, no number): the name, date and place of birth,
  school and result exactly as the certificate will print them, read from ``selectors.own_year`` as the person's
  page "Giấy chứng nhận của tôi" shows them, where they stand with confirming, and two signatures: the person
  ("NGƯỜI XÁC NHẬN") and the head of the school;
- ``school_data_list``: the school's list of the same data, one line per person of the school's roster
  (``selectors.school_roster``, in the page's order), with the date each confirmed and an empty column to sign.

Both are ``core.documents.Document`` objects; the views print them as PDF or Word (``core.documents``).
"""

from dataclasses import replace

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import letterheads
from assessment.rules import label
from core import documents as d
from years.deadlines import document_day
from years.models import DeadlineKind

from . import selectors
from .models import CheckStatus

MISSING = "—"


def _day(moment):
    return timezone.localtime(moment).date() if moment is not None else None


def check_status_text(check, agreed):
    """Where the person stands with confirming their printed data, as their page says it (with the date)."""
    if agreed:
        text = _("Đã xác nhận thông tin đúng ngày %(day)s.") % {"day": d.format_value(_day(check.answered_at))}
        if check.status == CheckStatus.CORRECTED:
            text = f"{text} {_('(đã được điều chỉnh theo đề nghị)')}"
        return text
    if check is not None and check.status == CheckStatus.CORRECTION_REQUESTED:
        return _(
            "Đã gửi đề nghị điều chỉnh ngày %(day)s (%(name)s · %(birth)s · %(place)s); nhà trường đang xem xét."
        ) % {
            "day": d.format_value(_day(check.answered_at)),
            "name": check.requested_full_name,
            "birth": d.format_value(check.requested_birth_date),
            "place": check.requested_birth_place,
        }
    if check is not None and check.status == CheckStatus.REJECTED:
        return _("Đề nghị điều chỉnh không được chấp nhận. Lý do: %(reason)s") % {"reason": check.decision_note}
    if check is not None and check.agreed_values is not None:
        return _("Hồ sơ đã thay đổi sau lần xác nhận trước: cần xác nhận lại.")
    return _("Chưa xác nhận.")


def _roster_status(row):
    """The "Đã xác nhận ngày" cell of the school's list: the date, or why there is none."""
    if row.data_agreed:
        return _day(row.check.answered_at)
    if row.data_stale:
        return _("Cần xác nhận lại")
    if row.check is not None and row.check.status != CheckStatus.PENDING:
        return row.check.get_status_display()
    return _("Chưa xác nhận")


def personal_data_sheet(*, staff, year, day=None):
    """One person's sheet for ``year``: their data as it will print, the confirmation, the two signatures."""
    mine = selectors.own_year(staff=staff, year=year)
    school = mine.school
    if mine.result is not None:
        result = str(label(mine.result.classification, year.ruleset))
        if not mine.completed:
            result = f"{result} {_('(không đủ điều kiện cấp giấy chứng nhận)')}"
    elif mine.result_unconfirmed:
        result = _("Kết quả chưa được xác nhận")
    else:
        result = _("Chưa có kết quả")
    fields = [
        [_("Họ và tên"), staff.full_name],
        [_("Ngày sinh"), d.format_value(staff.birth_date) or MISSING],
        [_("Nơi sinh"), staff.birth_place or MISSING],
        [_("Đơn vị công tác"), school.name],
        [str(year.regime.result_title), result],
    ]
    return d.Document(
        letterhead=letterheads.letterhead(
            school, day=day or document_day(year=year, kind=DeadlineKind.EVALUATION_END, unit=school), year=year
        ),
        kind=_("PHIẾU XÁC NHẬN"),
        title=_("Thông tin in trên giấy chứng nhận kết quả BDTX năm học %(year)s") % {"year": year.official_name},
        blocks=[
            d.Paragraph(
                _(
                    "Giấy chứng nhận kết quả bồi dưỡng thường xuyên năm học %(year)s sẽ in đúng các thông tin dưới "
                    "đây. Người được cấp kiểm tra kỹ họ tên (cả dấu), ngày sinh, nơi sinh và ký xác nhận; thông tin "
                    "chưa đúng thì đề nghị điều chỉnh, kèm giấy tờ."
                )
                % {"year": year.official_name}
            ),
            d.Table([d.Column(_("Thông tin"), 2), d.Column(_("In trên giấy chứng nhận"), 5)], fields),
            d.Paragraph(
                _("Tình trạng xác nhận: %(status)s") % {"status": check_status_text(mine.check, mine.agreed)},
                italic=True,
            ),
            d.Paragraph(_("Tôi xác nhận các thông tin trên là đúng."), indent=True),
            d.SignatureRow(
                [
                    d.Signature(title=_("NGƯỜI XÁC NHẬN"), name=staff.full_name, note=str(d.SIGN_NOTE)),
                    replace(letterheads.signature(school, year=year), note=str(d.SEAL_NOTE)),
                ]
            ),
        ],
        filename=f"phieu-xac-nhan-thong-tin-{staff.code}-{year.start_year}",
    )


def school_data_list(*, school, year, day=None):
    """The school's list for ``year``: every person of its roster with their printed data, the date they confirmed
    it and a column to sign; the head signs the list."""
    rows = selectors.school_roster(school=school, year=year)
    counts = selectors.roster_counts(rows)
    table = d.Table(
        [
            d.Column(_("STT"), 0.6, "center"),
            d.Column(_("Họ và tên"), 2.9),
            d.Column(_("Ngày sinh"), 1.3, "center"),
            d.Column(_("Nơi sinh"), 2.0),
            d.Column(str(year.regime.result_title), 2.3),
            d.Column(_("Đã xác nhận ngày"), 1.4, "center"),
            d.Column(_("Ký xác nhận"), 1.3),
        ],
        [
            [
                number,
                row.staff.full_name,
                row.staff.birth_date,
                row.staff.birth_place,
                row.label,
                _roster_status(row),
                "",
            ]
            for number, row in enumerate(rows, 1)
        ],
        note=_("Tổng số: %(n)s người; hoàn thành kế hoạch: %(completed)s; đã xác nhận thông tin: %(agreed)s.")
        % {
            "n": d.format_value(counts["results"]),
            "completed": d.format_value(counts["completed"]),
            "agreed": d.format_value(counts["agreed"]),
        },
    )
    blocks = [
        d.Paragraph(
            _(
                "Giấy chứng nhận kết quả bồi dưỡng thường xuyên năm học %(year)s in họ và tên, ngày sinh, nơi sinh "
                "như dưới đây. Mỗi người kiểm tra thông tin của mình và ký xác nhận; thông tin chưa đúng thì ghi đề "
                "nghị điều chỉnh, kèm giấy tờ."
            )
            % {"year": year.official_name}
        ),
        table if rows else d.Paragraph(_("Trường chưa có kết quả BDTX năm học này."), italic=True),
    ]
    return d.Document(
        letterhead=letterheads.letterhead(
            school, day=day or document_day(year=year, kind=DeadlineKind.EVALUATION_END, unit=school), year=year
        ),
        kind=_("DANH SÁCH"),
        title=_("Xác nhận thông tin in trên giấy chứng nhận kết quả BDTX năm học %(year)s")
        % {"year": year.official_name},
        blocks=blocks,
        signature=letterheads.signature(school, year=year),
        filename=f"xac-nhan-thong-tin-{school.code}-{year.start_year}",
    )
