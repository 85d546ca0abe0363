"""The backfill migration turns the rows of the old event tables into audit entries with dotted codes."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from assessment.models import ConfirmationEvent, SchoolConfirmation
from audit import registry
from audit.models import AuditEntry
from plans.models import PlanStatus, PlanTransition
from reports.models import ReportStatus, ReportTransition, UnitReport
from years.models import Deadline, DeadlineKind, DeadlineReopening

pytestmark = pytest.mark.django_db
backfill = import_module("audit.migrations.0002_backfill").backfill


class _SchemaEditor:
    connection = connection


def test_old_rows_become_entries_with_dotted_codes(cast, make_plan, year):
    plan = make_plan(cast.teacher_a1.staff)
    transition = PlanTransition.objects.create(
        plan=plan,
        from_status=PlanStatus.SUBMITTED,
        to_status=PlanStatus.APPROVED,
        action="approved",
        by=cast.principal_a1,
    )
    deadline = Deadline.objects.create(
        year=year, kind=DeadlineKind.PLAN_SUBMIT, unit=cast.so, due_date=datetime.date(2025, 10, 15)
    )
    DeadlineReopening.objects.create(
        deadline=deadline,
        school=cast.school_a1,
        until=datetime.date(2025, 10, 30),
        reason="Lũ",
        granted_by=cast.so_officer,
    )
    confirmation = SchoolConfirmation.objects.create(school=cast.school_a1, year=year)
    ConfirmationEvent.objects.create(
        confirmation=confirmation, action="REOPEN", by=cast.phong_a_officer, at=timezone.now(), comment="Sai điểm"
    )
    report = UnitReport.objects.create(
        year=year, unit=cast.phong_a, kind="DISTRICT_REPORT", status=ReportStatus.ACCEPTED
    )
    ReportTransition.objects.create(
        report=report,
        action="bdtx.report.accepted",
        to_status=ReportStatus.ACCEPTED,
        by=cast.so_officer,
        at=timezone.now(),
    )
    AuditEntry.objects.all().delete()  # staff records created by the cast wrote theirs already

    backfill(apps, _SchemaEditor())

    entries = {entry.action: entry for entry in AuditEntry.objects.select_related("actor__staff", "person", "unit")}
    assert set(entries) == {
        "plans.plan.approved",
        "years.deadline.reopened",
        "assessment.results.reopened",
        "reports.report.accepted",
        "accounts.staff.created",
    }
    approved = entries["plans.plan.approved"]
    assert (approved.actor, approved.person, approved.unit, approved.object_id) == (
        cast.principal_a1,
        cast.teacher_a1.staff,
        cast.school_a1,
        plan.pk,
    )
    assert approved.object_text == "Nguyễn Văn An — 2025–2026"
    assert approved.at == transition.at
    reopened = entries["years.deadline.reopened"]
    assert (reopened.unit, reopened.reason, reopened.after) == (cast.school_a1, "Lũ", "30/10/2025")
    assert entries["assessment.results.reopened"].reason == "Sai điểm"
    assert entries["reports.report.accepted"].unit == cast.phong_a
    assert all(registry.is_registered(code) for code in entries)
