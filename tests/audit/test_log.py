"""The audit log: record, the registry's sentences, and the services that write through it."""

import datetime

import pytest

from accounts.services import staff_save, staff_set_active
from assessment import services as assessment_services
from audit import registry
from audit.models import AuditEntry
from audit.services import entry, record, record_bulk
from plans import services as plan_services
from plans.models import PlanStatus
from tests.assessment.helpers import pairs_row
from tests.factories import GAP_REASON

pytestmark = pytest.mark.django_db


def test_record_and_describe(cast):
    staff = cast.teacher_a1.staff
    saved = record(
        "plans.plan.approved", actor=cast.principal_a1, obj=staff, unit=cast.school_a1, person=staff, reason="Đạt"
    )
    saved = AuditEntry.objects.get(pk=saved.pk)
    assert (saved.actor, saved.unit, saved.person, saved.object_text) == (
        cast.principal_a1,
        cast.school_a1,
        staff,
        "Nguyễn Văn An",
    )
    assert registry.describe(saved) == "Lê Thị Hoa đã duyệt kế hoạch của Nguyễn Văn An"


def test_an_unknown_code_still_renders(cast):
    saved = record("nowhere.thing.done", actor=None, obj=cast.school_a1)
    assert registry.describe(saved) == "Hệ thống: nowhere.thing.done Trường Tiểu học A1"


def test_bulk_writes_one_row_per_entry(cast):
    entries = [entry("plans.plan.approved", actor=cast.principal_a1, unit=cast.school_a1.pk) for _ in range(3)]
    record_bulk(entries)
    assert AuditEntry.objects.filter(action="plans.plan.approved", unit=cast.school_a1).count() == 3


def test_a_code_cannot_be_registered_twice_with_another_sentence():
    with pytest.raises(ValueError, match="plans.plan.approved"):
        registry.register("plans.plan.approved", "{actor} khác")


def test_every_app_registers_its_codes_and_unit_move_is_ready():
    for code in (
        "accounts.staff.changed",
        "accounts.unit.moved",
        "plans.plan.approved",
        "years.deadline.reopened",
        "assessment.results.reopened",
        "reports.report.accepted",
        "certificates.certificate.reissued",
    ):
        assert registry.is_registered(code), code


def test_a_plan_approval_writes_plans_plan_approved(cast, make_plan):
    plan = make_plan(cast.teacher_a1.staff)
    plan_services.plan_approve(plan=plan, by=cast.principal_a1, comment="Tốt")
    approved = AuditEntry.objects.get(action="plans.plan.approved")
    assert (approved.actor, approved.person, approved.unit, approved.object_id, approved.reason) == (
        cast.principal_a1,
        cast.teacher_a1.staff,
        cast.school_a1,
        plan.pk,
        "Tốt",
    )
    assert registry.describe(approved) == "Lê Thị Hoa đã duyệt kế hoạch của Nguyễn Văn An"


def test_a_batch_approval_writes_one_entry_per_plan(cast, make_plan):
    plans = [make_plan(cast.teacher_a1.staff), make_plan(cast.teacher_a1_other_group.staff)]
    approved, _skipped = plan_services.plan_batch_approve(plans=plans, by=cast.principal_a1)
    assert len(approved) == 2
    people = set(AuditEntry.objects.filter(action="plans.plan.approved").values_list("person", flat=True))
    assert people == {plan.staff_id for plan in plans}


def test_returning_and_reopening_a_plan_are_recorded_with_the_reason(cast, make_plan):
    plan = make_plan(cast.teacher_a1.staff)
    plan_services.plan_return(plan=plan, by=cast.principal_a1, comment="Thiếu mô đun")
    returned = AuditEntry.objects.get(action="plans.plan.returned")
    assert (returned.reason, returned.unit_id) == ("Thiếu mô đun", cast.school_a1.pk)


def test_scores_write_one_entry_per_plan_with_before_and_after(cast, make_plan):
    plan = make_plan(cast.teacher_a1.staff, status=PlanStatus.APPROVED)
    assessment_services.scores_save_grid(user=cast.principal_a1, year=plan.year, rows=[pairs_row(plan)])
    entered = AuditEntry.objects.get(action="assessment.scores.entered")
    assert entered.person_id == plan.staff_id
    assert entered.after["Nội dung 1"] == "4,5 – 4,5"
    assert entered.before["Mô đun TH1"] == "— – —"


def test_results_confirmation_and_reopening_are_recorded(cast, make_plan):
    plan = make_plan(cast.teacher_a1.staff, status=PlanStatus.APPROVED)
    assessment_services.results_confirm(
        school=cast.school_a1, year=plan.year, user=cast.principal_a1, reason=GAP_REASON
    )
    assessment_services.results_reopen(
        school=cast.school_a1, year=plan.year, user=cast.phong_a_officer, reason="Sai điểm"
    )
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "actor", "reason"))
    assert actions[-2:] == [
        ("assessment.results.confirmed", cast.principal_a1.pk, GAP_REASON),  # confirmed with marks missing
        ("assessment.results.reopened", cast.phong_a_officer.pk, "Sai điểm"),
    ]


def test_staff_changes_and_leaving_are_recorded(cast):
    staff = cast.teacher_a1.staff
    staff.subject_group, staff.unit = "Tổ 4-5", cast.school_a2
    staff_save(staff=staff, changed_by=cast.principal_a1, reason="Chuyển trường")
    staff_set_active(staff=staff, active=False, changed_by=cast.principal_a1)
    created, changed, left = AuditEntry.objects.filter(person=staff).order_by("id")
    assert created.action == "accounts.staff.created"
    assert (changed.action, changed.reason, changed.after) == (
        "accounts.staff.changed",
        "Chuyển trường",
        {"tổ chuyên môn": "Tổ 4-5", "đơn vị": "Trường Tiểu học A2"},
    )
    assert changed.before["đơn vị"] == "Trường Tiểu học A1"
    assert left.action == "accounts.staff.left"
    assert registry.describe(left) == "Lê Thị Hoa đã ghi nhận Nguyễn Văn An thôi công tác"


def test_the_demo_reset_clears_the_log_with_the_records_it_points_at(cast):
    from demo.province import demo_reset

    record("plans.plan.approved", actor=cast.principal_a1, unit=cast.school_a1, person=cast.teacher_a1.staff)
    demo_reset()
    assert not AuditEntry.objects.exists()


def test_a_unit_change_is_recorded_without_its_path(cast):
    unit = cast.school_a1
    unit.name = "Trường Tiểu học A1 mới"
    unit._history_user = cast.phong_a_officer
    unit.save()
    changed = AuditEntry.objects.get(action="accounts.unit.changed")
    assert (changed.unit, changed.after) == (unit, {"tên đơn vị": "Trường Tiểu học A1 mới"})
    assert registry.describe(changed) == (
        "phong_a đã sửa thông tin đơn vị Trường Tiểu học A1 mới: "
        "tên đơn vị: Trường Tiểu học A1 → Trường Tiểu học A1 mới"
    )


def test_reopening_a_deadline_is_recorded_for_the_school(cast, year):
    from years.models import Deadline, DeadlineKind
    from years.services import deadline_reopen

    today = datetime.date.today()
    deadline = Deadline.objects.create(year=year, kind=DeadlineKind.PLAN_SUBMIT, unit=cast.so, due_date=today)
    until = today + datetime.timedelta(days=10)
    deadline_reopen(deadline=deadline, school=cast.school_a1, until=until, reason="Mưa lũ", by=cast.so_officer)
    reopened = AuditEntry.objects.select_related("actor", "unit").get(action="years.deadline.reopened")
    assert (reopened.unit, reopened.reason) == (cast.school_a1, "Mưa lũ")
    assert registry.describe(reopened) == (
        f"so đã mở lại thời hạn {deadline} cho Trường Tiểu học A1 đến ngày {until:%d/%m/%Y}"
    )


def test_every_history_kept_record_has_its_codes_registered():
    from simple_history.models import registered_models

    for model in registered_models.values():
        if model._meta.app_label == "accounts":
            continue  # staff and units have codes of their own (left, returned, moved …)
        for verb in ("created", "changed", "deleted"):
            code = f"{model._meta.app_label}.{model._meta.model_name}.{verb}"
            assert registry.is_registered(code), code


def test_a_qualification_change_is_in_the_persons_timeline(cast):
    from audit.selectors import person_entries
    from qualifications import services as qualification_services
    from qualifications.models import Degree

    staff = cast.teacher_a1.staff
    qualification_services.qualification_save(staff=staff, user=cast.principal_a1, degree=Degree.DAI_HOC)
    qualification_services.qualification_save(staff=staff, user=cast.principal_a1, degree=Degree.THAC_SI)

    entries = [e for e in person_entries(user=cast.principal_a1, staff=staff) if e.action.startswith("qualifications.")]
    assert [entry.action for entry in entries] == [
        "qualifications.qualification.changed",
        "qualifications.qualification.created",
    ]
    assert entries[0].unit_id == staff.unit_id and entries[0].actor == cast.principal_a1
    assert str(Degree.THAC_SI.label) in str(registry.describe(entries[0]))
