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
