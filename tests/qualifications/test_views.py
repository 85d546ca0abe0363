"""Views: scope (outsiders 404), edits, certificate entry with the year's table, targets, tables, export."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import Level
from jobs.models import Job
from qualifications import services
from qualifications.models import Degree, LanguageCertificate, Qualification, Target, YearConversionTable
from tests.factories import StaffFactory
from tests.official_forms import assert_official_form

from .conftest import ISSUED

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _url(name, *args):
    return reverse(f"qualifications:{name}", args=args)


# ---------------------------------------------------------------------------------------------------------------
# Scope


@pytest.mark.parametrize("name", ["staff_detail", "qualification_edit", "certificate_add"])
def test_outsiders_get_404_for_a_staff_member_of_a1(cast, login, name):
    staff = cast.teacher_a1.staff
    for outsider in [*cast.outsiders_of_a1, cast.phong_b_officer, cast.so_z_officer]:
        response = login(outsider).get(_url(name, staff.pk))
        assert response.status_code == 404, outsider.username


@pytest.mark.parametrize("name", ["qualification_edit", "certificate_add"])
def test_teacher_sees_own_record_but_cannot_edit(cast, login, name):
    client = login(cast.teacher_a1)
    assert client.get(_url("staff_detail", cast.teacher_a1.staff.pk)).status_code == 200
    assert client.get(_url(name, cast.teacher_a1.staff.pk)).status_code == 403


def test_certificate_delete_outside_scope_is_404(cast, login, year):
    certificate = services.certificate_add(
        staff=cast.teacher_a1.staff, user=cast.principal_a1, test="IELTS", scores={"score": "6"}, issued_on=ISSUED
    )
    for outsider in [cast.teacher_a2, cast.phong_b_officer, cast.so_z_officer]:
        assert login(outsider).post(_url("certificate_delete", certificate.pk)).status_code == 404
    assert login(cast.teacher_a1).post(_url("certificate_delete", certificate.pk)).status_code == 403
    assert LanguageCertificate.objects.count() == 1


def test_list_shows_only_the_users_scope(cast, login):
    services.qualification_save(staff=cast.teacher_a2.staff, user=cast.so_officer, degree=Degree.THAC_SI)
    response = login(cast.principal_a1).get(_url("staff_list"))
    assert response.status_code == 200
    names = [row["staff"].full_name for row in response.context["rows"]]
    assert "Nguyễn Văn An" in names and "Hoàng Văn Cường" not in names
    response = login(cast.phong_a_officer).get(_url("staff_list"))
    names = [row["staff"].full_name for row in response.context["rows"]]
    assert "Hoàng Văn Cường" in names and "Đỗ Thị Dung" not in names


def test_list_filter_by_unit_out_of_scope_is_404(cast, login):
    assert login(cast.phong_a_officer).get(_url("staff_list"), {"unit": cast.school_b1.pk}).status_code == 404


def test_list_queries_do_not_grow_with_the_page(cast, login, django_assert_max_num_queries):
    client = login(cast.principal_a1)
    client.get(_url("staff_list"))
    with django_assert_max_num_queries(30) as few:
        client.get(_url("staff_list"))
    for _ in range(20):
        staff = StaffFactory(unit=cast.school_a1)
        services.qualification_save(staff=staff, user=cast.principal_a1, degree=Degree.THAC_SI, teaches_english=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_url("staff_list"))
    assert len(response.context["rows"]) == 24


def test_list_english_filter(cast, login):
    services.qualification_save(staff=cast.teacher_a1.staff, user=cast.principal_a1, teaches_english=True)
    response = login(cast.principal_a1).get(_url("staff_list"), {"english": "1"})
    assert [row["staff"].pk for row in response.context["rows"]] == [cast.teacher_a1.staff.pk]


def test_mark_english_teachers_button(cast, login):
    english = StaffFactory(unit=cast.school_a1, subject_group="Tổ Ngoại ngữ")
    response = login(cast.principal_a1).post(_url("english_mark"))
    assert response.status_code == 302
    assert Qualification.objects.get(staff=english).teaches_english
    assert login(cast.teacher_a1).post(_url("english_mark")).status_code == 403


# ---------------------------------------------------------------------------------------------------------------
# Editing


def test_principal_edits_a_qualification(cast, login):
    staff = cast.teacher_a1.staff
    client = login(cast.principal_a1)
    form = client.get(_url("qualification_edit", staff.pk))
    assert form.status_code == 200
    response = client.post(
        _url("qualification_edit", staff.pk),
        {"degree": "THAC_SI", "major": "Quản lý giáo dục", "political_theory": "TRUNG_CAP"},
    )
    assert response.status_code == 302
    qualification = Qualification.objects.get(staff=staff)
    assert (qualification.degree, qualification.political_theory, qualification.teaches_english) == (
        "THAC_SI",
        "TRUNG_CAP",
        False,
    )
    page = client.get(_url("staff_detail", staff.pk))
    assert "Thạc sĩ" in page.content.decode()
    assert page.context["history"]


def test_certificate_form_converts_with_the_years_table_and_shows_it(cast, login, year):
    services.conversion_table_choose(year=year, table_key="A", user=cast.so_officer)
    staff = StaffFactory(unit=cast.school_a1, level=Level.TH, subject_group="Tổ Tiếng Anh")
    client = login(cast.principal_a1)
    page = client.get(_url("certificate_add", staff.pk))
    assert "Bảng A" in page.content.decode()
    response = client.post(
        _url("certificate_add", staff.pk),
        {"test": "IELTS", "score": "5,0", "issued_on": "01/06/2024", "issuer": "IDP"},
    )
    assert response.status_code == 302
    certificate = LanguageCertificate.objects.get(staff=staff)
    assert (certificate.conversion_table, certificate.cefr_level) == ("A", "B2")
    detail = client.get(_url("staff_detail", staff.pk))
    content = detail.content.decode()
    assert "Bảng A" in content and "đạt chuẩn B2" in content
    assert detail.context["meets"] is True


def test_certificate_form_shows_field_errors_and_saves_nothing(cast, login, year):
    client = login(cast.principal_a1)
    staff = cast.teacher_a1.staff
    response = client.post(
        _url("certificate_add", staff.pk),
        {"test": "TOEIC", "listening_reading": "1000", "issued_on": "31/02/2024"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "listening_reading" in form.errors and "issued_on" in form.errors
    assert not LanguageCertificate.objects.exists()


def test_certificate_form_toeic_in_the_single_score_box_is_explained(cast, login, year):
    response = login(cast.principal_a1).post(
        _url("certificate_add", cast.teacher_a1.staff.pk), {"test": "TOEIC", "score": "650", "issued_on": "01/06/2024"}
    )
    assert response.status_code == 200
    assert "Nghe & Đọc" in response.context["form"].errors["score"][0]


def test_principal_deletes_a_certificate(cast, login, year):
    certificate = services.certificate_add(
        staff=cast.teacher_a1.staff, user=cast.principal_a1, test="IELTS", scores={"score": "6"}, issued_on=ISSUED
    )
    response = login(cast.principal_a1).post(_url("certificate_delete", certificate.pk))
    assert response.status_code == 302
    assert not LanguageCertificate.objects.exists()


# ---------------------------------------------------------------------------------------------------------------
# The Sở's table


def test_tables_page_lists_every_table_with_its_source(cast, login, year):
    response = login(cast.principal_a1).get(_url("conversion_tables"))
    content = response.content.decode()
    assert response.status_code == 200
    for key in ("S", "A", "B", "C"):
        assert f'data-table="{key}"' in content
    assert "6089/BGDĐT-GDTX" in content and "Phenikaa" in content
    assert response.context["form"] is None


def test_so_officer_chooses_the_table_for_a_year(cast, login, year):
    client = login(cast.so_officer)
    response = client.post(_url("conversion_tables"), {"year": year.pk, "table_key": "C"})
    assert response.status_code == 302
    assert YearConversionTable.objects.get(year=year).table_key == "C"


@pytest.mark.parametrize("who", ["phong_a_officer", "principal_a1"])
def test_others_cannot_choose_the_table(cast, login, year, who):
    response = login(getattr(cast, who)).post(_url("conversion_tables"), {"year": year.pk, "table_key": "C"})
    assert response.status_code == 403
    assert not YearConversionTable.objects.exists()


def test_other_provinces_year_is_404(cast, login, year, year_z):
    response = login(cast.so_officer).post(_url("conversion_tables"), {"year": year_z.pk, "table_key": "C"})
    assert response.status_code == 404
    assert login(cast.so_officer).get(_url("dashboard"), {"year": year_z.pk}).status_code == 404


# ---------------------------------------------------------------------------------------------------------------
# Dashboard and targets


def test_dashboard_pages(cast, login, year):
    services.qualification_save(staff=cast.teacher_a1.staff, user=cast.so_officer, degree=Degree.THAC_SI)
    services.target_save(user=cast.so_officer, year=year, indicator="MASTER", target_percent=Decimal("10"))
    response = login(cast.so_officer).get(_url("dashboard"))
    assert response.status_code == 200
    assert [row.unit.code for row in response.context["dashboard"].rows] == ["PH-A", "PH-B", "T1"]
    assert "Chỉ tiêu 10%" in response.content.decode()
    response = login(cast.so_officer).get(_url("dashboard_unit", cast.phong_a.pk))
    assert [row.unit.code for row in response.context["dashboard"].rows] == ["A1", "A2"]
    response = login(cast.principal_a1).get(_url("dashboard"))
    assert [row.unit.code for row in response.context["dashboard"].rows] == ["A1"]


def test_dashboard_scope(cast, login, year):
    assert login(cast.phong_a_officer).get(_url("dashboard_unit", cast.phong_b.pk)).status_code == 404
    assert login(cast.phong_a_officer).get(_url("dashboard_unit", cast.so.pk)).status_code == 404
    assert login(cast.so_z_officer).get(_url("dashboard_unit", cast.phong_a.pk)).status_code == 404
    assert login(cast.teacher_a1).get(_url("dashboard")).status_code == 403


def test_dashboard_view_queries_are_bounded(cast, login, year, django_assert_max_num_queries):
    client = login(cast.so_officer)
    client.get(_url("dashboard"))
    with django_assert_max_num_queries(20) as few:
        client.get(_url("dashboard"))
    for _ in range(6):
        staff = StaffFactory(unit=cast.school_b1, level=Level.THCS)
        services.qualification_save(staff=staff, user=cast.so_officer, degree=Degree.TIEN_SI)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_url("dashboard"))


def test_so_officer_adds_edits_and_deletes_a_target(cast, login, year):
    client = login(cast.so_officer)
    response = client.post(
        _url("target_list"),
        {
            "year": year.pk,
            "indicator": "MASTER",
            "unit_type": "THPT",
            "audience": "CBQL",
            "target_percent": "33",
            "note": "KH 2013–2015",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert target.target_percent == Decimal("33")
    response = client.post(
        _url("target_edit", target.pk),
        {"indicator": "DOCTORATE", "unit_type": "THPT", "audience": "CBQL", "target_percent": "4"},
    )
    assert response.status_code == 302
    assert list(Target.objects.values_list("indicator", "target_percent")) == [("DOCTORATE", Decimal("4"))]
    client.post(_url("target_delete", Target.objects.get().pk))
    assert not Target.objects.exists()


def test_target_percent_validation(cast, login, year):
    response = login(cast.so_officer).post(
        _url("target_list"),
        {"year": year.pk, "indicator": "MASTER", "unit_type": "ALL", "audience": "ALL", "target_percent": "0,333"},
    )
    assert response.status_code == 200
    assert "target_percent" in response.context["form"].errors


def test_targets_read_only_for_others(cast, login, year):
    services.target_save(user=cast.so_officer, year=year, indicator="MASTER", target_percent=Decimal("10"))
    target = Target.objects.get()
    client = login(cast.phong_a_officer)
    response = client.get(_url("target_list"))
    assert response.status_code == 200 and response.context["form"] is None
    payload = {"year": year.pk, "indicator": "MASTER", "unit_type": "ALL", "audience": "ALL", "target_percent": "50"}
    assert client.post(_url("target_list"), payload).status_code == 403
    assert client.get(_url("target_edit", target.pk)).status_code == 403
    assert client.post(_url("target_delete", target.pk)).status_code == 403
    assert login(cast.so_z_officer).get(_url("target_edit", target.pk)).status_code == 404
    assert Target.objects.get().target_percent == Decimal("10")


# ---------------------------------------------------------------------------------------------------------------
# Excel


def test_export_holds_the_scope_and_writes_user_text_as_text(cast, login, year, django_capture_on_commit_callbacks):
    staff = StaffFactory(unit=cast.school_a1, full_name="=HYPERLINK(1)", subject_group="Tổ Tiếng Anh")
    services.qualification_save(
        staff=staff, user=cast.principal_a1, degree=Degree.THAC_SI, major="+84 chuyên ngành", teaches_english=True
    )
    services.certificate_add(
        staff=staff, user=cast.principal_a1, test="IELTS", scores={"score": "5.5"}, issued_on=ISSUED
    )
    StaffFactory(unit=cast.school_a2, full_name="Người Ngoài Phạm Vi")
    client = login(cast.principal_a1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("export_start"))
    job = Job.objects.get(requester=cast.principal_a1)
    assert response.status_code == 302 and job.status == Job.Status.SUCCEEDED, job.message
    download = client.get(reverse("jobs:job_download", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    # No unit chosen: the principal's whole scope, under the school's heading and the principal's signature.
    cells = assert_official_form(
        sheet, superior="PHÒNG GD&ĐT HUYỆN A", issuer="TRƯỜNG TIỂU HỌC A1", signer="HIỆU TRƯỞNG", place="A"
    )
    assert cells[-1] == "Lê Thị Hoa"
    assert sheet["A4"].value == "TRÌNH ĐỘ ĐÀO TẠO, LÝ LUẬN CHÍNH TRỊ VÀ CHỨNG CHỈ TIẾNG ANH"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(index for index, row in enumerate(rows) if row[0] == "STT")
    end = next(i for i in range(header + 1, len(rows)) if all(value is None for value in rows[i]))
    data = rows[header + 1 : end]
    names = [row[2] for row in data]
    assert "=HYPERLINK(1)" in names and "Người Ngoài Phạm Vi" not in names
    row = data[names.index("=HYPERLINK(1)")]
    assert row[8:15] == ["Thạc sĩ", "+84 chuyên ngành", None, "x", "B2", "B2", "Đạt"]
    cells = list(sheet.iter_rows())[header + 1 + names.index("=HYPERLINK(1)")]
    assert cells[2].data_type == "s"


def test_export_of_one_unit_carries_that_units_heading(cast, login, year, django_capture_on_commit_callbacks):
    client = login(cast.so_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("export_start"), {"unit": cast.phong_b.pk})
    job = Job.objects.get(requester=cast.so_officer)
    assert response.status_code == 302 and job.status == Job.Status.SUCCEEDED, job.message
    download = client.get(reverse("jobs:job_download", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert_official_form(
        sheet, superior="UBND HUYỆN B", issuer="PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", signer="TRƯỞNG PHÒNG", place="B"
    )
    names = [row[2].value for row in sheet.iter_rows() if isinstance(row[0].value, int)]
    assert names == ["Đỗ Thị Dung"]  # school B1's only teacher


def test_target_buttons_preset_and_copy(cast, login, year, next_year):
    client = login(cast.so_officer)
    page = client.get(_url("target_list"), {"year": year.pk})
    assert "Kế hoạch 2013–2015" in page.content.decode()
    assert client.post(_url("targets_load_preset"), {"year": year.pk}).status_code == 302
    count = Target.objects.filter(year=year).count()
    assert count > 0
    response = client.post(_url("targets_copy"), {"year": next_year.pk, "source_year": year.pk})
    assert response.status_code == 302
    assert Target.objects.filter(year=next_year).count() == count
    edit = client.get(_url("target_edit", Target.objects.filter(year=year).first().pk))
    assert edit.status_code == 200
    assert login(cast.phong_a_officer).post(_url("targets_load_preset"), {"year": year.pk}).status_code == 403
