"""Văn bản hành chính (Nghị định 30/2020/NĐ-CP, Phụ lục I): one document model, printed as PDF (WeasyPrint) and as
an editable Word file (python-docx) from the same data.

A ``Document`` is data: the letterhead (the issuer under its superior, number and symbol, place and date), the kind
and title, the body (headings, paragraphs, tables, signature rows), "Nơi nhận" and the signature block. Each app
builds its documents from the same selectors as its pages (``plans.documents``, ``results.documents`` …);
``render(document, fmt)`` prints one as ``(filename, content type, bytes)``.

Layout as the decree sets it: A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; Times-like type of 13–14 pt;
at top left the superior (regular) over the issuer (bold, a short rule under it), at top right the national
heading and motto (a rule under it); the number under the issuer and the place and date (italic) under the motto;
the kind in bold capitals and the title in bold below; "Nơi nhận:" (bold italic, 12 pt) at bottom left beside the
signer's block (capacity, title, name, in bold). Page numbers from page 2, centred at the top. Long tables repeat
their header row on each page, in both formats.
"""

import io
from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import pdf
from .money import format_number
from .vietnamese import nfc, official_date

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = ("pdf", "docx")
NATIONAL_HEADING = gettext_lazy("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
NATIONAL_MOTTO = gettext_lazy("Độc lập - Tự do - Hạnh phúc")
SIGN_NOTE = gettext_lazy("(Ký, ghi rõ họ tên)")
SEAL_NOTE = gettext_lazy("(Ký tên, đóng dấu)")
FILING = gettext_lazy("Lưu: VT")
# Space for the number a clerk writes when the document is registered (Số:      /KH-SGDĐT).
UNNUMBERED = "\u2003\u2003\u2003"


class DocumentError(ValueError):
    """A document that cannot be printed; the message is Vietnamese and shown as is."""


# ---------------------------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Letterhead:
    """Phần đầu văn bản: who issues it, under whom, its number and symbol, where and when."""

    superior: str  # 'UBND TỈNH SƠN LA' ("" when none is printed)
    issuer: str  # 'SỞ GIÁO DỤC VÀ ĐÀO TẠO'
    place: str  # 'Sơn La'
    day: date
    symbol: str = ""  # the issuer's part of the symbol: 'SGDĐT' (Số: 108/KH-SGDĐT)
    number: str | None = None  # None: no number line (minutes, personal plans); "": left for the clerk
    kind_code: str = ""  # the kind's part of the symbol: KH, BC, BB

    @property
    def number_line(self):
        if self.number is None:
            return ""
        symbol = "-".join(part for part in (self.kind_code, self.symbol) if part)
        return _("Số: %(number)s/%(symbol)s") % {"number": self.number or UNNUMBERED, "symbol": symbol}

    @property
    def date_line(self):
        return f"{self.place}, {official_date(self.day)}" if self.place else official_date(self.day).capitalize()


@dataclass
class Signature:
    """Chữ ký: 'KT. GIÁM ĐỐC' (when a deputy signs), 'PHÓ GIÁM ĐỐC', the name; or a role such as 'TỔ TRƯỞNG'."""

    title: str
    name: str = ""
    capacity: str = ""
    note: str = ""


@dataclass
class Heading:
    """A heading of the body: level 1 'I. MỤC ĐÍCH, YÊU CẦU', level 2 '1. Mục đích', level 3 italic."""

    text: str
    level: int = 1


@dataclass
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    align: str = "justify"  # justify, center, left, right
    indent: bool = True  # first line indented


@dataclass
class Column:
    header: str
    width: float = 1  # relative width
    align: str = "left"  # left, center, right


@dataclass
class Table:
    """A table whose header row repeats on every printed page; ``totals`` rows are bold."""

    columns: list
    rows: list
    totals: list = field(default_factory=list)
    note: str = ""  # a line under the table: 'Tổng số: 28 người'


@dataclass
class SignatureRow:
    """Signatures side by side inside the body (the personal plan: teacher, group head, principal)."""

    signatures: list


@dataclass
class Document:
    letterhead: Letterhead
    kind: str  # 'KẾ HOẠCH', 'BÁO CÁO', 'BIÊN BẢN' ("" for a letter without a kind)
    title: str  # 'Bồi dưỡng thường xuyên giáo viên năm học 2026-2027'
    blocks: list
    signature: Signature | None = None
    recipients: list = field(default_factory=list)  # 'Nơi nhận' lines without the dash
    filename: str = "van-ban"
    landscape: bool = False

    def all_recipients(self):
        """The recipients and the filing line, each as the decree writes it ('- … ;', '- Lưu: VT.')."""
        lines = [f"- {nfc(line).rstrip(' ;.')};" for line in self.recipients]
        return [*lines, f"- {FILING}."] if self.recipients else []


# ---------------------------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------------------------


def render(document, fmt):
    """(file name, content type, bytes) of ``document`` as ``fmt`` ('pdf' or 'docx')."""
    if fmt == "pdf":
        return f"{_stem(document)}.pdf", pdf.PDF, render_pdf(document)
    if fmt == "docx":
        return f"{_stem(document)}.docx", DOCX, render_docx(document)
    raise DocumentError(_("Định dạng văn bản không hợp lệ."))


def _stem(document):
    return slugify(document.filename) or "van-ban"


def _blocks_for_template(blocks):
    """Each block with its type name (and a table's cells as printed), for the PDF template."""
    items = []
    for block in blocks:
        item = {"type": type(block).__name__, "b": block}
        if isinstance(block, Table):
            item["rows"] = [
                [(format_value(value), column.align) for value, column in zip(row, block.columns, strict=True)]
                for row in block.rows
            ]
            item["totals"] = [
                [(format_value(value), column.align) for value, column in zip(row, block.columns, strict=True)]
                for row in block.totals
            ]
            total = sum(column.width for column in block.columns)
            item["widths"] = [f"{100 * column.width / total:.2f}" for column in block.columns]
        items.append(item)
    return items


def html(document):
    """The HTML WeasyPrint lays out (also what the tests and the preview read)."""
    return render_to_string(
        "documents/document.html",
        {
            "font_css": pdf.font_css(),
            "d": document,
            "lh": document.letterhead,
            "blocks": _blocks_for_template(document.blocks),
            "recipients": document.all_recipients(),
            "national_heading": NATIONAL_HEADING,
            "national_motto": NATIONAL_MOTTO,
        },
    )


def render_pdf(document):
    try:
        return pdf.write_pdf(pdf.html_document(html(document)))
    except pdf.FontsMissing as error:
        raise DocumentError(str(error)) from error


# --- Word -------------------------------------------------------------------------------------------------------

FONT = "Times New Roman"
BODY_PT = 13
HEAD_PT = 12.5


def render_docx(document):
    from docx import Document as WordDocument
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    word = WordDocument()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if document.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.different_first_page_header_footer = True
    _page_number(section.header.paragraphs[0])

    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _east_asian_font(normal.element)
    normal.paragraph_format.space_after = Pt(3)

    writer = _WordWriter(word, section)
    writer.letterhead(document)
    writer.title(document)
    for block in document.blocks:
        writer.block(block)
    writer.closing(document)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _east_asian_font(element):
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _page_number(paragraph):
    """A PAGE field, centred (the header of every page but the first)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field_element = paragraph._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"})
    paragraph._p.append(field_element)


class _WordWriter:
    def __init__(self, word, section):
        from docx.shared import Mm

        self.word = word
        self.width = section.page_width - section.left_margin - section.right_margin
        self.Mm = Mm

    # --- helpers ---

    def _paragraph(
        self,
        container,
        text="",
        *,
        bold=False,
        italic=False,
        align="left",
        size=None,
        indent=False,
        paragraph=None,
        space_after=None,
    ):
        """A paragraph added to ``container`` (the body when None), or ``paragraph`` filled in place."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        if paragraph is None:
            paragraph = container.add_paragraph() if container is not None else self.word.add_paragraph()
        paragraph.alignment = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }[align]
        if space_after is None:
            space_after = 0 if size else 4
        paragraph.paragraph_format.space_after = Pt(space_after)
        if indent:
            paragraph.paragraph_format.first_line_indent = Mm(10)
        if text:
            run = paragraph.add_run(nfc(str(text)))
            run.bold, run.italic = bold, italic
            if size:
                run.font.size = Pt(size)
        return paragraph

    def _grid(self, rows, columns, widths, *, borders=False):
        table = self.word.add_table(rows=rows, cols=columns)
        table.autofit = False
        if borders:
            table.style = self.word.styles["Table Grid"]
        total = sum(widths)
        for index, column in enumerate(table.columns):
            width = int(self.width * widths[index] / total)
            column.width = width
            for cell in column.cells:
                cell.width = width
        return table

    def _in_cell(self, cell, text, *, first=False, **kwargs):
        """A paragraph in a table cell; ``first`` fills the empty paragraph every new cell starts with."""
        if first:
            paragraph = cell.paragraphs[0]
            paragraph.text = ""
            return self._paragraph(cell, text, paragraph=paragraph, space_after=0, **kwargs)
        return self._paragraph(cell, text, **kwargs)

    # --- parts ---

    def letterhead(self, document):
        letterhead = document.letterhead
        table = self._grid(2, 2, [4, 6])
        left, right = table.rows[0].cells
        first = True
        if letterhead.superior:
            self._in_cell(left, letterhead.superior, first=True, align="center", size=HEAD_PT)
            first = False
        self._in_cell(left, letterhead.issuer, first=first, align="center", bold=True, size=HEAD_PT)
        self._in_cell(left, "———", align="center", size=8)
        self._in_cell(right, NATIONAL_HEADING, first=True, align="center", bold=True, size=HEAD_PT)
        self._in_cell(right, NATIONAL_MOTTO, align="center", bold=True, size=BODY_PT + 1)
        self._in_cell(right, "—————————", align="center", size=8)
        below_left, below_right = table.rows[1].cells
        self._in_cell(below_left, letterhead.number_line, first=True, align="center", size=BODY_PT)
        self._in_cell(below_right, letterhead.date_line, first=True, align="center", italic=True, size=BODY_PT + 1)

    def title(self, document):
        self._paragraph(None, "")
        if document.kind:
            self._paragraph(None, document.kind, bold=True, align="center", size=BODY_PT + 1)
        for line in document.title.split("\n"):
            self._paragraph(None, line, bold=True, align="center", size=BODY_PT + 1)
        self._paragraph(None, "")

    def block(self, block):
        if isinstance(block, Heading):
            self._paragraph(None, block.text, bold=block.level <= 2, italic=block.level >= 3, align="justify")
        elif isinstance(block, Paragraph):
            self._paragraph(
                None, block.text, bold=block.bold, italic=block.italic, align=block.align, indent=block.indent
            )
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, SignatureRow):
            self.signature_row(block.signatures)
        else:
            raise DocumentError(f"Unknown block {type(block).__name__}")

    def table(self, block):
        from docx.oxml.ns import qn

        columns = block.columns
        table = self._grid(
            1 + len(block.rows) + len(block.totals), len(columns), [c.width for c in columns], borders=True
        )
        header = table.rows[0]
        # w:tblHeader: Word repeats this row at the top of each page the table runs onto.
        properties = header._tr.get_or_add_trPr()
        properties.append(properties.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))
        for cell, column in zip(header.cells, columns, strict=True):
            self._in_cell(cell, column.header, first=True, bold=True, align="center", size=BODY_PT - 1)
        body = [(row, False) for row in block.rows] + [(row, True) for row in block.totals]
        for row, (values, bold) in zip(table.rows[1:], body, strict=True):
            for cell, column, value in zip(row.cells, columns, values, strict=True):
                self._in_cell(cell, format_value(value), first=True, bold=bold, align=column.align, size=BODY_PT - 1)
        if block.note:
            self._paragraph(None, block.note, italic=True)
        else:
            self._paragraph(None, "")

    def signature_row(self, signatures):
        table = self._grid(1, len(signatures), [1] * len(signatures))
        for cell, signature in zip(table.rows[0].cells, signatures, strict=True):
            self._signature(cell, signature)

    def _signature(self, cell, signature):
        first = True
        if signature.capacity:
            self._in_cell(cell, signature.capacity, first=True, align="center", bold=True)
            first = False
        self._in_cell(cell, signature.title, first=first, align="center", bold=True)
        if signature.note:
            self._in_cell(cell, signature.note, align="center", italic=True)
        for _blank in range(4):
            self._in_cell(cell, "", align="center")
        self._in_cell(cell, signature.name, align="center", bold=True)

    def closing(self, document):
        recipients = document.all_recipients()
        if not recipients and document.signature is None:
            return
        self._paragraph(None, "")
        table = self._grid(1, 2, [4, 5])
        left, right = table.rows[0].cells
        if recipients:
            self._in_cell(left, _("Nơi nhận:"), first=True, bold=True, italic=True, size=12)
            for line in recipients:
                self._in_cell(left, line, size=11)
        if document.signature is not None:
            self._signature(right, document.signature)


def format_value(value):
    """A table value as printed: numbers the Vietnamese way (1.234; 7,5), dates dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Có") if value else ""
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return text.replace(",", " ").replace(".", ",").replace(" ", ".")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if hasattr(value, "as_tuple"):  # a Decimal keeps its places, as the page prints it: 80.0 → "80,0"
        whole, _dot, places = format(value, "f").partition(".")
        sign = "-" if whole.startswith("-") else ""
        grouped = format_number(int(whole.lstrip("-") or 0))
        return f"{sign}{grouped},{places}" if places else f"{sign}{grouped}"
    return nfc(str(value))


def document_response(document, fmt):
    """The download of ``document`` as ``fmt`` ('pdf' or 'docx', anything else is a 404)."""
    from django.http import Http404, HttpResponse
    from django.utils.http import content_disposition_header

    if fmt not in FORMATS:
        raise Http404
    filename, content_type, content = render(document, fmt)
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
