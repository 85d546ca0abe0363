"""Score services: validation, all-or-nothing saves, conflicts, history, year results, confirmation and reopening."""

import pytest

from assessment import services
from assessment.models import ConfirmationEvent, SchoolConfirmation, Score, ScoreChange, Source, YearResult
from assessment.services import AssessmentError, ScoreConflictError, ScoreInputError
from plans.models import PlanStatus
from tests.factories import GAP_REASON

from .helpers import D, pairs_row

pytestmark = pytest.mark.django_db


def _save(user, year, *rows):
    return services.scores_save_grid(user=user, year=year, rows=list(rows))


def _result(plan):
    return YearResult.objects.get(plan=plan)


# --- reading a part score ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("4,5", "4.50"), ("4.5", "4.50"), (" 5 ", "5.00"), ("0", "0.00"), ("3,25", "3.25"), (4.75, "4.75"), (5, "5.00")],
)
def test_part_scores_accept_comma_point_and_excel_numbers(raw, expected):
    assert services.parse_part(raw) == D(expected)


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_blank_part_score_is_missing(raw):
    assert services.parse_part(raw) is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("6", "Điểm phải từ 0 đến 5, không nhận 6."),
        ("-1", "Điểm phải từ 0 đến 5, không nhận -1."),
        ("5,25", "Điểm phải từ 0 đến 5, không nhận 5,25."),
        ("4,3", "Điểm phải chia hết cho 0,25 (ví dụ 4; 4,25; 4,5; 4,75), không nhận 4,3."),
        ("4.125", "Điểm phải chia hết cho 0,25 (ví dụ 4; 4,25; 4,5; 4,75), không nhận 4,125."),
        ("abc", "“abc” không phải là số; hãy ghi điểm dạng 4,5 hoặc 4.5."),
        ("4,5,1", "“4,5,1” không phải là số; hãy ghi điểm dạng 4,5 hoặc 4.5."),
        ("NaN", "không phải là số"),
    ],
)
def test_part_scores_outside_0_5_or_off_step_are_refused_with_a_clear_message(raw, message):
    with pytest.raises(ValueError) as error:
        services.parse_part(raw)
    assert message in str(error.value)


# --- saving the grid -----------------------------------------------------------------------------------------


def test_group_head_saves_a_row_and_the_year_result_is_computed(cast, year, plans):
    plan = plans["teacher"]
    modules = [("4,5", "4,5"), ("4,5", "4,5"), ("5", "5"), ("4,5", "4,5")]
    summary = _save(cast.group_head_a1, year, pairs_row(plan, nd1=("4,5", "4,5"), nd2=("4,5", "5"), modules=modules))

    assert (summary.cells, summary.plans) == (6, 1)
    nd1 = Score.objects.get(plan=plan, content=1)
    assert (nd1.knowledge, nd1.application, nd1.version, nd1.entered_by) == (D("4.5"), D("4.5"), 1, cast.group_head_a1)
    # Example B of regulations.md: 9, 9.5, modules 9, 9, 10, 9 → 9.25 → 9.3, Giỏi.
    result = _result(plan)
    assert result.average == D("9.3")
    assert result.classification == "GIOI"
    assert result.reasons == []
    assert (result.completed_hours, result.planned_hours, result.missing_count) == (0, 120, 0)  # no tiết confirmed
    assert result.staff == plan.staff and result.year == year and result.school == cast.school_a1


def test_every_change_keeps_who_when_old_and_new(cast, year, plans):
    plan = plans["teacher"]
    _save(cast.group_head_a1, year, {"plan_id": plan.pk, "version": 0, "values": {"nd1": ("4", "4")}})
    _save(cast.principal_a1, year, {"plan_id": plan.pk, "version": 1, "values": {"nd1": ("4", "3,5")}})

    changes = list(ScoreChange.objects.filter(plan=plan).order_by("changed_at", "id"))
    assert [
        (c.changed_by, c.old_knowledge, c.old_application, c.new_knowledge, c.new_application) for c in changes
    ] == [
        (cast.group_head_a1, None, None, D("4"), D("4")),
        (cast.principal_a1, D("4"), D("4"), D("4"), D("3.5")),
    ]
    assert {c.source for c in changes} == {Source.GRID}
    assert changes[0].changed_at <= changes[1].changed_at
    assert Score.objects.get(plan=plan, content=1).version == 2


def test_unchanged_values_write_nothing(cast, year, plans):
    plan = plans["teacher"]
    _save(cast.group_head_a1, year, pairs_row(plan))
    summary = _save(cast.group_head_a1, year, pairs_row(plan, version=6))
    assert summary.cells == 0
    assert ScoreChange.objects.filter(plan=plan).count() == 6


def test_result_is_recomputed_after_each_change(cast, year, plans):
    plan = plans["teacher"]
    _save(cast.group_head_a1, year, {"plan_id": plan.pk, "version": 0, "values": {"nd1": ("4", "4")}})
    result = _result(plan)
    assert result.classification == "KHONG_HOAN_THANH" and result.average is None
    assert "Thiếu điểm nội dung 2" in result.reasons
    assert result.missing_count == 5 and result.completed_hours == 0

    _save(cast.group_head_a1, year, pairs_row(plan, version=1, nd1=("4", "4"), nd2=("4", "4")))
    assert _result(plan).classification == "KHA" and _result(plan).average == D("8.5")

    module = plan.items.filter(content=3).order_by("order").first()
    _save(cast.group_head_a1, year, {"plan_id": plan.pk, "version": 6, "values": {f"m{module.pk}": ("2", "2,5")}})
    result = _result(plan)
    assert result.classification == "KHONG_HOAN_THANH"
    assert any("dưới 5" in reason for reason in result.reasons)
    assert result.completed_hours == 0  # scores alone complete no tiết (study.selectors.confirmed_hours)


def test_clearing_a_score_keeps_the_row_and_its_history(cast, year, plans):
    plan = plans["teacher"]
    _save(cast.group_head_a1, year, pairs_row(plan))
    _save(cast.group_head_a1, year, {"plan_id": plan.pk, "version": 6, "values": {"nd2": ("", "")}})
    score = Score.objects.get(plan=plan, content=2)
    assert (score.knowledge, score.application) == (None, None)
    last = ScoreChange.objects.filter(score=score).order_by("-id").first()
    assert (last.old_knowledge, last.new_knowledge) == (D("4.5"), None)
    assert _result(plan).classification == "KHONG_HOAN_THANH"


def test_one_bad_cell_saves_nothing_and_names_the_cell(cast, year, plans):
    good, bad = plans["teacher"], plans["group_head"]
    with pytest.raises(ScoreInputError) as error:
        _save(
            cast.principal_a1,
            year,
            pairs_row(good),
            pairs_row(bad, nd1=("4,5", "7"), nd2=("4,3", "4")),
        )
    errors = error.value.errors
    assert set(errors) == {(bad.pk, "nd1", "a"), (bad.pk, "nd2", "k")}
    assert errors[(bad.pk, "nd1", "a")] == (
        "Phạm Văn Minh — Nội dung 1, điểm vận dụng: Điểm phải từ 0 đến 5, không nhận 7."
    )
    assert "chia hết cho 0,25" in errors[(bad.pk, "nd2", "k")]
    assert "chưa lưu điểm nào" in str(error.value)
    assert not Score.objects.exists() and not YearResult.objects.exists() and not ScoreChange.objects.exists()


def test_a_module_not_in_the_plan_is_refused(cast, year, plans):
    plan, other = plans["teacher"], plans["other_group"]
    foreign = other.items.filter(content=3).first()
    with pytest.raises(ScoreInputError) as error:
        _save(cast.principal_a1, year, {"plan_id": plan.pk, "version": 0, "values": {f"m{foreign.pk}": ("4", "4")}})
    assert "không có trong kế hoạch" in next(iter(error.value.errors.values()))


def test_exempt_plan_is_averaged_on_content_1_and_2(cast, year, make_plan):
    plan = make_plan(cast.teacher_a1.staff, exempt=True)
    row = {"plan_id": plan.pk, "version": 0, "values": {"nd1": ("4", "4"), "nd2": ("4,5", "4,5")}}
    _save(cast.group_head_a1, year, row)
    result = _result(plan)
    assert (result.average, result.classification) == (D("8.5"), "KHA")
    assert (result.planned_hours, result.completed_hours) == (60, 0)
    # Module scores are refused for a person exempt from content 3.
    module = plan.items.filter(content=3).first()
    with pytest.raises(ScoreInputError):
        _save(cast.group_head_a1, year, {"plan_id": plan.pk, "version": 2, "values": {f"m{module.pk}": ("4", "4")}})


def test_primary_principal_is_scored_as_a_manager(cast, year, plans):
    plan = plans["principal"]
    modules = [("3", "3"), ("2,5", "2,5"), ("3", "3"), ("3", "3")]
    _save(cast.phong_a_officer, year, pairs_row(plan, nd1=("3", "3"), nd2=("3", "3"), modules=modules))
    assert _result(plan).classification == "DAT"
    _save(cast.phong_a_officer, year, {"plan_id": plan.pk, "version": 6, "values": {"nd2": ("2", "2,5")}})
    result = _result(plan)
    assert result.classification == "KHONG_DAT"
    assert result.reasons == ["Nội dung 2 có điểm 4,5, dưới 5,0 nên không đạt yêu cầu"]


# --- conflicts -----------------------------------------------------------------------------------------------


def test_second_save_on_a_stale_form_is_a_conflict_and_keeps_the_first(cast, year, plans):
    plan = plans["teacher"]
    # Both open the grid at version 0; the group head saves first.
    _save(cast.group_head_a1, year, {"plan_id": plan.pk, "version": 0, "values": {"nd1": ("4", "4")}})
    with pytest.raises(ScoreConflictError) as error:
        _save(
            cast.principal_a1,
            year,
            {"plan_id": plan.pk, "version": 0, "values": {"nd1": ("3", "3")}},
            pairs_row(plans["other_group"]),
        )
    conflict = error.value.conflicts[plan.pk]
    assert conflict.staff_name == "Nguyễn Văn An"
    assert conflict.changed_by == "Phạm Văn Minh"
    assert conflict.submitted == {"nd1": (D("3"), D("3"))}
    assert error.value.changed_plan_ids == {plan.pk, plans["other_group"].pk}
    assert "Nguyễn Văn An" in str(error.value) and "người khác sửa" in str(error.value)
    # Nothing of the second save landed, not even the row without conflict.
    score = Score.objects.get(plan=plan, content=1)
    assert (score.knowledge, score.application) == (D("4"), D("4"))
    assert not Score.objects.filter(plan=plans["other_group"]).exists()
    assert ScoreChange.objects.count() == 1


def test_stale_row_submitted_unchanged_is_not_a_conflict(cast, year, plans):
    plan, other = plans["teacher"], plans["other_group"]
    _save(cast.group_head_a1, year, {"plan_id": plan.pk, "version": 0, "values": {"nd1": ("4", "4")}})
    # The principal's page was loaded before, but they only change another teacher; the first row is sent as it
    # is stored now (e.g. after the conflict page showed the current values).
    summary = _save(
        cast.principal_a1,
        year,
        {"plan_id": plan.pk, "version": 0, "values": {"nd1": ("4", "4")}},
        {"plan_id": other.pk, "version": 0, "values": {"nd1": ("5", "5")}},
    )
    assert summary.cells == 1


def test_fresh_version_after_conflict_saves(cast, year, plans):
    plan = plans["teacher"]
    _save(cast.group_head_a1, year, {"plan_id": plan.pk, "version": 0, "values": {"nd1": ("4", "4")}})
    with pytest.raises(ScoreConflictError):
        _save(cast.principal_a1, year, {"plan_id": plan.pk, "version": 0, "values": {"nd1": ("3", "3")}})
    _save(cast.principal_a1, year, {"plan_id": plan.pk, "version": 1, "values": {"nd1": ("3", "3")}})
    assert Score.objects.get(plan=plan, content=1).knowledge == D("3")


# --- scope ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "target", "allowed"),
    [
        ("teacher_a1", "teacher", False),
        ("group_head_a1", "teacher", True),
        ("group_head_a1", "other_group", False),
        ("group_head_a1", "group_head", False),  # nobody enters their own scores
        ("group_head_a1", "principal", False),
        ("principal_a1", "teacher", True),
        ("principal_a1", "other_group", True),
        ("principal_a1", "group_head", True),
        ("principal_a1", "principal", False),
        ("principal_a1", "teacher_a2", False),
        ("phong_a_officer", "principal", True),
        ("phong_a_officer", "teacher", False),
        ("phong_b_officer", "principal", False),
        ("so_officer", "principal", False),  # A1 belongs to Phòng A
        ("so_z_officer", "principal", False),
        ("admin", "teacher", True),
    ],
)
def test_who_may_enter_whose_scores(cast, year, plans, persona, target, allowed):
    user = getattr(cast, persona)
    row = {"plan_id": plans[target].pk, "version": 0, "values": {"nd1": ("4", "4")}}
    if allowed:
        assert _save(user, year, row).cells == 1
    else:
        with pytest.raises(services.OutOfScopeError):
            _save(user, year, row)
        assert not Score.objects.exists()


def test_so_officer_scores_the_managers_of_thpt_schools(cast, year, make_plan, t1_manager):
    manager_plan = make_plan(t1_manager)
    teacher_plan = make_plan(cast.teacher_t1.staff)
    assert _save(cast.so_officer, year, pairs_row(manager_plan)).cells == 6
    assert _result(manager_plan).classification == "DAT"  # THPT managers: Đạt / Không đạt
    with pytest.raises(services.OutOfScopeError):
        _save(cast.so_officer, year, pairs_row(teacher_plan))
    with pytest.raises(services.OutOfScopeError):
        _save(cast.phong_a_officer, year, pairs_row(manager_plan))


def test_plans_not_approved_are_not_scored(cast, year, make_plan):
    plan = make_plan(cast.teacher_a1.staff, status=PlanStatus.SUBMITTED)
    with pytest.raises(services.OutOfScopeError):
        _save(cast.group_head_a1, year, pairs_row(plan))


# --- confirmation and reopening --------------------------------------------------------------------------------


def test_confirm_locks_the_school_until_the_phong_reopens_with_a_reason(cast, year, plans):
    plan = plans["teacher"]
    _save(cast.group_head_a1, year, pairs_row(plan))

    confirmation = services.results_confirm(school=cast.school_a1, year=year, user=cast.principal_a1, reason=GAP_REASON)
    assert confirmation.is_locked and confirmation.confirmed_by == cast.principal_a1
    # Every approved teacher's plan of the school now has a result, scored or not; the principal's plan waits for
    # the Phòng (tests/assessment/test_manager_confirmation.py).
    assert YearResult.objects.filter(school=cast.school_a1).count() == 3
    event = ConfirmationEvent.objects.get(action="CONFIRM")
    assert event.counts["total"] == 3 and event.counts["incomplete"] == 2

    for user in (cast.group_head_a1, cast.principal_a1, cast.admin):
        with pytest.raises(AssessmentError) as error:
            _save(user, year, {"plan_id": plan.pk, "version": 6, "values": {"nd1": ("1", "1")}})
        assert "đã được xác nhận" in str(error.value)
    assert Score.objects.get(plan=plan, content=1).knowledge == D("4.5")

    with pytest.raises(AssessmentError, match="đã được xác nhận"):
        services.results_confirm(school=cast.school_a1, year=year, user=cast.principal_a1, reason=GAP_REASON)
    for user in (cast.principal_a1, cast.so_officer, cast.phong_b_officer):
        with pytest.raises(AssessmentError, match="cấp trên trực tiếp"):
            services.results_reopen(school=cast.school_a1, year=year, user=user, reason="Sửa điểm")
    with pytest.raises(AssessmentError, match="lý do"):
        services.results_reopen(school=cast.school_a1, year=year, user=cast.phong_a_officer, reason="   ")

    services.results_reopen(
        school=cast.school_a1, year=year, user=cast.phong_a_officer, reason="Giáo viên khiếu nại điểm mô đun"
    )
    confirmation.refresh_from_db()
    assert not confirmation.is_locked
    assert confirmation.reopened_by == cast.phong_a_officer
    assert confirmation.reopen_reason == "Giáo viên khiếu nại điểm mô đun"
    assert list(confirmation.events.values_list("action", flat=True)) == ["CONFIRM", "REOPEN"]
    assert _save(cast.group_head_a1, year, {"plan_id": plan.pk, "version": 6, "values": {"nd1": ("1", "1")}}).cells
    with pytest.raises(AssessmentError, match="chưa được xác nhận"):
        services.results_reopen(school=cast.school_a1, year=year, user=cast.phong_a_officer, reason="Lần nữa")


def test_only_the_school_manager_confirms(cast, year, plans):
    for user in (cast.group_head_a1, cast.teacher_a1, cast.phong_a_officer):
        with pytest.raises(AssessmentError, match="lãnh đạo nhà trường"):
            services.results_confirm(school=cast.school_a1, year=year, user=user, reason=GAP_REASON)
    assert not SchoolConfirmation.objects.filter(is_locked=True).exists()


def test_nothing_to_confirm_without_approved_plans(cast, year):
    with pytest.raises(AssessmentError, match="chưa có kế hoạch nào được phê duyệt"):
        services.results_confirm(school=cast.school_a1, year=year, user=cast.principal_a1, reason=GAP_REASON)


def test_the_so_reopens_schools_directly_under_it(cast, year, make_plan, t1_manager):
    make_plan(cast.teacher_t1.staff)
    from tests.factories import UserFactory

    t1_head = UserFactory(role="SCHOOL_MANAGER", unit=cast.school_t1, staff=t1_manager)
    services.results_confirm(school=cast.school_t1, year=year, user=t1_head, reason=GAP_REASON)
    with pytest.raises(AssessmentError):
        services.results_reopen(school=cast.school_t1, year=year, user=cast.phong_a_officer, reason="x")
    services.results_reopen(school=cast.school_t1, year=year, user=cast.so_officer, reason="Sai điểm")
    assert not SchoolConfirmation.objects.get(school=cast.school_t1).is_locked


def test_year_result_is_dropped_when_the_plan_is_no_longer_approved(cast, year, plans):
    plan = plans["teacher"]
    _save(cast.group_head_a1, year, pairs_row(plan))
    plan.status = PlanStatus.RETURNED
    plan.save()
    services.year_result_recompute(plan=plan)
    assert not YearResult.objects.filter(plan=plan).exists()
