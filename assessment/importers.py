"""Score import from Excel: a template pre-filled with the teachers and their plan items, a parser that checks the
whole file without writing anything, and an all-or-nothing apply through ``services.scores_import``.

The sheet has one row per teacher × content (content 1, content 2, each content-3 module):
Mã cán bộ | Họ và tên | Nội dung | Mã mô đun | Tên nội dung | then, under TT 26/2012, Điểm tiếp thu | Điểm vận dụng
(0–5 each); under TT 19/2019 one column per assessed piece the regime uses (Điểm LT | Điểm TH | … | Điểm BTH, 0–10
each), a row filling only the pieces of its programme or module (``columns_for``).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import excel_import
from core.excel_import import Column, cell_text, has_column
from core.vietnamese import fold
from years.rulesets import PIECE_SHORT, Piece

from . import selectors, services

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_SCANNED_ROWS = 50_000
LIMITS = excel_import.Limits(max_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS, max_scanned_rows=MAX_SCANNED_ROWS)
XLSX_CONTENT_TYPE = excel_import.XLSX_CONTENT_TYPE
TEMPLATE_FILENAME = "mau-nhap-diem-bdtx.xlsx"
DATA_SHEET_TITLE = "Điểm"
GUIDE_SHEET_TITLE = excel_import.GUIDE_SHEET_TITLE


COLUMNS = (
    Column("code", gettext_lazy("Mã cán bộ"), required=True, width=14, aliases=("ma cb", "ma")),
    Column("full_name", gettext_lazy("Họ và tên"), width=28, aliases=("ho ten",)),
    Column("content", gettext_lazy("Nội dung"), required=True, width=10, aliases=("nd",)),
    Column("module", gettext_lazy("Mã mô đun"), required=True, width=12, aliases=("mo dun", "ma md")),
    Column("title", gettext_lazy("Tên nội dung"), width=50, aliases=("ten mo dun", "ten noi dung, mo dun")),
    Column("knowledge", gettext_lazy("Điểm tiếp thu"), required=True, width=14, aliases=("tiep thu", "kt")),
    Column("application", gettext_lazy("Điểm vận dụng"), required=True, width=14, aliases=("van dung", "vd")),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
_PIECE_ALIASES = {
    Piece.THEORY: ("lt", "ly thuyet", "bai kiem tra ly thuyet"),
    Piece.PRACTICE: ("th", "thuc hanh", "bai kiem tra thuc hanh"),
    Piece.RESEARCH: ("nc", "nghien cuu", "bai tap nghien cuu"),
    Piece.ESSAY: ("bth", "thu hoach", "bai thu hoach"),
}


def regime_pieces(regime):
    """The pieces the regime's programmes and modules use, in Piece order (none under TT 26/2012)."""
    used = set(regime.programme_pieces) | set(regime.module_pieces)
    return [str(piece) for piece in Piece if piece in used]


def columns_for(regime):
    """The sheet's columns under a regime: COLUMNS (tiếp thu, vận dụng) under TT 26/2012; under TT 19/2019 the
    same first five, then one "Điểm <piece>" column (0–10) per piece of ``regime_pieces``."""
    if not regime.marks_out_of_ten:
        return COLUMNS
    first = [COLUMNS_BY_KEY[key] for key in ("code", "full_name", "content", "module", "title")]
    pieces = [
        Column(
            piece,
            _("Điểm %(short)s") % {"short": PIECE_SHORT[Piece(piece)]},
            required=True,
            width=12,
            aliases=_PIECE_ALIASES[Piece(piece)],
            guide=str(Piece(piece).label),
        )
        for piece in regime_pieces(regime)
    ]
    return tuple(first + pieces)


_CONTENT_RE = re.compile(r"^(?:nd|noi dung)?\s*([123])$")


@dataclass(frozen=True)
class ParsedScore:
    row: int
    plan_id: int
    slot: str
    knowledge: object = None
    application: object = None
    marks: tuple = ()  # TT 19/2019: one mark per piece of the slot (selectors.slot_parts), None = blank


@dataclass
class ImportResult(excel_import.ImportResult):
    year_id: int | None = None

    @property
    def ok(self):
        return not self.errors and bool(self.rows)


def scores_import_parse(*, file, user, year, progress=None):
    """Read and check the whole file; nothing is written. The result holds clean rows or every error found."""
    result = ImportResult(user_id=user.pk, year_id=year.pk)
    regime = year.regime
    columns = columns_for(regime)
    by_key = {column.key: column for column in columns}
    table = excel_import.read_table(
        file,
        result,
        columns=columns,
        is_header=lambda values: has_column(values, COLUMNS_BY_KEY["code"]),
        not_found=_("Không tìm thấy dòng tiêu đề có cột “Mã cán bộ”. Hãy dùng tệp mẫu."),
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        max_scanned_rows=MAX_SCANNED_ROWS,
        progress=progress,
    )
    if table is None:
        return result
    rows, positions, cell = table.rows, table.positions, table.cell

    codes = {cell_text(cell(values, "code")) for _number, values in rows} - {""}
    # Two queries whatever the size: the plans in scope with their items, and the locked schools.
    plans = {
        plan.staff.code: plan
        for plan in selectors.scorable_plans(user=user, year=year)
        .filter(staff__code__in=codes)
        .select_related("staff", "school", "year")
        .prefetch_related(selectors.items_prefetch())
    }
    locks = selectors.locked_audiences(year=year, school_ids={plan.school_id for plan in plans.values()})
    seen = {}
    for number, values in rows:
        errors_before = len(result.errors)

        def fail(key, message, number=number):
            result.add(message, row=number, column=by_key[key], index=positions.get(key))

        code = cell_text(cell(values, "code"))
        plan = plans.get(code)
        if not code:
            fail("code", _("Chưa nhập mã cán bộ."))
            continue
        if plan is None:
            fail(
                "code",
                _(
                    "Mã cán bộ “%(code)s” không có trong danh sách bạn được nhập điểm năm học %(year)s "
                    "(hoặc kế hoạch chưa được phê duyệt)."
                )
                % {"code": code, "year": year.name},
            )
            continue
        if selectors.plan_is_locked(plan, locks):
            fail("code", _("Kết quả của trường đã được xác nhận nên không sửa được điểm của người này."))
            continue
        name = cell_text(cell(values, "full_name"))
        if name and fold(name) != fold(plan.staff.full_name):
            fail(
                "full_name",
                _("Họ và tên “%(name)s” không khớp với mã cán bộ %(code)s (trong hệ thống: %(real)s).")
                % {"name": name, "code": code, "real": plan.staff.full_name},
            )
        slot = _slot(plan, cell(values, "content"), cell(values, "module"), fail)
        if regime.marks_out_of_ten:
            marks = _marks(plan, slot, values, cell, regime, fail)
            _seen(seen, plan, slot, number, fail)
            if len(result.errors) > errors_before or slot is None or marks is None:
                continue
            result.rows.append(ParsedScore(row=number, plan_id=plan.pk, slot=slot, marks=marks))
            continue
        knowledge_raw, application_raw = cell(values, "knowledge"), cell(values, "application")
        parts = []
        for key, raw in (("knowledge", knowledge_raw), ("application", application_raw)):
            try:
                parts.append(services.parse_part(raw))
            except ValueError as error:
                fail(key, str(error))
        if slot is not None:
            if (plan.pk, slot) in seen:
                fail(
                    "content",
                    _("Nội dung này của %(name)s đã có ở dòng %(row)s.")
                    % {"name": plan.staff.full_name, "row": seen[(plan.pk, slot)]},
                )
            else:
                seen[(plan.pk, slot)] = number
        if len(result.errors) > errors_before or slot is None:
            continue
        if cell_text(knowledge_raw) == "" and cell_text(application_raw) == "":
            continue  # a row left blank changes nothing
        result.rows.append(
            ParsedScore(row=number, plan_id=plan.pk, slot=slot, knowledge=parts[0], application=parts[1])
        )
    if not result.errors and not result.rows:
        result.add(_("Tệp không có điểm nào để nhập (các ô điểm đều trống)."))
    return result


def _seen(seen, plan, slot, number, fail):
    if slot is None:
        return
    if (plan.pk, slot) in seen:
        fail(
            "content",
            _("Nội dung này của %(name)s đã có ở dòng %(row)s.")
            % {"name": plan.staff.full_name, "row": seen[(plan.pk, slot)]},
        )
    else:
        seen[(plan.pk, slot)] = number


def _marks(plan, slot, values, cell, regime, fail):
    """TT 19/2019: the marks of one row's pieces (0–10), in ``slot_parts`` order; None when every piece of the
    slot is blank (the row changes nothing). A mark in the column of a piece the slot does not have is refused."""
    pieces = regime_pieces(regime)
    parts = selectors.slot_parts(regime, slot) if slot is not None else ()
    parsed = {}
    for piece in pieces:
        raw = cell(values, piece)
        if piece not in parts:
            if slot is not None and cell_text(raw) != "":
                fail(
                    piece,
                    _("%(slot)s không có %(piece)s; hãy để trống ô này.")
                    % {"slot": _slot_name(plan, slot, regime), "piece": services.part_name(piece)},
                )
            continue
        try:
            parsed[piece] = services.parse_mark(raw)
        except ValueError as error:
            fail(piece, str(error))
            parsed[piece] = None
    if all(cell_text(cell(values, piece)) == "" for piece in parts):
        return None
    return tuple(parsed.get(piece) for piece in parts)


def _slot_name(plan, slot, regime):
    items = {item.pk: item for item in plan.items.all()}
    return services.slot_label(slot, items, regime)


def _slot(plan, content_raw, module_raw, fail):
    text = fold(cell_text(content_raw))
    match = _CONTENT_RE.match(text)
    if match is None:
        if not text:
            fail("content", _("Chưa nhập nội dung (1, 2 hoặc 3)."))
        else:
            fail(
                "content", _("Nội dung “%(value)s” không hợp lệ; ghi 1, 2 hoặc 3.") % {"value": cell_text(content_raw)}
            )
        return None
    content = int(match[1])
    if content in (1, 2):
        return f"nd{content}"
    three = plan.year.regime.content_label(3)
    if selectors.is_exempt(plan):
        fail("content", _("%(name)s được miễn %(three)s.") % {"name": plan.staff.full_name, "three": three})
        return None
    code = cell_text(module_raw)
    if not code:
        fail("module", _("%(three)s cần ghi mã mô đun.") % {"three": three})
        return None
    items = {item.module.code.upper(): item for item in selectors.module_items(plan, list(plan.items.all()))}
    item = items.get(code.upper())
    if item is None:
        fail(
            "module",
            _("Mô đun %(code)s không có trong kế hoạch đã phê duyệt của %(name)s (có: %(codes)s).")
            % {"code": code, "name": plan.staff.full_name, "codes": ", ".join(sorted(items)) or "—"},
        )
        return None
    return selectors.module_slot(item.pk)


def scores_import_apply(*, result, user, year):
    """Write a clean result in one transaction (services.scores_import); a result with errors writes nothing."""
    if result.errors or not result.rows:
        raise services.AssessmentError(_("Tệp còn lỗi nên chưa nhập dòng nào."))
    if result.user_id != user.pk or result.year_id != year.pk:
        raise services.AssessmentError(_("Kết quả kiểm tra tệp không thuộc về lần nhập này."))
    grouped = {}
    for parsed in result.rows:
        value = parsed.marks if parsed.marks else (parsed.knowledge, parsed.application)
        grouped.setdefault(parsed.plan_id, {})[parsed.slot] = value
    rows = [{"plan_id": plan_id, "version": None, "values": values} for plan_id, values in grouped.items()]
    return services.scores_import(user=user, year=year, rows=rows)


# ---------------------------------------------------------------------------------------------------------------
# The template
# ---------------------------------------------------------------------------------------------------------------


def _number(value):
    """A stored part score for the sheet: 4.50 → 4.5 (a number), None → blank."""
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def _template_rows_2019(rows, regime):
    """TT 19/2019: one line per person × programme or module, a mark (0–10) in the column of each of its pieces."""
    pieces = regime_pieces(regime)
    for row in rows:
        if row.locked:
            continue
        items = {item.pk: item for item in row.plan.items.all()}
        for cell in row.cells:
            if cell.content in (1, 2):
                titles = [item.title for item in items.values() if item.content == cell.content and item.title]
                title = "; ".join(titles) or str(cell.title)
            else:
                title = cell.title
            by_piece = {
                part: _number(services.parse_mark(text) if text else None)
                for part, text in zip(cell.parts, cell.values, strict=True)
            }
            yield (
                row.staff.code,
                row.staff.full_name,
                cell.content,
                cell.code,
                title,
                *(by_piece.get(piece) for piece in pieces),
            )


def _template_rows(rows):
    """One line per person × content of the grid's rows, locked schools left out."""
    for row in rows:
        if row.locked:
            continue
        items = {item.pk: item for item in row.plan.items.all()}
        for cell in row.cells:
            if cell.content in (1, 2):
                titles = [item.title for item in items.values() if item.content == cell.content and item.title]
                title = "; ".join(titles) or str(cell.title)
            else:
                title = cell.title
            parsed = [services.parse_part(text) if text else None for text in cell.values]
            values = [_number(value) for value in parsed]
            yield (row.staff.code, row.staff.full_name, cell.content, cell.code, title, *values)


def scores_template_build(*, year, rows):
    """The .xlsx pre-filled with one line per person × content (the grid's rows, locked schools left out)."""
    regime = year.regime
    if regime.marks_out_of_ten:
        return _template_2019(year=year, rows=rows, regime=regime)
    template = excel_import.ImportTemplate(sheet_title=DATA_SHEET_TITLE, columns=COLUMNS, max_rows=MAX_ROWS)
    template.fill(_template_rows(rows))
    template.guide_title(_("Hướng dẫn nhập điểm BDTX năm học %(year)s") % {"year": year.name}, widths=(110,))
    template.guide_notes(
        [
            _("Mỗi dòng của trang “%(sheet)s” là điểm của một người cho một nội dung (nội dung 1, 2 hoặc một mô đun).")
            % {"sheet": DATA_SHEET_TITLE},
            _("Nội dung 1 và nội dung 2 chấm một lần cho cả nội dung; nội dung 3 chấm từng mô đun (ghi mã mô đun)."),
            _("Điểm tiếp thu và điểm vận dụng: từ 0 đến 5, chia hết cho 0,25 (ví dụ 4; 4,25; 4,5; 4,75)."),
            _("Dòng để trống cả hai ô điểm thì giữ nguyên điểm đang có. Giữ nguyên dòng tiêu đề và mã cán bộ."),
            _(
                "Hệ thống kiểm tra toàn bộ tệp trước; nếu có lỗi thì không ghi điểm nào "
                "và hiện bảng lỗi theo dòng, cột."
            ),
            _("Cột “Tên nội dung” chỉ để xem; cột “Họ và tên” phải khớp với mã cán bộ."),
            _("Người của trường đã xác nhận kết quả không có trong tệp mẫu: điểm của họ chỉ xem được."),
        ],
        wrap=True,
    )
    return template.content()


def marks_note(regime):
    """What the import page says about the marks under TT 19/2019 ("" under TT 26/2012)."""
    if not regime.marks_out_of_ten:
        return ""

    def named(slot):
        return ", ".join(
            f"{services.part_name(p)} ({PIECE_SHORT[Piece(p)]})" for p in selectors.slot_parts(regime, slot)
        )

    return _(
        "Ghi điểm từng bài đánh giá (thang điểm 10, chia hết cho 0,25; đạt từ 5) vào cột của bài đó: %(one)s và "
        "%(two)s: %(programme)s; mỗi mô đun: %(module)s. Dòng để trống mọi ô điểm thì giữ nguyên điểm đang có."
    ) % {
        "one": regime.content_label(1),
        "two": regime.content_label(2),
        "programme": named(selectors.ND1),
        "module": named("m0"),
    }


def _template_2019(*, year, rows, regime):
    """The TT 19/2019 sheet: one column per piece, marks 0–10 (no tiếp thu / vận dụng, no ĐTB)."""
    template = excel_import.ImportTemplate(sheet_title=DATA_SHEET_TITLE, columns=columns_for(regime), max_rows=MAX_ROWS)
    template.fill(_template_rows_2019(rows, regime))
    template.guide_title(_("Hướng dẫn nhập điểm BDTX năm học %(year)s") % {"year": year.name}, widths=(110,))
    programme = ", ".join(services.part_name(p) for p in selectors.slot_parts(regime, selectors.ND1))
    module = ", ".join(services.part_name(p) for p in selectors.slot_parts(regime, "m0"))
    pieces = "; ".join(f"{PIECE_SHORT[Piece(piece)]} = {services.part_name(piece)}" for piece in regime_pieces(regime))
    template.guide_notes(
        [
            _(
                "Mỗi dòng của trang “%(sheet)s” là điểm của một người cho một chương trình (1: %(one)s, 2: %(two)s) "
                "hoặc một mô đun của %(three)s (ghi mã mô đun)."
            )
            % {
                "sheet": DATA_SHEET_TITLE,
                "one": regime.content_label(1),
                "two": regime.content_label(2),
                "three": regime.content_label(3),
            },
            _("Các cột điểm: %(pieces)s.") % {"pieces": pieces},
            _("%(one)s và %(two)s: %(programme)s. Mỗi mô đun: %(module)s. Để trống các cột điểm khác.")
            % {
                "one": regime.content_label(1),
                "two": regime.content_label(2),
                "programme": programme,
                "module": module,
            },
            _(
                "Mỗi bài chấm theo thang điểm 10, chia hết cho 0,25 (ví dụ 7; 7,25; 7,5); đạt từ 5 điểm. "
                "Hoàn thành kế hoạch BDTX khi mọi bài trong kế hoạch đều có điểm và đạt."
            ),
            _("Dòng để trống mọi ô điểm thì giữ nguyên điểm đang có. Giữ nguyên dòng tiêu đề và mã cán bộ."),
            _(
                "Hệ thống kiểm tra toàn bộ tệp trước; nếu có lỗi thì không ghi điểm nào "
                "và hiện bảng lỗi theo dòng, cột."
            ),
            _("Cột “Tên nội dung” chỉ để xem; cột “Họ và tên” phải khớp với mã cán bộ."),
            _("Người của trường đã xác nhận kết quả không có trong tệp mẫu: điểm của họ chỉ xem được."),
        ],
        wrap=True,
    )
    return template.content()
