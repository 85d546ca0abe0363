"""Pages: the person's check, the school's list and issuing, scope (404 outside), the public verification page."""

import datetime
import html

import pytest
from django.urls import reverse

from certificates import selectors
from certificates.models import Certificate, CheckStatus
from tests.factories import GAP_REASON

from .conftest import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def _q(url, year):
    return f"{url}?year={year.pk}"


def test_teacher_sees_exactly_what_will_be_printed_and_confirms(cast, year, login, with_birth):
    staff = with_birth(cast.teacher_a1.staff, place="Chiềng Lề, Sơn La")
    client = login(cast.teacher_a1)
    response = client.get(_q(reverse("certificates:my_certificates"), year))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nguyễn Văn An" in page and "05/03/1985" in page and "Chiềng Lề, Sơn La" in page
    response = client.post(_q(reverse("certificates:my_data_confirm"), year))
    assert response.status_code == 302
    check = selectors.own_check(staff=staff, year=year)
    assert check.status == CheckStatus.CONFIRMED and check.holds_for(staff)
    assert "Bạn đã xác nhận" in client.get(_q(reverse("certificates:my_certificates"), year)).content.decode()


def test_correction_request_then_manager_applies_then_history_shows_it(cast, year, login, with_birth):
    staff = with_birth(cast.teacher_a1.staff)
    teacher = login(cast.teacher_a1)
    data = {"full_name": "Nguyễn Văn Ân", "birth_date": "01/04/1986", "birth_place": "Mộc Châu", "note": "Sai dấu"}
    response = teacher.post(_q(reverse("certificates:my_data_request"), year), data)
    assert response.status_code == 302
    check = selectors.own_check(staff=staff, year=year)
    assert check.status == CheckStatus.CORRECTION_REQUESTED

    manager = login(cast.principal_a1)
    listing = manager.get(_q(reverse("certificates:corrections"), year)).content.decode()
    assert "Nguyễn Văn Ân" in listing and "Sai dấu" in listing
    response = manager.post(reverse("certificates:correction_apply", args=[check.pk]))
    assert response.status_code == 302
    staff.refresh_from_db()
    assert (staff.full_name, staff.birth_date, staff.birth_place) == (
        "Nguyễn Văn Ân",
        datetime.date(1986, 4, 1),
        "Mộc Châu",
    )
    history = manager.get(reverse("accounts:staff_detail", args=[staff.pk])).content.decode()
    assert "Nguyễn Văn An" in history and "Nguyễn Văn Ân" in history


def test_invalid_request_keeps_what_was_typed(cast, year, login, with_birth):
    with_birth(cast.teacher_a1.staff)
    client = login(cast.teacher_a1)
    data = {"full_name": "Nguyễn Văn Ân", "birth_date": "31/02/1986", "birth_place": "Mộc Châu", "note": ""}
    response = client.post(_q(reverse("certificates:my_data_request"), year), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nguyễn Văn Ân" in page and "dd/mm/yyyy" in page


def test_rejected_request_shows_the_reason_to_the_teacher(cast, year, login, with_birth):
    with_birth(cast.teacher_a1.staff)
    teacher = login(cast.teacher_a1)
    data = {"full_name": "Nguyễn Văn Ánh", "birth_date": "05/03/1985", "birth_place": "Sơn La", "note": "Tên"}
    teacher.post(_q(reverse("certificates:my_data_request"), year), data)
    check = selectors.own_check(staff=cast.teacher_a1.staff, year=year)
    manager = login(cast.principal_a1)
    manager.post(reverse("certificates:correction_reject", args=[check.pk]), {"reason": "Không khớp giấy khai sinh"})
    check.refresh_from_db()
    assert check.status == CheckStatus.REJECTED
    page = login(cast.teacher_a1).get(_q(reverse("certificates:my_certificates"), year)).content.decode()
    assert "Không khớp giấy khai sinh" in page


def test_other_schools_managers_and_teachers_cannot_decide(cast, year, login, with_birth):
    staff = with_birth(cast.teacher_a2.staff)
    login(cast.teacher_a2).post(
        _q(reverse("certificates:my_data_request"), year),
        {"full_name": "Hoàng Văn Cường Em", "birth_date": "05/03/1985", "birth_place": "Sơn La", "note": "x"},
    )
    check = selectors.own_check(staff=staff, year=year)
    assert login(cast.principal_a1).post(reverse("certificates:correction_apply", args=[check.pk])).status_code == 404
    assert login(cast.teacher_b1).post(reverse("certificates:correction_apply", args=[check.pk])).status_code == 404
    # The Phòng sees the request but only the school decides.
    login(cast.phong_a_officer).post(reverse("certificates:correction_apply", args=[check.pk]))
    check.refresh_from_db()
    assert check.status == CheckStatus.CORRECTION_REQUESTED


def test_issue_through_the_page_and_scope(cast, year, a1_ready, login):
    url = _q(reverse("certificates:school_issue", args=[cast.school_a1.pk]), year)
    data = {"issue_date": "25/05/2026", "place": "Mai Sơn", "signer_title": "Trưởng phòng", "signer_name": ""}
    assert login(cast.phong_b_officer).post(url, data).status_code == 404
    assert login(cast.teacher_a1).post(url, data).status_code == 404
    login(cast.so_officer).post(url, data)  # sees the school, but the Phòng issues
    assert not Certificate.objects.exists()

    client = login(cast.phong_a_officer)
    page = client.get(_q(reverse("certificates:school_detail", args=[cast.school_a1.pk]), year)).content.decode()
    assert 'data-testid="issue-waiting"' in page  # the one who has not confirmed their printed data is said
    unchecked = client.post(url, data, follow=True).content.decode()
    assert "Hãy đánh dấu đã kiểm tra danh sách" in unchecked and not Certificate.objects.exists()
    no_reason = client.post(url, {**data, "checked": "on"}, follow=True).content.decode()
    assert "hãy ghi lý do" in no_reason and not Certificate.objects.exists()
    response = client.post(url, {**data, "checked": "on", "reason": GAP_REASON}, follow=True)
    assert response.status_code == 200
    issued = Certificate.objects.filter(school=cast.school_a1)
    assert issued.count() == 2
    assert {(c.place, c.signer_title, c.issue_date) for c in issued} == {
        ("Mai Sơn", "TRƯỞNG PHÒNG", datetime.date(2026, 5, 25))
    }
    page = response.content.decode()
    assert "Đã cấp 2 giấy chứng nhận" in page and a1_ready["unconfirmed"].full_name in page


def test_school_pages_are_for_the_school_and_its_offices(cast, year, issued, login):
    detail = _q(reverse("certificates:school_detail", args=[cast.school_a1.pk]), year)
    for user in (cast.principal_a1, cast.phong_a_officer, cast.so_officer):
        assert login(user).get(detail).status_code == 200
    for user in (cast.teacher_a1, cast.group_head_a1, cast.phong_b_officer, cast.teacher_a2, cast.so_z_officer):
        assert login(user).get(detail).status_code == 404
    overview = login(cast.phong_a_officer).get(_q(reverse("certificates:school_list"), year)).content.decode()
    assert cast.school_a1.name in overview and cast.school_b1.name not in overview
    response = login(cast.principal_a1).get(_q(reverse("certificates:school_list"), year))
    assert response.status_code == 302 and response["Location"].startswith(detail.split("?")[0])


def test_certificate_pages_and_pdf_scope(cast, year, issued, a1_ready, login):
    certificate = issued[a1_ready["teacher"].pk]
    detail = reverse("certificates:certificate_detail", args=[certificate.pk])
    pdf = reverse("certificates:certificate_pdf", args=[certificate.pk])
    for user in (
        cast.teacher_a1_other_group,
        cast.teacher_a2,
        cast.teacher_b1,
        cast.phong_b_officer,
        cast.so_z_officer,
    ):
        client = login(user)
        assert client.get(detail).status_code == 404
        assert client.get(pdf).status_code == 404
    client = login(cast.teacher_a1)
    assert client.get(detail).status_code == 200
    response = client.get(pdf)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(pdf_pages(response.content)) == 1
    assert "Nguyễn Văn An" in pdf_text(response.content)


def test_correct_through_the_page_revokes_and_verification_follows(cast, year, issued, a1_ready, login, client):
    old = issued[a1_ready["teacher"].pk]
    url = reverse("certificates:certificate_correct", args=[old.pk])
    assert login(cast.phong_b_officer).post(url, {"reason": "x"}).status_code == 404
    login(cast.principal_a1).post(url, {"reason": "Không phải đơn vị cấp"})
    old.refresh_from_db()
    assert old.is_valid

    response = login(cast.phong_a_officer).post(url, {"reason": "In sai ngày cấp", "issue_date": "01/06/2026"})
    old.refresh_from_db()
    new = old.revoked_by_certificate
    assert response.status_code == 302 and response["Location"] == reverse(
        "certificates:certificate_detail", args=[new.pk]
    )
    assert (new.version, new.issue_date, new.is_valid, old.is_valid) == (2, datetime.date(2026, 6, 1), True, False)

    pdf = login(cast.teacher_a1).get(reverse("certificates:certificate_pdf", args=[old.pk]))
    assert pdf.status_code == 302  # the revoked one is not printed again

    client.logout()
    page = client.get(reverse("certificates:verify", args=[old.token])).content.decode()
    assert "đã bị thu hồi" in page and f"Đã được thay thế bởi số {new.number}" in page
    page = client.get(reverse("certificates:verify", args=[new.token])).content.decode()
    assert "còn hiệu lực" in page


def test_verification_page_shows_only_the_allowed_fields(cast, year, issued, a1_ready, client):
    certificate = issued[a1_ready["hang"].pk]
    response = client.get(reverse("certificates:verify", args=[certificate.token]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = html.unescape(response.content.decode())
    for shown in ("Nguyễn Thị Hằng", "2025–2026", "Giỏi", "120", cast.phong_a.name, certificate.number, "còn hiệu lực"):
        assert shown in page
    for hidden in ("05/03/1985", "1985", "Chiềng Lề", cast.school_a1.name, "Trường", certificate.signer_title):
        assert hidden not in page
    assert client.get(reverse("certificates:verify", args=["khong-co-ma-nay"])).status_code == 404
    assert client.get(reverse("certificates:verify", args=[certificate.token[:-1]])).status_code == 404


def test_manager_confirms_on_behalf_only_in_own_school(cast, year, make_result, login, lock):
    staff = cast.group_head_a1.staff
    make_result(staff, year)
    url = _q(reverse("certificates:school_confirm_for", args=[cast.school_a1.pk, staff.pk]), year)
    assert login(cast.phong_b_officer).post(url).status_code == 404
    login(cast.phong_a_officer).post(url)  # an office does not answer for people
    assert selectors.own_check(staff=staff, year=year) is None
    login(cast.principal_a1).post(url)
    check = selectors.own_check(staff=staff, year=year)
    assert check.status == CheckStatus.CONFIRMED and check.answered_by == cast.principal_a1
