"""Timelines per person and per unit: scoped (404 outside), filtered by period and action, newest first."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def approvals(cast):
    """An approval of teacher A1's plan (1 October) and of teacher A2's (5 October)."""
    AuditEntry.objects.all().delete()
    first = record("plans.plan.approved", actor=cast.principal_a1, unit=cast.school_a1, person=cast.teacher_a1.staff)
    second = record("plans.plan.approved", actor=None, unit=cast.school_a2, person=cast.teacher_a2.staff)
    on = timezone.make_aware(datetime.datetime(2025, 10, 1, 9))
    AuditEntry.objects.filter(pk=first.pk).update(at=on)
    AuditEntry.objects.filter(pk=second.pk).update(at=on + datetime.timedelta(days=4))
    return first, second


def _sentences(response):
    return [entry.sentence for entry in response.context["entries"]]


def test_a_teacher_sees_only_their_own_timeline(cast, login, approvals):
    client = login(cast.teacher_a1)
    assert client.get(reverse("audit:timeline")).url == reverse(
        "audit:person_timeline", args=[cast.teacher_a1.staff_id]
    )
    own = client.get(reverse("audit:person_timeline", args=[cast.teacher_a1.staff_id]))
    assert _sentences(own) == ["Lê Thị Hoa đã duyệt kế hoạch của Nguyễn Văn An"]
    assert client.get(reverse("audit:person_timeline", args=[cast.teacher_a2.staff_id])).status_code == 404
    assert client.get(reverse("audit:unit_timeline", args=[cast.school_a1.pk])).status_code == 403


def test_an_officer_of_another_so_gets_404(cast, login, approvals):
    client = login(cast.so_z_officer)
    assert client.get(reverse("audit:unit_timeline", args=[cast.school_a1.pk])).status_code == 404
    assert client.get(reverse("audit:person_timeline", args=[cast.teacher_a1.staff_id])).status_code == 404
    assert _sentences(client.get(reverse("audit:timeline"))) == []


def test_an_officer_reads_the_subtree_newest_first(cast, login, approvals):
    client = login(cast.phong_a_officer)
    response = client.get(reverse("audit:timeline"))
    assert _sentences(response) == [
        "Hệ thống đã duyệt kế hoạch của Hoàng Văn Cường",
        "Lê Thị Hoa đã duyệt kế hoạch của Nguyễn Văn An",
    ]
    school = client.get(reverse("audit:unit_timeline", args=[cast.school_a1.pk]))
    assert _sentences(school) == ["Lê Thị Hoa đã duyệt kế hoạch của Nguyễn Văn An"]
    assert login(cast.phong_b_officer).get(reverse("audit:timeline")).context["entries"] == []


def test_period_and_action_filters(cast, login, approvals):
    client = login(cast.so_officer)
    url = reverse("audit:unit_timeline", args=[cast.phong_a.pk])
    in_period = client.get(url, {"start": "02/10/2025", "end": "31/10/2025"})
    assert _sentences(in_period) == ["Hệ thống đã duyệt kế hoạch của Hoàng Văn Cường"]
    other_action = client.get(url, {"action": "plans.plan.returned"})
    assert other_action.context["entries"] == []
    assert "Chưa có thay đổi nào được ghi lại." in other_action.content.decode()
    assert "data-print" in other_action.content.decode()
    assert len(client.get(url, {"action": "plans.plan.approved"}).context["entries"]) == 2


def test_a_principal_sees_their_school_only(cast, login, approvals):
    client = login(cast.principal_a1)
    assert _sentences(client.get(reverse("audit:timeline"))) == ["Lê Thị Hoa đã duyệt kế hoạch của Nguyễn Văn An"]
    assert client.get(reverse("audit:unit_timeline", args=[cast.school_a2.pk])).status_code == 404


def test_pages_link_to_the_timelines(cast, login):
    client = login(cast.phong_a_officer)
    unit_page = client.get(reverse("accounts:unit_detail", args=[cast.school_a1.pk])).content.decode()
    assert reverse("audit:unit_timeline", args=[cast.school_a1.pk]) in unit_page
    staff_page = client.get(reverse("accounts:staff_detail", args=[cast.teacher_a1.staff_id])).content.decode()
    assert reverse("audit:person_timeline", args=[cast.teacher_a1.staff_id]) in staff_page
    teacher_unit_page = login(cast.teacher_a1).get(reverse("accounts:unit_detail", args=[cast.school_a1.pk]))
    assert reverse("audit:unit_timeline", args=[cast.school_a1.pk]) not in teacher_unit_page.content.decode()


def test_the_page_costs_the_same_queries_for_many_entries(cast, login, approvals, django_assert_max_num_queries):
    client = login(cast.phong_a_officer)
    url = reverse("audit:timeline")
    client.get(url)  # warm up the session and the user
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for staff in (cast.teacher_a1_other_group.staff, cast.group_head_a1.staff, cast.teacher_a2.staff) * 10:
        record("plans.plan.returned", actor=cast.principal_a1, unit=staff.unit, person=staff, reason="Thiếu")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url).context["entries"]) == 32
