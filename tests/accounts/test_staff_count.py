"""The staff list's count says its base: everyone matching, and how many of them are still working."""

import pytest
from django.urls import reverse

from accounts.models import Staff

pytestmark = pytest.mark.django_db


def test_the_staff_count_says_how_many_are_still_working(cast, login):
    Staff.objects.filter(pk=cast.teacher_a1_other_group.staff_id).update(is_active=False)
    html = login(cast.principal_a1).get(reverse("accounts:staff_list")).content.decode()
    total = Staff.objects.filter(unit=cast.school_a1).count()
    assert f"{total} người ({total - 1} đang công tác, còn lại đã nghỉ hoặc chuyển đi)" in html
