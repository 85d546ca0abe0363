"""Báo cáo kết quả BDTX năm học … of one school: the school's results page (``views_results``) as a document.

Every figure comes from the selectors the page reads (``results.results``): the counts and shares of
``results_by_unit`` (the boxes and the chart of the page), the list of ``results_list`` with the totals line under
it (``list_totals_text``) and the people of ``not_completed`` (the page "Danh sách chưa hoàn thành"). Nothing is
computed a second time here. The school's letterhead leaves the number for the clerk (Số:     /BC-…); the report goes
to the superior unit "để báo cáo" and the head signs it (``accounts.letterheads``).
"""

from django.utils.translation import gettext as _

from accounts import letterheads
from accounts.selectors import names_in_year
from assessment.rules import COMPLETED
from core import documents as d
from core.money import percent_text
from years.deadlines import document_day
from years.models import DeadlineKind

from . import results


# The regulation each regime's year is carried out under, as the opening of a report cites it.
def _counts_blocks(summary, year):
    """I. KẾT QUẢ: the figures of the page's boxes, then its classes with their shares (the chart's table)."""
    row = summary.total
    ruleset = year.ruleset
    blocks = [
        d.Paragraph(
            _("%(people)s: %(staff)s người; đã có kết quả đánh giá: %(evaluated)s người (số liệu đến ngày %(day)s).")
            % {
                "people": year.people_label,
                "staff": d.format_value(row.staff),
                "evaluated": d.format_value(row.evaluated),
                "day": d.format_value(summary.on),
            }
        )
    ]
    lines = [
        [results.class_label(cell.classification, ruleset), cell.count, percent_text(cell.percent)]
        for cell in row.cells
    ]
    if summary.completed_column:  # TT 26/2012: Giỏi, Khá, Trung bình (and Đạt yêu cầu) together
        completing = ", ".join(cell.label for cell in row.cells if cell.classification in COMPLETED)
        lines.append(
            [
                _("Hoàn thành kế hoạch (%(classes)s)") % {"classes": completing},
                row.completed,
                percent_text(row.completion_percent),
            ]
        )
    blocks.append(
        d.Table(
            [
                d.Column(str(year.regime.result_title), 5),
                d.Column(_("Số người"), 1.4, "right"),
                d.Column(_("Tỷ lệ (%)"), 1.4, "right"),
            ],
            lines,
            totals=[[_("Cộng số người có kết quả"), row.evaluated, ""]],
            note=_("Tỷ lệ tính %(base)s; người chưa có kết quả không tính vào tỷ lệ.") % {"base": row.evaluated_base},
        )
    )
    blocks.append(
        d.Paragraph(
            _(
                "Tỷ lệ hoàn thành kế hoạch: %(share)s. Chưa có kết quả: còn thiếu điểm %(to_score)s người; chưa có kế "
                "hoạch được duyệt %(no_plan)s người."
            )
            % {
                "share": row.completion_text,
                "to_score": d.format_value(row.to_score),
                "no_plan": d.format_value(row.no_plan),
            }
        )
    )
    blocks.append(
        d.Paragraph(
            _("Nhà trường đã xác nhận kết quả đánh giá của năm học.")
            if row.confirmed
            else _("Nhà trường chưa xác nhận kết quả đánh giá: số liệu còn có thể thay đổi.")
        )
    )
    return blocks


def _list_table(list_rows, year):
    """II. DANH SÁCH: the classification list of the page and its Excel file (marks or scores, the result)."""
    regime = year.regime
    if regime.marks_out_of_ten:
        contents = [
            d.Column(regime.content_abbr(1), 0.9, "center"),
            d.Column(regime.content_abbr(2), 0.9, "center"),
            d.Column(_("%(ct)s (mô đun đạt)") % {"ct": regime.content_abbr(3)}, 1.3, "center"),
        ]
    else:
        contents = [
            d.Column(_("ND1"), 0.9, "center"),
            d.Column(_("ND2"), 0.9, "center"),
            d.Column(_("ĐTB ND3"), 1, "center"),
            d.Column(_("ĐTB"), 0.9, "center"),
        ]
    columns = [
        d.Column(_("STT"), 0.6, "center"),
        d.Column(_("Họ và tên"), 2.5),
        d.Column(_("Ngày sinh"), 1.4, "center"),
        d.Column(_("Tổ"), 1.9),
        *contents,
        d.Column(str(regime.result_title), 2.1),
    ]
    rows = []
    for line in list_rows:
        values = [line.nd1_text, line.nd2_text, line.nd3_text]
        if not regime.marks_out_of_ten:
            values.append(line.average_text)
        rows.append([line.number, line.staff.full_name, line.staff.birth_date, line.group, *values, line.class_label])
    return d.Table(columns, rows, note=results.list_totals_text(list_rows, year))


def _not_completed_blocks(rows):
    """III. Who did not complete the plan and why (the page "Danh sách chưa hoàn thành")."""
    if not rows:
        return [d.Paragraph(_("Không có cán bộ, giáo viên nào chưa hoàn thành kế hoạch BDTX."))]
    failed = sum(1 for row in rows if row.classification)
    return [
        d.Paragraph(
            _(
                "Tổng số: %(n)s người, trong đó %(failed)s người có kết quả không hoàn thành và %(without)s người "
                "chưa có kết quả."
            )
            % {
                "n": d.format_value(len(rows)),
                "failed": d.format_value(failed),
                "without": d.format_value(len(rows) - failed),
            }
        ),
        d.Table(
            [
                d.Column(_("STT"), 0.6, "center"),
                d.Column(_("Họ và tên"), 2.6),
                d.Column(_("Ngày sinh"), 1.4, "center"),
                d.Column(_("Tình trạng"), 2),
                d.Column(_("Lý do"), 4),
            ],
            [
                [number, row.staff.full_name, row.staff.birth_date, row.status, row.reason_text]
                for number, row in enumerate(rows, 1)
            ],
        ),
    ]


def school_results_report(*, user, year, school, day=None):
    """The school's report of ``year``'s results as ``user`` sees them on the school's results page."""
    summary = results.results_by_unit(user=user, year=year, root=school)
    list_rows = results.results_list(user=user, year=year, school=school)
    missing = results.not_completed(user=user, year=year, root=school)
    superior, name = names_in_year(school, year)
    by_marks = year.regime.marks_out_of_ten
    blocks = [
        d.Paragraph(
            _(
                "Thực hiện %(regulation)s, %(school)s báo cáo kết quả bồi dưỡng thường xuyên (BDTX) năm học "
                "%(year)s như sau:"
            )
            % {"regulation": year.regime.regulation, "school": name, "year": year.official_name}
        ),
        d.Heading(_("I. KẾT QUẢ BỒI DƯỠNG THƯỜNG XUYÊN")),
        *_counts_blocks(summary, year),
        d.Heading(_("II. DANH SÁCH KẾT QUẢ BDTX") if by_marks else _("II. DANH SÁCH XẾP LOẠI KẾT QUẢ BDTX")),
        _list_table(list_rows, year)
        if list_rows
        else d.Paragraph(_("Chưa có kế hoạch nào được phê duyệt."), italic=True),
        d.Heading(_("III. NHỮNG NGƯỜI CHƯA HOÀN THÀNH KẾ HOẠCH BDTX VÀ LÝ DO")),
        *_not_completed_blocks(missing),
    ]
    return d.Document(
        letterhead=letterheads.letterhead(
            school,
            day=day or document_day(year=year, kind=DeadlineKind.SCHOOL_REPORT, unit=school),
            year=year,
            number="",
            kind_code="BC",
        ),
        kind=_("BÁO CÁO"),
        title=_("Kết quả bồi dưỡng thường xuyên năm học %(year)s") % {"year": year.official_name},
        blocks=blocks,
        signature=letterheads.signature(school, year=year),
        recipients=[_("%(unit)s (để báo cáo)") % {"unit": superior}] if superior else [],
        filename=f"bao-cao-ket-qua-bdtx-{school.code}-{year.start_year}",
    )
