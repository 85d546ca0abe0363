"""Everyone hears of a plan's step that waits on them or concerns them (issue 18, in part): a plan sent for approval
tells the school's managers; a plan returned (with the reason), approved or reopened tells its owner; a batch
approval tells each owner once; the batch's preview tells nobody."""

import pytest

from plans import services
from reports.models import Notification

from .test_plan_views import _submitted_plan

pytestmark = pytest.mark.django_db


def _notices(user):
    return list(Notification.objects.filter(user=user).values_list("title", "body"))


def test_a_submitted_plan_tells_the_principal_and_the_decision_tells_the_owner(cast, year, topics, th_modules):
    plan = _submitted_plan(cast, year, th_modules)
    owner = plan.staff.user
    ((title, _body),) = _notices(cast.principal_a1)
    assert plan.staff.full_name in title and "chờ phê duyệt" in title
    assert _notices(owner) == [] and _notices(cast.teacher_a2) == []

    services.plan_return(plan=plan, by=cast.principal_a1, comment="Bổ sung thời gian học mô đun 3")
    assert _notices(owner) == [("Kế hoạch BDTX của bạn bị trả lại", "Bổ sung thời gian học mô đun 3")]
    services.plan_submit(plan=plan, by=owner)
    services.plan_approve(plan=plan, by=cast.principal_a1)
    assert ("Kế hoạch BDTX của bạn đã được phê duyệt", "") in _notices(owner)
    assert Notification.objects.filter(user=cast.principal_a1).count() == 2  # sent twice, told twice


def test_a_batch_tells_each_owner_once_and_its_preview_tells_nobody(cast, year, topics, th_modules):
    plans = [_submitted_plan(cast, year, th_modules) for _ in range(3)]
    before = Notification.objects.count()
    services.plan_batch_preview(plans=plans, by=cast.principal_a1)
    assert Notification.objects.count() == before
    services.plan_batch_approve(plans=plans, by=cast.principal_a1)
    for plan in plans:
        assert _notices(plan.staff.user) == [("Kế hoạch BDTX của bạn đã được phê duyệt", "")]


def test_the_owner_reads_the_reason_of_a_return_in_the_mail_and_the_principal_the_submission(
    cast, year, topics, th_modules, mail_server, django_capture_on_commit_callbacks
):
    cast.principal_a1.email = "hieutruong@a1.edu.vn"
    cast.principal_a1.save()
    with django_capture_on_commit_callbacks(execute=True):
        plan = _submitted_plan(cast, year, th_modules)
    owner = plan.staff.user
    owner.email = "giaovien@a1.edu.vn"
    owner.save()
    (submitted,) = mail_server.inbox.to("hieutruong@a1.edu.vn")
    assert mail_server.inbox.subject(submitted) == f"{plan.staff.full_name} đã nộp kế hoạch BDTX, chờ phê duyệt"

    with django_capture_on_commit_callbacks(execute=True):
        services.plan_return(plan=plan, by=cast.principal_a1, comment="Bổ sung thời gian học mô đun 3")
    (returned,) = mail_server.inbox.to(owner.email)
    assert mail_server.inbox.subject(returned) == "Kế hoạch BDTX của bạn bị trả lại"
    assert "Bổ sung thời gian học mô đun 3" in mail_server.inbox.text(returned)
