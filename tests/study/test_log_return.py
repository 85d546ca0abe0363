"""A log can be returned: the group head returns a pending entry with a reason (one or many), the teacher reads
why, fixes it and saves, which sends it again; returned and resubmitted entries are in the audit log."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from plans.models import Plan, PlanItem, PlanStatus
from study import services as study
from study.models import LogStatus, StudyLog

pytestmark = pytest.mark.django_db

REASON = "Minh chứng chưa đúng nội dung đã ghi"


@pytest.fixture
def logs(cast, tt19_year):
    plan = Plan.objects.create(
        year=tt19_year, staff=cast.teacher_a1.staff, school=cast.school_a1, status=PlanStatus.APPROVED
    )
    item = PlanItem.objects.create(plan=plan, content=1, hours=40, order=0)
    day = datetime.date(tt19_year.start_year, 10, 1)
    return [
        study.study_log_create(item=item, by=cast.teacher_a1, date=day, hours=5, description=f"Buổi {n}")
        for n in (1, 2)
    ]


def test_the_group_head_returns_several_with_one_reason(cast, logs):
    returned, skipped = study.study_log_return(logs=logs, by=cast.group_head_a1, reason=REASON)
    assert (len(returned), skipped) == (2, [])
    assert set(StudyLog.objects.values_list("status", "return_reason")) == {(LogStatus.RETURNED, REASON)}
    entries = AuditEntry.objects.filter(action="study.log.returned")
    assert entries.count() == 2 and {entry.reason for entry in entries} == {REASON}


def test_a_reason_is_required_and_a_confirmed_log_is_not_returned(cast, logs):
    with pytest.raises(study.StudyError, match="lý do"):
        study.study_log_return(logs=logs, by=cast.group_head_a1, reason="  ")
    study.study_log_confirm(logs=logs[:1], by=cast.group_head_a1)
    returned, skipped = study.study_log_return(logs=logs, by=cast.group_head_a1, reason=REASON)
    assert [log.pk for log in returned] == [logs[1].pk] and skipped[0][0].pk == logs[0].pk


def test_the_teacher_reads_why_fixes_and_sends_it_again(cast, logs, client):
    study.study_log_return(logs=logs[:1], by=cast.group_head_a1, reason=REASON)
    client.force_login(cast.teacher_a1)
    home = client.get(reverse("study:study_log")).content.decode()
    assert REASON in home
    url = reverse("study:study_log_detail", args=[logs[0].pk])
    assert REASON in client.get(url).content.decode()
    day = logs[0].date.strftime("%d/%m/%Y")
    response = client.post(url, {"date": day, "hours": "4", "description": "Buổi 1, minh chứng đúng"})
    assert response.status_code == 302
    log = StudyLog.objects.get(pk=logs[0].pk)
    assert (log.status, log.hours) == (LogStatus.PENDING, 4)
    assert AuditEntry.objects.filter(action="study.log.resubmitted", object_id=log.pk).exists()


def test_the_confirm_page_returns_in_bulk(cast, logs, client):
    client.force_login(cast.group_head_a1)
    url = reverse("study:study_confirm")
    page = client.get(url, {"year": logs[0].item.plan.year_id}).content.decode()
    assert 'data-testid="batch-return"' in page
    client.post(url, {"log": [log.pk for log in logs], "action": "return", "reason": REASON})
    assert not StudyLog.objects.filter(status=LogStatus.PENDING).exists()
    client.post(url, {"log": [logs[0].pk], "action": "return", "reason": ""})  # nothing left waiting, nothing done
    assert StudyLog.objects.get(pk=logs[0].pk).return_reason == REASON


def test_the_owner_hears_once_of_a_batch_returned_with_the_reason_and_of_one_confirmed(cast, logs, cast_mailboxes):
    from reports.models import NoticeKind, Notification

    study.study_log_return(logs=logs, by=cast.group_head_a1, reason=REASON)
    notices = list(Notification.objects.filter(user=cast.teacher_a1).values_list("title", "body"))
    assert notices == [("2 nhật ký bồi dưỡng của bạn bị trả lại", REASON)]
    assert cast_mailboxes(NoticeKind.LOGS) == [("gv_a1@bdtx.test", "2 nhật ký bồi dưỡng của bạn bị trả lại")]
    resent = StudyLog.objects.get(pk=logs[0].pk)
    study.study_log_update(
        log=resent, by=cast.teacher_a1, date=resent.date, hours=4, description="Buổi 1, đã sửa minh chứng"
    )
    study.study_log_confirm(logs=[StudyLog.objects.get(pk=logs[0].pk)], by=cast.group_head_a1)
    assert Notification.objects.filter(
        user=cast.teacher_a1, title="1 nhật ký bồi dưỡng của bạn đã được xác nhận"
    ).exists()
    assert not Notification.objects.filter(user=cast.group_head_a1).exists()
    assert len(cast_mailboxes(NoticeKind.LOGS)) == 2
