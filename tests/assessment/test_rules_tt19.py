"""TT 19/2019 (regulations.md §7.4): one mark 0–10 per assessed piece, passed at 5; Hoàn thành / Không hoàn
thành kế hoạch BDTX for teachers and managers alike; no ĐTB; the content-3 exemption only with a Sở decision."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment import rules
from assessment.rules import DAT, HOAN_THANH, KHONG_DAT, KHONG_HOAN_THANH, evaluate, label
from assessment.rules_settings import RULES_2019

from .helpers import D

TT19 = "TT19_2019"
NAMES = ["GVPT04 (Ứng dụng công nghệ thông tin)", "GVPT05"]


def marks(*values):
    return [None if v is None else D(v) for v in values]


def run(nd1, nd2, nd3, audience="GV", level="THCS", **kwargs):
    return evaluate(TT19, audience, level, nd1, nd2, nd3, module_names=kwargs.pop("names", None), **kwargs)


# --- worked cases ---------------------------------------------------------------------------------------------


def test_every_piece_at_least_5_completes_the_plan():
    result = run(marks(7), marks("5"), [marks(8, "6.5"), marks(5, 10)], names=NAMES)
    assert result.classification == HOAN_THANH
    assert result.reasons == ()
    assert result.average is None and result.nd3_average is None
    assert label(result.classification, TT19) == "Hoàn thành kế hoạch BDTX"


def test_one_piece_at_4_75_does_not_complete_it_and_says_which():
    result = run(marks(9), marks(9), [marks(8, "4.75"), marks(10, 10)], names=NAMES)
    assert result.classification == KHONG_HOAN_THANH
    assert result.average is None
    assert result.reasons == (
        "Mô đun GVPT04 (Ứng dụng công nghệ thông tin), bài kiểm tra thực hành: 4,75, dưới 5,0 nên không hoàn "
        "thành kế hoạch BDTX",
    )
    assert label(result.classification, TT19) == "Không hoàn thành kế hoạch BDTX"


def test_a_programme_essay_below_5_names_the_programme():
    result = run(marks("4.5"), marks(6), [marks(6, 6)])
    assert result.reasons == (
        "Chương trình bồi dưỡng 01, bài thu hoạch: 4,5, dưới 5,0 nên không hoàn thành kế hoạch BDTX",
    )


def test_a_planned_module_with_no_mark_does_not_complete_it():
    result = run(marks(7), marks(7), [marks(7, 7), marks(None, None)], names=NAMES)
    assert result.classification == KHONG_HOAN_THANH
    assert result.reasons == (
        "Thiếu điểm Mô đun GVPT05, bài kiểm tra lý thuyết",
        "Thiếu điểm Mô đun GVPT05, bài kiểm tra thực hành",
    )


@pytest.mark.parametrize("empty", [None, []])
def test_an_empty_programme_or_module_is_missing(empty):
    assert run(empty, marks(7), [marks(7, 7)]).reasons == ("Thiếu điểm Chương trình bồi dưỡng 01",)
    assert run(marks(7), marks(7), [marks(7, 7), empty], names=NAMES).reasons == ("Thiếu điểm Mô đun GVPT05",)
    assert run(marks(7), marks(7), empty).reasons == ("Thiếu điểm Chương trình bồi dưỡng 03",)


@pytest.mark.parametrize("level", ["MN", "TH", "THCS", "THPT", "GDTX"])
def test_managers_get_the_same_two_results_never_dat(level):
    good = run(marks(7), marks(7), [marks(7, 7)], audience="CBQL", level=level)
    bad = run(marks(7), marks(7), [marks(7, 3)], audience="CBQL", level=level)
    assert good.classification == HOAN_THANH and bad.classification == KHONG_HOAN_THANH
    assert {good.classification, bad.classification}.isdisjoint({DAT, KHONG_DAT})


def test_exemption_is_refused_without_the_sos_decision():
    with pytest.raises(ValueError, match="Thông tư 19/2019 không cho miễn Chương trình bồi dưỡng 03"):
        run(marks(7), marks(7), None, exempt_content3=True)


def test_exemption_with_the_sos_decision():
    result = run(marks(7), marks(7), None, exempt_content3=True, exemption_allowed=True)
    assert result.classification == HOAN_THANH
    with pytest.raises(ValueError):
        run(marks(7), marks(7), [marks(7, 7)], exempt_content3=True, exemption_allowed=True)


@pytest.mark.parametrize(
    "bad",
    [[7.5], [7], [D("10.25")], [D("-0.25")], [D("7.3")], [D("NaN")], ("7",), D("7")],
)
def test_bad_marks_are_refused(bad):
    with pytest.raises(ValueError):
        run(bad if not isinstance(bad, Decimal) else bad, marks(7), [marks(7, 7)])


def test_the_step_is_a_setting():
    assert (D("0.25"), D("5"), D("10")) == (RULES_2019.MARK_STEP, RULES_2019.PASS_MARK, RULES_2019.MARK_MAX)


def test_labels_per_ruleset():
    assert label(KHONG_HOAN_THANH, "TT26_2012") == "Không hoàn thành kế hoạch"
    assert label(HOAN_THANH, "TT26_2012") == "Hoàn thành kế hoạch"
    assert label("GIOI", "TT26_2012") == rules.LABELS[rules.GIOI]
    assert label(KHONG_HOAN_THANH, TT19) == "Không hoàn thành kế hoạch BDTX"
    assert label(KHONG_HOAN_THANH) == "Không hoàn thành kế hoạch"
    assert label("nonsense", TT19) == ""


# --- property: the result never depends on an average ---------------------------------------------------------

mark = st.integers(0, 40).map(lambda i: Decimal(i) / 4)
passing = st.integers(20, 40).map(lambda i: Decimal(i) / 4)
failing = st.integers(0, 19).map(lambda i: Decimal(i) / 4)
slot_marks = st.lists(mark, min_size=1, max_size=3)


@st.composite
def plan_with_one_failed_piece(draw):
    """Marks of a plan (nd1, nd2, modules) where exactly one piece is below 5, at a drawn position."""
    slots = [draw(st.lists(passing, min_size=1, max_size=2)) for _ in range(2 + draw(st.integers(1, 5)))]
    i = draw(st.integers(0, len(slots) - 1))
    j = draw(st.integers(0, len(slots[i]) - 1))
    slots[i][j] = draw(failing)
    return slots, (i, j)


def _evaluate(slots, audience="GV"):
    return evaluate(TT19, audience, "THPT", slots[0], slots[1], slots[2:])


@settings(max_examples=300, deadline=None)
@given(
    data=plan_with_one_failed_piece(),
    raise_to=st.integers(20, 40),
    shuffle=st.randoms(use_true_random=False),
    audience=st.sampled_from(["GV", "CBQL"]),
)
def test_one_piece_below_5_is_never_made_up_by_the_others(data, raise_to, shuffle, audience):
    slots, (i, j) = data
    assert _evaluate(slots, audience).classification == KHONG_HOAN_THANH
    # Raising any passing mark (even to 10) never helps.
    raised = [[Decimal(raise_to) / 4 if (a, b) != (i, j) else m for b, m in enumerate(s)] for a, s in enumerate(slots)]
    assert _evaluate(raised, audience).classification == KHONG_HOAN_THANH
    # Permuting the passing marks among themselves never helps.
    others = [m for a, s in enumerate(slots) for b, m in enumerate(s) if (a, b) != (i, j)]
    shuffle.shuffle(others)
    it = iter(others)
    permuted = [[m if (a, b) == (i, j) else next(it) for b, m in enumerate(s)] for a, s in enumerate(slots)]
    assert _evaluate(permuted, audience).classification == KHONG_HOAN_THANH
    # The plan's mean is never a result: the evaluation carries no average.
    assert _evaluate(slots, audience).average is None


@settings(max_examples=300, deadline=None)
@given(slots=st.lists(slot_marks, min_size=3, max_size=8))
def test_the_result_is_exactly_every_piece_at_least_5(slots):
    result = _evaluate(slots)
    expected = all(m >= 5 for s in slots for m in s)
    assert (result.classification == HOAN_THANH) == expected
    assert result.average is None
    # A plan whose mean is ≥ 5 but with one piece below 5 stays Không hoàn thành: were the result read from the
    # mean, the flattened plan (every mark replaced by the mean) and the real one would agree; they do not.
    values = [m for s in slots for m in s]
    mean = (sum(values) / len(values) * 4).to_integral_value(rounding="ROUND_FLOOR") / 4
    flattened = [[mean] * len(s) for s in slots]
    assert (_evaluate(flattened).classification == HOAN_THANH) == (mean >= 5)
    if not expected:
        assert result.classification == KHONG_HOAN_THANH
