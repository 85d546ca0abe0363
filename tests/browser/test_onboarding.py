"""A Sở goes live from its files: on an empty province its officer imports the units, then one school's staff,
prints the first passwords of the accounts it hands out (the principal's), and the principal logs in with theirs
and is made to choose a new password before anything else."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.models import OrgUnit, Role, Staff, User
from tests.browser.conftest import PHONE, open_nav
from tests.factories import OrgUnitFactory, UserFactory
from tests.people.test_staff_import import row, workbook_bytes
from tests.people.test_units_import import HEADER as UNIT_HEADER

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def empty_province(cast):
    """A Sở of its own with nobody under it yet, and its officer."""
    department = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT, code="SO-E", name="Sở GD&ĐT Tỉnh E", parent=cast.ministry)
    officer = UserFactory(username="so_e", role=Role.DEPARTMENT_OFFICER, unit=department)
    return department, officer


def _file(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_province_goes_live_from_its_files(empty_province, new_page, log_in, tmp_path, viewport):
    _department, officer = empty_province
    page = new_page(**({"viewport": viewport} if viewport else {}))
    log_in(page, officer.username)

    open_nav(page, "units_import")
    units = [
        ["XA-E1", "UBND xã Mường Bú", "UBND xã", "SO-E", "", "Xã Mường Bú"],
        ["E-TH1", "Trường Tiểu học Mường Bú", "Trường", "XA-E1", "TH", ""],
    ]
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(
        _file(tmp_path, "don-vi.xlsx", workbook_bytes(units, header=UNIT_HEADER))
    )
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page.get_by_role("alert").filter(has_text="Đã nhập 2 đơn vị")).to_be_visible()
    school = OrgUnit.objects.get(code="E-TH1")

    open_nav(page, "staff_import")
    staff = [
        row(code="E0001", name="Lò Văn Thắng", school="E-TH1", position="HT"),
        row(code="E0002", name="Quàng Thị Mai", school="E-TH1"),
    ]
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(_file(tmp_path, "can-bo.xlsx", workbook_bytes(staff)))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page.get_by_role("alert").filter(has_text="2 tài khoản mới")).to_be_visible()
    assert set(User.objects.filter(unit=school).values_list("username", flat=True)) == {"e0001", "e0002"}

    open_nav(page, "credentials")
    expect(page.get_by_test_id("waiting-accounts")).to_contain_text("e0001")  # the Sở hands out the principal's
    expect(page.get_by_test_id("waiting-accounts")).not_to_contain_text("e0002")  # the principal hands out these
    with page.expect_download() as download:
        page.get_by_test_id("credentials-download").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = [values for values in sheet.iter_rows(min_row=6, values_only=True) if values[0]]
    assert [(name, username) for _n, name, _unit, username, _password in rows] == [("Lò Văn Thắng", "e0001")]
    password = rows[0][4]

    principal = new_page(**({"viewport": viewport} if viewport else {}))
    log_in(principal, "e0001", password)
    expect(principal).to_have_url(re.compile(r"/doi-mat-khau/$"))
    principal.goto("/ke-hoach/")  # nothing else opens before the new password
    expect(principal).to_have_url(re.compile(r"/doi-mat-khau/$"))
    principal.locator("input[name=old_password]").fill(password)
    principal.locator("input[name=new_password1]").fill("MuongBu@2027!")
    principal.locator("input[name=new_password2]").fill("MuongBu@2027!")
    with principal.expect_navigation():
        principal.get_by_role("button", name="Xác nhận").click()
    principal.goto("/")
    expect(principal).not_to_have_url(re.compile(r"/doi-mat-khau/$"))
    account = User.objects.get(username="e0001")
    assert not account.must_change_password and account.check_password("MuongBu@2027!")
    assert Staff.objects.get(code="E0001").user == account
    principal.screenshot(path=str(tmp_path / "first-login-done.png"))
