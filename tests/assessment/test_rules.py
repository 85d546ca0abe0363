"""Unit and property tests of the pure rules module (regulations.md §2–§4, worked examples A–L)."""

import ast
import dataclasses
import math
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import assessment.rules as rules_module
from assessment.rules import (
    DAT,
    GIOI,
    HOAN_THANH,
    KHA,
    KHONG_DAT,
    KHONG_HOAN_THANH,
    LABELS,
    TRUNG_BINH,
    Classification,
    classify_manager,
    classify_teacher,
    evaluate,
    format_score,
)
from assessment.rules_settings import RULES_2012

D = Decimal
FIVE = D("5")


def pair(score):
    """Split a content score into (knowledge, application), each within 0–5."""
    score = D(str(score))
    knowledge = min(FIVE, score)
    return (knowledge, score - knowledge)


def modules(*scores):
    return [None if s is None else pair(s) for s in scores]


def teacher(nd1, nd2, nd3, **kwargs):
    kwargs.setdefault("components", "each_module")
    return evaluate("TT26_2012", "GV", "TH", pair(nd1), pair(nd2), modules(*nd3), **kwargs)


@pytest.fixture
def tenth_steps(monkeypatch):
    """Examples E and F use content scores such as 6.8, which no pair of 0.25-step halves can make; they run with
    the part-score step relaxed in the one settings object (which also shows a corrected reading is one edit)."""
    monkeypatch.setattr(rules_module, "RULES_2012", dataclasses.replace(RULES_2012, PART_STEP=D("0.05")))


# --- worked examples A–J (regulations.md §2; components = ND1, ND2 and each module; 4 modules) ----------------

EXAMPLES = {
    "A": (8, 8, (8, 8, 8, 8), "8.0", KHA),
    "B": (9, "9.5", (9, 9, 10, 9), "9.3", GIOI),
    "C": ("5.0", 7, (7, 7, 7, 7), "6.5", TRUNG_BINH),
    "D": ("5.0", 9, (9, 9, 9, 9), "8.0", TRUNG_BINH),
    "E": (7, "6.8", (7, 7, 7, 7), "7.0", KHA),
    "F": (9, "8.8", (9, 9, 9, 9), "9.0", GIOI),
    "G": (10, 10, (10, 10, 10, "6.5"), "9.6", KHA),
    "H": (8, "4.5", (8, 8, 8, 8), "7.1", KHONG_HOAN_THANH),
    "I": (9, 9, (9, 9, 9, None), None, KHONG_HOAN_THANH),
    "J": (6, 6, (6, 6, 6, 6), "6.0", TRUNG_BINH),
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_worked_example(name, request):
    nd1, nd2, nd3, average, expected = EXAMPLES[name]
    if name in {"E", "F"}:
        request.getfixturevalue("tenth_steps")
    result = teacher(nd1, nd2, nd3)
    assert result.classification == expected
    if average is None:
        assert result.average is None
    else:
        assert str(result.average) == average
    assert (result.reasons == ()) == (expected == GIOI)


def test_example_d_reason_names_the_low_component():
    result = teacher("5.0", 9, (9, 9, 9, 9))
    assert result.reasons == ("Nội dung 1 có điểm 5,0, dưới 6,0 nên không xếp Khá",)


def test_example_a_reason_names_the_average():
    assert teacher(8, 8, (8, 8, 8, 8)).reasons == ("ĐTB 8,0 đạt mức Khá nhưng chưa đạt 9,0 để xếp Giỏi",)


def test_example_e_without_rounding_would_be_trung_binh(tenth_steps):
    result = teacher(7, "6.8", (7, 7, 7, 7))
    assert result.average == D("7.0")
    assert result.nd3_average == D("7")
    assert "Nội dung 2 có điểm 6,8, dưới 7,0 nên không xếp Giỏi" in result.reasons


def test_example_f_is_not_float_rounded(tenth_steps):
    assert round(8.95, 1) == 8.9  # the trap the regulation warns about
    assert teacher(9, "8.8", (9, 9, 9, 9)).average == D("9.0")


def test_example_g_each_module_is_kha_with_the_module_as_reason():
    result = teacher(10, 10, (10, 10, 10, "6.5"), components="each_module")
    assert result.classification == KHA
    assert result.reasons == ("Mô đun thứ 4 có điểm 6,5, dưới 7,0 nên không xếp Giỏi",)
    assert [c.key for c in result.components] == ["nd1", "nd2", "nd3_1", "nd3_2", "nd3_3", "nd3_4"]


def test_example_g_nd3_average_is_gioi():
    result = teacher(10, 10, (10, 10, 10, "6.5"), components="nd3_average")
    assert result.classification == GIOI
    assert result.average == D("9.6")
    assert [(c.key, c.score) for c in result.components] == [("nd1", D("10")), ("nd2", D("10")), ("nd3", D("9.125"))]


def test_component_setting_from_django_settings(settings):
    settings.BDTX_COMPONENTS_EACH_MODULE = False
    result = evaluate("TT26_2012", "GV", "TH", pair(10), pair(10), modules(10, 10, 10, "6.5"))
    assert result.classification == GIOI
    settings.BDTX_COMPONENTS_EACH_MODULE = True
    result = evaluate("TT26_2012", "GV", "TH", pair(10), pair(10), modules(10, 10, 10, "6.5"))
    assert result.classification == KHA


def test_explicit_component_keyword_wins_over_settings(settings):
    settings.BDTX_COMPONENTS_EACH_MODULE = False
    result = evaluate("TT26_2012", "GV", "TH", pair(10), pair(10), modules(10, 10, 10, "6.5"), components="each_module")
    assert result.classification == KHA


def test_default_reading_is_each_module(settings):
    if hasattr(settings, "BDTX_COMPONENTS_EACH_MODULE"):
        del settings.BDTX_COMPONENTS_EACH_MODULE
    assert RULES_2012.COMPONENTS_EACH_MODULE is True
    result = evaluate("TT26_2012", "GV", "TH", pair(10), pair(10), modules(10, 10, 10, "6.5"))
    assert result.classification == KHA


def test_example_h_average_is_still_given():
    result = teacher(8, "4.5", (8, 8, 8, 8))
    assert result.reasons == ("Nội dung 2 có điểm 4,5, dưới 5,0 nên không hoàn thành kế hoạch",)


def test_example_i_does_not_average_the_modules_present():
    result = teacher(9, 9, (9, 9, 9, None))
    assert result.average is None
    assert result.nd3_average is None
    assert result.reasons == ("Thiếu điểm mô đun thứ 4",)
    assert result.components[-1].score is None


# --- boundaries -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nd1", "expected"),
    [
        ("5.0", TRUNG_BINH),  # others 7 → ĐTB 6.5; 5.0 passes
        ("4.75", KHONG_HOAN_THANH),
    ],
)
def test_component_at_five(nd1, expected):
    assert teacher(nd1, 7, (7, 7, 7, 7)).classification == expected


@pytest.mark.parametrize(("nd1", "expected"), [("6.0", KHA), ("5.75", TRUNG_BINH)])
def test_component_at_six(nd1, expected):
    result = teacher(nd1, 9, (9, 9, 9, 9))  # ĐTB 8.25 → 8.3 (or 8.2 for 5.75)
    assert result.average >= D("7")
    assert result.classification == expected


@pytest.mark.parametrize(("module", "expected"), [("7.0", GIOI), ("6.75", KHA)])
def test_module_at_seven(module, expected):
    result = teacher(10, 10, (10, 10, 10, module))
    assert result.average >= D("9")
    assert result.classification == expected


def test_average_6_95_rounds_up_to_kha():
    # five modules make 6.95 reachable with 0.25 steps: (7 + 7 + 2 × 34.5 / 5) / 4 = 6.95
    result = teacher(7, 7, (7, 7, 7, 7, "6.5"))
    assert result.average == D("7.0")
    assert result.classification == KHA


def test_average_6_925_rounds_down():
    result = teacher(7, 7, (7, 7, 7, "6.75", "6.5"))  # (14 + 2 × 34.25 / 5) / 4 = 6.925
    assert str(result.average) == "6.9"
    assert result.classification == TRUNG_BINH


def test_average_8_95_rounds_up_to_gioi():
    result = teacher(9, 9, (9, 9, 9, 9, "8.5"))  # (18 + 2 × 44.5 / 5) / 4 = 8.95
    assert str(result.average) == "9.0"
    assert result.classification == GIOI


def test_average_4_95_rounds_up_to_5_0():
    result = teacher(5, 5, (5, 5, 5, 5, "4.5"))  # (10 + 2 × 24.5 / 5) / 4 = 4.95
    assert str(result.average) == "5.0"
    assert result.classification == KHONG_HOAN_THANH  # the 4.5 module is below 5
    assert result.reasons == ("Mô đun thứ 5 có điểm 4,5, dưới 5,0 nên không hoàn thành kế hoạch",)


def test_thresholds_reached_exactly():
    assert teacher(9, 9, (9, 9, 9, 9)).classification == GIOI
    assert teacher(7, 7, (7, 7, 7, 7)).classification == KHA
    assert teacher(5, 5, (5, 5, 5, 5)).classification == TRUNG_BINH


def test_perfect_and_zero_scores():
    assert teacher(10, 10, (10,)).average == D("10.0")
    result = teacher(0, 0, (0,))
    assert result.average == D("0.0")
    assert result.classification == KHONG_HOAN_THANH


# --- missing content --------------------------------------------------------------------------------------------


def test_missing_content_2():
    result = evaluate("TT26_2012", "GV", "THCS", pair(9), None, modules(9, 9, 9, 9))
    assert result.classification == KHONG_HOAN_THANH
    assert result.average is None
    assert result.reasons == ("Thiếu điểm nội dung 2",)


def test_missing_half_of_a_pair():
    result = evaluate("TT26_2012", "GV", "THCS", (D("4.5"), None), pair(9), modules(9, 9))
    assert result.classification == KHONG_HOAN_THANH
    assert result.reasons == ("Thiếu điểm nội dung 1",)


def test_missing_module_in_the_middle_nd3_average_mode():
    result = teacher(9, 9, (9, None, 9), components="nd3_average")
    assert result.classification == KHONG_HOAN_THANH
    assert result.average is None
    assert result.reasons == ("Thiếu điểm mô đun thứ 2",)


@pytest.mark.parametrize("nd3", [None, []])
def test_missing_content_3_when_not_exempt(nd3):
    result = evaluate("TT26_2012", "GV", "MN", pair(9), pair(9), nd3)
    assert result.classification == KHONG_HOAN_THANH
    assert result.average is None
    assert result.reasons == ("Thiếu điểm nội dung 3",)


def test_missing_and_low_are_both_reported():
    result = teacher(9, "4.5", (9, None))
    assert result.reasons == (
        "Thiếu điểm mô đun thứ 2",
        "Nội dung 2 có điểm 4,5, dưới 5,0 nên không hoàn thành kế hoạch",
    )


# --- exempt content 3 ---------------------------------------------------------------------------------------------


def test_exempt_content_3_averages_content_1_and_2():
    result = evaluate("TT26_2012", "GV", "THCS", pair(9), pair("9.5"), None, exempt_content3=True)
    assert result.average == D("9.3")  # (9 + 9.5) / 2 = 9.25 → 9.3 (UNCONFIRMED formula)
    assert result.classification == GIOI
    assert [c.key for c in result.components] == ["nd1", "nd2"]
    assert result.nd3_average is None


def test_exempt_content_3_with_empty_list_and_lower_scores():
    result = evaluate("TT26_2012", "GV", "THPT", pair(8), pair(7), [], exempt_content3=True)
    assert result.average == D("7.5")
    assert result.classification == KHA


def test_exempt_content_3_still_needs_content_1_and_2():
    result = evaluate("TT26_2012", "GV", "TH", pair(9), None, None, exempt_content3=True)
    assert result.classification == KHONG_HOAN_THANH
    assert result.reasons == ("Thiếu điểm nội dung 2",)


def test_exempt_content_3_refuses_module_scores():
    with pytest.raises(ValueError):
        evaluate("TT26_2012", "GV", "TH", pair(9), pair(9), modules(9), exempt_content3=True)


# --- managers -------------------------------------------------------------------------------------------------


def test_example_k_manager_dat():
    result = classify_manager(D("6.0"), [D("6"), D("5.0"), D("7")])
    assert result.classification == DAT
    assert result.reasons == ()


def test_example_l_manager_khong_dat():
    result = classify_manager(D("7.0"), [D("9"), D("4.0"), D("8")])
    assert result.classification == KHONG_DAT
    assert result.reasons == ("Điểm thành phần thứ 2 có điểm 4,0, dưới 5,0 nên không đạt yêu cầu",)


def test_manager_low_average():
    result = classify_manager(D("4.9"), [D("5"), D("5")])
    assert result.classification == KHONG_DAT
    assert result.reasons == ("ĐTB 4,9 chưa đạt 5,0 nên không đạt yêu cầu",)


@pytest.mark.parametrize("level", ["TH", "THCS", "THPT", "GDTX"])
def test_school_managers_pass_or_fail(level):
    good = evaluate("TT26_2012", "CBQL", level, pair(10), pair(10), modules(10, 10, 10, 10))
    assert good.classification == DAT
    assert good.average == D("10.0")
    at_five = evaluate("TT26_2012", "CBQL", level, pair("5.0"), pair(9), modules(9, 9))
    assert at_five.classification == DAT
    low = evaluate("TT26_2012", "CBQL", level, pair("4.75"), pair(9), modules(9, 9))
    assert low.classification == KHONG_DAT
    assert low.reasons == ("Nội dung 1 có điểm 4,75, dưới 5,0 nên không đạt yêu cầu",)
    missing = evaluate("TT26_2012", "CBQL", level, pair(9), pair(9), modules(9, None))
    assert missing.classification == KHONG_DAT
    assert missing.average is None
    assert missing.reasons == ("Thiếu điểm mô đun thứ 2",)


def test_manager_average_uses_the_teacher_formula():
    args = (pair(7), pair("6.5"), modules(8, 9, "7.5"))
    manager = evaluate("TT26_2012", "CBQL", "THCS", *args)
    as_teacher = evaluate("TT26_2012", "GV", "THCS", *args)
    assert manager.average == as_teacher.average == D("7.5")  # (7 + 6.5 + 2 × 8.1666…) / 4 = 7.458… → 7.5


def test_preschool_managers_get_the_four_classes():
    assert evaluate("TT26_2012", "CBQL", "MN", pair(8), pair(8), modules(8, 8, 8, 8)).classification == KHA
    assert evaluate("TT26_2012", "CBQL", "MN", pair(9), pair(9), modules(9, 9)).classification == GIOI
    low = evaluate("TT26_2012", "CBQL", "MN", pair(9), pair("4.5"), modules(9, 9))
    assert low.classification == KHONG_HOAN_THANH


def test_classify_teacher_on_a_given_average():
    assert classify_teacher(D("9.0"), [D("9"), D("7")]).classification == GIOI
    assert classify_teacher(D("9.0"), [D("9"), D("6.5")]).classification == KHA
    assert classify_teacher(D("8.0"), [D("9"), D("5.5")]).classification == TRUNG_BINH
    assert classify_teacher(D("8.0"), [D("9"), D("4.5")]).classification == KHONG_HOAN_THANH


# --- TT 19/2019: see test_rules_tt19.py (marks 0–10 per piece; pairs are not its input) -------------------------


# --- input checks ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad_pair",
    [
        (4.5, D("4")),  # float
        (D("4"), 4),  # int
        ("4.5", D("4")),  # str
        (D("5.25"), D("4")),  # above 5
        (D("-0.25"), D("4")),  # negative
        (D("2.3"), D("4")),  # not a step of 0.25
        (D("NaN"), D("4")),
        (D("Infinity"), D("4")),
        (D("4"),),  # not a pair
        D("8"),
    ],
)
def test_bad_part_scores_are_refused(bad_pair):
    with pytest.raises(ValueError):
        evaluate("TT26_2012", "GV", "TH", bad_pair, pair(8), modules(8))
    with pytest.raises(ValueError):
        evaluate("TT26_2012", "GV", "TH", pair(8), pair(8), [pair(8), bad_pair])


def test_quarter_steps_are_accepted():
    result = evaluate("TT26_2012", "GV", "TH", (D("4.75"), D("0.25")), (D("5.00"), D("4.5")), modules(8))
    assert result.components[0].score == D("5.00")


@pytest.mark.parametrize(
    "args",
    [
        ("TT26_2013", "GV", "TH"),
        ("TT26_2012", "HT", "TH"),
        ("TT26_2012", "GV", "DH"),
    ],
)
def test_unknown_choices_are_refused(args):
    with pytest.raises(ValueError):
        evaluate(*args, pair(8), pair(8), modules(8))


def test_unknown_component_mode_is_refused():
    with pytest.raises(ValueError):
        evaluate("TT26_2012", "GV", "TH", pair(8), pair(8), modules(8), components="each")


def test_nd3_must_be_a_list():
    with pytest.raises(ValueError):
        evaluate("TT26_2012", "GV", "TH", pair(8), pair(8), pair(8)[0])


def test_classify_helpers_refuse_floats():
    with pytest.raises(ValueError):
        classify_manager(6.0, [D("6")])
    with pytest.raises(ValueError):
        classify_teacher(D("6.0"), [6.5])


# --- labels, formatting, purity -------------------------------------------------------------------------------------


def test_labels():
    assert {str(LABELS[c]) for c in Classification} == {
        "Giỏi",
        "Khá",
        "Trung bình",
        "Không hoàn thành kế hoạch",
        "Đạt yêu cầu",
        "Không đạt yêu cầu",
        "Hoàn thành kế hoạch",
    }
    assert GIOI == "GIOI"


@pytest.mark.parametrize(
    ("value", "text"),
    [("8", "8,0"), ("9.25", "9,25"), ("9.50", "9,5"), ("10", "10,0"), ("0", "0,0"), ("6.9999", "6,99")],
)
def test_format_score(value, text):
    assert format_score(D(value)) == text


def test_rules_module_imports_no_models_or_orm():
    tree = ast.parse(Path(rules_module.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert not any(name.startswith("django.db") or name.endswith("models") for name in imported)
    assert "float(" not in Path(rules_module.__file__).read_text(encoding="utf-8")


# --- properties -----------------------------------------------------------------------------------------------------

RANK = {
    GIOI: 3,
    KHA: 2,
    TRUNG_BINH: 1,
    KHONG_HOAN_THANH: 0,
    DAT: 1,
    KHONG_DAT: 0,
    HOAN_THANH: 1,
}
FAMILIES = {
    "four": {GIOI, KHA, TRUNG_BINH, KHONG_HOAN_THANH},
    "manager": {DAT, KHONG_DAT},
    "tt19": {HOAN_THANH, KHONG_HOAN_THANH},
}

quarter = st.integers(0, 20).map(lambda i: Decimal(i) / 4)
maybe_quarter = st.one_of(quarter, quarter, quarter, quarter, quarter, quarter, quarter, quarter, st.none())
complete_pair = st.tuples(quarter, quarter)
any_pair = st.one_of(complete_pair, complete_pair, complete_pair, st.none(), st.tuples(maybe_quarter, maybe_quarter))
context = st.fixed_dictionaries(
    {
        # TT 19/2019 takes lists of marks, not pairs, and has no average: its properties are in test_rules_tt19.py.
        "ruleset": st.just("TT26_2012"),
        "audience": st.sampled_from(["GV", "CBQL"]),
        "level": st.sampled_from(["MN", "TH", "THCS", "THPT", "GDTX"]),
        "components": st.sampled_from(["each_module", "nd3_average"]),
    }
)


def family(ruleset, audience, level, **_):
    if ruleset == "TT19_2019":
        return "tt19"
    return "manager" if audience == "CBQL" and level != "MN" else "four"


@st.composite
def scores(draw, pair_strategy):
    exempt = draw(st.booleans())
    nd3 = None if exempt else draw(st.lists(pair_strategy, min_size=1, max_size=6))
    return draw(pair_strategy), draw(pair_strategy), nd3, exempt


def run(ctx, nd1, nd2, nd3, exempt):
    return evaluate(
        ctx["ruleset"],
        ctx["audience"],
        ctx["level"],
        nd1,
        nd2,
        nd3,
        exempt_content3=exempt,
        components=ctx["components"],
    )


@settings(max_examples=400, deadline=None)
@given(ctx=context, data=scores(any_pair), where=st.integers(0, 1000), steps=st.integers(1, 20))
def test_lowering_a_part_score_never_improves_the_class(ctx, data, where, steps):
    nd1, nd2, nd3, exempt = data
    slots = [[nd1], [nd2]] + ([[p] for p in nd3] if nd3 else [])
    positions = [(i, half) for i, (p,) in enumerate(slots) if p is not None for half in (0, 1) if p[half] is not None]
    before = run(ctx, nd1, nd2, nd3, exempt)
    assert before.classification in FAMILIES[family(**ctx)]
    if not positions:
        return
    i, half = positions[where % len(positions)]
    lowered = list(slots[i][0])
    lowered[half] = max(D("0"), lowered[half] - D(steps) / 4)
    slots[i] = [tuple(lowered)]
    after = run(ctx, slots[0][0], slots[1][0], [s[0] for s in slots[2:]] if nd3 else nd3, exempt)
    assert RANK[after.classification] <= RANK[before.classification]
    if before.average is not None and after.average is not None:
        assert after.average <= before.average


@settings(max_examples=300, deadline=None)
@given(ctx=context, data=scores(complete_pair))
def test_average_is_in_range_with_one_decimal(ctx, data):
    result = run(ctx, *data)
    assert D("0") <= result.average <= D("10")
    assert result.average.as_tuple().exponent == -1


def half_up_tenth(value):
    return Decimal(math.floor(value * 10 + Fraction(1, 2))).scaleb(-1)


@settings(max_examples=300, deadline=None)
@given(ctx=context, data=scores(complete_pair))
def test_average_matches_an_independent_fraction_formula(ctx, data):
    nd1, nd2, nd3, exempt = data

    def content(p):
        return Fraction(p[0]) + Fraction(p[1])

    if exempt:
        raw = (content(nd1) + content(nd2)) / 2
    else:
        nd3_average = sum(content(p) for p in nd3) / len(nd3)
        raw = (content(nd1) + content(nd2) + 2 * nd3_average) / 4
    result = run(ctx, *data)
    assert str(result.average) == str(half_up_tenth(raw))
    if not exempt:
        assert abs(Fraction(result.nd3_average) - nd3_average) < Fraction(1, 10**40)
