# ruff: noqa: F811 (fixtures imported from other test modules are used as arguments)
"""Báo cáo kết quả BDTX of one school (results.documents), read back from the PDF and the Word file: the school's
heading with the number left for the clerk, the regime of the year in the opening, the figures of the school's
results page (the same selectors), the list, who did not complete and why, Nơi nhận and the head's signature."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.documents import NATIONAL_HEADING, NATIONAL_MOTTO, UNNUMBERED
from core.money import format_number, percent_text
from core.vietnamese import official_date
from results import results
from tests.documents import docx_lines, docx_tables, pdf_text

from .results_data import KHA, TRUNG_BINH, make_result, modules, scorer, teacher, year  # noqa: F401
from .test_tt19_results import FORBIDDEN, gvpt_modules, tt19_data, tt19_result  # noqa: F401

pytestmark = pytest.mark.django_db

SUPERIOR, ISSUER = "PHÒNG GD&ĐT HUYỆN A", "TRƯỜNG TIỂU HỌC A1"
# The number left for the clerk; 'Trường Tiểu học A1' → THA1 (accounts.letterheads.default_symbol).
NUMBER_LINE = f"Số: {UNNUMBERED}/BC-THA1"


@pytest.fixture
def data(cast, make_result, year):
    a1 = cast.school_a1
    make_result(cast.teacher_a1.staff)
    make_result(cast.teacher_a1_other_group.staff, KHA)
    make_result(cast.principal_a1.staff, TRUNG_BINH)  # a TH manager: Đạt yêu cầu
    make_result(teacher(a1, "Lò Văn Sơn"), 4)  # Không hoàn thành kế hoạch
    make_result(teacher(a1, "Quàng Thị Ánh"), scored=False)  # approved, no result yet
    make_result(cast.teacher_a2.staff, TRUNG_BINH)  # another school: never in A1's report


def _download(client, school, year, fmt):
    response = client.get(reverse("results:results_school_report", args=[school.pk, fmt]), {"year": year.pk})
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment")
    return response.content


def _date_line():
    return f"A, {official_date(timezone.localdate())}"


def _table(content, first_header):
    return next(table for table in docx_tables(content) if table[0][0] == first_header)


def _counts_rows(summary, year, completed_label=None):
    """The counts table as the page's selector gives it: each class, its count and share of those with a result."""
    row = summary.total
    rows = [
        [results.class_label(cell.classification, year.ruleset), format_number(cell.count), percent_text(cell.percent)]
        for cell in row.cells
    ]
    if completed_label:
        rows.append([completed_label, format_number(row.completed), percent_text(row.completion_percent)])
    return [*rows, ["Cộng số người có kết quả", format_number(row.evaluated), ""]]


def test_the_report_of_a_tt26_year_carries_the_pages_figures(cast, data, year, login):
    client = login(cast.principal_a1)
    user, school = cast.principal_a1, cast.school_a1
    summary = results.results_by_unit(user=user, year=year, root=school)  # the page's selectors
    list_rows = results.results_list(user=user, year=year, school=school)
    missing = results.not_completed(user=user, year=year, root=school)
    row = summary.total
    assert (row.evaluated, row.count("KHONG_HOAN_THANH"), row.count("DAT")) == (4, 1, 1)

    content = _download(client, school, year, "docx")
    lines = docx_lines(content)
    for line in (
        SUPERIOR,
        ISSUER,
        str(NATIONAL_HEADING),
        str(NATIONAL_MOTTO),
        NUMBER_LINE,
        _date_line(),
        "BÁO CÁO",
        "Kết quả bồi dưỡng thường xuyên năm học 2025-2026",
        "I. KẾT QUẢ BỒI DƯỠNG THƯỜNG XUYÊN",
        "II. DANH SÁCH XẾP LOẠI KẾT QUẢ BDTX",
        "III. NHỮNG NGƯỜI CHƯA HOÀN THÀNH KẾ HOẠCH BDTX VÀ LÝ DO",
        "Nơi nhận:",
        "- Phòng GD&ĐT Huyện A (để báo cáo);",
        "- Lưu: VT.",
        "HIỆU TRƯỞNG",
        "Lê Thị Hoa",
        results.list_totals_text(list_rows, year),
    ):
        assert line in lines, line
    opening = next(line for line in lines if line.startswith("Thực hiện"))
    assert "Thông tư số 26/2012/TT-BGDĐT" in opening and "Trường Tiểu học A1 báo cáo" in opening
    people = next(line for line in lines if line.startswith(str(year.people_label)))
    assert f": {row.staff} người; đã có kết quả đánh giá: {row.evaluated} người" in people
    assert f"Tỷ lệ hoàn thành kế hoạch: {row.completion_text}." in " ".join(lines)

    counts = _table(content, "Xếp loại")
    expected = _counts_rows(summary, year, "Hoàn thành kế hoạch (Giỏi, Khá, Trung bình, Đạt yêu cầu)")
    assert counts[1:] == expected
    assert ["Không hoàn thành kế hoạch", "1", "25,0"] in counts  # 1 of the 4 people with a result

    listing = _table(content, "STT")
    assert listing[0] == ["STT", "Họ và tên", "Ngày sinh", "Tổ", "ND1", "ND2", "ĐTB ND3", "ĐTB", "Xếp loại"]
    assert [line[1] for line in listing[1:]] == [line.staff.full_name for line in list_rows]
    assert [line[-1] for line in listing[1:]] == [line.class_label for line in list_rows]
    assert [line[4:8] for line in listing[1:]] == [
        [line.nd1_text, line.nd2_text, line.nd3_text, line.average_text] for line in list_rows
    ]
    assert "Hoàng Văn Cường" not in lines  # school A2's teacher

    reasons = [
        table for table in docx_tables(content) if table[0][:4] == ["STT", "Họ và tên", "Ngày sinh", "Tình trạng"]
    ]
    assert len(reasons) == 1
    assert [line[1] for line in reasons[0][1:]] == [person.staff.full_name for person in missing]
    assert [line[4] for line in reasons[0][1:]] == [person.reason_text for person in missing]
    assert "Lò Văn Sơn" in [line[1] for line in reasons[0][1:]]

    text = pdf_text(_download(client, school, year, "pdf"))
    for line in (SUPERIOR, ISSUER, str(NATIONAL_HEADING), _date_line(), "BÁO CÁO", "HIỆU TRƯỞNG", "Lê Thị Hoa"):
        assert line in text, line
    assert re.search(r"Số:\s+/BC-THA1", text)
    assert "- Phòng GD&ĐT Huyện A (để báo cáo);" in text


def test_the_report_of_a_tt19_year_speaks_its_regime(cast, tt19_year, tt19_data, login):
    client = login(cast.phong_a_officer)  # the Phòng opens the school's page too
    summary = results.results_by_unit(user=cast.phong_a_officer, year=tt19_year, root=cast.school_a1)
    content = _download(client, cast.school_a1, tt19_year, "docx")
    lines = docx_lines(content)
    opening = next(line for line in lines if line.startswith("Thực hiện"))
    assert "Thông tư số 19/2019/TT-BGDĐT" in opening and "26/2012" not in opening
    assert "Kết quả bồi dưỡng thường xuyên năm học 2026-2027" in lines
    assert "II. DANH SÁCH KẾT QUẢ BDTX" in lines
    counts = _table(content, "Kết quả")
    assert counts[1:] == _counts_rows(summary, tt19_year)
    assert [line[0] for line in counts[1:3]] == ["Hoàn thành kế hoạch BDTX", "Không hoàn thành kế hoạch BDTX"]
    assert [line[1:] for line in counts[1:3]] == [["1", "50,0"], ["1", "50,0"]]
    listing = _table(content, "STT")
    assert listing[0] == ["STT", "Họ và tên", "Ngày sinh", "Tổ", "CT 01", "CT 02", "CT 03 (mô đun đạt)", "Kết quả"]
    by_name = {line[1]: line for line in listing[1:]}
    assert by_name[cast.teacher_a1.staff.full_name][4:] == ["8,0", "9,0", "2/2 mô đun đạt", "Hoàn thành kế hoạch BDTX"]
    everything = "\n".join(lines + [cell for table in docx_tables(content) for row in table for cell in row])
    for word in FORBIDDEN:
        assert word not in everything, word
    assert "Bài kiểm tra thực hành mô đun GVPT 02 dưới 5" in everything  # the reason of the one who did not complete


def test_the_report_stays_inside_the_scope(cast, data, year, login):
    url = reverse("results:results_school_report", args=[cast.school_a1.pk, "pdf"])
    for outsider in (cast.phong_b_officer, cast.so_z_officer):
        assert login(outsider).get(url, {"year": year.pk}).status_code == 404
    assert login(cast.teacher_a1).get(url, {"year": year.pk}).status_code == 403  # no results pages for teachers
    # Only a school has this report; and only PDF or Word.
    phong = reverse("results:results_school_report", args=[cast.phong_a.pk, "pdf"])
    assert login(cast.phong_a_officer).get(phong, {"year": year.pk}).status_code == 404
    xls = reverse("results:results_school_report", args=[cast.school_a1.pk, "xls"])
    assert login(cast.principal_a1).get(xls, {"year": year.pk}).status_code == 404


def test_only_the_school_page_offers_the_report(cast, data, year, login):
    page = login(cast.principal_a1).get(reverse("results:results_home"), {"year": year.pk}).content.decode()
    for fmt in ("pdf", "docx"):
        url = reverse("results:results_school_report", args=[cast.school_a1.pk, fmt])
        assert f"{url}?year={year.pk}" in page
    office = login(cast.phong_a_officer).get(reverse("results:results_home"), {"year": year.pk}).content.decode()
    assert 'data-testid="school-report"' not in office and "bao-cao.pdf" not in office
