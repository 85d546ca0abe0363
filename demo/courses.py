"""Demo step for ``seed_demo``: the Sở's budget plan of training courses and one course per Phòng, with học viên.

The Sở's rows are the budget table of the HCM Sở GD&ĐT plan 2013–2015 (mục III.5).
"""

from django.utils import timezone

from accounts.models import Position, Role, User
from courses.models import Course, CourseAudience, CourseStatus, Enrollment, FundingSource

# (tên lớp, đối tượng, nguồn, số lớp, số người, kinh phí/người/khoá, trạng thái)
DEPARTMENT_COURSES = [
    (
        "Bồi dưỡng nâng cao năng lực kế toán đơn vị HCSN",
        CourseAudience.ACCOUNTANT,
        FundingSource.STATE,
        1,
        100,
        1_500_000,
        CourseStatus.FINISHED,
    ),
    (
        "Bồi dưỡng nâng cao năng lực quản lý tài chính, tài sản trong giáo dục",
        CourseAudience.PRINCIPAL,
        FundingSource.STATE,
        1,
        100,
        2_000_000,
        CourseStatus.FINISHED,
    ),
    (
        "Bồi dưỡng chuyên đề tư vấn học đường",
        CourseAudience.COUNSELLING,
        FundingSource.LOCAL,
        2,
        100,
        2_500_000,
        CourseStatus.ONGOING,
    ),
    (
        "Bồi dưỡng nhân viên văn thư hành chính trường học",
        CourseAudience.CLERK,
        FundingSource.LOCAL,
        1,
        100,
        1_300_000,
        CourseStatus.PLANNED,
    ),
    (
        "Bồi dưỡng nghiệp vụ thư viện",
        CourseAudience.LIBRARIAN,
        FundingSource.STATE,
        1,
        100,
        1_000_000,
        CourseStatus.PLANNED,
    ),
    (
        "Bồi dưỡng nghiệp vụ viên chức thiết bị trường học",
        CourseAudience.EQUIPMENT,
        FundingSource.STATE,
        1,
        100,
        1_200_000,
        CourseStatus.PLANNED,
    ),
    (
        "Bồi dưỡng công tác y tế học đường",
        CourseAudience.SCHOOL_HEALTH,
        FundingSource.SOCIAL,
        2,
        100,
        500_000,
        CourseStatus.PLANNED,
    ),
    (
        "Bồi dưỡng kỹ năng nghiệp vụ cho nhân viên bảo vệ",
        CourseAudience.GUARD,
        FundingSource.SOCIAL,
        1,
        100,
        1_500_000,
        CourseStatus.PLANNED,
    ),
    (
        "Bồi dưỡng công tác quản lý cho TTCM",
        CourseAudience.GROUP_HEAD,
        FundingSource.STATE,
        1,
        100,
        900_000,
        CourseStatus.FINISHED,
    ),
    (
        "Bồi dưỡng công tác chủ nhiệm",
        CourseAudience.HOMEROOM,
        FundingSource.LOCAL,
        1,
        100,
        1_000_000,
        CourseStatus.PLANNED,
    ),
    (
        "Bồi dưỡng Hiệu trưởng trường phổ thông",
        CourseAudience.PRINCIPAL,
        FundingSource.STATE,
        1,
        80,
        3_800_000,
        CourseStatus.ONGOING,
    ),
    (
        "Trung cấp lý luận chính trị - hành chính",
        CourseAudience.PRINCIPAL,
        FundingSource.LOCAL,
        1,
        80,
        7_000_000,
        CourseStatus.PLANNED,
    ),
]
DISTRICT_COURSE = (
    "Bồi dưỡng công tác quản lý cho tổ trưởng chuyên môn",
    CourseAudience.GROUP_HEAD,
    FundingSource.LOCAL,
    1,
    40,
    600_000,
)


def _officer(ctx, unit, role):
    return (
        User.objects.filter(role=role, unit=unit).order_by("pk").first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
    )


def step_courses(ctx):
    year = ctx.year
    so_officer = _officer(ctx, ctx.department, Role.DEPARTMENT_OFFICER)
    if so_officer is None:
        ctx.notes.append("Không có tài khoản để lập lớp bồi dưỡng mẫu; bỏ qua.")
        return
    courses = []
    for name, audience, funding, classes, people, cost, status in DEPARTMENT_COURSES:
        courses.append(
            Course(
                organiser=ctx.department,
                year=year,
                name=name,
                audience=audience,
                funding_source=funding,
                class_count=classes,
                planned_participants=people,
                cost_per_person=cost,
                status=status,
                created_by=so_officer,
            )
        )
    for district in ctx.districts:
        name, audience, funding, classes, people, cost = DISTRICT_COURSE
        courses.append(
            Course(
                organiser=district,
                year=year,
                name=name,
                audience=audience,
                funding_source=funding,
                class_count=classes,
                planned_participants=people,
                cost_per_person=cost,
                status=CourseStatus.ONGOING,
                created_by=_officer(ctx, district, Role.DISTRICT_OFFICER) or so_officer,
            )
        )
    Course.objects.bulk_create(courses)
    by_name = {course.name: course for course in courses if course.organiser_id == ctx.department.pk}

    members = [member for staff in ctx.staff_by_school.values() for member in staff if member.is_active]
    principals = [member for member in members if member.position == Position.PRINCIPAL]
    heads = [member for member in members if member.position == Position.GROUP_HEAD]
    now = timezone.now()
    enrollments = []

    def enrol(course, people, completed_share):
        for member in people[: course.planned_participants]:
            done = ctx.rng.random() < completed_share
            enrollments.append(
                Enrollment(
                    course=course,
                    staff=member,
                    enrolled_by=course.created_by,
                    completed=done,
                    completed_at=now if done else None,
                    completed_by=course.created_by if done else None,
                    result_note="Đạt" if done else "",
                )
            )

    enrol(by_name["Bồi dưỡng Hiệu trưởng trường phổ thông"], ctx.rng.sample(principals, len(principals)), 0)
    enrol(by_name["Bồi dưỡng công tác quản lý cho TTCM"], ctx.rng.sample(heads, len(heads)), 0.9)
    for course in courses:
        if course.organiser_id == ctx.department.pk:
            continue
        district_heads = [member for member in heads if member.unit.path.startswith(course.organiser.path)]
        enrol(course, ctx.rng.sample(district_heads, len(district_heads))[:30], 0)
    Enrollment.objects.bulk_create(enrollments, batch_size=500)
    ctx.counts["Lớp bồi dưỡng"] = len(courses)
    ctx.counts["Học viên lớp bồi dưỡng"] = len(enrollments)
