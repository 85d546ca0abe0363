"""The fixed cast every view test uses (healthchecks-style personas).

Sở A → Phòng A → schools A1, A2; Sở A → Phòng B → school B1; Sở A → THPT school T1 (no Phòng);
Sở Z → school Z1 (another province with no Phòng at all).
"""

from dataclasses import dataclass

import pytest

from accounts.models import Level, OrgUnit, Position, Role

from .factories import OrgUnitFactory, StaffFactory, UserFactory, make_tt19_year


@dataclass
class Cast:
    ministry: OrgUnit
    so: OrgUnit
    phong_a: OrgUnit
    phong_b: OrgUnit
    school_a1: OrgUnit
    school_a2: OrgUnit
    school_b1: OrgUnit
    school_t1: OrgUnit
    so_z: OrgUnit
    school_z1: OrgUnit
    so_officer: object
    phong_a_officer: object
    phong_b_officer: object
    principal_a1: object
    group_head_a1: object
    teacher_a1: object
    teacher_a1_other_group: object
    teacher_a2: object
    teacher_b1: object
    teacher_t1: object
    teacher_z1: object
    so_z_officer: object
    admin: object

    @property
    def outsiders_of_a1(self):
        """Teachers outside school A1, one at every level of the tree."""
        return [self.teacher_a2, self.teacher_b1, self.teacher_t1, self.teacher_z1]


def _user(username, role, unit, staff=None, **extra):
    return UserFactory(username=username, role=role, unit=unit, staff=staff, **extra)


def _teacher(unit, name, level=Level.TH, group="Tổ 1-2-3", position=Position.TEACHER):
    return StaffFactory(unit=unit, full_name=name, level=level, subject_group=group, position=position)


@pytest.fixture
def cast(db):
    K = OrgUnit.Kind
    ministry = OrgUnitFactory(kind=K.MINISTRY, code="BO", name="Bộ Giáo dục và Đào tạo", levels="")
    so = OrgUnitFactory(kind=K.DEPARTMENT, code="SO-A", name="Sở GD&ĐT Tỉnh A", parent=ministry, levels="")
    phong_a = OrgUnitFactory(kind=K.DISTRICT, code="PH-A", name="Phòng GD&ĐT Huyện A", parent=so, levels="")
    phong_b = OrgUnitFactory(kind=K.DISTRICT, code="PH-B", name="Phòng GD&ĐT Huyện B", parent=so, levels="")
    school_a1 = OrgUnitFactory(code="A1", name="Trường Tiểu học A1", parent=phong_a, levels="TH")
    school_a2 = OrgUnitFactory(code="A2", name="Trường Tiểu học A2", parent=phong_a, levels="TH")
    school_b1 = OrgUnitFactory(code="B1", name="Trường THCS B1", parent=phong_b, levels="THCS")
    school_t1 = OrgUnitFactory(code="T1", name="Trường THPT T1", parent=so, levels="THPT")
    so_z = OrgUnitFactory(kind=K.DEPARTMENT, code="SO-Z", name="Sở GD&ĐT Tỉnh Z", parent=ministry, levels="")
    school_z1 = OrgUnitFactory(code="Z1", name="Trường Tiểu học Z1", parent=so_z, levels="TH")

    principal_staff = _teacher(school_a1, "Lê Thị Hoa", position=Position.PRINCIPAL)
    head_staff = _teacher(school_a1, "Phạm Văn Minh", position=Position.GROUP_HEAD)
    return Cast(
        ministry=ministry,
        so=so,
        phong_a=phong_a,
        phong_b=phong_b,
        school_a1=school_a1,
        school_a2=school_a2,
        school_b1=school_b1,
        school_t1=school_t1,
        so_z=so_z,
        school_z1=school_z1,
        so_officer=_user("so", Role.DEPARTMENT_OFFICER, so),
        phong_a_officer=_user("phong_a", Role.DISTRICT_OFFICER, phong_a),
        phong_b_officer=_user("phong_b", Role.DISTRICT_OFFICER, phong_b),
        principal_a1=_user("ht_a1", Role.SCHOOL_MANAGER, school_a1, principal_staff),
        group_head_a1=_user("tt_a1", Role.GROUP_HEAD, school_a1, head_staff),
        teacher_a1=_user("gv_a1", Role.TEACHER, school_a1, _teacher(school_a1, "Nguyễn Văn An")),
        teacher_a1_other_group=_user(
            "gv_a1_to4", Role.TEACHER, school_a1, _teacher(school_a1, "Trần Thị Bình", group="Tổ 4-5")
        ),
        teacher_a2=_user("gv_a2", Role.TEACHER, school_a2, _teacher(school_a2, "Hoàng Văn Cường")),
        teacher_b1=_user("gv_b1", Role.TEACHER, school_b1, _teacher(school_b1, "Đỗ Thị Dung", level=Level.THCS)),
        teacher_t1=_user("gv_t1", Role.TEACHER, school_t1, _teacher(school_t1, "Vũ Văn Em", level=Level.THPT)),
        teacher_z1=_user("gv_z1", Role.TEACHER, school_z1, _teacher(school_z1, "Bùi Thị Giang")),
        so_z_officer=_user("so_z", Role.DEPARTMENT_OFFICER, so_z),
        admin=_user("admin", Role.ADMIN, None, is_superuser=True, is_staff=True),
    )


@pytest.fixture
def tt19_year(cast):
    """Sở A's current year 2026–2027 under TT 19/2019 (40 + 40 + 40 tiết)."""
    return make_tt19_year(cast.so, is_current=True)


@pytest.fixture
def login(client):
    """Log the test client in as a user and return it."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def caching(settings):
    """The dashboards' figures cache on (the test settings turn it off), empty before and after the test."""
    from django.core.cache import cache

    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def pytest_terminal_summary(terminalreporter):
    """The acceptance crawl's page count per demo account, printed at the end of the run."""
    from tests.acceptance.test_crawl import PAGES_PER_ROLE

    if PAGES_PER_ROLE:
        terminalreporter.section("acceptance crawl")
        for username, result in PAGES_PER_ROLE.items():
            statuses = ", ".join(f"{code}: {count}" for code, count in sorted(result.statuses.items()))
            terminalreporter.write_line(
                f"{username}: {result.pages} pages ({statuses}), {len(result.failures)} failing, "
                f"{len(result.broken_links)} links to a missing page"
            )


@pytest.fixture
def mail_server(settings):
    """A real SMTP server started for the test; the settings send notifications and resets through it."""
    from .mailserver import MailServer

    with MailServer() as server:
        for name, value in server.settings().items():
            setattr(settings, name, value)
        yield server


@pytest.fixture
def cast_mailboxes(cast, mail_server):
    """Every account has an address from now on; ``mailed(kind)`` runs what waits for the commit (the test's
    transaction never commits: as django_capture_on_commit_callbacks does) and checks that each notice of ``kind``
    made since went by e-mail to that person (every notice made since did, and nothing else went)."""
    from django.db import connection

    from accounts.models import User
    from reports.models import Notification

    for user in User.objects.all():
        user.email = f"{user.username}@bdtx.test"
        user.save()
    ran = len(connection.run_on_commit)
    before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def mailed(kind):
        nonlocal ran
        while ran < len(connection.run_on_commit):
            _savepoints, callback, _robust = connection.run_on_commit[ran]
            ran += 1
            callback()
        notices = Notification.objects.filter(pk__gt=before)
        assert mail_server.inbox.sent() == sorted(notices.values_list("user__email", "title"))
        return sorted(notices.filter(kind=kind).values_list("user__email", "title"))

    return mailed
