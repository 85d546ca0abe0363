"""The document layer (core.documents): one document printed as PDF and as Word with the heading, number, place and
date, title, body, 'Nơi nhận' and signature as Nghị định 30/2020 sets them, and long tables that repeat their header."""

import datetime

from core import documents as d
from tests.documents import docx_header_repeats, docx_lines, docx_tables, pdf_page_count, pdf_text


def _document(rows=80):
    return d.Document(
        letterhead=d.Letterhead(
            superior="UBND TỈNH SƠN LA",
            issuer="SỞ GIÁO DỤC VÀ ĐÀO TẠO",
            place="Sơn La",
            day=datetime.date(2026, 9, 5),
            symbol="SGDĐT",
            number="108",
            kind_code="KH",
        ),
        kind="KẾ HOẠCH",
        title="Bồi dưỡng thường xuyên năm học 2026-2027",
        blocks=[
            d.Heading("I. MỤC ĐÍCH, YÊU CẦU"),
            d.Paragraph("Nội dung."),
            d.Table(
                [d.Column("TT", 1, "center"), d.Column("Họ và tên", 4), d.Column("Số tiết", 1, "right")],
                [[n, f"Người thứ {n}", 1000 + n] for n in range(1, rows + 1)],
                totals=[["", "Cộng", 7.5]],
            ),
        ],
        signature=d.Signature(title="PHÓ GIÁM ĐỐC", capacity="KT. GIÁM ĐỐC", name="Cầm Văn Hùng"),
        recipients=["Bộ GD&ĐT (để b/c)", "Các cơ sở giáo dục;"],
        filename="Kế hoạch BDTX 2026",
    )


def test_the_pdf_prints_the_heading_number_date_title_signature_and_recipients():
    name, content_type, content = d.render(_document(), "pdf")
    assert (name, content_type) == ("ke-hoach-bdtx-2026.pdf", "application/pdf")
    text = pdf_text(content)
    for line in (
        "UBND TỈNH SƠN LA",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 108/KH-SGDĐT",
        "Sơn La, ngày 05 tháng 9 năm 2026",
        "KẾ HOẠCH",
        "Bồi dưỡng thường xuyên năm học 2026-2027",
        "Nơi nhận:",
        "- Bộ GD&ĐT (để b/c);",
        "- Các cơ sở giáo dục;",
        "- Lưu: VT.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Cầm Văn Hùng",
    ):
        assert line in text, line
    # Numbers the Vietnamese way.
    assert "1.080" in text and "7,5" in text


def test_a_long_table_repeats_its_header_on_every_page_in_both_formats():
    content = d.render_pdf(_document())
    pages = pdf_page_count(content)
    assert pages >= 2
    text = pdf_text(content)
    assert text.count("Họ và tên") == pages
    assert docx_header_repeats(d.render_docx(_document())) == [False, True, False]


def test_the_word_file_carries_the_same_lines_and_cells():
    content = d.render_docx(_document(rows=3))
    lines = docx_lines(content)
    for line in ("UBND TỈNH SƠN LA", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Số: 108/KH-SGDĐT", "Sơn La, ngày 05 tháng 9 năm 2026"):
        assert line in lines, line
    assert lines.index("KẾ HOẠCH") < lines.index("I. MỤC ĐÍCH, YÊU CẦU")
    heading, grid, closing = docx_tables(content)
    assert grid[0] == ["TT", "Họ và tên", "Số tiết"]
    assert grid[1] == ["1", "Người thứ 1", "1.001"] and grid[-1] == ["", "Cộng", "7,5"]
    assert closing[0][0].startswith("Nơi nhận:") and "Cầm Văn Hùng" in closing[0][1]


def test_a_number_left_for_the_clerk_and_no_number_line_at_all():
    letterhead = _document().letterhead
    letterhead.number = ""
    assert letterhead.number_line == "Số: \u2003\u2003\u2003/KH-SGDĐT"
    letterhead.number = None
    assert letterhead.number_line == ""


def test_figures_are_printed_the_vietnamese_way():
    from decimal import Decimal

    assert d.format_value(1234567) == "1.234.567" and d.format_value(7.5) == "7,5"
    assert d.format_value(Decimal("80.0")) == "80,0" and d.format_value(Decimal("-1234.50")) == "-1.234,50"
    assert d.format_value(datetime.date(2026, 9, 5)) == "05/09/2026"
