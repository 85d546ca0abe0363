"""The assessment's official documents (core.documents): the subject group's minutes of its BDTX results (Biên bản
xét kết quả BDTX của tổ chuyên môn), read from the score grid's selector (``selectors.grid_rows``): the marks, the
hours and the results are the grid's, never recomputed."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from accounts import scoping
from accounts.letterheads import letterhead
from accounts.models import MANAGER_POSITIONS
from accounts.selectors import name_in_year
from core import documents as d
from core.money import hours_text
from core.vietnamese import official_date
from plans.models import Plan, PlanStatus
from plans.selectors import group_head, people_of_year
from years.deadlines import document_day
from years.models import DeadlineKind
from years.rulesets import PIECE_SHORT, Piece

from . import rules, selectors

NO_MARKS = "NONE"  # the grid's "Chưa có điểm": an approved plan without a result yet


def minutes_rows(*, user, year, group):
    """The rows of the group's minutes: the score grid's rows of ``group`` (``selectors.grid_rows``, what the page
    shows ``user``), and the user's own row when they may read it (a group head's own plan, once the school has
    confirmed its results: ``selectors.viewable_plans``), sorted by name as the grid sorts them. Also says whether
    the user's own approved plan of the group is left out (nobody reads their own marks before the confirmation)."""
    rows = selectors.grid_rows(user=user, year=year, subject_group=group)
    own_left_out = False
    if user.staff_id and not any(row.plan.staff_id == user.staff_id for row in rows):
        own = selectors.of_audience(
            Plan.objects.filter(
                year=year,
                school_id=user.unit_id,
                staff_id=user.staff_id,
                staff__subject_group=group,
                status=PlanStatus.APPROVED,
            ),
            managers=False,
        )
        if own.exists():
            readable = own.filter(pk__in=selectors.viewable_plans(user=user, year=year).values("pk"))
            if readable.exists():
                rows = rows + selectors.grid_rows(user=user, year=year, plans=readable)
                rows.sort(key=lambda row: (row.staff.sort_key, row.staff.pk))
            else:
                own_left_out = True
    return rows, own_left_out


def group_members(*, user, year, school, group):
    """The teachers of ``group`` in ``year`` (``plans.selectors.people_of_year``: today's active ones while the year
    runs, those who had a plan in it once over), managers left out as the grid leaves them out."""
    staff = scoping.visible_staff(user).filter(unit=school, subject_group=group).exclude(position__in=MANAGER_POSITIONS)
    plans = Plan.objects.filter(school=school, staff__subject_group=group).exclude(
        staff__position__in=MANAGER_POSITIONS
    )
    return people_of_year(year=year, staff=staff, plans=plans)


def _parts_text(values):
    """The marks of one slot as the grid's inputs hold them, '/' between parts ("4,5 / 4"); "" when none is
    entered, "—" for a part left blank beside one entered."""
    if not any(values):
        return ""
    return " / ".join(value or "—" for value in values)


def _hours(value):
    """Confirmed tiết as the grid prints them (floatformat:"-1"): one decimal at most, none when whole (7,5; 35)."""
    return hours_text(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _parts_header(parts):
    return " / ".join(str(short) for short, _long in parts)


def result_label(row, ruleset):
    """The grid's result cell: the class named as the year's ruleset names it, or "Chưa có điểm"."""
    if row.result is None:
        return _("Chưa có điểm")
    return str(rules.label(row.result.classification, ruleset))


def result_counts(rows, year):
    """[(label, n)] of the rows by result, in the classes' order: every class of the year's regime (teachers:
    Hoàn thành / Không hoàn thành under TT 19/2019, the four classes under TT 26/2012) even at 0, any other class
    found, then "Chưa có điểm" when some row has no result."""
    if year.regime.marks_out_of_ten:
        shown = {rules.HOAN_THANH, rules.KHONG_HOAN_THANH}
    else:
        shown = {rules.GIOI, rules.KHA, rules.TRUNG_BINH, rules.KHONG_HOAN_THANH}
    counts = {}
    for row in rows:
        key = row.result.classification if row.result is not None else NO_MARKS
        counts[key] = counts.get(key, 0) + 1
    lines = [
        (str(rules.label(cls, year.ruleset)), counts.get(cls, 0))
        for cls in rules.CLASS_ORDER
        if cls in shown or cls in counts
    ]
    if NO_MARKS in counts:
        lines.append((_("Chưa có điểm"), counts[NO_MARKS]))
    return lines


def _members_table(rows, year):
    regime = year.regime
    marks = regime.marks_out_of_ten
    columns_spec = selectors.grid_columns(regime)
    modules = selectors.module_columns(rows)
    columns = [d.Column(_("TT"), 0.45, "center"), d.Column(_("Họ và tên"), 2.3)]
    for column in columns_spec["contents"]:
        columns.append(d.Column(f"{column['abbr']} ({_parts_header(column['parts'])})", 0.95, "center"))
    for number in range(1, modules + 1):
        header = _("Mô đun %(n)s") % {"n": number}
        columns.append(d.Column(f"{header} ({_parts_header(columns_spec['module_parts'])})", 1.4, "center"))
    if not marks:
        columns.append(d.Column(_("ĐTB"), 0.6, "center"))
    columns.append(d.Column(_("Số tiết"), 0.8, "center"))
    columns.append(d.Column(str(regime.result_title), 2.2 if marks else 1.6))
    lines = []
    for number, row in enumerate(rows, start=1):
        line = [number, row.staff.full_name]
        content_cells, module_cells = row.cells[:2], row.module_cells
        line += [_parts_text(cell.values) for cell in content_cells]
        for cell in module_cells:
            text = _parts_text(cell.values)
            line.append(f"{cell.code}: {text}" if text else cell.code)
        line += [""] * (modules - len(module_cells))
        if not marks:
            average = row.result.average if row.result is not None else None
            line.append(rules.format_score(average))
        done, planned = row.hours
        line.append(f"{_hours(done)}/{d.format_value(planned)}")
        line.append(result_label(row, year.ruleset))
        lines.append(line)
    return d.Table(columns, lines), len(columns)


def group_minutes_document(*, user, year, school, group, day=None):
    """Biên bản xét kết quả BDTX of ``group`` at ``school`` for ``year``: the members with their marks, hours and
    results as the score grid shows them to ``user`` (``minutes_rows``), the counts by result from those rows, and
    the signatures of the secretary and the group head."""
    day = day or document_day(year=year, kind=DeadlineKind.EVALUATION_END, unit=school)
    rows, own_left_out = minutes_rows(user=user, year=year, group=group)
    head = group_head(school=school, group=group)
    members = group_members(user=user, year=year, school=school, group=group).count()
    table, width = _members_table(rows, year)
    regime = year.regime
    if regime.marks_out_of_ten:
        used = dict.fromkeys(Piece(piece) for piece in (*regime.programme_pieces, *regime.module_pieces))
        piece_note = "; ".join(f"{PIECE_SHORT[piece]}: {str(piece.label).lower()}" for piece in used)
    else:
        piece_note = _("KT: điểm tiếp thu; VD: điểm vận dụng (mỗi phần tối đa 5 điểm)")
    table.note = _("Ghi chú: %(note)s.") % {"note": piece_note}
    blocks = [
        d.Paragraph(_("Tổ chuyên môn: %(group)s") % {"group": group}, bold=True, indent=False),
        d.Paragraph(
            _("Thời gian: ...... giờ ......, %(date)s.") % {"date": official_date(day)},
            indent=False,
        ),
        d.Paragraph(_("Địa điểm: %(school)s.") % {"school": name_in_year(school, year)}, indent=False),
        d.Paragraph(
            _("Thành phần: %(head)s, tổ trưởng, chủ trì; giáo viên của tổ: %(n)s người; có mặt: ...... người.")
            % {"head": head.full_name if head else _("tổ trưởng chuyên môn"), "n": d.format_value(members)},
            indent=False,
        ),
        d.Heading(_("I. KẾT QUẢ BỒI DƯỠNG THƯỜNG XUYÊN CỦA TỪNG THÀNH VIÊN")),
        table,
    ]
    if own_left_out:
        blocks.append(
            d.Paragraph(
                _(
                    "Kết quả của %(name)s do lãnh đạo nhà trường đánh giá; được ghi vào biên bản sau khi nhà trường "
                    "xác nhận kết quả."
                )
                % {"name": user.staff.full_name},
                italic=True,
            )
        )
    counts = result_counts(rows, year)
    blocks += [
        d.Heading(_("II. TỔNG HỢP KẾT QUẢ")),
        d.Table(
            [d.Column(str(regime.result_title), 4), d.Column(_("Số người"), 1, "right")],
            [[label, n] for label, n in counts],
            totals=[[_("Tổng số"), len(rows)]],
        ),
        d.Heading(_("III. KẾT LUẬN")),
        d.Paragraph(
            _(
                "Tổ chuyên môn thống nhất kết quả bồi dưỡng thường xuyên năm học %(year)s của các thành viên như trên "
                "và đề nghị Hiệu trưởng xem xét, công nhận."
            )
            % {"year": year.official_name}
        ),
        d.Paragraph(_("Biên bản kết thúc lúc ...... giờ ...... cùng ngày, đã được thông qua trước tổ.")),
        d.SignatureRow(
            [
                d.Signature(title=_("THƯ KÝ"), name=""),
                d.Signature(title=_("TỔ TRƯỞNG"), name=head.full_name if head else ""),
            ]
        ),
    ]
    return d.Document(
        letterhead=letterhead(school, day=day, year=year, number=None),
        kind=_("BIÊN BẢN"),
        title=_("Xét kết quả bồi dưỡng thường xuyên năm học %(year)s") % {"year": year.official_name},
        blocks=blocks,
        filename=f"bien-ban-bdtx-{group}-{year.official_name}",
        landscape=width > 8,
    )
