"""Object-level scoping cases: one per URL pattern that captures an object id (see tests/test_url_scoping.py).

``CASES["app:url_name"](world)`` builds an object of Sở A's tree (school A1, Phòng A or Sở A itself) and returns a
``Case``: the URL kwargs, the personas that must NOT get a 404 on GET (insiders) and the personas that MUST get a
404 on GET and on POST (outsiders, one at every level where meaningful), and the object whose row must not change
when an outsider POSTs.

Personas are the ``cast`` fixture's attribute names plus ``principal_a2`` (made here: the principal of school A2).
Personas whose role cannot use a view at all (a role check that runs before the object is looked up, answering
the same 403 for any id) are left out of that view's outsiders: such a 403 says nothing about the object.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Position, Role
from assessment.models import SchoolConfirmation, YearResult
from jobs.models import Job
from modules.models import Module, Topic
from plans.models import Plan, PlanItem, PlanStatus
from reports.models import Notification, ReportStatus, UnitReport
from study.models import Evidence, StudyLog, TrainingSession
from years.models import Deadline, DeadlineKind, DeadlineReopening, TrainingYear

from .factories import StaffFactory, UserFactory

BIRTH = datetime.date(1985, 3, 5)

# Outsiders of an object of school A1: the other school of Phòng A (teacher and principal), the other Phòng and
# its school, the THPT school directly under the Sở, and the other province.
A1_OUT = ["teacher_a2", "principal_a2", "phong_b_officer", "teacher_b1", "teacher_t1", "so_z_officer"]
A1_OFFICES_OUT = ["phong_b_officer", "so_z_officer"]
# The same without teachers, for views only school managers and offices may open (teachers get a 403 from a role
# check that runs before the object is looked up).
A1_MANAGERS_OUT = ["principal_a2", "phong_b_officer", "so_z_officer"]
# Outsiders of an object of Phòng A.
PHONG_A_OUT = ["phong_b_officer", "teacher_b1", "teacher_t1", "so_z_officer"]
# Outsiders of an object of Sở A.
SO_OUT = ["so_z_officer", "teacher_z1"]
SO_OFFICES_OUT = ["so_z_officer"]


@dataclass
class Case:
    kwargs: dict
    insiders: list
    outsiders: list
    obj: object = None  # the row an outsider's POST must leave unchanged
    xfail: dict = field(default_factory=dict)  # persona → reason (a known leak, strict xfail)


class World:
    """The cast plus the objects the cases point at, built on first use."""

    def __init__(self, cast):
        self.cast = cast

    def user(self, name):
        return getattr(self, name) if name == "principal_a2" else getattr(self.cast, name)

    @cached_property
    def principal_a2(self):
        staff = StaffFactory(unit=self.cast.school_a2, full_name="Ngô Thị Lan", position=Position.PRINCIPAL)
        return UserFactory(username="ht_a2", role=Role.SCHOOL_MANAGER, unit=self.cast.school_a2, staff=staff)

    # Years -----------------------------------------------------------------------------------------------------
    @cached_property
    def year(self):
        # Sở Z has its own year too, so its people reach the views instead of the no-year page.
        TrainingYear.objects.create(department=self.cast.so_z, start_year=2025, is_current=True)
        return TrainingYear.objects.create(department=self.cast.so, start_year=2025, is_current=True)

    @cached_property
    def th_modules(self):
        return [
            Module.objects.update_or_create(
                code=f"TH{n}", defaults={"level": "TH", "title": f"Mô đun tiểu học {n}", "hours": 15}
            )[0]
            for n in range(1, 5)
        ]

    # Plans -----------------------------------------------------------------------------------------------------
    def _plan(self, staff, status):
        plan = Plan.objects.create(year=self.year, staff=staff, school=staff.unit, status=status)
        PlanItem.objects.create(plan=plan, content=1, hours=30, order=0)
        PlanItem.objects.create(plan=plan, content=2, hours=30, order=0)
        for index, module in enumerate(self.th_modules):
            PlanItem.objects.create(plan=plan, content=3, module=module, hours=15, order=index)
        return plan

    @cached_property
    def approved_plan(self):
        """Teacher A1's approved plan."""
        return self._plan(self.cast.teacher_a1.staff, PlanStatus.APPROVED)

    @cached_property
    def submitted_plan(self):
        """The other group's teacher's plan, waiting for approval."""
        return self._plan(self.cast.teacher_a1_other_group.staff, PlanStatus.SUBMITTED)

    @cached_property
    def module_item(self):
        return self.approved_plan.items.filter(content=3).order_by("order").first()

    @cached_property
    def study_log(self):
        return StudyLog.objects.create(
            item=self.module_item, date=datetime.date(2025, 10, 1), hours=Decimal("2"), description="Đọc tài liệu"
        )

    @cached_property
    def evidence(self):
        return Evidence.objects.create(
            log=self.study_log,
            file=ContentFile(b"%PDF-1.4 minh chung", name="minh-chung.pdf"),
            original_name="minh-chung.pdf",
            content_type="application/pdf",
            size=19,
            uploaded_by=self.cast.teacher_a1,
        )

    @cached_property
    def session(self):
        return TrainingSession.objects.create(
            school=self.cast.school_a1,
            year=self.year,
            title="Sinh hoạt chuyên môn tổ 1-2-3",
            date=datetime.date(2025, 10, 5),
            hours=Decimal("3"),
            content=1,
            created_by=self.cast.principal_a1,
        )

    @cached_property
    def deadline(self):
        return Deadline.objects.create(
            year=self.year, kind=DeadlineKind.PLAN_SUBMIT, unit=self.cast.so, due_date=datetime.date(2025, 10, 15)
        )

    @cached_property
    def reopening(self):
        return DeadlineReopening.objects.create(
            deadline=self.deadline,
            school=self.cast.school_a1,
            until=datetime.date(2025, 10, 30),
            reason="Trường bị ngập lụt",
            granted_by=self.cast.so_officer,
        )

    # Modules ---------------------------------------------------------------------------------------------------
    @cached_property
    def local_module(self):
        return Module.objects.create(
            code="TH-DP1", level="TH", title="Giáo dục địa phương tỉnh A", hours=15, owner=self.cast.so, sequence=9000
        )

    @cached_property
    def phong_topic(self):
        return Topic.objects.create(
            year=self.year, publisher=self.cast.phong_a, content=2, level="TH", title="Chuyên đề của Phòng", hours=10
        )

    # Reports ---------------------------------------------------------------------------------------------------
    @cached_property
    def job(self):
        """The principal's finished job, its file on disk."""
        from jobs import jobs

        job = Job.objects.create(
            requester=self.cast.principal_a1,
            scope_unit=self.cast.school_a1,
            kind="certificates_school_pdf",
            status=Job.Status.SUCCEEDED,
            done=1,
            total=1,
            file_name="chung-nhan.pdf",
            content_type="application/pdf",
        )
        path = jobs.job_temp_path(job=job, suffix=".pdf")
        path.write_bytes(b"%PDF-1.4 chung nhan")
        job.file_path = str(path.relative_to(settings.PRIVATE_MEDIA_ROOT))
        job.save(update_fields=["file_path"])
        return job

    @cached_property
    def failed_job(self):
        return Job.objects.create(
            requester=self.cast.principal_a1,
            scope_unit=self.cast.school_a1,
            kind="certificates_school_pdf",
            status=Job.Status.FAILED,
        )

    @cached_property
    def running_job(self):
        return Job.objects.create(
            requester=self.cast.principal_a1,
            scope_unit=self.cast.school_a1,
            kind="certificates_school_pdf",
            status=Job.Status.PENDING,
        )

    @cached_property
    def unit_report(self):
        return UnitReport.objects.create(
            year=self.year,
            unit=self.cast.school_a1,
            kind=DeadlineKind.SCHOOL_REPORT,
            status=ReportStatus.SUBMITTED,
            version=1,
            submitted_at=timezone.now(),
            submitted_by=self.cast.principal_a1,
        )

    @cached_property
    def notification(self):
        return Notification.objects.create(user=self.cast.principal_a1, title="Nhắc hạn nộp báo cáo", url="/")

    # Results and certificates ----------------------------------------------------------------------------------
    def _result(self, staff, classification="KHA"):
        staff.birth_date, staff.birth_place = BIRTH, "Sơn La"
        staff.save()
        plan = Plan.objects.create(year=self.year, staff=staff, school=staff.unit, status=PlanStatus.APPROVED)
        return YearResult.objects.create(
            staff=staff,
            year=self.year,
            plan=plan,
            school=staff.unit,
            classification=classification,
            completed_hours=120,
            planned_hours=120,
            computed_at=timezone.now(),
        )

    @cached_property
    def certificate(self):
        """Teacher A1's certificate, issued by Phòng A after the school confirmed its results."""
        from certificates import services

        staff = self.cast.teacher_a1.staff
        self._result(staff)
        SchoolConfirmation.objects.create(
            school=self.cast.school_a1,
            year=self.year,
            is_locked=True,
            confirmed_by=self.cast.principal_a1,
            confirmed_at=timezone.now(),
        )
        services.personal_data_confirm(staff=staff, year=self.year, user=self.cast.teacher_a1)
        summary = services.certificates_issue(
            school=self.cast.school_a1,
            year=self.year,
            user=self.cast.phong_a_officer,
            issue_date=datetime.date(2026, 5, 25),
        )
        (certificate,) = summary.issued
        return certificate

    @cached_property
    def correction_request(self):
        """The group head of A1 asks for the name on the certificate to be corrected."""
        from certificates import services

        staff = self.cast.group_head_a1.staff
        staff.birth_date, staff.birth_place = BIRTH, "Sơn La"
        staff.save()
        return services.personal_data_request_correction(
            staff=staff,
            year=self.year,
            user=self.cast.group_head_a1,
            full_name="Phạm Văn Minh Anh",
            birth_date=BIRTH,
            birth_place="Sơn La",
            note="Theo giấy khai sinh",
        )

    # GDPT ------------------------------------------------------------------------------------------------------
    @cached_property
    def campaign(self):
        from gdpt import services
        from gdpt.models import Campaign

        self.year  # noqa: B018 — both departments have a year
        module = Module.objects.update_or_create(code="MĐ1", defaults={"level": "GDPT2018_MD"})[0]
        return Campaign.objects.create(
            department=self.cast.so,
            module=module,
            title="Rà soát kết quả bồi dưỡng mô đun 1",
            closing_date=services.today() + datetime.timedelta(days=10),
            created_by=self.cast.so_officer,
        )

    @cached_property
    def school_review(self):
        from gdpt.models import SchoolReview

        return SchoolReview.objects.create(campaign=self.campaign, school=self.cast.school_a1)

    # Core teachers ---------------------------------------------------------------------------------------------
    @cached_property
    def designation(self):
        """Teacher A1, core teacher of Toán, with a submitted support plan."""
        from coreteachers import services
        from coreteachers.models import Subject

        from .coreteachers.conftest import make_plan

        designation = services.designation_create(
            staff=self.cast.teacher_a1.staff, year=self.year, subject=Subject.TOAN, by=self.cast.principal_a1
        )
        plan = make_plan(designation, self.cast.teacher_a1, [self.cast.teacher_a1_other_group.staff])
        services.support_plan_submit(plan=plan, by=self.cast.teacher_a1)
        return designation

    @cached_property
    def reported_designation(self):
        """Teacher A1-other-group, core teacher of Tiếng Việt, with an approved plan and a draft report."""
        from coreteachers import services
        from coreteachers.models import Subject

        from .coreteachers.conftest import make_plan

        owner = self.cast.teacher_a1_other_group
        designation = services.designation_create(
            staff=owner.staff, year=self.year, subject=Subject.TIENG_VIET, by=self.cast.principal_a1
        )
        plan = make_plan(designation, owner, [self.cast.teacher_a1.staff])
        services.support_plan_submit(plan=plan, by=owner)
        services.support_plan_approve(plan=plan, by=self.cast.principal_a1)
        services.support_report_save(
            designation=designation, by=owner, summary="Đã dự giờ và góp ý.", sessions_held=3, colleagues_supported=1
        )
        return designation

    # Qualifications --------------------------------------------------------------------------------------------
    @cached_property
    def language_certificate(self):
        from qualifications import services

        self.year  # noqa: B018
        return services.certificate_add(
            staff=self.cast.teacher_a1.staff,
            user=self.cast.principal_a1,
            test="IELTS",
            scores={"score": "6"},
            issued_on=datetime.date(2024, 6, 1),
        )

    @cached_property
    def target(self):
        from qualifications import services

        return services.target_save(
            user=self.cast.so_officer, year=self.year, indicator="MASTER", target_percent=Decimal("10")
        )

    # Courses ---------------------------------------------------------------------------------------------------
    @cached_property
    def course(self):
        """A course organised by Phòng A."""
        from courses import services
        from courses.models import CourseAudience, CourseStatus, FundingSource

        return services.course_create(
            organiser=self.cast.phong_a,
            year=self.year,
            by=self.cast.phong_a_officer,
            name="Bồi dưỡng nghiệp vụ thư viện",
            audience=CourseAudience.LIBRARIAN,
            funding_source=FundingSource.STATE,
            class_count=1,
            planned_participants=100,
            cost_per_person=1_000_000,
            status=CourseStatus.PLANNED,
        )

    @cached_property
    def enrollment(self):
        from courses import services

        services.enrollment_add(
            course=self.course, staff_ids=[self.cast.teacher_a1.staff.pk], by=self.cast.phong_a_officer
        )
        return self.course.enrollments.get()


def _case(kwargs, insiders, outsiders, obj=None, **xfail):
    return Case(kwargs=kwargs, insiders=list(insiders), outsiders=list(outsiders), obj=obj, xfail=xfail)


def _a1_staff(w):
    return w.cast.teacher_a1.staff


CASES = {
    # accounts ------------------------------------------------------------------------------------------------
    "accounts:staff_detail": lambda w: _case(
        {"pk": _a1_staff(w).pk}, ["teacher_a1", "principal_a1", "phong_a_officer", "so_officer"], A1_OUT, _a1_staff(w)
    ),
    "accounts:staff_edit": lambda w: _case(
        {"pk": _a1_staff(w).pk}, ["principal_a1", "phong_a_officer"], A1_OUT, _a1_staff(w)
    ),
    "accounts:unit_detail": lambda w: _case(
        {"pk": w.cast.school_a1.pk}, ["principal_a1", "phong_a_officer", "so_officer"], A1_OUT, w.cast.school_a1
    ),
    # Sắp xếp lại đơn vị: the Sở officer's (a middle-tier officer inside gets a 403, never the unit's data).
    "accounts:unit_move": lambda w: _case({"pk": w.cast.school_a1.pk}, ["so_officer"], A1_OUT, w.cast.school_a1),
    "accounts:unit_rename": lambda w: _case({"pk": w.cast.school_a1.pk}, ["so_officer"], A1_OUT, w.cast.school_a1),
    "accounts:unit_merge": lambda w: _case({"pk": w.cast.school_a1.pk}, ["so_officer"], A1_OUT, w.cast.school_a1),
    "accounts:unit_dissolve": lambda w: _case({"pk": w.cast.phong_a.pk}, ["so_officer"], PHONG_A_OUT, w.cast.phong_a),
    "accounts:unit_levels": lambda w: _case({"pk": w.cast.so.pk}, ["so_officer"], SO_OUT, w.cast.so),
    # audit ---------------------------------------------------------------------------------------------------
    "audit:person_timeline": lambda w: _case(
        {"pk": _a1_staff(w).pk},
        ["teacher_a1", "principal_a1", "phong_a_officer", "so_officer"],
        A1_OUT + ["teacher_a1_other_group"],
        _a1_staff(w),
    ),
    "audit:unit_timeline": lambda w: _case(
        {"pk": w.cast.school_a1.pk},
        ["principal_a1", "phong_a_officer", "so_officer"],
        A1_MANAGERS_OUT,
        w.cast.school_a1,
    ),
    # modules -------------------------------------------------------------------------------------------------
    "modules:module_edit": lambda w: _case({"pk": w.local_module.pk}, ["so_officer"], SO_OUT, w.local_module),
    "modules:module_retire": lambda w: _case({"pk": w.local_module.pk}, ["so_officer"], SO_OUT, w.local_module),
    "modules:module_restore": lambda w: _case({"pk": w.local_module.pk}, ["so_officer"], SO_OUT, w.local_module),
    "modules:topic_create": lambda w: _case({"year_id": w.year.pk}, ["so_officer", "phong_a_officer"], SO_OUT, w.year),
    "modules:topic_edit": lambda w: _case({"pk": w.phong_topic.pk}, ["phong_a_officer"], PHONG_A_OUT, w.phong_topic),
    "modules:topic_delete": lambda w: _case({"pk": w.phong_topic.pk}, ["phong_a_officer"], PHONG_A_OUT, w.phong_topic),
    # plans ---------------------------------------------------------------------------------------------------
    "plans:plan_detail": lambda w: _case(
        {"pk": w.approved_plan.pk},
        ["teacher_a1", "group_head_a1", "principal_a1", "phong_a_officer"],
        A1_OUT + ["teacher_a1_other_group"],
        w.approved_plan,
    ),
    "plans:plan_decide": lambda w: _case(
        {"pk": w.submitted_plan.pk, "action": "approve"}, ["principal_a1"], A1_OUT + ["teacher_a1"], w.submitted_plan
    ),
    # The personal plan printed (PDF, Word): whoever may open the plan's page.
    "plans:plan_document": lambda w: _case(
        {"pk": w.approved_plan.pk, "fmt": "pdf"},
        ["teacher_a1", "group_head_a1", "principal_a1", "phong_a_officer"],
        A1_OUT + ["teacher_a1_other_group"],
        w.approved_plan,
    ),
    "years:year_detail": lambda w: _case({"pk": w.year.pk}, ["so_officer"], SO_OUT, w.year),
    "reports:plan_letter": lambda w: _case({"year_pk": w.year.pk}, ["so_officer"], SO_OUT, w.year),
    "years:year_edit": lambda w: _case({"pk": w.year.pk}, ["so_officer"], SO_OUT, w.year),
    "years:year_set_current": lambda w: _case({"pk": w.year.pk}, ["so_officer"], SO_OUT, w.year),
    "years:deadline_edit": lambda w: _case({"pk": w.year.pk}, ["so_officer"], SO_OUT, w.deadline),
    "years:deadline_reopen": lambda w: _case(
        {"pk": w.year.pk, "deadline_pk": w.deadline.pk}, ["so_officer"], SO_OUT, w.deadline
    ),
    "years:deadline_reopening_cancel": lambda w: _case(
        {"pk": w.year.pk, "reopening_pk": w.reopening.pk}, ["so_officer"], SO_OUT, w.reopening
    ),
    "years:evaluation_open_early": lambda w: _case(
        {"pk": w.year.pk, "unit_pk": w.cast.school_a1.pk}, ["phong_a_officer", "so_officer"], A1_OUT, w.year
    ),
    "years:evaluation_early_cancel": lambda w: _case(
        {"pk": w.year.pk, "unit_pk": w.cast.school_a1.pk}, ["phong_a_officer", "so_officer"], A1_OUT, w.year
    ),
    "plans:plan_dashboard_unit": lambda w: _case(
        {"unit_pk": w.cast.phong_a.pk}, ["phong_a_officer", "so_officer"], A1_OFFICES_OUT, w.cast.phong_a
    ),
    "study:study_log_add": lambda w: _case(
        {"item_pk": w.module_item.pk}, ["teacher_a1"], A1_OUT + ["teacher_a1_other_group"], w.module_item
    ),
    "study:study_log_detail": lambda w: _case(
        {"pk": w.study_log.pk}, ["teacher_a1", "principal_a1"], A1_OUT + ["teacher_a1_other_group"], w.study_log
    ),
    "study:study_log_delete": lambda w: _case(
        {"pk": w.study_log.pk}, ["teacher_a1"], A1_OUT + ["teacher_a1_other_group"], w.study_log
    ),
    "study:evidence_add": lambda w: _case(
        {"pk": w.study_log.pk}, ["teacher_a1"], A1_OUT + ["teacher_a1_other_group"], w.study_log
    ),
    "study:evidence_download": lambda w: _case(
        {"pk": w.evidence.pk}, ["teacher_a1", "principal_a1"], A1_OUT + ["teacher_a1_other_group"], w.evidence
    ),
    "study:evidence_delete": lambda w: _case(
        {"pk": w.evidence.pk}, ["teacher_a1"], A1_OUT + ["teacher_a1_other_group"], w.evidence
    ),
    "study:session_edit": lambda w: _case({"pk": w.session.pk}, ["principal_a1"], A1_OUT, w.session),
    # assessment ----------------------------------------------------------------------------------------------
    "assessment:score_preview": lambda w: _case(
        {"plan_id": w.approved_plan.pk}, ["principal_a1"], A1_OUT + ["teacher_a1_other_group"], w.approved_plan
    ),
    "assessment:plan_history": lambda w: _case(
        {"plan_id": w.approved_plan.pk},
        ["principal_a1"],
        A1_OUT + ["teacher_a1_other_group"],
        w.approved_plan,
    ),
    "assessment:confirmation_detail": lambda w: _case(
        {"school_id": w.cast.school_a1.pk}, ["principal_a1", "phong_a_officer"], A1_OUT, w.cast.school_a1
    ),
    "assessment:results_confirm": lambda w: _case(
        {"school_id": w.cast.school_a1.pk}, ["principal_a1"], A1_OUT, w.cast.school_a1
    ),
    "assessment:results_reopen": lambda w: _case(
        {"school_id": w.cast.school_a1.pk}, ["phong_a_officer"], A1_OUT, w.cast.school_a1
    ),
    "assessment:managers_confirm": lambda w: _case(
        {"school_id": w.cast.school_a1.pk}, ["phong_a_officer"], A1_OUT, w.cast.school_a1
    ),
    "assessment:managers_reopen": lambda w: _case(
        {"school_id": w.cast.school_a1.pk}, ["phong_a_officer"], A1_OUT, w.cast.school_a1
    ),
    # reports -------------------------------------------------------------------------------------------------
    "jobs:job_detail": lambda w: _case(
        {"pk": w.job.pk}, ["principal_a1"], A1_OUT + ["teacher_a1", "phong_a_officer"], w.job
    ),
    "jobs:job_progress": lambda w: _case(
        {"pk": w.job.pk}, ["principal_a1"], A1_OUT + ["teacher_a1", "phong_a_officer"], w.job
    ),
    "jobs:job_download": lambda w: _case(
        {"pk": w.job.pk}, ["principal_a1"], A1_OUT + ["teacher_a1", "phong_a_officer"], w.job
    ),
    "jobs:job_retry": lambda w: _case(
        {"pk": w.failed_job.pk}, ["principal_a1"], A1_OUT + ["teacher_a1", "phong_a_officer"], w.failed_job
    ),
    "jobs:job_cancel": lambda w: _case(
        {"pk": w.running_job.pk}, ["principal_a1"], A1_OUT + ["teacher_a1", "phong_a_officer"], w.running_job
    ),
    "reports:chain_unit": lambda w: _case(
        {"unit_id": w.cast.school_a1.pk}, ["principal_a1", "phong_a_officer"], A1_MANAGERS_OUT, w.cast.school_a1
    ),
    "reports:chain_submit": lambda w: _case(
        {"unit_id": w.cast.school_a1.pk}, ["principal_a1"], A1_MANAGERS_OUT, w.cast.school_a1
    ),
    "people:unit_edit": lambda w: _case(
        {"pk": w.cast.school_a1.pk}, ["phong_a_officer", "so_officer"], A1_OFFICES_OUT, w.cast.school_a1
    ),
    "people:password_reset_for": lambda w: _case(
        {"pk": w.cast.teacher_a1.pk}, ["principal_a1"], A1_OUT, w.cast.teacher_a1
    ),
    "reports:chain_people": lambda w: _case(
        {"unit_id": w.cast.school_a1.pk}, ["principal_a1", "phong_a_officer"], A1_MANAGERS_OUT, w.cast.school_a1
    ),
    "reports:chain_accept": lambda w: _case(
        {"pk": w.unit_report.pk}, ["phong_a_officer"], A1_MANAGERS_OUT, w.unit_report
    ),
    "reports:chain_return": lambda w: _case(
        {"pk": w.unit_report.pk}, ["phong_a_officer"], A1_MANAGERS_OUT, w.unit_report
    ),
    "reports:notification_open": lambda w: _case(
        {"pk": w.notification.pk}, ["principal_a1"], A1_OUT + ["teacher_a1", "phong_a_officer"], w.notification
    ),
    "results:results_unit": lambda w: _case(
        {"unit_pk": w.cast.school_a1.pk}, ["principal_a1", "phong_a_officer"], A1_MANAGERS_OUT, w.cast.school_a1
    ),
    "results:results_not_completed": lambda w: _case(
        {"unit_pk": w.cast.school_a1.pk}, ["principal_a1", "phong_a_officer"], A1_MANAGERS_OUT, w.cast.school_a1
    ),
    "results:results_people": lambda w: _case(
        {"unit_pk": w.cast.school_a1.pk}, ["principal_a1", "phong_a_officer"], A1_MANAGERS_OUT, w.cast.school_a1
    ),
    # certificates --------------------------------------------------------------------------------------------
    "certificates:school_detail": lambda w: _case(
        {"school_id": w.cast.school_a1.pk}, ["principal_a1", "phong_a_officer"], A1_OUT, w.cast.school_a1
    ),
    "certificates:school_issue": lambda w: _case(
        {"school_id": w.cast.school_a1.pk}, ["phong_a_officer"], A1_OUT, w.cast.school_a1
    ),
    "certificates:school_pdf": lambda w: _case(
        {"school_id": w.cast.school_a1.pk}, ["phong_a_officer"], A1_OUT, w.cast.school_a1
    ),
    "certificates:school_confirm_for": lambda w: _case(
        {"school_id": w.cast.school_a1.pk, "staff_id": _a1_staff(w).pk}, ["principal_a1"], A1_OUT, _a1_staff(w)
    ),
    "certificates:certificate_detail": lambda w: _case(
        {"pk": w.certificate.pk}, ["teacher_a1", "principal_a1", "phong_a_officer"], A1_OUT, w.certificate
    ),
    "certificates:certificate_pdf": lambda w: _case(
        {"pk": w.certificate.pk}, ["teacher_a1", "principal_a1", "phong_a_officer"], A1_OUT, w.certificate
    ),
    "certificates:certificate_correct": lambda w: _case(
        {"pk": w.certificate.pk}, ["phong_a_officer"], A1_OUT, w.certificate
    ),
    "certificates:correction_apply": lambda w: _case(
        {"pk": w.correction_request.pk}, ["principal_a1"], A1_OUT, w.correction_request
    ),
    "certificates:correction_reject": lambda w: _case(
        {"pk": w.correction_request.pk}, ["principal_a1"], A1_OUT, w.correction_request
    ),
    # gdpt ----------------------------------------------------------------------------------------------------
    "gdpt:campaign_detail": lambda w: _case(
        {"pk": w.campaign.pk}, ["so_officer", "principal_a1"], SO_OFFICES_OUT, w.campaign
    ),
    "gdpt:campaign_edit": lambda w: _case({"pk": w.campaign.pk}, ["so_officer"], SO_OFFICES_OUT, w.campaign),
    "gdpt:campaign_export": lambda w: _case(
        {"pk": w.campaign.pk, "kind": "gdpt_not_completed"}, ["so_officer"], SO_OFFICES_OUT, w.campaign
    ),
    "gdpt:review_detail": lambda w: _case(
        {"pk": w.campaign.pk, "school_id": w.cast.school_a1.pk},
        ["principal_a1", "phong_a_officer"],
        A1_MANAGERS_OUT,
        w.school_review,
    ),
    "gdpt:review_submit": lambda w: _case(
        {"pk": w.campaign.pk, "school_id": w.cast.school_a1.pk}, ["principal_a1"], A1_MANAGERS_OUT, w.school_review
    ),
    "gdpt:review_reopen": lambda w: _case(
        {"pk": w.campaign.pk, "school_id": w.cast.school_a1.pk}, ["phong_a_officer"], A1_MANAGERS_OUT, w.school_review
    ),
    "gdpt:review_entry": lambda w: _case(
        {"pk": w.campaign.pk, "school_id": w.cast.school_a1.pk, "staff_id": _a1_staff(w).pk},
        ["principal_a1"],
        A1_MANAGERS_OUT,
        w.school_review,
    ),
    # core teachers -------------------------------------------------------------------------------------------
    "coreteachers:designation_detail": lambda w: _case(
        {"pk": w.designation.pk}, ["teacher_a1", "principal_a1", "phong_a_officer"], A1_OUT, w.designation
    ),
    "coreteachers:designation_revoke": lambda w: _case(
        {"pk": w.designation.pk}, ["principal_a1"], A1_OUT, w.designation
    ),
    "coreteachers:plan_detail": lambda w: _case(
        {"pk": w.designation.pk}, ["teacher_a1", "principal_a1"], A1_OUT, w.designation.support_plan
    ),
    "coreteachers:plan_edit": lambda w: _case(
        {"pk": w.designation.pk}, ["teacher_a1"], A1_OUT, w.designation.support_plan
    ),
    "coreteachers:plan_action": lambda w: _case(
        {"pk": w.designation.pk, "action": "approve"}, ["principal_a1"], A1_OUT, w.designation.support_plan
    ),
    "coreteachers:report_detail": lambda w: _case(
        {"pk": w.reported_designation.pk},
        ["teacher_a1_other_group", "principal_a1"],
        A1_OUT,
        w.reported_designation.support_report,
    ),
    "coreteachers:report_edit": lambda w: _case(
        {"pk": w.reported_designation.pk},
        ["teacher_a1_other_group"],
        A1_OUT,
        w.reported_designation.support_report,
    ),
    "coreteachers:report_action": lambda w: _case(
        {"pk": w.reported_designation.pk, "action": "submit"},
        ["teacher_a1_other_group"],
        A1_OUT,
        w.reported_designation.support_report,
    ),
    # qualifications ------------------------------------------------------------------------------------------
    "qualifications:staff_detail": lambda w: _case(
        {"pk": _a1_staff(w).pk}, ["teacher_a1", "principal_a1", "phong_a_officer"], A1_OUT, _a1_staff(w)
    ),
    "qualifications:qualification_edit": lambda w: _case(
        {"pk": _a1_staff(w).pk}, ["principal_a1", "phong_a_officer"], A1_OUT, _a1_staff(w)
    ),
    "qualifications:certificate_add": lambda w: _case(
        {"pk": _a1_staff(w).pk}, ["principal_a1", "phong_a_officer"], A1_OUT, _a1_staff(w)
    ),
    "qualifications:certificate_delete": lambda w: _case(
        {"pk": w.language_certificate.pk}, ["principal_a1"], A1_OUT, w.language_certificate
    ),
    "qualifications:dashboard_unit": lambda w: _case(
        {"unit_pk": w.cast.school_a1.pk}, ["phong_a_officer", "so_officer"], A1_OFFICES_OUT, w.cast.school_a1
    ),
    "qualifications:target_edit": lambda w: _case({"pk": w.target.pk}, ["so_officer"], SO_OUT, w.target),
    "qualifications:target_delete": lambda w: _case({"pk": w.target.pk}, ["so_officer"], SO_OUT, w.target),
    # courses -------------------------------------------------------------------------------------------------
    "courses:course_detail": lambda w: _case({"pk": w.course.pk}, ["phong_a_officer"], PHONG_A_OUT, w.course),
    "courses:course_edit": lambda w: _case({"pk": w.course.pk}, ["phong_a_officer"], PHONG_A_OUT, w.course),
    "courses:course_delete": lambda w: _case({"pk": w.course.pk}, ["phong_a_officer"], PHONG_A_OUT, w.course),
    "courses:enroll": lambda w: _case({"pk": w.course.pk}, ["phong_a_officer"], PHONG_A_OUT, w.course),
    "courses:enrollment_action": lambda w: _case({"pk": w.course.pk}, ["phong_a_officer"], PHONG_A_OUT, w.enrollment),
    "courses:enrollment_edit": lambda w: _case(
        {"pk": w.course.pk, "enrollment_pk": w.enrollment.pk}, ["phong_a_officer"], PHONG_A_OUT, w.enrollment
    ),
}

# URL patterns with a captured value that are deliberately not scoped by object, each with its reason.
EXEMPT = {
    "password_reset_confirm": "Django's password reset: uidb64/token are a signed one-time link, not a scoped object",
    "certificates:verify": "public verification page of a printed certificate, reached by its unguessable QR token",
    "plans:plan_owner_action": "<action> is a verb (submit/withdraw) on the user's own plan, not an object id",
    "plans:school_plan_document": "<fmt> is the file format (pdf/docx) of the user's own school's plan, no object id",
    "assessment:group_minutes": "<fmt> is the file format (pdf/docx) of the minutes of the grid the user sees (own "
    "school, own or chosen group; a group outside it is a 404: tests/assessment/test_documents.py), no object id",
    "accounts:letterhead_sample": "<fmt> is the file format (pdf/docx) of a sample of the user's own unit's heading",
    "reports:ministry_document": "<fmt> is the file format (pdf/docx); the year comes in the query and is scoped",
}

# Issue 19, official documents: certificates (the personal-data check sheets) and results (the school's report).
CASES["certificates:school_data_list"] = lambda w: _case(
    {"school_id": w.cast.school_a1.pk, "fmt": "pdf"}, ["principal_a1", "phong_a_officer"], A1_OUT, w.cast.school_a1
)
CASES["certificates:school_data_sheet"] = lambda w: _case(
    {"school_id": w.cast.school_a1.pk, "staff_id": _a1_staff(w).pk, "fmt": "pdf"},
    ["principal_a1", "phong_a_officer"],
    A1_OUT,
    _a1_staff(w),
)
CASES["results:results_school_report"] = lambda w: _case(
    {"unit_pk": w.cast.school_a1.pk, "fmt": "pdf"},
    ["principal_a1", "phong_a_officer"],
    A1_MANAGERS_OUT,
    w.cast.school_a1,
)
EXEMPT["certificates:my_data_sheet"] = "<fmt> is the file format of the user's own sheet (no object id: own staff only)"

# Issue 20, uploads a phone can do: a photo or a PDF of the evidence shown in the browser, to whoever may download it.
CASES["study:evidence_preview"] = lambda w: _case(
    {"pk": w.evidence.pk}, ["teacher_a1", "principal_a1"], A1_OUT + ["teacher_a1_other_group"], w.evidence
)
EXEMPT["help_role"] = "<role> is the slug of a role's help page (giao-vien, so …); the pages hold no record of anyone"
