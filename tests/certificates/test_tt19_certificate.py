"""A TT 19/2019 year's certificate: "Kết quả: Hoàn thành kế hoạch BDTX" on the page, the PDF and the public verify
page, never a class or an average. The TT 26/2012 certificate (layout v1, "Xếp loại: Giỏi") is pinned by
test_rendering.py and test_views.py, unchanged."""

import datetime

import pytest
from django.urls import reverse

from certificates import rendering, services

from .conftest import pdf_text

pytestmark = pytest.mark.django_db

BASE = "https://bdtx.example.vn"
FORBIDDEN = ("ĐTB", "Điểm trung bình", "Giỏi", "Khá", "Trung bình", "Xếp loại")


@pytest.fixture
def tt19_issued(cast, tt19_year, make_result, lock, hang):
    make_result(hang, tt19_year, "HOAN_THANH", 120)
    make_result(cast.teacher_a1_other_group.staff, tt19_year, "KHONG_HOAN_THANH", 100)
    lock(cast.school_a1, tt19_year, cast.principal_a1)
    services.personal_data_confirm(staff=hang, year=tt19_year, user=cast.principal_a1)
    summary = services.certificates_issue(
        school=cast.school_a1, year=tt19_year, user=cast.phong_a_officer, issue_date=datetime.date(2027, 5, 25)
    )
    (certificate,) = summary.issued
    return certificate


def assert_speaks_tt19(text):
    assert "Hoàn thành kế hoạch BDTX" in text
    for word in FORBIDDEN:
        assert word not in text, word


def test_a_tt19_certificate_keeps_the_regime_label_and_its_own_layout(tt19_issued):
    assert tt19_issued.classification == "HOAN_THANH"
    assert tt19_issued.classification_label == "Hoàn thành kế hoạch BDTX"
    assert tt19_issued.layout == "v2" and tt19_issued.result_title == "Kết quả"


def test_the_pdf_of_a_tt19_certificate_says_ket_qua(tt19_issued):
    _filename, _mimetype, content = rendering.render(tt19_issued, base_url=BASE)
    text = pdf_text(content)
    assert "Kết quả: Hoàn thành kế hoạch BDTX" in text
    assert "Hoàn thành kế hoạch bồi dưỡng thường xuyên năm học 2026–2027" in text
    assert_speaks_tt19(text)


def test_the_pages_of_a_tt19_certificate(cast, tt19_year, tt19_issued, login, client):
    detail = login(cast.phong_a_officer).get(reverse("certificates:certificate_detail", args=[tt19_issued.pk]))
    assert detail.status_code == 200
    snapshot = detail.content.decode().split('data-testid="snapshot"')[1].split("</dl>")[0]
    assert "Kết quả" in snapshot
    assert_speaks_tt19(snapshot)

    school = login(cast.phong_a_officer).get(
        reverse("certificates:school_detail", args=[cast.school_a1.pk]), {"year": tt19_year.pk}
    )
    roster = school.content.decode().split('data-testid="roster"')[1].split("</table>")[0]
    assert "Không hoàn thành kế hoạch BDTX" in roster
    assert_speaks_tt19(roster)

    client.logout()
    verify = client.get(reverse("certificates:verify", args=[tt19_issued.token]))
    assert verify.status_code == 200
    fields = verify.content.decode().split('data-testid="verified-fields"')[1].split("</dl>")[0]
    assert "Kết quả" in fields
    assert_speaks_tt19(verify.content.decode())


def test_my_certificates_page_of_a_tt19_year(cast, tt19_year, make_result, lock, login):
    make_result(cast.teacher_a1.staff, tt19_year, "HOAN_THANH", 120)
    lock(cast.school_a1, tt19_year, cast.principal_a1)
    response = login(cast.teacher_a1).get(reverse("certificates:my_certificates"), {"year": tt19_year.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kết quả: <strong>Hoàn thành kế hoạch BDTX</strong>" in body
    assert_speaks_tt19(body)
