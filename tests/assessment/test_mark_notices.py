"""Who hears of marks entered and of results confirmed (issue 18 item 2): the owner of each plan whose marks changed,
once until they read it (the grid saves row by row); on confirmation, the unit above and each person confirmed."""

import pytest

from assessment import services
from assessment.models import Score
from reports.models import NoticeKind, Notification
from tests.factories import GAP_REASON

from .test_tt19_scores import _row, _save

pytestmark = pytest.mark.django_db


def _titles(user, kind):
    return list(Notification.objects.filter(user=user, kind=kind).values_list("title", flat=True))


def _version(plan):
    return services.selectors.scores_version(Score.objects.filter(plan=plan))


def test_marks_entered_tell_the_owner_once_until_read(cast, tt19, make_plan19, cast_mailboxes):
    plan = make_plan19(cast.teacher_a1.staff)
    other = make_plan19(cast.teacher_a2.staff)
    _save(cast.group_head_a1, tt19, _row(plan))
    assert _titles(cast.teacher_a1, NoticeKind.MARKS) == ["Điểm bồi dưỡng năm học 2026–2027 của bạn đã được nhập"]
    notice = Notification.objects.get(user=cast.teacher_a1, kind=NoticeKind.MARKS)
    assert cast.group_head_a1.display_name in notice.body and "?year=" in notice.url
    assert _titles(cast.teacher_a2, NoticeKind.MARKS) == [] and other.pk
    assert cast_mailboxes(NoticeKind.MARKS) == [("gv_a1@bdtx.test", notice.title)]

    _save(cast.group_head_a1, tt19, _row(plan, version=_version(plan), nd1=("9",)))
    assert len(_titles(cast.teacher_a1, NoticeKind.MARKS)) == 1  # unread: not told again
    Notification.objects.filter(pk=notice.pk).update(read_at=notice.created_at)
    _save(cast.group_head_a1, tt19, _row(plan, version=_version(plan), nd1=("8",)))
    assert len(_titles(cast.teacher_a1, NoticeKind.MARKS)) == 2  # read, then changed again: told again


def test_confirmed_results_tell_the_unit_above_and_each_person(cast, tt19, make_plan19, cast_mailboxes):
    plans = [make_plan19(cast.teacher_a1.staff), make_plan19(cast.teacher_a1_other_group.staff)]
    _save(cast.principal_a1, tt19, *[_row(plan) for plan in plans])
    services.results_confirm(school=cast.school_a1, year=tt19, user=cast.principal_a1, reason=GAP_REASON)
    own = "Kết quả BDTX năm học 2026–2027 của bạn đã được xác nhận"
    assert _titles(cast.teacher_a1, NoticeKind.RESULTS) == [own]
    assert _titles(cast.teacher_a1_other_group, NoticeKind.RESULTS) == [own]
    assert _titles(cast.phong_a_officer, NoticeKind.RESULTS) == ["Trường Tiểu học A1 đã xác nhận kết quả BDTX"]
    assert _titles(cast.principal_a1, NoticeKind.RESULTS) == []  # who confirmed
    assert _titles(cast.teacher_a1, NoticeKind.MARKS)  # entered by the principal
    assert _titles(cast.teacher_a2, NoticeKind.RESULTS) == []
    assert [address for address, _title in cast_mailboxes(NoticeKind.RESULTS)] == [
        "gv_a1@bdtx.test",
        "gv_a1_to4@bdtx.test",
        "phong_a@bdtx.test",
    ]
