"""Pages: scope (outsiders get 404), the teacher's page, designation form, plan/report pages and actions."""

import pytest
from django.urls import reverse

from accounts.models import Role
from bdtx.navigation import nav_for
from coreteachers import services
from coreteachers.models import Designation, Status, Subject, SupportPlan, SupportReport
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"coreteachers:{name}", args=args)


def test_navigation_per_role(cast):
    def keys(user):
        return {item["key"] for item in nav_for(user)}

    for user in (cast.teacher_a1, cast.group_head_a1):
        assert "core_mine" in keys(user) and "core_teachers" not in keys(user)
    for user in (cast.principal_a1, cast.phong_a_officer, cast.so_officer, cast.admin):
        assert "core_teachers" in keys(user) and "core_mine" not in keys(user)


def test_a_teacher_not_designated_is_told_so(cast, year, login):
    page = login(cast.teacher_a1).get(url("mine"))
    assert page.status_code == 200
    assert "Bạn chưa được phân công làm giáo viên cốt cán trong năm học 2025–2026" in page.content.decode()


def test_the_core_teacher_sees_their_designation(cast, designation, login):
    page = login(cast.teacher_a1).get(url("mine")).content.decode()
    assert "Cốt cán môn Toán · Tiểu học" in page
    assert url("plan_detail", designation.pk) in page
    assert 'data-testid="not-designated"' not in page


def test_teachers_are_sent_from_the_list_to_their_own_page(cast, year, login):
    response = login(cast.teacher_a1).get(url("designation_list"))
    assert response.status_code == 302 and response.url == url("mine")


def test_list_shows_only_the_scope(cast, year, login):
    services.designation_create(staff=cast.teacher_a1.staff, year=year, subject=Subject.TOAN, by=cast.so_officer)
    services.designation_create(staff=cast.teacher_b1.staff, year=year, subject=Subject.KHTN, by=cast.so_officer)
    principal_page = login(cast.principal_a1).get(url("designation_list")).content.decode()
    assert "Nguyễn Văn An" in principal_page and "Đỗ Thị Dung" not in principal_page
    phong_b_page = login(cast.phong_b_officer).get(url("designation_list")).content.decode()
    assert "Đỗ Thị Dung" in phong_b_page and "Nguyễn Văn An" not in phong_b_page
    so_page = login(cast.so_officer).get(url("designation_list") + "?state=active").content.decode()
    assert "Đỗ Thị Dung" in so_page and "Nguyễn Văn An" in so_page


def test_principal_designates_through_the_form(cast, year, login):
    client = login(cast.principal_a1)
    form = client.get(url("designation_create"))
    assert form.status_code == 200
    page = form.content.decode()
    assert "Nguyễn Văn An" in page and "Hoàng Văn Cường" not in page  # A2 staff are not offered
    response = client.post(
        url("designation_create") + f"?school={cast.school_a1.pk}",
        {"staff": cast.teacher_a1.staff.pk, "subject": Subject.TOAN, "level": "", "decision": "5/QĐ-TH"},
    )
    designation = Designation.objects.get()
    assert response.status_code == 302 and response.url == url("designation_detail", designation.pk)
    assert (designation.designated_by, designation.decision) == (cast.principal_a1, "5/QĐ-TH")
    cast.teacher_a1.staff.refresh_from_db()
    assert cast.teacher_a1.staff.is_core_teacher


def test_the_form_refuses_staff_of_another_school(cast, year, login):
    client = login(cast.principal_a1)
    response = client.post(url("designation_create"), {"staff": cast.teacher_a2.staff.pk, "subject": Subject.TOAN})
    assert response.status_code == 200
    assert "Hãy chọn một giáo viên trong danh sách." in response.content.decode()
    assert not Designation.objects.exists()
    # Another school in the query string is outside the principal's scope.
    assert client.get(url("designation_create") + f"?school={cast.school_a2.pk}").status_code == 404
    assert client.get(url("designation_create") + f"?staff={cast.teacher_a2.staff.pk}").status_code == 404


def test_a_phong_officer_picks_the_school_first(cast, year, login):
    client = login(cast.phong_a_officer)
    page = client.get(url("designation_create")).content.decode()
    assert "Trường Tiểu học A1" in page and "Trường THCS B1" not in page
    page = client.get(url("designation_create") + f"?school={cast.school_a2.pk}").content.decode()
    assert "Hoàng Văn Cường" in page
    assert client.get(url("designation_create") + f"?school={cast.school_b1.pk}").status_code == 404


def test_teachers_cannot_open_the_designation_form(cast, year, login):
    assert login(cast.teacher_a1).get(url("designation_create")).status_code == 403


def test_outsiders_get_404_on_every_page(cast, designation, draft_plan, login):
    principal_a2 = UserFactory(
        username="ht_a2", role=Role.SCHOOL_MANAGER, unit=cast.school_a2, staff=StaffFactory(unit=cast.school_a2)
    )
    services.support_plan_submit(plan=draft_plan, by=cast.teacher_a1)
    pk = designation.pk
    for user in [*cast.outsiders_of_a1, principal_a2, cast.phong_b_officer, cast.so_z_officer]:
        client = login(user)
        for name in ("designation_detail", "plan_detail", "report_detail"):
            assert client.get(url(name, pk)).status_code == 404, (user.username, name)
        assert client.post(url("plan_action", pk, "approve")).status_code == 404, user.username
        assert client.post(url("designation_revoke", pk), {"reason": "x"}).status_code == 404, user.username
        assert client.get(url("plan_edit", pk)).status_code == 404
    draft_plan.refresh_from_db()
    assert draft_plan.status == Status.SUBMITTED
    assert Designation.objects.get().active


def test_the_teachers_own_group_head_sees_but_cannot_edit_or_approve(cast, designation, draft_plan, login):
    services.support_plan_submit(plan=draft_plan, by=cast.teacher_a1)
    client = login(cast.group_head_a1)
    page = client.get(url("plan_detail", designation.pk))
    assert page.status_code == 200 and 'data-testid="decide"' not in page.content.decode()
    assert client.get(url("plan_edit", designation.pk)).status_code == 403
    client.post(url("plan_action", designation.pk, "approve"))
    draft_plan.refresh_from_db()
    assert draft_plan.status == Status.SUBMITTED


def test_teacher_writes_and_submits_the_plan(cast, designation, colleague, login):
    client = login(cast.teacher_a1)
    form = client.get(url("plan_edit", designation.pk)).content.decode()
    assert "Trần Thị Bình" in form and "Hoàng Văn Cường" not in form  # colleagues of A1 only
    response = client.post(
        url("plan_edit", designation.pk),
        {
            "goals": "Nâng cao năng lực dạy Toán",
            "activities": "Dự giờ\n\nChuyên đề",
            "schedule": "Học kỳ I",
            "colleagues": [colleague.pk],
            "then": "submit",
        },
    )
    assert response.status_code == 302 and response.url == url("plan_detail", designation.pk)
    plan = SupportPlan.objects.get()
    assert (plan.status, plan.activity_list, list(plan.colleagues.all())) == (
        Status.SUBMITTED,
        ["Dự giờ", "Chuyên đề"],
        [colleague],
    )


def test_a_refused_submission_keeps_the_draft_and_reopens_the_editor(cast, designation, login):
    client = login(cast.teacher_a1)
    response = client.post(url("plan_edit", designation.pk), {"goals": "Chỉ có mục tiêu", "then": "submit"})
    assert response.status_code == 302 and response.url == url("plan_edit", designation.pk)
    plan = SupportPlan.objects.get()
    assert (plan.status, plan.goals) == (Status.DRAFT, "Chỉ có mục tiêu")
    page = client.get(response.url).content.decode()
    assert "Chưa ghi hoạt động hỗ trợ nào." in page and "Chỉ có mục tiêu" in page


def test_principal_returns_then_approves_through_the_page(cast, designation, draft_plan, login):
    services.support_plan_submit(plan=draft_plan, by=cast.teacher_a1)
    client = login(cast.principal_a1)
    page = client.get(url("plan_detail", designation.pk)).content.decode()
    assert 'data-testid="decide"' in page and "Phê duyệt" in page
    client.post(url("plan_action", designation.pk, "return"), {"comment": "Bổ sung lịch"})
    draft_plan.refresh_from_db()
    assert draft_plan.status == Status.RETURNED
    teacher_page = login(cast.teacher_a1).get(url("plan_detail", designation.pk)).content.decode()
    assert "Kế hoạch bị trả lại:" in teacher_page and "Bổ sung lịch" in teacher_page
    login(cast.teacher_a1).post(url("plan_action", designation.pk, "submit"))
    response = login(cast.principal_a1).post(url("plan_action", designation.pk, "approve"), follow=True)
    assert "Đã phê duyệt kế hoạch hỗ trợ." in response.content.decode()
    draft_plan.refresh_from_db()
    assert draft_plan.status == Status.APPROVED
    # A second click shows an error and changes nothing.
    response = login(cast.principal_a1).post(url("plan_action", designation.pk, "approve"), follow=True)
    assert "nên không thể phê duyệt" in response.content.decode()


def test_an_unknown_action_is_404(cast, designation, draft_plan, login):
    assert login(cast.principal_a1).post(url("plan_action", designation.pk, "delete")).status_code == 404


def test_report_page_waits_for_the_plan_then_the_teacher_reports(cast, designation, draft_plan, login):
    client = login(cast.teacher_a1)
    page = client.get(url("report_detail", designation.pk)).content.decode()
    assert "chưa được phê duyệt nên chưa thể lập báo cáo" in page
    response = client.post(
        url("report_edit", designation.pk), {"summary": "x", "sessions_held": 1, "colleagues_supported": 1}
    )
    assert response.status_code == 200 and not SupportReport.objects.exists()

    services.support_plan_submit(plan=draft_plan, by=cast.teacher_a1)
    services.support_plan_approve(plan=draft_plan, by=cast.principal_a1)
    form = client.get(url("report_edit", designation.pk))
    assert form.context["form"].initial["colleagues_supported"] == 1  # from the plan's colleagues
    response = client.post(
        url("report_edit", designation.pk),
        {
            "summary": "Dự 6 tiết",
            "sessions_held": 3,
            "colleagues_supported": 1,
            "evidence": "javascript:alert(1)\nhttps://truong.edu.vn/bien-ban",
            "then": "submit",
        },
    )
    assert response.url == url("report_detail", designation.pk)
    report = SupportReport.objects.get()
    assert report.status == Status.SUBMITTED
    page = login(cast.principal_a1).get(url("report_detail", designation.pk)).content.decode()
    assert '<a href="https://truong.edu.vn/bien-ban"' in page
    assert 'href="javascript' not in page
    login(cast.principal_a1).post(url("report_action", designation.pk, "approve"))
    report.refresh_from_db()
    assert report.status == Status.APPROVED


def test_revoke_through_the_page(cast, designation, login):
    client = login(cast.principal_a1)
    assert "Thôi phân công" in client.get(url("designation_detail", designation.pk)).content.decode()
    client.post(url("designation_revoke", designation.pk), {"reason": "Chuyển trường"})
    designation.refresh_from_db()
    assert not designation.active
    # A teacher who can see their own designation cannot revoke it.
    other = services.designation_create(
        staff=cast.teacher_a1.staff, year=designation.year, subject=Subject.TIENG_VIET, by=cast.principal_a1
    )
    assert login(cast.teacher_a1).post(url("designation_revoke", other.pk), {"reason": "x"}).status_code == 403


def test_counts_page_for_each_level(cast, designation, login):
    page = login(cast.so_officer).get(url("counts")).content.decode()
    assert 'data-unit="PH-A"' in page and 'data-unit="T1"' in page
    page = login(cast.so_officer).get(url("counts") + f"?unit={cast.phong_a.pk}").content.decode()
    assert 'data-unit="A1"' in page and 'data-pair="TH-TOAN"' in page
    page = login(cast.principal_a1).get(url("counts")).content.decode()
    assert 'data-pair="TH-TOAN"' in page and 'data-total="designated">1<' in page
    assert login(cast.phong_b_officer).get(url("counts") + f"?unit={cast.phong_a.pk}").status_code == 404
    assert login(cast.so_z_officer).get(url("counts") + f"?unit={cast.so.pk}").status_code == 404
    assert login(cast.teacher_a1).get(url("counts")).status_code == 403


def test_list_query_count_does_not_grow(cast, year, login, django_assert_max_num_queries):
    for _index in range(15):
        staff = StaffFactory(unit=cast.school_a1)
        services.designation_create(staff=staff, year=year, subject=Subject.TOAN, by=cast.principal_a1)
    client = login(cast.principal_a1)
    with django_assert_max_num_queries(14):
        assert client.get(url("designation_list")).status_code == 200
