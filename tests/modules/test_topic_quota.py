"""Content 1/2 topics never reach teachers beyond the year's quota: a publication or change that would make the
tiết a teacher receives exceed it is refused, with the reason, before anyone sees the topic."""

import pytest
from django.urls import reverse

from modules import selectors, services
from modules.models import Topic

pytestmark = pytest.mark.django_db

# The ``topics`` fixture, for primary teachers (quota 30 + 30): the Sở's content 1 is full (30); content 2 is
# 15 from the Sở, + 15 from Phòng A (full) or + 10 from Phòng B.


def _publish(user, year, *, content=2, level="TH", audience="GV", title="Chuyên đề mới", hours=5):
    return services.topic_publish(
        user=user, year=year, content=content, level=level, audience=audience, title=title, hours=hours
    )


def _fields(topic, **changes):
    return {
        "content": topic.content,
        "level": topic.level,
        "audience": topic.audience,
        "title": topic.title,
        "hours": topic.hours,
    } | changes


def test_so_cannot_publish_content_1_beyond_the_quota(cast, year, topics):
    before = Topic.objects.count()
    with pytest.raises(services.ModulesError, match="35 tiết.*vượt định mức 30 tiết"):
        _publish(cast.so_officer, year, content=1)
    assert Topic.objects.count() == before
    assert (
        sum(t.hours for t in selectors.topics_for_staff(staff=cast.teacher_a1.staff, year=year) if t.content == 1) == 30
    )


def test_so_content_2_counts_what_each_phong_already_added(cast, year, topics):
    """Phòng A's schools already receive the whole 30: five more tiết from the Sở would give them 35."""
    with pytest.raises(services.ModulesError, match="Phòng GD&ĐT Huyện A") as refused:
        _publish(cast.so_officer, year, hours=5)
    assert "35 tiết" in str(refused.value)
    assert not Topic.objects.filter(title="Chuyên đề mới").exists()
    # Where nothing is published yet the whole quota fits.
    assert _publish(cast.so_officer, year, level="MN", hours=30).hours == 30


def test_phong_content_2_fits_in_what_the_so_left(cast, year, topics):
    assert _publish(cast.phong_b_officer, year, hours=5).publisher == cast.phong_b  # 15 + 15 = 30
    with pytest.raises(services.ModulesError, match="31 tiết"):
        _publish(cast.phong_b_officer, year, hours=1)
    with pytest.raises(services.ModulesError, match="không còn tiết nào"):
        _publish(cast.phong_a_officer, year, hours=1)
    # Another audience has its own total.
    assert _publish(cast.phong_a_officer, year, audience="CBQL", hours=10).audience == "CBQL"


def test_a_change_of_hours_or_group_is_checked_the_same_way(cast, year, topics):
    topic = topics["phong_a_c2_gv"]
    with pytest.raises(services.ModulesError, match="vượt định mức 30 tiết"):
        services.topic_update(topic=topic, user=cast.phong_a_officer, **_fields(topic, hours=20))
    topic.refresh_from_db()
    assert topic.hours == 15
    # The topic's own tiết are not counted twice: renaming it when the quota is full is fine.
    services.topic_update(topic=topic, user=cast.phong_a_officer, **_fields(topic, title="Tên mới"))
    services.topic_update(topic=topic, user=cast.phong_a_officer, **_fields(topic, hours=10))
    # Moved to a level whose content 2 is still empty, it may take the whole quota less the Sở's share there.
    services.topic_update(topic=topic, user=cast.phong_a_officer, **_fields(topic, level="THCS", hours=30))
    topic.refresh_from_db()
    assert (topic.level, topic.hours) == ("THCS", 30)


def test_a_group_already_over_the_quota_may_still_be_reduced(cast, year, topics):
    # Published before publications were checked: Phòng A's primary teachers receive 15 + 15 + 10 = 40.
    extra = Topic.objects.create(
        year=year, publisher=cast.phong_a, content=2, level="TH", audience="GV", title="Cũ", hours=10
    )
    services.topic_update(topic=extra, user=cast.phong_a_officer, **_fields(extra, title="Cũ, đổi tên"))
    services.topic_update(topic=extra, user=cast.phong_a_officer, **_fields(extra, hours=5))
    with pytest.raises(services.ModulesError):
        services.topic_update(topic=extra, user=cast.phong_a_officer, **_fields(extra, hours=6))


def test_the_form_refuses_with_the_reason_and_keeps_what_was_typed(cast, login, year, topics):
    data = {"content": 2, "level": "TH", "audience": "GV", "title": "Giáo dục STEM", "hours": 8}
    response = login(cast.phong_b_officer).post(reverse("modules:topic_create", args=[year.pk]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "33 tiết" in body and "vượt định mức 30 tiết" in body and "còn thêm được 5 tiết" in body
    assert "Giáo dục STEM" in body.split('data-testid="topic-form"')[1]  # what was typed is still in the form
    assert "Đã ban hành" not in body
    assert not Topic.objects.filter(title="Giáo dục STEM").exists()
