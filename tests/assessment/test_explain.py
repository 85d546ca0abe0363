"""Vì sao có kết quả này: the explanation of one person's result under each regime (assessment.explain).

The pure function is checked against the worked examples of regulations.md §2–§3 and §7.4 and against
``rules.evaluate`` itself (the same ĐTB and class from the same scores); the pages show it beside the result.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessment import rules, services
from assessment.explain import exact, explain_result
from assessment.rules_settings import ND3_AVERAGE, RULES_2012, RULES_2019
from tests.factories import GAP_REASON

from .helpers import D, pairs_row

TT26, TT19 = "TT26_2012", "TT19_2019"


def _rows26(nd1, nd2, modules, hours=None):
    """Score-table lines as ``selectors.plan_scores`` gives them under TT 26/2012 (totals only matter here)."""
    labels = ["Nội dung 1", "Nội dung 2"] + [f"{i}. TH{i}" for i in range(1, len(modules) + 1)]
    totals = [nd1, nd2, *modules]
    hours = hours or [(30, 30), (30, 30)] + [(15, 15)] * len(modules)
    return [
        {
            "label": label,
            "total": None if total is None else D(total),
            "planned": planned,
            "confirmed": D(confirmed),
        }
        for label, total, (planned, confirmed) in zip(labels, totals, hours, strict=True)
    ]


def _evaluate26(nd1, nd2, modules, audience="GV", level="TH"):
    """The rules' own verdict from the same totals (split into tiếp thu up to 5 + vận dụng)."""

    def pair(total):
        if total is None:
            return None
        knowledge = min(D(total), RULES_2012.PART_MAX)
        return knowledge, D(total) - knowledge

    return rules.evaluate(TT26, audience, level, pair(nd1), pair(nd2), [pair(m) for m in modules])


def _explain26(nd1, nd2, modules, *, audience="GV", level="TH", hours=None, hours_required=False, **extra):
    evaluation = _evaluate26(nd1, nd2, modules, audience, level)
    classification = evaluation.classification
    if hours_required:
        shortfalls = [
            rules.HoursShort(name=row["label"], confirmed=row["confirmed"], planned=row["planned"])
            for row in _rows26(nd1, nd2, modules, hours)
            if row["confirmed"] < row["planned"]
        ]
        classification = rules.with_hours(evaluation, shortfalls).classification
    explanation = explain_result(
        ruleset=TT26,
        rows=_rows26(nd1, nd2, modules, hours),
        classification=classification,
        average=evaluation.average,
        audience=audience,
        level=level,
        hours_required=hours_required,
        **extra,
    )
    return explanation, evaluation


def _result_tier(explanation):
    return [tier.label for tier in explanation.tiers if tier.is_result]


# --- TT 26/2012 ---------------------------------------------------------------------------------------------------


def test_formula_is_read_from_the_rule_settings():
    explanation, _evaluation = _explain26(8, 8, [8, 8, 8, 8])
    r = RULES_2012
    total = r.ND1_WEIGHT + r.ND2_WEIGHT + r.ND3_WEIGHT
    assert explanation.formula == f"ĐTB = (ND1 + ND2 + ĐTB ND3 × {r.ND3_WEIGHT}) : {total}"
    conditions = [tier.condition for tier in explanation.tiers]
    assert conditions[0] == (
        f"ĐTB từ {rules.format_score(r.GIOI_MIN_AVERAGE)} trở lên và không có điểm thành phần nào dưới "
        f"{rules.format_score(r.GIOI_MIN_COMPONENT)}"
    )
    assert [tier.label for tier in explanation.tiers] == ["Giỏi", "Khá", "Trung bình", "Không hoàn thành kế hoạch"]


def test_example_b_plugs_the_persons_numbers_in():
    """Example B: 9 + 9,5 + modules 9, 9, 10, 9 → ĐTB ND3 9,25, ĐTB 9,25 → 9,3, Giỏi."""
    explanation, evaluation = _explain26(9, "9.5", [9, 9, 10, 9])
    assert explanation.steps[1] == "ĐTB ND3 = (9,0 + 9,0 + 10,0 + 9,0) : 4 = 9,25"
    assert explanation.steps[2].startswith("ĐTB = (9,0 + 9,5 + 9,25 × 2) : 4 = 9,25, làm tròn")
    assert explanation.steps[2].endswith(": 9,3")
    assert explanation.average == rules.format_score(evaluation.average) == "9,3"
    assert explanation.outcome == "Giỏi" and explanation.completed
    assert _result_tier(explanation) == ["Giỏi"]
    assert all(check.passed for check in explanation.checks)
    assert explanation.lowest == "9,0"


def test_example_e_shows_the_half_up_rounding():
    """Example E: 6,96875 rounds half up to 7,0: Khá (without rounding it would be Trung bình)."""
    explanation, evaluation = _explain26(7, 7, [7, 7, 7, "6.75"])
    assert "= 6,96875, làm tròn đến 1 chữ số thập phân, từ 5 trở lên làm tròn lên: 7,0" in explanation.steps[2]
    assert evaluation.average == D("7.0") and explanation.outcome == "Khá"
    giỏi, khá = explanation.tiers[:2]
    assert (giỏi.average_ok, giỏi.components_ok) == (False, False)
    assert (khá.average_ok, khá.components_ok, khá.is_result) == (True, True, True)


def test_example_d_a_low_component_holds_the_class_down():
    """Example D: ĐTB 8,0 reaches Khá, but a component of 5,0 is below 6: Trung bình."""
    explanation, _evaluation = _explain26(5, 9, [9, 9, 9, 9])
    khá = explanation.tiers[1]
    assert (khá.average_ok, khá.components_ok) == (True, False)
    assert _result_tier(explanation) == ["Trung bình"]
    assert explanation.lowest == "5,0"


def test_example_h_a_component_below_five_fails_whatever_the_average():
    explanation, evaluation = _explain26(8, "4.5", [8, 8, 8, 8])
    assert evaluation.classification == rules.KHONG_HOAN_THANH
    assert explanation.outcome == "Không hoàn thành kế hoạch" and not explanation.completed
    failed = [check.label for check in explanation.checks if check.passed is False]
    assert failed == ["Nội dung 2"]
    assert _result_tier(explanation) == ["Không hoàn thành kế hoạch"]
    assert explanation.conclusion == ("Có điểm thành phần dưới 5,0 nên kết quả là: Không hoàn thành kế hoạch.",)


def test_example_i_a_missing_module_gives_no_average():
    explanation, evaluation = _explain26(9, 9, [9, 9, 9, None])
    assert evaluation.average is None and explanation.average == "—"
    assert explanation.steps[-1] == "Còn thiếu điểm nên chưa tính được ĐTB."
    assert [check.passed for check in explanation.checks][-1] is None
    assert all(tier.average_ok is None for tier in explanation.tiers)
    assert explanation.conclusion[0].startswith("Còn thiếu điểm")


def test_hours_short_downgrades_and_says_so():
    hours = [(30, 30), (30, 20), (15, 15), (15, 15), (15, 15), (15, 15)]
    explanation, _evaluation = _explain26(8, 8, [8, 8, 8, 8], hours=hours, hours_required=True)
    assert explanation.outcome == "Không hoàn thành kế hoạch"
    assert [(check.label, check.value, check.passed) for check in explanation.hours][:2] == [
        ("Nội dung 1", "30/30 tiết", True),
        ("Nội dung 2", "20/30 tiết", False),
    ]
    assert explanation.conclusion == (
        "Điểm đạt mức Khá nhưng chưa đủ số tiết đã được xác nhận nên kết quả là: Không hoàn thành kế hoạch.",
    )


def test_managers_pass_or_fail():
    """Example L's shape: a manager of a primary school with one component below 5 does not pass."""
    explanation, evaluation = _explain26(9, 4, [8, 8, 8, 8], audience="CBQL", level="TH")
    assert evaluation.classification == rules.KHONG_DAT
    assert [tier.label for tier in explanation.tiers] == ["Đạt yêu cầu", "Không đạt yêu cầu"]
    assert _result_tier(explanation) == ["Không đạt yêu cầu"]
    passed, _ = _explain26(6, 5, [7, 7, 7, 7], audience="CBQL", level="TH")
    assert passed.outcome == "Đạt yêu cầu" and _result_tier(passed) == ["Đạt yêu cầu"]


def test_nd3_average_reading_lists_the_average_as_the_component():
    explanation, _ = _explain26(10, 10, [10, 10, 10, "6.5"], components=ND3_AVERAGE)
    assert [check.label for check in explanation.checks] == ["Nội dung 1", "Nội dung 2", "ĐTB ND3"]
    assert explanation.checks[-1].value == "9,125"


def test_exempt_from_content_3_drops_its_weight():
    explanation = explain_result(
        ruleset=TT26,
        rows=_rows26(8, 9, []),
        classification="KHA",
        average=D("8.5"),
        exempt_content3=True,
    )
    assert explanation.formula == "ĐTB = (ND1 + ND2) : 2"
    assert explanation.steps[-1].startswith("ĐTB = (8,0 + 9,0) : 2 = 8,5")


@pytest.mark.parametrize(
    "scores",
    [
        (8, 8, [8, 8, 8, 8]),
        (9, "9.5", [9, 9, 10, 9]),
        (7, 7, [7, 7, 7, "6.75"]),
        (9, 9, [9, 9, 9, "8.75"]),
        (6, "7.25", ["5.5", 9, "8.75"]),
        ("6.5", "6.25", [7, "6.25", 6, "5.5"]),
    ],
)
def test_the_explained_average_is_the_rules_average(scores):
    """Recomputed in the explanation without the stored average, the ĐTB is the rules' own."""
    nd1, nd2, modules = scores
    evaluation = _evaluate26(nd1, nd2, modules)
    explanation = explain_result(
        ruleset=TT26, rows=_rows26(nd1, nd2, modules), classification=evaluation.classification
    )
    assert explanation.average == rules.format_score(evaluation.average)
    assert _result_tier(explanation) == [rules.LABELS[evaluation.classification]]


def test_exact_prints_an_unrounded_value():
    assert exact(D("9.4375")) == "9,4375"
    assert exact(D("6.96875")) == "6,96875"
    assert exact(Decimal(28) / 3).endswith("…")
    assert exact(D(8)) == "8,0"


def test_no_result_no_explanation():
    assert explain_result(ruleset=TT26, rows=_rows26(8, 8, [8]), classification="") is None


# --- TT 19/2019 ---------------------------------------------------------------------------------------------------


def _rows19(marks, hours=None):
    """Lines of the TT 19/2019 score table: [(label, [(piece, mark)])]."""
    hours = hours or [(40, 40)] * len(marks)
    return [
        {
            "label": label,
            "marks": [(piece, None if m is None else D(m)) for piece, m in pieces],
            "planned": p,
            "confirmed": D(c),
        }
        for (label, pieces), (p, c) in zip(marks, hours, strict=True)
    ]


PASSING = [
    ("Chương trình bồi dưỡng 01", [("Bài thu hoạch", 8)]),
    ("Chương trình bồi dưỡng 02", [("Bài thu hoạch", "8.5")]),
    ("1. GVPT04", [("Bài kiểm tra lý thuyết", 5), ("Bài kiểm tra thực hành", 7)]),
]


def test_tt19_every_piece_passes():
    explanation = explain_result(ruleset=TT19, rows=_rows19(PASSING), classification="HOAN_THANH")
    assert explanation.outcome == "Hoàn thành kế hoạch BDTX" and explanation.completed
    assert explanation.formula == "" and explanation.tiers == ()
    assert [(c.label, c.value, c.passed) for c in explanation.checks] == [
        ("Chương trình bồi dưỡng 01 · Bài thu hoạch", "8,0", True),
        ("Chương trình bồi dưỡng 02 · Bài thu hoạch", "8,5", True),
        ("1. GVPT04 · Bài kiểm tra lý thuyết", "5,0", True),  # exactly the pass mark passes
        ("1. GVPT04 · Bài kiểm tra thực hành", "7,0", True),
    ]
    assert explanation.pass_mark == rules.format_score(RULES_2019.PASS_MARK)
    assert f"thang điểm {RULES_2019.MARK_MAX}" in explanation.rule
    assert "Điều 11" in explanation.rule and "TT 19/2019" in explanation.rule
    assert explanation.conclusion == ("Mọi bài đều có điểm từ 5,0 trở lên nên kết quả là: Hoàn thành kế hoạch BDTX.",)


def test_tt19_a_piece_below_five_and_a_missing_one_fail():
    marks = [
        PASSING[0],
        ("Chương trình bồi dưỡng 02", [("Bài thu hoạch", "4.75")]),
        ("1. GVPT04", [("Bài kiểm tra lý thuyết", None), ("Bài kiểm tra thực hành", 7)]),
    ]
    explanation = explain_result(ruleset=TT19, rows=_rows19(marks), classification="KHONG_HOAN_THANH")
    assert explanation.outcome == "Không hoàn thành kế hoạch BDTX" and not explanation.completed
    assert [c.passed for c in explanation.checks] == [True, False, None, True]
    assert explanation.conclusion == (
        "1 bài chưa có điểm.",
        "1 bài dưới 5,0 điểm.",
        "Vì vậy kết quả là: Không hoàn thành kế hoạch BDTX.",
    )


def test_tt19_hours_required_and_short():
    hours = [(40, 40), (40, D("32.5")), (20, 20)]
    explanation = explain_result(
        ruleset=TT19, rows=_rows19(PASSING, hours), classification="KHONG_HOAN_THANH", hours_required=True
    )
    assert [(c.value, c.passed) for c in explanation.hours] == [
        ("40/40 tiết", True),
        ("32,5/40 tiết", False),
        ("20/20 tiết", True),
    ]
    assert "chỉ hoàn thành kế hoạch khi" in explanation.hours_rule
    assert explanation.conclusion[0] == "1 nội dung chưa đủ số tiết đã được xác nhận."


def test_tt19_no_module_planned_is_missing():
    explanation = explain_result(ruleset=TT19, rows=_rows19(PASSING[:2]), classification="KHONG_HOAN_THANH")
    assert explanation.checks[-1].label == "Chương trình bồi dưỡng 03"
    assert explanation.checks[-1].passed is None


# --- on the pages -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_my_result_explains_after_confirmation(cast, login, year, plans):
    plan = plans["teacher"]
    modules = [("4", "4"), ("4", "4"), ("4", "4"), ("2", "2,5")]
    services.scores_save_grid(
        user=cast.group_head_a1, year=year, rows=[pairs_row(plan, nd1=("4", "4"), nd2=("4", "4"), modules=modules)]
    )
    client = login(cast.teacher_a1)
    page = client.get(reverse("assessment:my_result")).content.decode()
    assert "Vì sao có kết quả này?" not in page  # nothing to explain before the school confirms

    services.results_confirm(school=cast.school_a1, year=year, user=cast.principal_a1, reason=GAP_REASON)
    response = client.get(reverse("assessment:my_result"))
    page = response.content.decode()
    assert "Vì sao có kết quả này?" in page and 'data-testid="explain"' in page
    assert "ĐTB = (ND1 + ND2 + ĐTB ND3 × 2) : 4" in page
    assert "ĐTB ND3 = (8,0 + 8,0 + 8,0 + 4,5) : 4 = 7,125" in page
    assert 'data-passed="no"' in page  # the module of 4,5
    assert response.context["explanation"].outcome == "Không hoàn thành kế hoạch"


@pytest.mark.django_db
def test_history_page_explains_a_tt19_result(cast, login, tt19, make_plan19):
    plan = make_plan19(cast.teacher_a1.staff)
    row = {"plan_id": plan.pk, "version": 0, "values": {"nd1": ("7",), "nd2": ("4,5",)}}
    for item in plan.items.filter(content=3).order_by("order", "id"):
        row["values"][f"m{item.pk}"] = ("8", "7,5")
    services.scores_save_grid(user=cast.group_head_a1, year=tt19, rows=[row])
    response = login(cast.principal_a1).get(reverse("assessment:plan_history", args=[plan.pk]))
    page = response.content.decode()
    explanation = response.context["explanation"]
    assert explanation.outcome == "Không hoàn thành kế hoạch BDTX"
    assert "Chương trình bồi dưỡng 02 · Bài thu hoạch" in page and 'data-passed="no"' in page
    assert "ĐTB =" not in page
