"""Kế hoạch BDTX năm học: the letter an office drafts from the year's configuration names the regime, each
programme's hours, every topic published by it and the units above it, the catalogs, and every deadline of the
year, in the structure of the letters offices write (I. … VI.)."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from core.documents import format_value, render_docx, render_pdf
from modules.models import Topic
from reports.plan_letter import plan_letter
from tests.documents import docx_lines, pdf_text
from years.models import Deadline, TrainingYear
from years.services import deadline_table

pytestmark = pytest.mark.django_db

SECTIONS = [
    "I. MỤC ĐÍCH, YÊU CẦU",
    "II. ĐỐI TƯỢNG BỒI DƯỠNG",
    "III. NỘI DUNG, THỜI LƯỢNG BỒI DƯỠNG",
    "IV. HÌNH THỨC, CÁCH THỨC TRIỂN KHAI",
    "V. ĐÁNH GIÁ VÀ CÔNG NHẬN KẾT QUẢ BỒI DƯỠNG",
    "VI. TỔ CHỨC THỰC HIỆN",
]


def test_the_demo_letter_of_2026_names_the_regime_hours_topics_and_deadlines(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("seed_demo", "--size", "small", verbosity=0)
    officer = User.objects.get(username="so")
    year = TrainingYear.objects.get(department=officer.unit, start_year=2026)
    document = plan_letter(user=officer, year=year, day=datetime.date(2026, 9, 15), number="108")
    lines = docx_lines(render_docx(document))
    text = "\n".join(lines)
    assert "Số: 108/KH-SGDĐT" in lines
    assert "Thông tư số 19/2019/TT-BGDĐT" in text and "(TT 19/2019)" in text
    assert [line for line in lines if line in SECTIONS] == SECTIONS
    for content in (1, 2, 3):
        heading = f"{content}. {year.content_label(content)}: {year.quota_for(content)} tiết/năm học"
        assert heading in lines, heading
    published = Topic.objects.filter(year=year, publisher=officer.unit)
    assert published.exists()
    for title in set(published.values_list("title", flat=True)):
        assert title in lines, title
    # Every deadline of the year that binds the Sở's units, with its date as printed.
    deadlines = [row for row in deadline_table(year=year, unit=officer.unit) if (row.own or row.inherited)]
    assert len(deadlines) == Deadline.objects.filter(year=year, unit=officer.unit).count() > 0
    for row in deadlines:
        due = (row.own or row.inherited).due_date
        assert row.label in lines and format_value(due) in lines, row.label
    assert "GVPT01" in text.replace(" ", "") or "GVPT 01" in text


def test_a_letter_under_the_2012_rules_cites_tt26_and_its_classes(cast):
    year = TrainingYear.objects.create(department=cast.so, start_year=2018, ruleset="TT26_2012")
    document = plan_letter(user=cast.so_officer, year=year, day=datetime.date(2018, 10, 11))
    text = pdf_text(render_pdf(document))
    assert "Thông tư số 26/2012/TT-BGDĐT" in text
    assert "Nội dung bồi dưỡng 1" in text or "Nội dung 1" in text
    assert "Giỏi" in text and "Khá" in text
    assert "Sở GD&ĐT Tỉnh A ban hành" in text.replace("\n", " ")


def test_the_page_gives_the_letter_to_offices_only(cast, login, tt19_year):
    url = reverse("reports:plan_letter", args=[tt19_year.pk])
    client = login(cast.so_officer)
    assert "Số văn bản" in client.get(url).content.decode()
    response = client.get(url, {"number": "", "day": "15/09/2026", "fmt": "docx"})
    assert response["Content-Disposition"].endswith('ke-hoach-bdtx-2026-2027.docx"')
    lines = docx_lines(response.content)
    assert "UBND TỈNH A" in lines and "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in lines and "A, ngày 15 tháng 9 năm 2026" in lines
    bad = client.get(url, {"day": "31/02/2026", "fmt": "pdf"})
    assert bad.status_code == 200 and "dd/mm/yyyy" in bad.content.decode()
    phong = login(cast.phong_a_officer).get(url, {"day": "15/09/2026", "fmt": "docx"})
    phong_lines = docx_lines(phong.content)
    assert "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO" in phong_lines
    assert any(
        "Thực hiện Kế hoạch bồi dưỡng thường xuyên năm học 2026-2027 của Sở GD&ĐT Tỉnh A" in x for x in phong_lines
    )
    assert login(cast.principal_a1).get(url).status_code == 403
