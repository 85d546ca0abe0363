"""The staff import never tells a school anything about another unit's staff (issue 12, item 6).

A staff code held by someone outside the importer's scope is refused (codes are unique), with one neutral
message: the same whichever unit holds it, naming neither that unit nor that person nor saying where it is.
"""

import pytest

from accounts.models import Staff

from .test_staff_import import post, row, xlsx

pytestmark = pytest.mark.django_db


def _code_error(client, code):
    response = post(client, xlsx([row(code=code)]))
    errors = response.context["errors"]
    assert [(error.row, error.column) for error in errors] == [(2, "Mã cán bộ")], errors
    return errors[0].message, response.content.decode()


def test_a_code_held_in_another_unit_gets_one_neutral_message(cast, login):
    client = login(cast.principal_a1)
    before = Staff.objects.count()
    outsiders = [cast.teacher_a2, cast.teacher_b1, cast.teacher_t1, cast.teacher_z1]
    messages = set()
    for teacher in outsiders:
        message, page = _code_error(client, teacher.staff.code)
        messages.add(message)
        unit = teacher.staff.unit
        for secret in (unit.name, teacher.staff.full_name):
            assert secret not in message and secret not in page, secret
    assert messages == {"Mã cán bộ này không dùng được. Hãy kiểm tra lại mã; nếu mã đúng, hãy báo cấp quản lý."}
    assert Staff.objects.count() == before


@pytest.mark.parametrize("hint", ["đơn vị", "phạm vi", "trường khác", "đã có", "đã thuộc"])
def test_the_message_does_not_say_where_the_code_exists(cast, login, hint):
    message, _ = _code_error(login(cast.principal_a1), cast.teacher_z1.staff.code)
    assert hint not in message.lower()
