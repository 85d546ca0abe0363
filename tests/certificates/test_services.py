"""Issuing, idempotence, corrections of certificates and the immutability of what was issued."""

import datetime

import pytest

from accounts.services import staff_save
from audit.models import AuditEntry
from certificates import rendering, selectors, services
from certificates.models import (
    Certificate,
    CertificateError,
    CertificateStatus,
    CheckStatus,
    ImmutableCertificateError,
)
from core.vietnamese import official_date
from tests.factories import GAP_REASON

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def test_issues_only_for_completed_people_with_confirmed_data(cast, year, a1_ready):
    with pytest.raises(CertificateError, match="1 người hoàn thành kế hoạch nhưng chưa xác nhận thông tin"):
        services.certificates_issue(school=cast.school_a1, year=year, user=cast.phong_a_officer)
    assert not Certificate.objects.exists()
    summary = services.certificates_issue(
        school=cast.school_a1, year=year, user=cast.phong_a_officer, reason=GAP_REASON
    )
    assert set(
        AuditEntry.objects.filter(action="certificates.certificate.issued").values_list("reason", flat=True)
    ) == {GAP_REASON}
    holders = {c.staff_id for c in summary.issued}
    assert holders == {a1_ready["hang"].pk, a1_ready["teacher"].pk}
    assert [s.pk for s in summary.not_agreed] == [a1_ready["unconfirmed"].pk]
    assert not Certificate.objects.filter(staff=a1_ready["not_completed"]).exists()
    numbers = sorted(c.number for c in summary.issued)
    assert numbers == ["BDTX-2025-PH-A-000001", "BDTX-2025-PH-A-000002"]
    hang = Certificate.objects.get(staff=a1_ready["hang"])
    assert (hang.full_name, hang.classification_label, hang.completed_hours) == ("Nguyễn Thị Hằng", "Giỏi", 120)
    assert (hang.issuer, hang.issuer_name, hang.school_name) == (cast.phong_a, cast.phong_a.name, cast.school_a1.name)
    assert (hang.issuer_parent_heading, hang.issuer_heading) == ("UBND HUYỆN A", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO")
    assert (hang.signer_title, hang.place, hang.year_name) == ("TRƯỞNG PHÒNG", "A", "2025–2026")
    assert hang.status == CertificateStatus.VALID and len(hang.token) >= 32


def test_issuing_again_creates_no_duplicates_and_adds_newcomers(cast, year, a1_ready):
    first = services.certificates_issue(school=cast.school_a1, year=year, user=cast.phong_a_officer, reason=GAP_REASON)
    again = services.certificates_issue(school=cast.school_a1, year=year, user=cast.phong_a_officer)  # nobody new
    assert (len(first.issued), len(again.issued), again.already) == (2, 0, 2)
    services.personal_data_confirm(staff=a1_ready["unconfirmed"], year=year, user=cast.group_head_a1)
    third = services.certificates_issue(school=cast.school_a1, year=year, user=cast.phong_a_officer)
    assert [c.staff_id for c in third.issued] == [a1_ready["unconfirmed"].pk]
    assert third.issued[0].number == "BDTX-2025-PH-A-000003"
    assert Certificate.objects.filter(school=cast.school_a1).count() == 3


def test_nothing_is_issued_before_the_school_confirms_its_results(cast, year, make_result, hang):
    make_result(hang, year)
    services.personal_data_confirm(staff=hang, year=year, user=cast.principal_a1)
    with pytest.raises(CertificateError, match="chưa xác nhận kết quả"):
        services.certificates_issue(school=cast.school_a1, year=year, user=cast.phong_a_officer)
    assert not Certificate.objects.exists()


def test_only_the_schools_parent_unit_issues(cast, year, a1_ready):
    for outsider in (cast.so_officer, cast.phong_b_officer, cast.principal_a1, cast.teacher_a1):
        with pytest.raises(CertificateError):
            services.certificates_issue(school=cast.school_a1, year=year, user=outsider)
    assert not Certificate.objects.exists()


def test_sở_issues_for_thpt_and_for_a_province_without_phòng(cast, year, year_z, make_result, lock):
    t1 = cast.teacher_t1.staff
    make_result(t1, year, "KHA")
    lock(cast.school_t1, year, cast.so_officer)
    services.personal_data_confirm(staff=t1, year=year, user=cast.teacher_t1)
    (cert,) = services.certificates_issue(school=cast.school_t1, year=year, user=cast.so_officer).issued
    assert (cert.issuer, cert.signer_title, cert.number) == (cast.so, "GIÁM ĐỐC", "BDTX-2025-SO-A-000001")
    assert cert.issuer_heading == "SỞ GIÁO DỤC VÀ ĐÀO TẠO" and cert.issuer_parent_heading == "UBND TỈNH A"

    z1 = cast.teacher_z1.staff
    make_result(z1, year_z, "HOAN_THANH")
    lock(cast.school_z1, year_z, cast.so_z_officer)
    services.personal_data_confirm(staff=z1, year=year_z, user=cast.teacher_z1)
    with pytest.raises(CertificateError):
        services.certificates_issue(school=cast.school_z1, year=year_z, user=cast.so_officer)
    (cert_z,) = services.certificates_issue(school=cast.school_z1, year=year_z, user=cast.so_z_officer).issued
    assert cert_z.issuer == cast.so_z and cert_z.classification_label == "Hoàn thành kế hoạch"


def test_data_changed_after_confirmation_must_be_confirmed_again(cast, year, a1_ready):
    hang = a1_ready["hang"]
    hang.birth_place = "Mai Sơn, Sơn La"
    staff_save(staff=hang, changed_by=cast.principal_a1)
    summary = services.certificates_issue(
        school=cast.school_a1, year=year, user=cast.phong_a_officer, reason=GAP_REASON
    )
    assert hang.pk in {s.pk for s in summary.not_agreed}
    assert not Certificate.objects.filter(staff=hang).exists()


def test_correction_is_a_new_version_that_revokes_the_old(cast, year, issued, a1_ready):
    hang = a1_ready["hang"]
    old = issued[hang.pk]
    services.personal_data_request_correction(
        staff=hang,
        year=year,
        user=cast.principal_a1,
        full_name="Nguyễn Thị Hằng Nga",
        birth_date=hang.birth_date,
        birth_place=hang.birth_place,
        note="Theo giấy khai sinh",
    )
    check = selectors.own_check(staff=hang, year=year)
    with pytest.raises(CertificateError, match="chưa được xác nhận"):
        services.certificate_correct(certificate=old, user=cast.phong_a_officer, reason="Sửa tên")
    services.personal_data_apply(check=check, user=cast.principal_a1)

    new = services.certificate_correct(certificate=old, user=cast.phong_a_officer, reason="Sửa tên")
    old.refresh_from_db()
    assert (new.version, new.full_name, new.number) == (2, "Nguyễn Thị Hằng Nga", "BDTX-2025-PH-A-000003")
    assert new.token != old.token and new.issue_date == datetime.date.today()
    assert (old.status, old.revoked_by_certificate, old.revoke_reason) == (CertificateStatus.REVOKED, new, "Sửa tên")
    assert old.full_name == "Nguyễn Thị Hằng"  # the revoked one still says what it said
    with pytest.raises(CertificateError, match="thu hồi"):
        services.certificate_correct(certificate=old, user=cast.phong_a_officer, reason="Lần nữa")
    with pytest.raises(CertificateError):
        services.certificate_correct(certificate=new, user=cast.phong_b_officer, reason="Không phải đơn vị cấp")


def test_edits_after_issue_never_change_the_certificate_or_its_pdf(cast, year, issued, a1_ready):
    hang = a1_ready["hang"]
    certificate = issued[hang.pk]
    hang.full_name = "Trần Văn Khác"
    hang.birth_place = "Hà Nội"
    staff_save(staff=hang, changed_by=cast.principal_a1)
    cast.school_a1.name = "Trường Tiểu học Đổi Tên"
    cast.school_a1.save()
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert (certificate.full_name, certificate.birth_place, certificate.school_name) == (
        "Nguyễn Thị Hằng",
        "Chiềng Lề, Sơn La",
        "Trường Tiểu học A1",
    )
    _name, _mime, content = rendering.render(certificate, base_url="https://bdtx.example.vn")
    text = pdf_text(content)
    assert "Nguyễn Thị Hằng" in text and "Trần Văn Khác" not in text and "Đổi Tên" not in text


def test_the_model_refuses_to_change_an_issued_certificate(cast, issued, a1_ready):
    certificate = issued[a1_ready["hang"].pk]
    certificate = Certificate.objects.get(pk=certificate.pk)
    certificate.full_name = "Tên Khác"
    with pytest.raises(ImmutableCertificateError):
        certificate.save()
    certificate.refresh_from_db()
    certificate.classification_label = "Giỏi lắm"
    with pytest.raises(ImmutableCertificateError):
        certificate.save()
    with pytest.raises(ImmutableCertificateError):
        Certificate.objects.filter(pk=certificate.pk).update(full_name="Tên Khác")
    with pytest.raises(ImmutableCertificateError):
        Certificate.objects.filter(pk=certificate.pk).delete()
    with pytest.raises(ImmutableCertificateError):
        Certificate.objects.get(pk=certificate.pk).delete()
    assert Certificate.objects.get(pk=certificate.pk).full_name == "Nguyễn Thị Hằng"


def test_a_revoked_certificate_stays_revoked(cast, issued, a1_ready):
    certificate = Certificate.objects.get(pk=issued[a1_ready["teacher"].pk].pk)
    certificate.status = CertificateStatus.REVOKED
    certificate.revoke_reason = "Thử"
    certificate.save()
    certificate.status = CertificateStatus.VALID
    with pytest.raises(ImmutableCertificateError):
        certificate.save()


def test_personal_data_cannot_be_confirmed_with_missing_birth_data(cast, year):
    staff = cast.teacher_a1.staff  # the factory leaves date and place of birth empty
    with pytest.raises(CertificateError, match="ngày sinh, nơi sinh"):
        services.personal_data_confirm(staff=staff, year=year, user=cast.teacher_a1)
    with pytest.raises(CertificateError):
        services.personal_data_confirm(staff=staff, year=year, user=cast.teacher_a1_other_group)


def test_correction_flow_keeps_staff_history(cast, year, with_birth):
    staff = with_birth(cast.teacher_a1.staff)
    check = services.personal_data_request_correction(
        staff=staff,
        year=year,
        user=cast.teacher_a1,
        full_name="  Nguyễn   Văn Ân ",
        birth_date=datetime.date(1986, 4, 1),
        birth_place="Mộc Châu, Sơn La",
        note="Sai dấu và ngày sinh",
    )
    assert check.status == CheckStatus.CORRECTION_REQUESTED and check.requested_full_name == "Nguyễn Văn Ân"
    with pytest.raises(CertificateError):
        services.personal_data_apply(check=check, user=cast.teacher_a1)
    with pytest.raises(CertificateError):
        services.personal_data_apply(check=check, user=cast.phong_a_officer)
    services.personal_data_apply(check=check, user=cast.principal_a1)
    staff.refresh_from_db()
    assert (staff.full_name, staff.birth_date, staff.birth_place) == (
        "Nguyễn Văn Ân",
        datetime.date(1986, 4, 1),
        "Mộc Châu, Sơn La",
    )
    latest = staff.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == cast.principal_a1 and "giấy chứng nhận" in latest.history_change_reason
    check.refresh_from_db()
    assert check.status == CheckStatus.CORRECTED and check.holds_for(staff)
    assert [e.to_status for e in check.events.all()] == [CheckStatus.CORRECTION_REQUESTED, CheckStatus.CORRECTED]
    with pytest.raises(CertificateError, match="đã được xử lý"):
        services.personal_data_apply(check=check, user=cast.principal_a1)


def test_rejection_needs_a_reason(cast, year, with_birth):
    staff = with_birth(cast.teacher_a1.staff)
    check = services.personal_data_request_correction(
        staff=staff,
        year=year,
        user=cast.teacher_a1,
        full_name="Nguyễn Văn Ánh",
        birth_date=staff.birth_date,
        birth_place=staff.birth_place,
        note="Tên",
    )
    with pytest.raises(CertificateError, match="lý do"):
        services.personal_data_reject(check=check, user=cast.principal_a1, reason=" ")
    services.personal_data_reject(check=check, user=cast.principal_a1, reason="Không có giấy tờ kèm theo")
    check.refresh_from_db()
    staff.refresh_from_db()
    assert check.status == CheckStatus.REJECTED and staff.full_name == "Nguyễn Văn An"


def test_a_request_identical_to_the_record_is_refused(cast, year, with_birth):
    staff = with_birth(cast.teacher_a1.staff)
    with pytest.raises(CertificateError, match="giống hệt"):
        services.personal_data_request_correction(
            staff=staff,
            year=year,
            user=cast.teacher_a1,
            full_name=staff.full_name,
            birth_date=staff.birth_date,
            birth_place=staff.birth_place,
            note="x",
        )


def test_headings_places_and_dates():
    from accounts.models import OrgUnit

    phong = OrgUnit(kind=OrgUnit.Kind.DISTRICT, name="Phòng GD&ĐT huyện Mai Sơn")
    so = OrgUnit(kind=OrgUnit.Kind.DEPARTMENT, name="Sở GD&ĐT tỉnh Sơn La")
    other = OrgUnit(kind=OrgUnit.Kind.DISTRICT, name="Phòng Văn hoá - Xã hội xã Chiềng Lề")
    assert services.issuer_headings(phong) == ("UBND HUYỆN MAI SƠN", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO")
    assert services.issuer_headings(so) == ("UBND TỈNH SƠN LA", "SỞ GIÁO DỤC VÀ ĐÀO TẠO")
    assert services.issuer_headings(other) == ("", "PHÒNG VĂN HOÁ - XÃ HỘI XÃ CHIỀNG LỀ")
    assert (services.issue_defaults(phong)["place"], services.issue_defaults(so)["place"]) == ("Mai Sơn", "Sơn La")
    assert official_date(datetime.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert official_date(datetime.date(2026, 11, 25)) == "ngày 25 tháng 11 năm 2026"
    assert official_date(datetime.date(2019, 10, 4)) == "ngày 04 tháng 10 năm 2019"
    assert official_date(datetime.date(2026, 9, 5)) == "ngày 05 tháng 9 năm 2026"
