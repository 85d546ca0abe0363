"""The holder hears of a certificate issued or re-issued (issue 18 item 2), in the app and by e-mail; people without
one (not completed, data not confirmed, no account) hear nothing."""

import pytest

from certificates import services
from reports.models import NoticeKind, Notification

pytestmark = pytest.mark.django_db


def _notices(user):
    return list(Notification.objects.filter(user=user, kind=NoticeKind.CERTIFICATE).values_list("title", "url"))


def test_each_holder_hears_of_their_certificate_issued_then_reissued(
    cast, year, issued, a1_ready, mail_server, django_capture_on_commit_callbacks
):
    teacher = cast.teacher_a1
    certificate = issued[teacher.staff_id]
    ((title, url),) = _notices(teacher)
    assert title == f"Giấy chứng nhận hoàn thành BDTX của bạn đã được cấp (số {certificate.number})"
    assert url == f"/chung-nhan/so/{certificate.pk}/"
    assert _notices(cast.teacher_a1_other_group) == [] and _notices(cast.group_head_a1) == []
    assert _notices(cast.phong_a_officer) == []  # who issued

    teacher.email = "an.nguyen@a1.edu.vn"
    teacher.save()
    with django_capture_on_commit_callbacks(execute=True):
        new = services.certificate_correct(certificate=certificate, user=cast.phong_a_officer, reason="Sửa tên")
    assert _notices(teacher)[0][0] == f"Giấy chứng nhận BDTX của bạn đã được cấp lại (số {new.number})"
    (message,) = mail_server.inbox.to(teacher.email)
    assert new.number in mail_server.inbox.subject(message)


def test_the_holders_home_counts_their_certificate_of_the_year(cast, year, issued, client):
    from bdtx.todo import todo_for

    year.is_current = True
    year.save()
    items = {item.key: item for item in todo_for(cast.teacher_a1)["items"]}
    assert items["my_certificate"].count == 1
    client.force_login(cast.teacher_a1)
    page = client.get(items["my_certificate"].url)
    assert [c.pk for c in page.context["certificates"] if c.year_id == year.pk] == [issued[cast.teacher_a1.staff_id].pk]
    assert "my_data" not in items  # confirmed their data
    assert "my_certificate" not in {item.key for item in todo_for(cast.group_head_a1)["items"]}


def test_the_issuers_home_counts_the_schools_with_people_waiting(cast, year, a1_ready, client):
    from bdtx.todo import todo_for

    year.is_current = True
    year.save()

    def waiting():
        items = {item.key: item for item in todo_for(cast.phong_a_officer)["items"]}
        return items.get("certificates_to_issue")

    item = waiting()
    assert item.count == 1
    # The principal reads the same: two people ready, waiting for the Phòng.
    principal = {i.key: i for i in todo_for(cast.principal_a1)["items"]}
    assert principal["certificates_ready"].count == 2
    client.force_login(cast.phong_a_officer)
    rows = client.get(item.url).context["rows"]
    assert [row["school"] for row in rows] == [cast.school_a1]
    assert "certificates_to_issue" not in {i.key for i in todo_for(cast.phong_b_officer)["items"]}
    services.certificates_issue(school=cast.school_a1, year=year, user=cast.phong_a_officer, reason="Đợt 1")
    assert waiting() is None  # everyone ready has theirs
    assert "certificates_ready" not in {i.key for i in todo_for(cast.principal_a1)["items"]}
