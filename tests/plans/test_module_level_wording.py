"""A module refused for its level is explained with level names ("Mầm non"), never a code such as GDPT2018_MD."""

from accounts.models import Level, Staff
from modules.models import Module
from plans.rules import module_choice_errors


def test_a_gdpt_module_refused_to_a_preschool_teacher_names_both_levels():
    staff = Staff(level=Level.MN)
    module = Module(code="MĐ1", level="GDPT2018_MD", title="Hiểu biết về chương trình GDPT 2018")

    [error] = module_choice_errors(staff=staff, modules=[module])

    assert "Mô đun GDPT 2018" in error and "Mầm non" in error
    assert "GDPT2018_MD" not in error and "(MN)" not in error


def test_the_empty_plan_page_says_who_publishes_contents_1_and_2(cast, year, login):
    from django.urls import reverse

    page = login(cast.teacher_a1).get(reverse("plans:my_plan")).content.decode()

    assert "nội dung 1 và nội dung 2 theo các chuyên đề do Sở và đơn vị quản lý trường ban hành; nội dung 3" in page
