"""Content 1/2 topics: who publishes what, and which topics reach which staff member."""

import pytest

from accounts.models import Position
from modules import selectors, services
from modules.models import Topic
from plans.models import Plan, PlanItem
from tests.factories import StaffFactory
from years.models import TrainingYear

pytestmark = pytest.mark.django_db


def _titles(queryset):
    return [topic.title for topic in queryset]


def test_teacher_gets_so_topics_and_own_phong_content2_only(cast, year, topics):
    got = list(selectors.topics_for_staff(staff=cast.teacher_a1.staff, year=year))
    assert got == [topics["so_c1_gv"], topics["so_c2_gv"], topics["phong_a_c2_gv"]]
    assert topics["phong_b_c2_gv"] not in got
    # A sibling school of the same Phòng gets the same; the other Phòng's teacher of another level gets none.
    assert list(selectors.topics_for_staff(staff=cast.teacher_a2.staff, year=year)) == got
    assert list(selectors.topics_for_staff(staff=cast.teacher_b1.staff, year=year)) == [topics["so_c1_thcs"]]


def test_manager_topics_only_for_managers(cast, year, topics):
    principal = cast.principal_a1.staff
    assert principal.is_manager
    assert list(selectors.topics_for_staff(staff=principal, year=year)) == [
        topics["so_c1_cbql"],
        topics["phong_a_c2_cbql"],
    ]
    manager_topics = {topics["so_c1_cbql"], topics["phong_a_c2_cbql"]}
    for persona in ("teacher_a1", "group_head_a1", "teacher_a2"):
        got = set(selectors.topics_for_staff(staff=getattr(cast, persona).staff, year=year))
        assert not got & manager_topics, persona
    deputy = StaffFactory(unit=cast.school_b1, level="TH", position=Position.DEPUTY_PRINCIPAL)
    assert list(selectors.topics_for_staff(staff=deputy, year=year)) == [topics["so_c1_cbql"]]


def test_other_years_and_provinces_do_not_leak(cast, year, year_z, topics):
    last_year = TrainingYear.objects.create(department=cast.so, start_year=2024)
    Topic.objects.create(year=last_year, publisher=cast.so, content=1, level="TH", title="Năm trước", hours=30)
    assert "Năm trước" not in _titles(selectors.topics_for_staff(staff=cast.teacher_a1.staff, year=year))
    assert _titles(selectors.topics_for_staff(staff=cast.teacher_z1.staff, year=year_z)) == ["Chuyên đề của Sở Z"]
    assert list(selectors.topics_for_staff(staff=cast.teacher_z1.staff, year=year)) == []


def test_thpt_school_under_the_so_gets_only_so_topics(cast, year):
    so_topic = services.topic_publish(
        user=cast.so_officer, year=year, content=2, level="THPT", audience="GV", title="Chuyên đề THPT", hours=30
    )
    assert list(selectors.topics_for_staff(staff=cast.teacher_t1.staff, year=year)) == [so_topic]


def test_so_publishes_content_1_and_2(cast, year):
    topic = services.topic_publish(
        user=cast.so_officer, year=year, content=1, level="TH", audience="CBQL", title=" Tìm hiểu  CT GDPT ", hours=10
    )
    assert (topic.publisher, topic.title, topic.order) == (cast.so, "Tìm hiểu CT GDPT", 1)
    second = services.topic_publish(
        user=cast.so_officer, year=year, content=1, level="TH", audience="CBQL", title="Thứ hai", hours=5
    )
    assert second.order == 2
    assert (
        services.topic_publish(
            user=cast.so_officer, year=year, content=2, level="MN", audience="GV", title="ND2", hours=30
        ).content
        == 2
    )


def test_phong_cannot_publish_content_1(cast, year):
    with pytest.raises(services.ModulesError, match="chỉ ban hành chuyên đề nội dung 2"):
        services.topic_publish(
            user=cast.phong_a_officer, year=year, content=1, level="TH", audience="GV", title="X", hours=10
        )
    with pytest.raises(services.ModulesError, match="mầm non, tiểu học và THCS"):
        services.topic_publish(
            user=cast.phong_a_officer, year=year, content=2, level="THPT", audience="GV", title="X", hours=10
        )
    assert not Topic.objects.exists()
    topic = services.topic_publish(
        user=cast.phong_a_officer, year=year, content=2, level="TH", audience="GV", title="Phòng A", hours=10
    )
    assert topic.publisher == cast.phong_a


@pytest.mark.parametrize("persona", ["so_z_officer", "teacher_a1", "principal_a1"])
def test_only_officers_of_the_years_province_publish(cast, year, persona):
    with pytest.raises(services.ModulesError):
        services.topic_publish(
            user=getattr(cast, persona), year=year, content=2, level="TH", audience="GV", title="X", hours=10
        )
    assert not Topic.objects.exists()


def test_admin_publishes_in_the_name_of_the_years_so(cast, year):
    topic = services.topic_publish(user=cast.admin, year=year, content=1, level="TH", audience="GV", title="X", hours=5)
    assert topic.publisher == cast.so


@pytest.mark.parametrize("hours", [0, "", "abc", 121])
def test_topic_hours_are_checked(cast, year, hours):
    with pytest.raises(services.ModulesError, match="Số tiết"):
        services.topic_publish(
            user=cast.so_officer, year=year, content=1, level="TH", audience="GV", title="X", hours=hours
        )


def test_only_the_publisher_updates_and_deletes(cast, year, topics):
    so_topic, phong_topic = topics["so_c2_gv"], topics["phong_a_c2_gv"]
    fields = {"content": 2, "level": "TH", "audience": "GV", "title": "Đổi tên", "hours": 12}
    for user, topic in [
        (cast.phong_a_officer, so_topic),
        (cast.phong_b_officer, phong_topic),
        (cast.so_z_officer, so_topic),
        (cast.so_officer, phong_topic),
    ]:
        with pytest.raises(services.ModulesError):
            services.topic_update(topic=topic, user=user, **fields)
        with pytest.raises(services.ModulesError):
            services.topic_delete(topic=topic, user=user)
    services.topic_update(topic=phong_topic, user=cast.phong_a_officer, **fields)
    phong_topic.refresh_from_db()
    assert (phong_topic.title, phong_topic.hours) == ("Đổi tên", 12)
    with pytest.raises(services.ModulesError, match="nội dung 2"):
        services.topic_update(topic=phong_topic, user=cast.phong_a_officer, **{**fields, "content": 1})
    services.topic_delete(topic=so_topic, user=cast.so_officer)
    assert not Topic.objects.filter(pk=so_topic.pk).exists()


def test_a_topic_used_in_a_plan_cannot_be_deleted(cast, year, topics):
    topic = topics["so_c1_gv"]
    plan = Plan.objects.create(year=year, staff=cast.teacher_a1.staff, school=cast.school_a1)
    PlanItem.objects.create(plan=plan, content=1, topic=topic, hours=topic.hours)
    with pytest.raises(services.ModulesError, match="1 kế hoạch"):
        services.topic_delete(topic=topic, user=cast.so_officer)
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_visibility_of_topics(cast, year, topics):
    def visible(user):
        return set(selectors.topics_visible_to(user=user, year=year))

    everything_of_a = {t for t in topics.values() if t.year_id == year.pk}
    assert visible(cast.so_officer) == everything_of_a
    assert visible(cast.admin) == everything_of_a
    assert visible(cast.phong_a_officer) == everything_of_a - {topics["phong_b_c2_gv"]}
    assert topics["phong_a_c2_gv"] not in visible(cast.phong_b_officer)
    assert topics["phong_b_c2_gv"] not in visible(cast.teacher_a1)
    assert visible(cast.so_z_officer) == set()


def _row(rows, unit, level, audience):
    return next(r for r in rows if r.unit == unit and r.level == level and r.audience == audience)


def test_quota_rows_add_the_phong_topics_to_the_sos(cast, year, topics):
    rows = selectors.topic_quota_rows(user=cast.so_officer, year=year)
    so_th = _row(rows, cast.so, "TH", "GV")
    assert (so_th.content1.total, so_th.content1.quota, so_th.content2.total) == (30, 30, 15)
    assert so_th.content2.missing == 15
    assert _row(rows, cast.phong_a, "TH", "GV").content2.total == 30
    assert _row(rows, cast.phong_b, "TH", "GV").content2.total == 25
    assert _row(rows, cast.so, "THPT", "GV").content1.total == 0
    phong_rows = selectors.topic_quota_rows(user=cast.phong_a_officer, year=year)
    assert {r.unit for r in phong_rows} == {cast.phong_a}
    assert {r.level for r in phong_rows} == {"MN", "TH", "THCS"}
    cbql = _row(phong_rows, cast.phong_a, "TH", "CBQL")
    assert (cbql.content1.total, cbql.content2.total) == (10, 5)
