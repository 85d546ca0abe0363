"""The permission table read as the rules it encodes (accounts/permissions.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Position, Role
from accounts.permissions import TABLE, Cap, Scope, can, scope_of
from plans.models import Plan
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def _plan_of(staff):
    return Plan(staff=staff, school=staff.unit)


def test_every_role_has_a_row_and_an_admin_may_do_everything_everywhere(cast):
    assert set(TABLE) == set(Role)
    assert all(scope_of(cast.admin, capability) == Scope.ALL for capability in Cap)
    assert not any(can(AnonymousUser(), capability) for capability in Cap)


def test_a_teacher_sees_their_own_record_and_approves_nothing(cast):
    teacher = cast.teacher_a1
    assert can(teacher, Cap.VIEW, teacher.staff)
    assert not can(teacher, Cap.VIEW, cast.teacher_a1_other_group.staff)
    for capability in (Cap.EDIT, Cap.APPROVE, Cap.CONFIRM, Cap.SCORE, Cap.ISSUE, Cap.REPORT, Cap.RESTRUCTURE):
        assert not can(teacher, capability)


def test_a_group_head_confirms_the_logs_of_their_own_group_only(cast):
    head = cast.group_head_a1
    assert can(head, Cap.CONFIRM, _plan_of(cast.teacher_a1.staff))
    assert not can(head, Cap.CONFIRM, _plan_of(cast.teacher_a1_other_group.staff))
    assert not can(head, Cap.CONFIRM, _plan_of(cast.teacher_a2.staff))  # same group name, another school
    # A group is people: a whole school's results are not the group head's to confirm.
    assert not can(head, Cap.CONFIRM, cast.school_a1)
    assert not can(head, Cap.APPROVE)


def test_a_school_manager_works_in_their_own_school(cast):
    principal = cast.principal_a1
    for capability in (Cap.VIEW, Cap.EDIT, Cap.APPROVE, Cap.CONFIRM, Cap.SCORE, Cap.REPORT):
        assert can(principal, capability, cast.teacher_a1.staff)
        assert not can(principal, capability, cast.teacher_a2.staff)
    assert not can(principal, Cap.ISSUE)
    assert not can(principal, Cap.RESTRUCTURE)


def test_only_the_so_officer_restructures_and_only_within_their_province(cast):
    # A middle-tier officer does not reshape the tier it sits in, not even its own schools.
    assert not can(cast.phong_a_officer, Cap.RESTRUCTURE)
    assert not can(cast.phong_a_officer, Cap.RESTRUCTURE, cast.school_a1)
    assert not can(cast.phong_a_officer, Cap.RESTRUCTURE, cast.so)
    assert can(cast.so_officer, Cap.RESTRUCTURE, cast.school_b1)
    assert not can(cast.so_officer, Cap.RESTRUCTURE, cast.school_z1)


def test_an_office_issues_certificates_for_the_schools_that_report_to_it(cast):
    assert can(cast.phong_a_officer, Cap.ISSUE, cast.school_a1)
    assert can(cast.so_officer, Cap.ISSUE, cast.school_t1)  # a THPT school straight under the Sở
    assert not can(cast.so_officer, Cap.ISSUE, cast.school_a1)  # the Phòng issues for its schools
    assert not can(cast.phong_b_officer, Cap.ISSUE, cast.school_a1)


def test_an_office_approves_the_plans_of_managers_of_the_schools_that_report_to_it(cast):
    principal_plan = _plan_of(cast.principal_a1.staff)
    assert can(cast.phong_a_officer, Cap.APPROVE, principal_plan)
    assert not can(cast.phong_b_officer, Cap.APPROVE, principal_plan)


def test_an_office_sees_and_reports_on_its_whole_subtree(cast):
    for capability in (Cap.VIEW, Cap.EDIT, Cap.REPORT, Cap.MONITOR, Cap.SCORE):
        assert can(cast.so_officer, capability, cast.teacher_a1.staff)
        assert can(cast.phong_a_officer, capability, cast.teacher_a1.staff)
        assert not can(cast.phong_b_officer, capability, cast.teacher_a1.staff)
        assert not can(cast.so_z_officer, capability, cast.teacher_a1.staff)


def test_only_a_department_sets_up_years_catalogs_and_campaigns(cast):
    assert can(cast.so_officer, Cap.SET_UP, cast.so)
    assert not can(cast.so_officer, Cap.SET_UP, cast.so_z)
    assert not can(cast.phong_a_officer, Cap.SET_UP)
    assert not can(cast.principal_a1, Cap.SET_UP)


def test_an_office_reopens_and_reminds_from_its_own_unit_only(cast):
    for capability in (Cap.REOPEN, Cap.REMIND, Cap.PUBLISH, Cap.ORGANISE):
        assert can(cast.phong_a_officer, capability, cast.phong_a)
        assert not can(cast.phong_a_officer, capability, cast.so)
        assert not can(cast.so_officer, capability, cast.phong_a)


def test_a_superuser_with_a_school_role_is_an_admin(cast):
    boss = StaffFactory(unit=cast.school_a1, position=Position.PRINCIPAL)
    cast.teacher_a1.is_superuser = True
    assert can(cast.teacher_a1, Cap.ISSUE, cast.school_z1)
    assert can(cast.teacher_a1, Cap.VIEW, boss)


def test_the_last_bespoke_rules_read_the_table_too(cast):
    from certificates.selectors import can_decide_corrections
    from gdpt.selectors import can_edit_review
    from results.nation import can_view_nation

    # The national summary: only who reads every unit's figures.
    assert can_view_nation(cast.admin) and not can_view_nation(cast.so_officer)
    # A school's GDPT review is its own submission: its managers, not the office above, not the admin.
    assert can_edit_review(cast.principal_a1, cast.school_a1)
    assert not can_edit_review(cast.principal_a1, cast.school_a2)
    assert not any(can_edit_review(user, cast.school_a1) for user in (cast.phong_a_officer, cast.admin))
    # Corrections: who approves the plan decides, never the person; an office only for the managers under it.
    principal = cast.principal_a1.staff
    assert can_decide_corrections(user=cast.principal_a1, staff=cast.teacher_a1.staff)
    assert not can_decide_corrections(user=cast.principal_a1, staff=principal)
    assert not can_decide_corrections(user=cast.principal_a1, staff=cast.teacher_a2.staff)
    assert can_decide_corrections(user=cast.phong_a_officer, staff=principal)
    assert not can_decide_corrections(user=cast.phong_a_officer, staff=cast.teacher_a1.staff)
    assert not can_decide_corrections(user=cast.phong_b_officer, staff=principal)
    assert can_decide_corrections(user=cast.admin, staff=cast.teacher_a1.staff)
