"""A principal imports a large staff file: it is handed to a worker, the job page tells the outcome."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Staff
from tests.browser.conftest import open_nav
from tests.people.test_staff_import import row, workbook_bytes

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def small_threshold(settings, tmp_path):
    settings.IMPORT_BACKGROUND_ROWS = 5
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def staff_file(tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(workbook_bytes(rows))
    return str(path)


def test_a_large_file_goes_to_a_worker_and_its_errors_come_back(cast, page, log_in, tmp_path):
    rows = [row(code=f"NV{index:03d}", name=f"Trần Thị Số {index}") for index in range(1, 9)]
    log_in(page, cast.principal_a1.username)
    open_nav(page, "staff_import")

    bad = [*rows[:3], row(code="NV004", school="A2"), *rows[4:]]
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(staff_file(tmp_path, "co-loi.xlsx", bad))
    page.get_by_role("button", name="Kiểm tra và nhập").click()

    expect(page).to_have_url(re.compile(r"/viec/\d+/$"))
    expect(page.get_by_test_id("job-message")).to_contain_text("có 1 lỗi; chưa có dòng nào được ghi")
    expect(page.get_by_test_id("import-errors")).to_contain_text("Mã trường không tồn tại hoặc ngoài phạm vi quản lý.")
    assert not Staff.objects.filter(code__startswith="NV").exists()

    page.get_by_test_id("job-upload-again").click()
    expect(page).to_have_url(re.compile(r"/can-bo/nhap-excel/$"))
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(staff_file(tmp_path, "da-sua.xlsx", rows))
    page.get_by_role("button", name="Kiểm tra và nhập").click()

    expect(page.get_by_test_id("job-message")).to_contain_text("Đã nhập 8 dòng: 8 thêm mới, 0 cập nhật, 0 không đổi.")
    expect(page.get_by_test_id("job-message")).to_contain_text("8 tài khoản mới")
    assert Staff.objects.filter(code__startswith="NV", unit=cast.school_a1).count() == 8
    open_nav(page, "my_jobs")
    expect(page.locator("table")).to_contain_text("da-sua.xlsx")
