"""seed_demo: the demo province, its accounts, and the --if-empty / --reset guards."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.letterheads import letterhead_save
from accounts.models import (
    DISTRICT_LEVELS,
    Gender,
    OrgUnit,
    Position,
    Role,
    Staff,
    SupportContact,
    UnitLetterhead,
    User,
)
from demo import province as demo
from demo.province import DEMO_PASSWORD
from years.models import Deadline, DeadlineKind, TrainingYear

pytestmark = pytest.mark.django_db


def _seed(*args):
    out = StringIO()
    call_command("seed_demo", "--size", "small", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded():
    _seed()
    return OrgUnit.objects.get(kind=OrgUnit.Kind.DEPARTMENT)


def test_tree_shape(seeded):
    so = seeded
    K = OrgUnit.Kind
    ministry = OrgUnit.objects.get(kind=K.MINISTRY)
    assert so.parent == ministry
    assert ministry.depth == 0
    # 2018's two Phòng are dissolved (kept, inactive, with no school left); the communes of 2025 took their schools.
    phongs = list(OrgUnit.objects.filter(kind=K.DISTRICT))
    assert len(phongs) == 2
    assert all(phong.parent == so and not phong.is_active and not phong.children.exists() for phong in phongs)
    communes = list(OrgUnit.objects.filter(kind=K.COMMUNE))
    assert communes and all(commune.parent == so and commune.is_active for commune in communes)
    schools = list(OrgUnit.objects.filter(kind=K.SCHOOL).select_related("parent"))
    assert len(schools) == 12
    for unit in OrgUnit.objects.select_related("parent"):
        expected = (unit.parent.path if unit.parent else "") + f"{unit.pk:06d}/"
        assert unit.path == expected
        assert unit.depth == (unit.parent.depth + 1 if unit.parent else 0)
    for school in schools:
        assert school.path.startswith(so.path)
        levels = set(school.level_list)
        assert levels
        if levels <= DISTRICT_LEVELS:
            assert school.parent.kind == K.COMMUNE, school.name
            assert school.name.split()[-1] in school.parent.name, "a school sits under the commune it stands in"
        else:
            assert school.parent == so, school.name
    seen_levels = {level for school in schools for level in school.level_list}
    assert seen_levels == {"MN", "TH", "THCS", "THPT", "GDTX"}
    assert any(len(school.level_list) > 1 for school in schools), "a multi-level TH&THCS school"


def test_staff_match_their_school(seeded):
    total = Staff.objects.count()
    assert 200 <= total <= 400
    for school in OrgUnit.objects.filter(kind=OrgUnit.Kind.SCHOOL):
        staff = list(school.staff.all())
        assert staff, school.name
        assert {member.level for member in staff} == set(school.level_list), school.name
        heads = [m for m in staff if m.position in (Position.PRINCIPAL, Position.DIRECTOR)]
        deputies = [m for m in staff if m.position in (Position.DEPUTY_PRINCIPAL, Position.DEPUTY_DIRECTOR)]
        assert len(heads) == 1 and 1 <= len(deputies) <= 2, school.name
        groups = {m.subject_group for m in staff if m.position == Position.TEACHER}
        group_heads = [m.subject_group for m in staff if m.position == Position.GROUP_HEAD]
        assert sorted(group_heads) == sorted(set(group_heads)), "one TTCM per group"
        assert groups <= set(group_heads), school.name
    # Names are split and indexed like any saved record, and "Thị" / "Văn" agree with the gender.
    for member in Staff.objects.all():
        assert member.search_text and member.sort_key and member.given_name
        if member.middle_name.split()[:1] == ["Thị"]:
            assert member.gender == Gender.FEMALE
        if member.middle_name == "Văn":
            assert member.gender == Gender.MALE
    assert Staff.objects.filter(is_core_teacher=True).exists()
    assert Staff.objects.filter(family_name="Nguyễn").count() > Staff.objects.filter(family_name="Trần").count()


def test_demo_accounts(seeded):
    so = seeded
    named = {"admin", "so", "xa", "hieutruong", "totruong", "giaovien"}
    users = {user.username: user for user in User.objects.select_related("unit", "staff")}
    assert named <= set(users)
    for user in users.values():
        assert user.check_password(DEMO_PASSWORD) and user.is_active
    # Every other account is a staff member's own, named by the staff code (people.onboarding.username_for).
    others = [user for name, user in users.items() if name not in named]
    assert others and all(user.staff_id and user.username == user.staff.code.lower() for user in others)
    active = Staff.objects.filter(is_active=True, unit__kind=OrgUnit.Kind.SCHOOL)
    assert active.filter(user__isnull=True).count() == 0

    assert users["admin"].is_superuser and users["admin"].role == Role.ADMIN
    assert users["so"].role == Role.DEPARTMENT_OFFICER and users["so"].unit == so

    # The commune officer: the People's Committee the demo school has sat under since 1/7/2025.
    commune = users["xa"].unit
    assert users["xa"].role == Role.DISTRICT_OFFICER
    assert commune.kind == OrgUnit.Kind.COMMUNE and commune.parent == so and commune.name.startswith("UBND ")

    principal = users["hieutruong"]
    school = principal.unit
    assert principal.role == Role.SCHOOL_MANAGER
    assert school.parent == commune and school.level_list == ["TH"]
    assert principal.staff.unit == school and principal.staff.position == Position.PRINCIPAL

    head, teacher = users["totruong"], users["giaovien"]
    assert head.role == Role.GROUP_HEAD and head.unit == school
    assert head.staff.unit == school and head.staff.position == Position.GROUP_HEAD
    assert teacher.role == Role.TEACHER and teacher.unit == school
    assert teacher.staff.unit == school and teacher.staff.position == Position.TEACHER
    assert teacher.staff.subject_group == head.staff.subject_group != ""


def test_training_year_and_deadlines(seeded):
    year = TrainingYear.objects.get(department=seeded, is_current=True)
    assert year.is_current and year.start_year == demo.SCHOOL_YEAR_START and year.total_quota == 120
    deadlines = Deadline.objects.filter(year=year, unit=seeded)
    assert sorted(deadlines.values_list("kind", flat=True)) == sorted(DeadlineKind.values)
    for deadline in deadlines:
        assert date(year.start_year, 8, 1) <= deadline.due_date <= date(year.start_year + 1, 7, 31)


def test_if_empty_does_nothing_the_second_time(seeded):
    before = (OrgUnit.objects.count(), Staff.objects.count(), User.objects.count())
    output = _seed("--if-empty")
    assert "đã có đơn vị" in output
    assert (OrgUnit.objects.count(), Staff.objects.count(), User.objects.count()) == before


def test_refuses_without_reset(seeded):
    with pytest.raises(CommandError):
        _seed()


def test_reset_rebuilds_the_same_province(seeded):
    names = list(Staff.objects.order_by("code").values_list("code", "full_name", "birth_date", "unit__name"))
    hand_made = User.objects.create_superuser("root", password="Root-pass-2026!", unit=seeded)
    # What a unit set for itself goes with the demo: a school's letterhead (the Sở's support line is the demo's own).
    school = User.objects.get(username="hieutruong").unit
    letterhead_save(unit=school, user=hand_made, data={"signer_name": "Lò Thị Mai", "place": "Chiềng Lề"})
    assert SupportContact.objects.filter(department__kind=OrgUnit.Kind.DEPARTMENT).count() == 1
    _seed("--reset")
    assert not UnitLetterhead.objects.exists() and SupportContact.objects.count() == 1
    again = list(Staff.objects.order_by("code").values_list("code", "full_name", "birth_date", "unit__name"))
    assert again == names
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.MINISTRY).count() == 1
    assert sorted(TrainingYear.objects.values_list("start_year", flat=True)) == [2018, demo.SCHOOL_YEAR_START]
    hand_made.refresh_from_db()
    assert hand_made.unit is None
    assert User.objects.filter(staff__isnull=True).count() == 4  # admin, so, xa and the hand-made one
    assert not Staff.objects.filter(is_active=True, user__isnull=True).exists()


@pytest.mark.django_db
def test_demo_year_has_topics_filling_the_quotas_and_plans_in_every_state():
    from modules.models import Topic
    from plans.models import Plan, PlanStatus

    call_command("seed_demo", size="small", stdout=StringIO())
    year = TrainingYear.objects.get(is_current=True)
    teacher = User.objects.get(username="giaovien").staff
    school = teacher.unit
    ancestors = school.ancestor_ids + [school.pk]
    for content, quota in ((1, year.quota_content1), (2, year.quota_content2)):
        topics = Topic.objects.filter(
            year=year, content=content, level=teacher.level, audience="GV", publisher_id__in=ancestors
        )
        assert sum(topic.hours for topic in topics) == quota
    assert set(Plan.objects.filter(year=year).values_list("status", flat=True)) == set(PlanStatus.values)
    assert not Plan.objects.filter(staff=teacher, year=year).exists()
    approved = Plan.objects.filter(year=year, status=PlanStatus.APPROVED).first()
    assert approved.items.filter(content=3).count() == 2
