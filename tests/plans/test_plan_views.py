"""The plan pages as teachers and managers use them, and what outsiders get (404)."""

import pytest
from django.urls import reverse

from accounts.models import Role
from plans import services
from plans.models import Plan, PlanStatus, PlanTransition
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _post_plan(client, plan, modules, then="save", period="Tháng 10"):
    data = {"version": plan.version, "then": then, "notes": ""}
    for item in plan.items.exclude(content=3):
        data[f"period_{item.pk}"] = period
        data[f"form_{item.pk}"] = "SELF"
    data["c3_module"] = [m.code for m in modules]
    data["c3_period"] = [period] * len(modules)
    data["c3_form"] = ["ONLINE"] * len(modules)
    return client.post(reverse("plans:plan_edit"), data, follow=True)


def test_teacher_builds_and_submits_a_plan_through_the_pages(cast, login, year, topics, th_modules):
    client = login(cast.teacher_a1)
    assert "Bắt đầu lập kế hoạch" in client.get(reverse("plans:my_plan")).content.decode()
    client.post(reverse("plans:plan_start"))
    plan = Plan.objects.get(staff=cast.teacher_a1.staff)
    page = client.get(reverse("plans:plan_edit")).content.decode()
    assert "TH1 — Mô đun tiểu học 1" in page
    response = _post_plan(client, plan, th_modules[:3], then="submit")
    assert "45/60" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and plan.items.filter(content=3).count() == 3
    response = _post_plan(client, plan, th_modules[:4], then="submit")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert "Đã nộp kế hoạch." in response.content.decode()
    assert set(plan.items.filter(content=3).values_list("form", flat=True)) == {"ONLINE"}


def test_stale_form_reports_a_conflict_and_keeps_the_newer_plan(cast, login, year, topics, th_modules):
    client = login(cast.teacher_a1)
    client.post(reverse("plans:plan_start"))
    plan = Plan.objects.get(staff=cast.teacher_a1.staff)
    stale = Plan.objects.get(pk=plan.pk)
    _post_plan(client, plan, th_modules[:4])
    response = _post_plan(client, stale, th_modules[:1])
    assert "thay đổi ở nơi khác" in response.content.decode()
    assert plan.items.filter(content=3).count() == 4


def _submitted_plan(cast, year, th_modules, school=None):
    school = school or cast.school_a1
    staff = StaffFactory(unit=school, level="TH")
    user = UserFactory(role=Role.TEACHER, unit=school, staff=staff)
    plan = services.plan_start(staff=staff, year=year, by=user)
    schedule = {item.pk: ("Tháng 9", "SELF") for item in plan.items.all()}
    services.plan_save_items(
        plan=plan, by=user, content3=[(m, "Tháng 9", "SELF") for m in th_modules[:4]], schedule=schedule
    )
    return services.plan_submit(plan=plan, by=user)


def test_manager_returns_then_batch_approves(cast, login, year, topics, th_modules):
    plans = [_submitted_plan(cast, year, th_modules) for _ in range(3)]
    client = login(cast.principal_a1)
    listing = client.get(reverse("plans:plan_list"), {"status": "SUBMITTED"})
    assert {plan.pk for _m, plan in listing.context["rows"]} == {plan.pk for plan in plans}
    client.post(reverse("plans:plan_decide", args=[plans[0].pk, "return"]), {"comment": "Bổ sung thời gian"})
    chosen = {"plan": [plan.pk for plan in plans]}

    preview = client.post(reverse("plans:plan_batch_approve"), chosen)  # first what will happen, nothing done
    assert {plan.pk for plan in preview.context["approvable"]} == {plan.pk for plan in plans[1:]}
    assert [plan.pk for plan, _reason in preview.context["refused"]] == [plans[0].pk]
    assert 'data-testid="confirm-batch-approve"' in preview.content.decode()
    assert {Plan.objects.get(pk=plan.pk).status for plan in plans[1:]} == {PlanStatus.SUBMITTED}
    assert not PlanTransition.objects.filter(action="approved").exists()

    client.post(reverse("plans:plan_batch_approve"), {**chosen, "confirmed": "1"})
    statuses = [Plan.objects.get(pk=plan.pk).status for plan in plans]
    assert statuses == [PlanStatus.RETURNED, PlanStatus.APPROVED, PlanStatus.APPROVED]


def test_batch_approve_ignores_plans_outside_the_school(cast, login, year, topics, th_modules):
    other = _submitted_plan(cast, year, th_modules, school=cast.school_a2)
    login(cast.principal_a1).post(reverse("plans:plan_batch_approve"), {"plan": [other.pk], "confirmed": "1"})
    assert Plan.objects.get(pk=other.pk).status == PlanStatus.SUBMITTED


@pytest.mark.parametrize("viewer", ["teacher_a2", "teacher_b1", "phong_b_officer", "so_z_officer", "teacher_a1"])
def test_plan_detail_is_404_outside_scope(cast, login, year, topics, th_modules, viewer):
    plan = _submitted_plan(cast, year, th_modules)
    client = login(getattr(cast, viewer))
    assert client.get(reverse("plans:plan_detail", args=[plan.pk])).status_code == 404
    client.post(reverse("plans:plan_decide", args=[plan.pk, "approve"]))
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED


@pytest.mark.parametrize("viewer", ["principal_a1", "phong_a_officer", "so_officer"])
def test_plan_detail_is_visible_up_the_chain(cast, login, year, topics, th_modules, viewer):
    plan = _submitted_plan(cast, year, th_modules)
    assert login(getattr(cast, viewer)).get(reverse("plans:plan_detail", args=[plan.pk])).status_code == 200


def test_officer_sees_the_plan_but_cannot_approve(cast, login, year, topics, th_modules):
    plan = _submitted_plan(cast, year, th_modules)
    response = login(cast.phong_a_officer).post(reverse("plans:plan_decide", args=[plan.pk, "approve"]), follow=True)
    assert "lãnh đạo nhà trường" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED


def test_teacher_cannot_open_the_managers_list(cast, login, year):
    assert login(cast.teacher_a1).get(reverse("plans:plan_list")).status_code == 403


def test_school_plan_counts_teachers_per_module(cast, login, year, topics, th_modules):
    for _ in range(2):
        _submitted_plan(cast, year, th_modules)
    rows = list(login(cast.principal_a1).get(reverse("plans:school_plan")).context["rows"])
    by_code = {row["module__code"]: row["staff_count"] for row in rows if row["module__code"]}
    assert by_code == {"TH1": 2, "TH2": 2, "TH3": 2, "TH4": 2}


def test_manager_list_queries_do_not_grow_with_plans(
    cast, login, year, topics, th_modules, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cast.principal_a1)
    for _ in range(5):
        _submitted_plan(cast, year, th_modules)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("plans:plan_list"))
    for _ in range(55):
        _submitted_plan(cast, year, th_modules)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("plans:plan_list"))
    assert len(response.context["rows"]) >= 60


def test_home_shows_the_managers_plan_counts(cast, login, year, topics, th_modules):
    _submitted_plan(cast, year, th_modules)
    page = login(cast.principal_a1).get(reverse("home")).content.decode()
    assert 'data-testid="school-plan-panel"' in page


def test_phong_officer_lists_and_batch_approves_the_principals_plan(cast, login, year, topics, th_modules):
    principal = cast.principal_a1
    plan = services.plan_start(staff=principal.staff, year=year, by=principal)
    schedule = {item.pk: ("Tháng 9", "SELF") for item in plan.items.all()}
    services.plan_save_items(
        plan=plan, by=principal, content3=[(m, "Tháng 9", "SELF") for m in th_modules[:4]], schedule=schedule
    )
    services.plan_submit(plan=plan, by=principal)
    teacher_plan = _submitted_plan(cast, year, th_modules)
    client = login(cast.phong_a_officer)
    rows = client.get(reverse("plans:plan_list")).context["rows"]
    assert [member.pk for member, _plan in rows] == [principal.staff_id]
    client.post(reverse("plans:plan_batch_approve"), {"plan": [plan.pk, teacher_plan.pk], "confirmed": "1"})
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED
    assert Plan.objects.get(pk=teacher_plan.pk).status == PlanStatus.SUBMITTED
    assert login(cast.phong_b_officer).get(reverse("plans:plan_list")).context["rows"] == []


# --- the quota meter, the totals and the submit button agree with the checklist -------------------------------


def _started(cast, login):
    client = login(cast.teacher_a1)
    client.post(reverse("plans:plan_start"))
    return client, Plan.objects.get(staff=cast.teacher_a1.staff)


def test_submit_is_not_offered_while_the_checklist_lists_problems(cast, login, year, topics, th_modules):
    client, plan = _started(cast, login)
    _post_plan(client, plan, th_modules[:3])  # 45 of 60 tiết
    page = client.get(reverse("plans:my_plan")).content.decode()
    assert "Cần hoàn thiện trước khi nộp" in page
    assert reverse("plans:plan_owner_action", args=["submit"]) not in page

    response = client.post(reverse("plans:plan_owner_action", args=["submit"]), follow=True)
    assert "mới có 45/60 tiết" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT

    plan.refresh_from_db()
    _post_plan(client, plan, th_modules[:4])
    page = client.get(reverse("plans:my_plan")).content.decode()
    assert "Cần hoàn thiện trước khi nộp" not in page
    assert reverse("plans:plan_owner_action", args=["submit"]) in page


def test_a_module_chosen_twice_is_refused(cast, login, year, topics, th_modules):
    client, plan = _started(cast, login)
    response = _post_plan(client, plan, [*th_modules[:4], th_modules[0]])
    assert "Mô đun TH1 được chọn 2 lần" in response.content.decode()
    assert plan.items.filter(content=3).count() == 0


def test_totals_say_whether_each_content_is_under_at_or_over_its_quota(cast, login, year, topics, th_modules):
    client, plan = _started(cast, login)
    _post_plan(client, plan, th_modules[:5])  # 75 of 60 tiết: one module too many
    page = client.get(reverse("plans:my_plan")).content.decode()
    # content 1 has 30/30 (at quota), content 2 has 30/30, content 3 75/60 (over): never green when over.
    assert 'data-quota="over"' in page and "75/60" in page
    assert page.count('data-quota="ok"') == 2
    assert "vượt 15 tiết" in page  # the checklist says it too

    edit = client.get(reverse("plans:plan_edit")).content.decode()
    for content in (1, 2):
        assert f"data-total{content}" in edit
    assert 'data-total1 data-quota="ok"' in edit


def test_a_content3_total_a_module_short_is_marked_under(cast, login, year, topics, th_modules):
    client, plan = _started(cast, login)
    _post_plan(client, plan, th_modules[:3])
    page = client.get(reverse("plans:my_plan")).content.decode()
    assert 'data-quota="under"' in page


# --- two tabs on one plan: the second tab's typing survives the version conflict ------------------------------


def test_a_version_conflict_keeps_what_the_second_tab_typed_and_offers_both_versions(
    cast, login, year, topics, th_modules
):
    import re

    client, plan = _started(cast, login)
    _post_plan(client, plan, th_modules[:4], period="Tháng 9")
    plan.refresh_from_db()
    second_tab = Plan.objects.get(pk=plan.pk)  # opened at this version
    # The first tab saves again: different notes and periods.
    first = _post_plan(client, plan, th_modules[:4], period="Tháng 10")
    assert "Đã lưu kế hoạch." in first.content.decode()
    plan.refresh_from_db()

    data = {"version": second_tab.version, "then": "save", "notes": "Ghi chú gõ ở thẻ thứ hai"}
    for item in second_tab.items.exclude(content=3):
        data[f"period_{item.pk}"] = "Tuần 5, tự học buổi tối"
        data[f"form_{item.pk}"] = "ONLINE"
    data["c3_module"] = ["TH1", "TH2", "TH3", "TH5"]
    data["c3_period"] = ["Học kỳ II"] * 4
    data["c3_form"] = ["SELF"] * 4
    response = client.post(reverse("plans:plan_edit"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "thay đổi ở nơi khác" in page
    # What the second tab typed is in the form again, not the other tab's copy …
    assert 'value="Tuần 5, tự học buổi tối"' in page
    assert ">Ghi chú gõ ở thẻ thứ hai</textarea>" in page
    editor_rows = page.split("<template data-c3-template>")[0]
    assert re.search(r'<option value="TH5"[^>]*selected', editor_rows)
    # … the saved copy is shown beside it to copy from, with the two ways out.
    conflict = page.split('data-testid="plan-conflict"')[1].split("</details>")[0]
    assert "Tháng 10" in conflict
    assert "Lưu bản của tôi" in page and "Dùng bản đã lưu" in page
    # Nothing was overwritten yet.
    assert set(plan.items.exclude(content=3).values_list("period", flat=True)) == {"Tháng 10"}
    # The form now carries the saved version: keeping one's own copy is one more click.
    assert f'name="version" value="{plan.version}"' in page
    data["version"] = plan.version
    kept = client.post(reverse("plans:plan_edit"), data, follow=True)
    assert "Đã lưu kế hoạch." in kept.content.decode()
    plan.refresh_from_db()
    assert plan.notes == "Ghi chú gõ ở thẻ thứ hai"
    assert set(plan.items.exclude(content=3).values_list("period", flat=True)) == {"Tuần 5, tự học buổi tối"}
    assert sorted(plan.items.filter(content=3).values_list("module__code", flat=True)) == ["TH1", "TH2", "TH3", "TH5"]


def test_a_refused_save_shows_the_typed_rows_again(cast, login, year, topics, th_modules):
    client, plan = _started(cast, login)
    response = _post_plan(client, plan, [*th_modules[:4], th_modules[0]], period="Tuần 7")
    page = response.content.decode()
    assert "Mô đun TH1 được chọn 2 lần" in page
    editor_rows = page.split("<template data-c3-template>")[0]
    assert editor_rows.count("<tr data-c3-row>") == 5
    assert 'value="Tuần 7"' in editor_rows
