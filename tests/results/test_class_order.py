"""Classifications are listed in their natural order, best first: Giỏi, Khá, Trung bình, Không hoàn thành kế hoạch;
Hoàn thành, Không hoàn thành; never in the order of their codes."""

from assessment.rules import Classification as C
from reports import chain_selectors
from results import results
from years.models import Ruleset, TrainingYear


def test_a_tt19_year_lists_completed_before_not_completed():
    year = TrainingYear(ruleset=Ruleset.TT19_2019)

    assert results.classes_for(year) == [C.HOAN_THANH, C.KHONG_HOAN_THANH]


def test_a_tt26_year_lists_the_four_classes_then_the_managers_two():
    year = TrainingYear(ruleset=Ruleset.TT26_2012)

    assert results.classes_for(year) == [C.GIOI, C.KHA, C.TRUNG_BINH, C.KHONG_HOAN_THANH, C.DAT, C.KHONG_DAT]


def test_years_of_both_rulesets_keep_each_list_in_its_order():
    years = [TrainingYear(ruleset=Ruleset.TT26_2012), TrainingYear(ruleset=Ruleset.TT19_2019)]

    classes = results.classes_for(years)

    assert classes.index(C.GIOI) < classes.index(C.KHA) < classes.index(C.TRUNG_BINH)
    assert classes.index(C.HOAN_THANH) < classes.index(C.KHONG_HOAN_THANH)
    assert classes.index(C.DAT) < classes.index(C.KHONG_DAT)


def test_the_chain_uses_the_same_order():
    assert list(results.CLASS_ORDER) == list(chain_selectors.CLASS_ORDER)
