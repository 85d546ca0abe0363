"""Demo step for ``seed_demo``: one past year, 2018–2019, under TT 26/2012, closed and readable as it was.

The same schools and about the same staff as the current year (those of working age then), every plan approved
with 30 + 30 tiết of topics and four 15-tiết modules of the 2011 catalog of their level, every slot scored with a
5 + 5 pair, results in the four classes (Giỏi, Khá, Trung bình, Không hoàn thành; Đạt / Không đạt for TH and THCS
managers) computed by ``assessment.services.year_results_recompute``, every school's results confirmed, the printed
data of everyone confirmed and the certificates of the completers issued by the Phòng or the Sở. Its deadlines are
past; it is not the current year, so every year-bound page reaches it through the year switch.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from assessment.models import ConfirmationEvent, SchoolConfirmation
from audit.models import AuditEntry
from certificates.models import Certificate, CheckStatus, PersonalDataCheck, PersonalDataEvent
from certificates.services import certificates_issue
from demo.plans import ModulePicker, make_plans, make_topics
from demo.results import approved_plans, recompute_results, score_rows, write_scores
from demo.study import write_study_logs
from plans.models import PlanStatus
from reports.models import NoticeKind, Notification
from years.models import Deadline, DeadlineKind, TrainingYear
from years.rulesets import default_ruleset, regime

PAST_START_YEAR = 2018
# Everyone scored: most Khá, some Giỏi and Trung bình, a few with a content below 5.
PAST_PROFILES = [("gioi", 24), ("kha", 46), ("trung_binh", 22), ("below_five", 8)]
# The staff of the past year: those at least this old on its first day.
MIN_AGE = 23


def past_deadlines(start):
    """The deadlines of a past year, in its own calendar (all gone by)."""
    end = start + 1
    return {
        DeadlineKind.PLAN_SUBMIT: date(start, 10, 15),
        DeadlineKind.PLAN_APPROVE: date(start, 10, 31),
        DeadlineKind.EVALUATION_START: date(end, 5, 1),
        DeadlineKind.EVALUATION_END: date(end, 5, 15),
        DeadlineKind.SCHOOL_REPORT: date(end, 5, 20),
        DeadlineKind.DISTRICT_REPORT: date(end, 5, 25),
        DeadlineKind.DEPARTMENT_REPORT: date(end, 6, 30),
    }


def _moment(day):
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def step_past_year(ctx, start_year=PAST_START_YEAR):
    admin = ctx.users.get("admin")
    principal = ctx.users.get("hieutruong") or admin  # the scores' entries
    if admin is None:
        ctx.notes.append("Bỏ qua năm học cũ: chưa có tài khoản admin.")
        return
    ruleset = default_ruleset(start_year)
    quota1, quota2, quota3 = regime(ruleset).default_quotas
    year = TrainingYear.objects.create(
        department=ctx.department,
        start_year=start_year,
        is_current=False,
        ruleset=ruleset,
        quota_content1=quota1,
        quota_content2=quota2,
        quota_content3=quota3,
    )
    deadlines = past_deadlines(start_year)
    Deadline.objects.bulk_create(
        [Deadline(year=year, kind=kind, unit=ctx.department, due_date=deadlines[kind]) for kind in DeadlineKind]
    )
    make_topics(ctx, year)
    first_day = date(start_year, 9, 5)
    plans, _items = make_plans(
        ctx,
        year,
        mix=[(PlanStatus.APPROVED, 100)],
        # Submitted by the submission deadline, approved a week later (before the approval deadline).
        at=_moment(deadlines[DeadlineKind.PLAN_SUBMIT] - timedelta(days=3)),
        decided_at=_moment(deadlines[DeadlineKind.PLAN_SUBMIT] + timedelta(days=4)),
        picker=ModulePicker(year, gdpt2018=False),
        staff_filter=lambda member: member.birth_date is None or member.birth_date.year <= first_day.year - MIN_AGE,
    )

    rng = ctx.rng
    scored_at = _moment(deadlines[DeadlineKind.EVALUATION_END])
    profiles = [name for name, _weight in PAST_PROFILES]
    weights = [weight for _name, weight in PAST_PROFILES]
    approved = approved_plans(year)
    rows = []
    for plan_id, (_school_id, module_items) in approved.items():
        profile = rng.choices(profiles, weights)[0]
        rows.extend(score_rows(rng, year, plan_id, module_items, profile, actor_id=principal.pk, at=scored_at))
    write_scores(rows, year)
    # Everyone studied the whole plan; the group heads confirmed it before the evaluation.
    write_study_logs(
        ctx,
        year,
        list(approved),
        first_day=first_day,
        last_day=deadlines[DeadlineKind.EVALUATION_END] - timedelta(days=5),
        confirmer=principal,
        at=scored_at,
    )
    results = recompute_results(list(approved))

    confirmed_at = _moment(deadlines[DeadlineKind.SCHOOL_REPORT])
    school_ids = sorted({school_id for school_id, _items in approved.values()})
    confirmations = SchoolConfirmation.objects.bulk_create(
        SchoolConfirmation(
            school_id=school_id,
            year=year,
            is_locked=True,
            confirmed_by=admin,
            confirmed_at=confirmed_at,
            managers_locked=True,
            managers_confirmed_by=admin,
            managers_confirmed_at=confirmed_at,
        )
        for school_id in school_ids
    )
    Action = ConfirmationEvent.Action
    ConfirmationEvent.objects.bulk_create(
        ConfirmationEvent(confirmation=confirmation, action=action, by=admin, at=confirmed_at)
        for confirmation in confirmations
        for action in (Action.CONFIRM, Action.CONFIRM_MANAGERS)
    )
    _confirm_printed_data(ctx, year, school_ids, at=confirmed_at)
    issued = []
    schools = {unit.pk: unit for unit, _kind in ctx.schools}
    notices_from = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for school_id in school_ids:
        summary = certificates_issue(
            school=schools[school_id],
            year=year,
            user=admin,
            issue_date=date(start_year + 1, 6, 28),
            reason="Cấp cho những người đã xác nhận thông tin; người còn lại cấp khi xác nhận",  # if anyone is left
        )
        issued.extend(certificate.pk for certificate in summary.issued)
    # The history step writes the audit entry of every issued certificate from the certificates table, as for every
    # seeded event: the service's own entries would be there twice.
    AuditEntry.objects.filter(
        action="certificates.certificate.issued",
        content_type=ContentType.objects.get_for_model(Certificate),
        object_id__in=issued,
    ).delete()
    # The holders heard of their certificates when they were issued, in 2019, and have read it since.
    issued_at = timezone.make_aware(datetime.combine(date(start_year + 1, 6, 28), time(9)))
    Notification.objects.filter(pk__gt=notices_from, kind=NoticeKind.CERTIFICATE).update(
        created_at=issued_at, read_at=issued_at
    )
    reports = _send_the_reports_up(ctx, year, school_ids, deadlines, by=admin)
    label = f"Năm học {year.name} (TT 26/2012)"
    ctx.counts[f"{label}: kế hoạch"] = plans
    ctx.counts[f"{label}: điểm"] = len(rows)
    ctx.counts[f"{label}: kết quả"] = results
    ctx.counts[f"{label}: giấy chứng nhận"] = len(issued)
    ctx.counts[f"{label}: báo cáo"] = reports
    return year


def _send_the_reports_up(ctx, year, school_ids, deadlines, *, by):
    """The year's reports as they went up in 2019: each school's list, then each Phòng's and the Sở's sums, each
    built by ``reports.chain.build_snapshot`` from the accepted reports below it, submitted by its deadline and
    accepted by the unit above (the Sở's went to the Bộ). Written as rows dated then, without the notifications a
    submission sends today."""
    from accounts.models import MIDDLE_TIER_KINDS, OrgUnit
    from reports.chain import ACCEPTED_ACTION, SUBMITTED_ACTION, build_snapshot
    from reports.chain_selectors import report_kind_for
    from reports.models import ReportStatus, ReportTransition, UnitReport

    offices = OrgUnit.objects.filter(parent=ctx.department, kind__in=MIDDLE_TIER_KINDS, is_active=True)
    levels = [
        (OrgUnit.objects.filter(pk__in=school_ids).order_by("path"), DeadlineKind.SCHOOL_REPORT),
        (offices.order_by("path"), DeadlineKind.DISTRICT_REPORT),
        ([ctx.department], DeadlineKind.DEPARTMENT_REPORT),
    ]
    count = 0
    for units, kind in levels:
        submitted_at = _moment(deadlines[kind] - timedelta(days=1))
        decided_at = _moment(deadlines[kind] + timedelta(days=1))
        for unit in units:
            accepted = report_kind_for(unit) != DeadlineKind.DEPARTMENT_REPORT  # the Bộ is not in the application
            report = UnitReport.objects.create(
                year=year,
                unit=unit,
                kind=kind,
                status=ReportStatus.ACCEPTED if accepted else ReportStatus.SUBMITTED,
                snapshot=build_snapshot(unit=unit, year=year, allow_missing=True),
                version=1,
                due_date=deadlines[kind],
                submitted_at=submitted_at,
                submitted_by=by,
                decided_at=decided_at if accepted else None,
                decided_by=by if accepted else None,
            )
            steps = [(SUBMITTED_ACTION, "", ReportStatus.SUBMITTED, submitted_at, report.snapshot)]
            if accepted:
                steps.append((ACCEPTED_ACTION, ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, decided_at, None))
            ReportTransition.objects.bulk_create(
                ReportTransition(
                    report=report, action=action, from_status=old, to_status=new, by=by, at=at, snapshot=snapshot
                )
                for action, old, new, at, snapshot in steps
            )
            count += 1
    return count


def _confirm_printed_data(ctx, year, school_ids, *, at):
    """Everyone with a plan that year confirmed their printed data (needed before a certificate is issued)."""
    from accounts.models import User
    from plans.models import Plan

    planned = set(Plan.objects.filter(year=year).values_list("staff_id", flat=True))
    users = dict(User.objects.filter(staff_id__in=planned).values_list("staff_id", "pk"))
    checks = [
        PersonalDataCheck(
            staff=staff,
            year=year,
            status=CheckStatus.CONFIRMED,
            shown_full_name=staff.full_name,
            shown_birth_date=staff.birth_date,
            shown_birth_place=staff.birth_place,
            answered_at=at,
            answered_by_id=users.get(staff.pk),
        )
        for school_id in school_ids
        for staff in ctx.staff_by_school.get(school_id, [])
        if staff.pk in planned and staff.birth_date is not None and staff.birth_place
    ]
    PersonalDataCheck.objects.bulk_create(checks, batch_size=2000)
    events = [
        PersonalDataEvent(
            check_record_id=check_id,
            from_status=CheckStatus.PENDING,
            to_status=CheckStatus.CONFIRMED,
            by_id=users[staff_id],
            at=at,
        )
        for check_id, staff_id in PersonalDataCheck.objects.filter(year=year, staff_id__in=users).values_list(
            "pk", "staff_id"
        )
    ]
    PersonalDataEvent.objects.bulk_create(events)
