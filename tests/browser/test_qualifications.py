"""Browser: a principal enters a TOEIC certificate (only the TOEIC boxes show) and sees the conversion."""

import os

import pytest

from accounts.models import Level
from qualifications import services
from qualifications.models import LanguageCertificate
from tests.factories import StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("BDTX_SHOTS")  # a folder: save screenshots of each page for a person to look at


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def year(cast):
    from years.models import TrainingYear

    return TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)


def test_principal_enters_a_toeic_certificate(cast, year, new_page, log_in):  # noqa: F811
    staff = StaffFactory(unit=cast.school_a1, level=Level.TH, full_name="Lý Thị Mai", subject_group="Tổ Tiếng Anh")
    page = log_in(new_page(), "ht_a1")
    page.goto(f"/trinh-do/can-bo/{staff.pk}/chung-chi/them/")
    assert page.locator("[data-skill=score]").is_visible()
    assert not page.locator("[data-skill=listening_reading]").is_visible()
    page.get_by_label("Loại chứng chỉ").select_option("TOEIC")
    assert not page.locator("[data-skill=score]").is_visible()
    page.get_by_label("TOEIC: Nghe & Đọc").fill("650")
    page.get_by_label("TOEIC: Nói").fill("150")
    page.get_by_label("TOEIC: Viết").fill("140")
    page.get_by_label("Ngày cấp").fill("15/03/2024")
    _shot(page, "certificate_form")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu và quy đổi").click()
    certificate = LanguageCertificate.objects.get(staff=staff)
    assert (certificate.conversion_table, certificate.cefr_level) == ("S", "B2")
    assert page.get_by_test_id("best-level").inner_text().startswith("B2")
    assert "đạt chuẩn B2" in page.get_by_test_id("best-level").inner_text()
    _shot(page, "staff_detail")
    if SHOTS:
        services.target_save(user=cast.so_officer, year=year, indicator="ENGLISH", unit_type="TH", target_percent=50)
        services.target_save(
            user=cast.so_officer, year=year, indicator="MASTER", unit_type="THPT", audience="CBQL", target_percent=33
        )
        page.goto("/trinh-do/")
        _shot(page, "staff_list")
        page.goto("/trinh-do/tong-hop/")
        _shot(page, "dashboard_school")
        so_page = log_in(new_page(), "so")
        so_page.goto("/trinh-do/tong-hop/")
        _shot(so_page, "dashboard_so")
        so_page.goto("/trinh-do/chi-tieu/")
        _shot(so_page, "targets")
        so_page.goto("/trinh-do/quy-doi-cefr/")
        _shot(so_page, "tables")
