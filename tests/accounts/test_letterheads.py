"""Thông tin in trên văn bản: each unit's heading, place, symbol and signer, derived from the unit (Nghị định
30/2020) until the unit sets its own, and read by every document and official Excel form."""

import datetime

import pytest
from django.urls import reverse

from accounts import letterheads
from accounts.models import UnitLetterhead
from tests.documents import docx_lines, pdf_text

pytestmark = pytest.mark.django_db


def test_an_office_and_a_school_are_headed_as_the_decree_writes_them(cast):
    so = letterheads.resolved(cast.so)
    assert (so["superior_line"], so["issuer_line"], so["place"], so["symbol"]) == (
        "UBND TỈNH A",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "A",
        "SGDĐT",
    )
    assert so["signer_title"] == "GIÁM ĐỐC"
    school = letterheads.resolved(cast.school_a1)
    assert (school["superior_line"], school["issuer_line"], school["place"]) == (
        "PHÒNG GD&ĐT HUYỆN A",
        "TRƯỜNG TIỂU HỌC A1",
        "A",
    )
    # The school's only principal signs by default.
    assert (school["signer_title"], school["signer_name"], school["symbol"]) == ("HIỆU TRƯỞNG", "Lê Thị Hoa", "THA1")


def test_what_the_unit_sets_replaces_what_is_derived_and_the_rest_stays_derived(cast):
    letterheads.letterhead_save(
        unit=cast.so,
        user=cast.so_officer,
        data={
            "signer_title": "Phó Giám đốc",
            "signs_for": "KT. Giám đốc",
            "signer_name": "Cầm  Văn Hùng",
            "symbol": "",
        },
    )
    head = letterheads.letterhead(cast.so, day=datetime.date(2026, 9, 15), number="", kind_code="KH")
    assert (head.superior, head.issuer, head.number_line) == (
        "UBND TỈNH A",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "Số: \u2003\u2003\u2003/KH-SGDĐT",
    )
    assert head.date_line == "A, ngày 15 tháng 9 năm 2026"
    signer = letterheads.signature(cast.so)
    assert (signer.capacity, signer.title, signer.name) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Cầm Văn Hùng")
    assert UnitLetterhead.objects.get(unit=cast.so).history.first().history_user == cast.so_officer


def test_a_manager_sets_the_letterhead_and_sees_it_in_the_preview_and_the_sample(cast, login):
    client = login(cast.principal_a1)
    url = reverse("accounts:letterhead_settings")
    assert 'data-testid="letterhead-link"' in client.get("/").content.decode()
    page = client.get(url)
    assert page.status_code == 200 and "TRƯỜNG TIỂU HỌC A1" in page.content.decode()
    response = client.post(url, {"place": "Chiềng Mung", "signer_name": "Lê Thị Hoa", "issuer_line": ""})
    assert response.status_code == 302
    preview = client.get(url).content.decode()
    assert "Chiềng Mung, ngày" in preview
    sample = client.get(reverse("accounts:letterhead_sample", args=["pdf"]))
    text = pdf_text(sample.content)
    assert "TRƯỜNG TIỂU HỌC A1" in text and "Chiềng Mung, ngày" in text and "Lê Thị Hoa" in text
    lines = docx_lines(client.get(reverse("accounts:letterhead_sample", args=["docx"])).content)
    assert "HIỆU TRƯỞNG" in lines and "Lê Thị Hoa" in lines and "- Lưu: VT." in lines
    assert client.get(reverse("accounts:letterhead_sample", args=["exe"])).status_code == 404


def test_a_teacher_has_no_letterhead_to_set(cast, login):
    client = login(cast.teacher_a1)
    assert 'data-testid="letterhead-link"' not in client.get("/").content.decode()
    assert client.get(reverse("accounts:letterhead_settings")).status_code == 403
    assert client.get(reverse("accounts:letterhead_sample", args=["pdf"])).status_code == 403


def test_the_official_excel_forms_print_the_signer_the_unit_set(cast, tt19_year):
    from results.exports_results import ClassificationListExporter

    letterheads.letterhead_save(
        unit=cast.school_a1, user=cast.principal_a1, data={"signer_name": "Lê Thị Hoa", "place": "Chiềng Mung"}
    )
    exporter = ClassificationListExporter(
        user=cast.principal_a1, params={"year": tt19_year.pk, "unit": cast.school_a1.pk}
    )
    assert exporter.signature().name == "Lê Thị Hoa"
    assert exporter.letterhead().date_line.startswith("Chiềng Mung, ngày")
