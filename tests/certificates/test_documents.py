"""Phiếu xác nhận thông tin in trên giấy chứng nhận (certificates.documents), read back from the PDF and the Word
file: the school's heading without a number, the data exactly as the certificate prints it (the selector of the
person's page), where the confirmation stands, the signatures; the school's list in the roster's order; scope."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.rules import label
from certificates import selectors, services
from core.documents import NATIONAL_HEADING, NATIONAL_MOTTO
from core.vietnamese import official_date
from tests.documents import docx_lines, docx_tables, pdf_text
from tests.factories import make_tt19_year

pytestmark = pytest.mark.django_db

SUPERIOR, ISSUER = "PHÒNG GD&ĐT HUYỆN A", "TRƯỜNG TIỂU HỌC A1"
LIST_HEADER = ["STT", "Họ và tên", "Ngày sinh", "Nơi sinh", "Xếp loại", "Đã xác nhận ngày", "Ký xác nhận"]


def _date_line():
    return f"A, {official_date(timezone.localdate())}"  # the place: Phòng GD&ĐT Huyện A → "A"


def _get(client, name, *args, fmt, year):
    response = client.get(f"{reverse(name, args=[*args, fmt])}?year={year.pk}")
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment")
    return response.content


def _assert_heading(text):
    for line in (SUPERIOR, ISSUER, str(NATIONAL_HEADING), str(NATIONAL_MOTTO), _date_line()):
        assert line in text, line
    assert "Số:" not in text  # a sheet has no number


def _answered(staff, year):
    check = selectors.own_check(staff=staff, year=year)
    return timezone.localtime(check.answered_at).strftime("%d/%m/%Y")


# ---------------------------------------------------------------------------------------------------------------
# One person's sheet
# ---------------------------------------------------------------------------------------------------------------


def test_the_person_prints_their_sheet_with_the_data_the_certificate_prints(cast, year, a1_ready, login):
    staff = a1_ready["teacher"]
    mine = selectors.own_year(staff=staff, year=year)  # the page's selector
    assert mine.agreed and mine.result is not None
    client = login(cast.teacher_a1)

    text = pdf_text(_get(client, "certificates:my_data_sheet", fmt="pdf", year=year))
    _assert_heading(text)
    for line in (
        "PHIẾU XÁC NHẬN",
        "Thông tin in trên giấy chứng nhận kết quả BDTX năm học 2025-2026",
        "NGƯỜI XÁC NHẬN",
        "HIỆU TRƯỞNG",
        "Lê Thị Hoa",  # the school's principal signs beside the person
        f"Đã xác nhận thông tin đúng ngày {_answered(staff, year)}",
    ):
        assert line in text, line

    content = _get(client, "certificates:my_data_sheet", fmt="docx", year=year)
    lines = docx_lines(content)
    for line in (SUPERIOR, ISSUER, _date_line(), "PHIẾU XÁC NHẬN", "NGƯỜI XÁC NHẬN", "HIỆU TRƯỞNG", "Lê Thị Hoa"):
        assert line in lines, line
    assert not any(line.startswith("Số:") for line in lines)
    fields = next(table for table in docx_tables(content) if table[0][0] == "Thông tin")
    assert fields[1:] == [
        ["Họ và tên", staff.full_name],
        ["Ngày sinh", staff.birth_date.strftime("%d/%m/%Y")],
        ["Nơi sinh", staff.birth_place],
        ["Đơn vị công tác", mine.school.name],
        ["Xếp loại", str(label(mine.result.classification, year.ruleset))],
    ]
    assert fields[1:3] == [["Họ và tên", "Nguyễn Văn An"], ["Ngày sinh", "05/03/1985"]]
    # The person signs under their own name, the principal beside them.
    signatures = docx_tables(content)[-1]
    assert "NGƯỜI XÁC NHẬN" in signatures[0][0] and staff.full_name in signatures[0][0]
    assert "HIỆU TRƯỞNG" in signatures[0][1] and "Lê Thị Hoa" in signatures[0][1]


def test_the_sheet_says_what_is_still_to_do(cast, year, a1_ready, login):
    client = login(cast.principal_a1)
    unconfirmed = a1_ready["unconfirmed"]
    args = ("certificates:school_data_sheet", cast.school_a1.pk, unconfirmed.pk)
    text = pdf_text(_get(client, *args, fmt="pdf", year=year))
    assert "Tình trạng xác nhận: Chưa xác nhận." in text and unconfirmed.full_name in text

    requested = a1_ready["not_completed"]
    services.personal_data_request_correction(
        staff=requested,
        year=year,
        user=cast.teacher_a1_other_group,
        full_name="Trần Thị Bính",
        birth_date=datetime.date(1985, 3, 6),
        birth_place="Mai Sơn, Sơn La",
        note="Sai dấu",
    )
    lines = docx_lines(
        _get(client, "certificates:school_data_sheet", cast.school_a1.pk, requested.pk, fmt="docx", year=year)
    )
    status = next(line for line in lines if line.startswith("Tình trạng xác nhận:"))
    assert "đề nghị điều chỉnh" in status and "Trần Thị Bính · 06/03/1985 · Mai Sơn, Sơn La" in status
    # Not completed: the result prints with the reason it earns no certificate.
    assert any("Không hoàn thành kế hoạch (không đủ điều kiện cấp giấy chứng nhận)" in line for line in lines)


def test_the_sheets_stay_inside_the_scope(cast, year, a1_ready, login):
    sheet = reverse("certificates:school_data_sheet", args=[cast.school_a1.pk, a1_ready["teacher"].pk, "pdf"])
    listing = reverse("certificates:school_data_list", args=[cast.school_a1.pk, "pdf"])
    for outsider in (cast.phong_b_officer, cast.so_z_officer, cast.teacher_a2):
        client = login(outsider)
        assert client.get(f"{sheet}?year={year.pk}").status_code == 404
        assert client.get(f"{listing}?year={year.pk}").status_code == 404
    # Someone of Phòng A but not on school A1's list is not printed under A1's heading.
    other = reverse("certificates:school_data_sheet", args=[cast.school_a1.pk, cast.teacher_a2.staff.pk, "pdf"])
    assert login(cast.phong_a_officer).get(f"{other}?year={year.pk}").status_code == 404
    # A format other than PDF or Word, and an account without a staff record.
    assert login(cast.teacher_a1).get(reverse("certificates:my_data_sheet", args=["xls"])).status_code == 404
    assert login(cast.so_officer).get(reverse("certificates:my_data_sheet", args=["pdf"])).status_code == 404


# ---------------------------------------------------------------------------------------------------------------
# The school's list
# ---------------------------------------------------------------------------------------------------------------


def test_the_school_list_holds_the_roster_in_the_pages_order(cast, year, a1_ready, login):
    client = login(cast.phong_a_officer)
    roster = selectors.school_roster(school=cast.school_a1, year=year)  # the page's selector and order
    content = _get(client, "certificates:school_data_list", cast.school_a1.pk, fmt="docx", year=year)
    lines = docx_lines(content)
    for line in (SUPERIOR, ISSUER, _date_line(), "DANH SÁCH", "HIỆU TRƯỞNG", "Lê Thị Hoa"):
        assert line in lines, line
    assert "Xác nhận thông tin in trên giấy chứng nhận kết quả BDTX năm học 2025-2026" in lines
    table = next(table for table in docx_tables(content) if table[0][0] == "STT")
    assert table[0] == LIST_HEADER
    assert [row[1] for row in table[1:]] == [row.staff.full_name for row in roster]
    assert len(roster) == 4
    by_name = {row[1]: row for row in table[1:]}
    hang = a1_ready["hang"]
    assert by_name[hang.full_name] == [
        str([row.staff.pk for row in roster].index(hang.pk) + 1),
        "Nguyễn Thị Hằng",
        "05/03/1985",
        "Chiềng Lề, Sơn La",
        "Giỏi",
        _answered(hang, year),
        "",  # signed by hand
    ]
    assert by_name[a1_ready["unconfirmed"].full_name][5] == "Chưa xác nhận"
    assert "Tổng số: 4 người; hoàn thành kế hoạch: 3; đã xác nhận thông tin: 2." in lines

    text = pdf_text(_get(client, "certificates:school_data_list", cast.school_a1.pk, fmt="pdf", year=year))
    _assert_heading(text)
    for row in roster:
        assert row.staff.full_name in text, row.staff.full_name
    assert "Tổng số: 4 người; hoàn thành kế hoạch: 3; đã xác nhận thông tin: 2." in text


def test_a_tt19_list_names_the_result_as_the_regime_does(cast, make_result, login):
    year = make_tt19_year(cast.so, is_current=True)
    make_result(cast.teacher_a1.staff, year, "HOAN_THANH")
    content = _get(login(cast.principal_a1), "certificates:school_data_list", cast.school_a1.pk, fmt="docx", year=year)
    table = next(table for table in docx_tables(content) if table[0][0] == "STT")
    assert table[0][4] == "Kết quả"
    assert table[1][1:5] == ["Nguyễn Văn An", "05/03/1985", "Sơn La", "Hoàn thành kế hoạch BDTX"]
    assert "năm học 2026-2027" in " ".join(docx_lines(content))


def test_both_pages_offer_the_downloads(cast, year, a1_ready, login):
    page = login(cast.teacher_a1).get(reverse("certificates:my_certificates"), {"year": year.pk}).content.decode()
    assert f"{reverse('certificates:my_data_sheet', args=['pdf'])}?year={year.pk}" in page
    assert f"{reverse('certificates:my_data_sheet', args=['docx'])}?year={year.pk}" in page
    page = (
        login(cast.principal_a1)
        .get(reverse("certificates:school_detail", args=[cast.school_a1.pk]), {"year": year.pk})
        .content.decode()
    )
    assert f"{reverse('certificates:school_data_list', args=[cast.school_a1.pk, 'pdf'])}?year={year.pk}" in page
    assert f"{reverse('certificates:school_data_list', args=[cast.school_a1.pk, 'docx'])}?year={year.pk}" in page
    unconfirmed = a1_ready["unconfirmed"]
    sheet = reverse("certificates:school_data_sheet", args=[cast.school_a1.pk, unconfirmed.pk, "pdf"])
    assert f"{sheet}?year={year.pk}" in page  # beside "Xác nhận thay"
