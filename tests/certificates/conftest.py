"""Fixtures for the certificates tests: Sở A's current year, confirmed results, people who checked their data."""

import datetime
import io

import pytest
from django.utils import timezone

from accounts.models import Level, Position
from assessment.models import SchoolConfirmation, YearResult
from plans.models import Plan, PlanStatus
from tests.factories import GAP_REASON, StaffFactory
from years.models import TrainingYear

BIRTH = datetime.date(1985, 3, 5)


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.BDTX_PUBLIC_URL = "https://bdtx.example.vn"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def year(cast):
    return TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)


@pytest.fixture
def year_z(cast):
    return TrainingYear.objects.create(department=cast.so_z, start_year=2025, is_current=True)


@pytest.fixture
def with_birth(cast):
    """Give every cast member a date and place of birth (the factory leaves them empty)."""

    def _give(staff, place="Sơn La"):
        staff.birth_date = BIRTH
        staff.birth_place = place
        staff.save()
        return staff

    return _give


@pytest.fixture
def make_result(with_birth):
    """A year result of ``staff`` (an approved plan behind it) with the given class."""

    def _make(staff, year, classification="GIOI", hours=120):
        if staff.birth_date is None:
            with_birth(staff)
        plan = Plan.objects.create(year=year, staff=staff, school=staff.unit, status=PlanStatus.APPROVED)
        return YearResult.objects.create(
            staff=staff,
            year=year,
            plan=plan,
            school=staff.unit,
            classification=classification,
            completed_hours=hours,
            planned_hours=120,
            computed_at=timezone.now(),
        )

    return _make


@pytest.fixture
def lock():
    def _lock(school, year, user):
        return SchoolConfirmation.objects.create(
            school=school, year=year, is_locked=True, confirmed_by=user, confirmed_at=timezone.now()
        )

    return _lock


@pytest.fixture
def hang(cast):
    """The teacher of the issue's example: Nguyễn Thị Hằng of school A1, born in Chiềng Lề."""
    staff = StaffFactory(
        unit=cast.school_a1,
        full_name="Nguyễn Thị Hằng",
        birth_date=BIRTH,
        birth_place="Chiềng Lề, Sơn La",
        level=Level.TH,
        position=Position.TEACHER,
    )
    return staff


@pytest.fixture
def a1_ready(cast, year, make_result, lock, hang):
    """School A1 with confirmed results: Hằng (Giỏi) and teacher A1 (Khá) confirmed their data; the other group's
    teacher did not complete; the group head completed but has not confirmed. Returns the staff records."""
    from certificates import services

    make_result(hang, year, "GIOI", 120)
    make_result(cast.teacher_a1.staff, year, "KHA", 120)
    make_result(cast.teacher_a1_other_group.staff, year, "KHONG_HOAN_THANH", 90)
    make_result(cast.group_head_a1.staff, year, "TRUNG_BINH", 120)
    lock(cast.school_a1, year, cast.principal_a1)
    services.personal_data_confirm(staff=hang, year=year, user=cast.principal_a1)
    services.personal_data_confirm(staff=cast.teacher_a1.staff, year=year, user=cast.teacher_a1)
    return {
        "hang": hang,
        "teacher": cast.teacher_a1.staff,
        "not_completed": cast.teacher_a1_other_group.staff,
        "unconfirmed": cast.group_head_a1.staff,
    }


@pytest.fixture
def issued(cast, year, a1_ready):
    from certificates import services

    summary = services.certificates_issue(
        school=cast.school_a1,
        year=year,
        user=cast.phong_a_officer,
        issue_date=datetime.date(2026, 5, 25),
        reason=GAP_REASON,  # the group head has not confirmed their printed data yet
    )
    return {c.staff_id: c for c in summary.issued}


def pdf_pages(content):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(content)).pages


def pdf_text(content):
    import unicodedata

    return "\n".join(unicodedata.normalize("NFC", page.extract_text()) for page in pdf_pages(content))
