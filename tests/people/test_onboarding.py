"""A province goes live from its files: every active person of a staff import gets an account named by the staff
code; the principal prints the sheet of first passwords for exactly the school's new accounts; the first login
leads to "Đổi mật khẩu" and nowhere else; a manager resets a password in scope only; a person who leaves can no
longer log in. Each step is in the audit log, and no password is stored in clear."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role, Staff, User
from accounts.services import staff_set_active
from audit.models import AuditEntry
from people import onboarding

from .test_staff_import import good_rows, messages_of, post, xlsx

pytestmark = pytest.mark.django_db


def _import_a1(cast, login):
    response = post(login(cast.principal_a1), xlsx(good_rows()))
    assert "2 tài khoản mới" in " ".join(messages_of(response))
    return response


def _confirm(client, url):
    """Open the confirmation page, then send its form (with the page's one-time token)."""
    once = client.get(url).context["once"]
    return client.post(url, {"once": once})


def _sheet_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [row for row in sheet.iter_rows(min_row=6, values_only=True) if row[0]]


def test_the_username_is_the_staff_code_folded_and_free(cast):
    assert onboarding.username_for("NV001", set()) == "nv001"
    assert onboarding.username_for("Đ/Ư 12", set()) == "d-u-12"
    assert onboarding.username_for("NV001", {"nv001", "nv001-2"}) == "nv001-3"


def test_a_staff_import_gives_every_active_person_an_account(cast, login):
    _import_a1(cast, login)
    accounts = {user.username: user for user in User.objects.filter(staff__code__in=["NV001", "NV002", "NV003"])}
    assert set(accounts) == {"nv001", "nv002"}  # NV003 is recorded as not working (no "x")
    assert accounts["nv002"].role == Role.GROUP_HEAD and accounts["nv001"].role == Role.TEACHER
    assert all(user.unit == cast.school_a1 and user.must_change_password for user in accounts.values())
    assert not any(user.has_usable_password() for user in accounts.values())  # only the sheet gives one
    assert AuditEntry.objects.filter(action="accounts.account.created").count() == 2


def test_the_credentials_sheet_lists_exactly_the_new_accounts_of_the_school(cast, login):
    _import_a1(cast, login)
    client = login(cast.principal_a1)
    url = reverse("people:credentials")
    page = client.get(url)
    assert [account.username for account in page.context["page"].object_list] == ["nv002", "nv001"] or [
        account.username for account in page.context["page"].object_list
    ] == ["nv001", "nv002"]

    sheet = _sheet_rows(_confirm(client, url))
    assert sorted(row[3] for row in sheet) == ["nv001", "nv002"]
    for _number, _name, _unit, username, password in sheet:
        assert User.objects.get(username=username).check_password(password)
        assert password not in User.objects.get(username=username).password  # only its hash is stored
    assert AuditEntry.objects.filter(action="accounts.account.credentials_issued").count() == 2

    again = _sheet_rows(_confirm(client, url))  # printing again replaces the first sheet's passwords
    first = dict((row[3], row[4]) for row in sheet)
    assert all(not User.objects.get(username=row[3]).check_password(first[row[3]]) for row in again)


def test_the_first_login_leads_to_the_password_change_and_nowhere_else(cast, client):
    staff = Staff.objects.create(code="NV900", full_name="Hà Thị Mai", unit=cast.school_a1, level="TH")
    onboarding.accounts_for_staff(staff_ids=[staff.pk], by=cast.principal_a1)
    ((account, password),) = onboarding.credentials_issue(user=cast.principal_a1, unit=cast.school_a1)

    client.post(reverse("login"), {"username": account.username, "password": password})
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("password_change")
    assert client.get(reverse("password_change")).status_code == 200
    new = "Mai@2026-tieu-hoc"
    client.post(reverse("password_change"), {"old_password": password, "new_password1": new, "new_password2": new})
    account.refresh_from_db()
    assert not account.must_change_password and account.check_password(new)
    assert client.get(reverse("home")).status_code == 200


def test_a_principal_resets_a_teachers_password_and_no_one_outside_the_school(cast, login):
    url = reverse("people:password_reset_for", args=[cast.teacher_a1.pk])
    client = login(cast.principal_a1)
    assert 'data-testid="reset-effect"' in client.get(url).content.decode()
    once = client.get(url).context["once"]
    shown = client.post(url, {"once": once})
    password = shown.context["password"]
    refreshed = client.post(url, {"once": once})  # a refresh sends the same form again: nothing more is handed out
    assert refreshed.context["password"] is None and "đã được gửi" in " ".join(messages_of(refreshed))
    teacher = User.objects.get(pk=cast.teacher_a1.pk)
    assert teacher.check_password(password) and teacher.must_change_password
    assert AuditEntry.objects.filter(action="accounts.account.password_reset", person=teacher.staff_id).exists()

    outside = reverse("people:password_reset_for", args=[cast.teacher_a2.pk])
    assert login(cast.principal_a1).post(outside).status_code == 404
    assert (
        login(cast.teacher_a1_other_group)
        .post(reverse("people:password_reset_for", args=[cast.group_head_a1.pk]))
        .status_code
        == 404
    )
    with pytest.raises(onboarding.OnboardingError):
        onboarding.password_reset_by_manager(user=cast.principal_a1, account=cast.teacher_a2)
    # An office resets the school managers below it, not their teachers.
    assert (
        login(cast.phong_a_officer).get(reverse("people:password_reset_for", args=[cast.principal_a1.pk])).status_code
        == 200
    )
    assert login(cast.phong_a_officer).get(url).status_code == 404


def test_a_person_who_leaves_can_no_longer_log_in(cast):
    staff_set_active(staff=cast.teacher_a1.staff, active=False, changed_by=cast.principal_a1)
    assert not User.objects.get(pk=cast.teacher_a1.pk).is_active
    staff_set_active(staff=cast.teacher_a1.staff, active=True, changed_by=cast.principal_a1)
    assert User.objects.get(pk=cast.teacher_a1.pk).is_active


def test_an_officer_names_another_officer_of_the_unit_shown_a_password_once(cast, login):
    url = reverse("people:office_account_create")
    page = login(cast.phong_a_officer).post(
        url, {"full_name": "Lê  Văn Hùng", "username": "", "email": "Hung@Phong.vn"}
    )
    account = User.objects.get(username="le-van-hung")
    assert (account.role, account.unit, account.email) == (Role.DISTRICT_OFFICER, cast.phong_a, "hung@phong.vn")
    assert account.must_change_password and account.check_password(page.context["password"])
    assert AuditEntry.objects.filter(action="accounts.account.created", actor=cast.phong_a_officer).exists()
    again = login(cast.phong_a_officer).post(url, {"full_name": "Lê Văn Hùng", "username": "le-van-hung"}, follow=True)
    assert "đã có người dùng" in " ".join(messages_of(again))
    assert login(cast.principal_a1).get(url).status_code == 403
