"""Demo step for ``seed_demo``: core teachers of the current year with their support plans and reports.

Staff the staff step marked ``is_core_teacher`` get a designation for the subject of their group; their plans and
reports come in a realistic mix of states. The demo teacher ``giaovien`` is designated by ``hieutruong`` with
nothing written yet, so a visitor can go round the whole loop.
"""

from django.utils import timezone

from accounts.models import Level, Staff
from core.vietnamese import fold
from coreteachers.models import Designation, Status, Subject, SupportPlan, SupportReport, Transition

# Words of a subject group's name (without diacritics) → the subject its core teacher leads.
GROUP_SUBJECTS = [
    ("toan", Subject.TOAN),
    ("ngu van", Subject.NGU_VAN),
    ("ngoai ngu", Subject.NGOAI_NGU),
    ("khoa hoc tu nhien", Subject.KHTN),
    ("khoa hoc xa hoi", Subject.LICH_SU_DIA_LI),
    ("nghe thuat", Subject.AM_NHAC),
]
PRIMARY_SUBJECTS = [Subject.TOAN, Subject.TIENG_VIET, Subject.TIENG_VIET, Subject.NGOAI_NGU, Subject.TU_NHIEN_XA_HOI]
# Share of core teachers by where their plan and report stand: (plan status or None, report status or None).
STATE_MIX = [
    ((None, None), 15),
    ((Status.DRAFT, None), 10),
    ((Status.SUBMITTED, None), 20),
    ((Status.APPROVED, None), 25),
    ((Status.APPROVED, Status.SUBMITTED), 15),
    ((Status.APPROVED, Status.APPROVED), 15),
]
ACTIVITIES = "\n".join(
    [
        "Dự giờ, góp ý tiết dạy của đồng nghiệp",
        "Sinh hoạt chuyên môn theo nghiên cứu bài học",
        "Tư vấn xây dựng kế hoạch bài dạy",
    ]
)


def _subject(member, rng):
    if member.is_manager:
        return Subject.QUAN_LY
    if member.level == Level.MN:
        return Subject.MAM_NON
    if member.level == Level.TH:
        return rng.choice(PRIMARY_SUBJECTS)
    folded = fold(member.subject_group)
    for words, subject in GROUP_SUBJECTS:
        if words in folded:
            return subject
    return Subject.OTHER


def step_core_teachers(ctx):
    rng = ctx.rng
    year = ctx.year
    designator = ctx.users.get("so") or ctx.users.get("admin")
    principal = ctx.users.get("hieutruong")
    demo_teacher = ctx.users.get("giaovien")
    if designator is None:
        return
    now = timezone.now()
    states = [state for state, _share in STATE_MIX]
    weights = [share for _state, share in STATE_MIX]
    designations, chosen = [], []
    schools = {school.pk: school for school, _kind in ctx.schools}
    for school_id, members in ctx.staff_by_school.items():
        for member in members:
            if not member.is_core_teacher or not member.is_active:
                continue
            if demo_teacher is not None and member.pk == demo_teacher.staff_id:
                continue
            designations.append(
                Designation(
                    year=year,
                    staff=member,
                    school=schools[school_id],
                    subject=_subject(member, rng),
                    level=member.level,
                    decision=f"{rng.randint(10, 250)}/QĐ-SGDĐT",
                    designated_by=designator,
                    designated_at=now,
                )
            )
            chosen.append(rng.choices(states, weights)[0])
    if demo_teacher is not None and demo_teacher.staff_id and principal is not None:
        staff = demo_teacher.staff
        designations.append(
            Designation(
                year=year,
                staff=staff,
                school_id=staff.unit_id,
                subject=_subject(staff, rng),
                level=staff.level,
                designated_by=principal,
                designated_at=now,
            )
        )
        chosen.append((None, None))
        Staff.objects.filter(pk=staff.pk).update(is_core_teacher=True)
    Designation.objects.bulk_create(designations, batch_size=2000)

    approver = principal or designator
    plans, reports, transitions = [], [], []
    for designation, (plan_status, report_status) in zip(designations, chosen, strict=True):
        if plan_status is None:
            continue
        plans.append(
            SupportPlan(
                designation=designation,
                status=plan_status,
                goals=f"Hỗ trợ đồng nghiệp {designation.staff.subject_group or ''} nâng cao chất lượng dạy học.",
                activities=ACTIVITIES,
                schedule="Tháng 10 – tháng 4, chiều thứ Năm",
                other_targets=designation.staff.subject_group,
                submitted_at=now if plan_status != Status.DRAFT else None,
                decided_at=now if plan_status == Status.APPROVED else None,
                decided_by=approver if plan_status == Status.APPROVED else None,
            )
        )
        transitions.extend(_transitions(designation, Transition.Kind.PLAN, plan_status, approver))
        if report_status is not None:
            reports.append(
                SupportReport(
                    designation=designation,
                    status=report_status,
                    summary="Đã dự giờ, góp ý và tổ chức chuyên đề theo kế hoạch.",
                    sessions_held=rng.randint(3, 10),
                    colleagues_supported=rng.randint(2, 8),
                    evidence="Biên bản sinh hoạt tổ chuyên môn",
                    submitted_at=now,
                    decided_at=now if report_status == Status.APPROVED else None,
                    decided_by=approver if report_status == Status.APPROVED else None,
                )
            )
            transitions.extend(_transitions(designation, Transition.Kind.REPORT, report_status, approver))
    SupportPlan.objects.bulk_create(plans, batch_size=2000)
    SupportReport.objects.bulk_create(reports, batch_size=2000)
    Transition.objects.bulk_create(transitions, batch_size=5000)
    ctx.counts["Giáo viên cốt cán"] = len(designations)
    ctx.counts["Kế hoạch hỗ trợ đồng nghiệp"] = len(plans)


def _transitions(designation, kind, status, approver):
    """The recorded steps that lead to ``status`` (the teacher's account may not exist: the approver records)."""
    steps = [("created", Status.DRAFT, Status.DRAFT)]
    if status in (Status.SUBMITTED, Status.APPROVED):
        steps.append(("submitted", Status.DRAFT, Status.SUBMITTED))
    if status == Status.APPROVED:
        steps.append(("approved", Status.SUBMITTED, Status.APPROVED))
    return [
        Transition(designation=designation, kind=kind, from_status=old, to_status=new, action=action, by=approver)
        for action, old, new in steps
    ]
