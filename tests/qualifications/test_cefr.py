"""CEFR conversion on every row of every table (regulations.md §6), boundaries included, and the known conflicts.

The expected tables below are copied by hand from regulations.md §6, independently of qualifications/cefr.py:
first the module's data is checked against them cell by cell, then every cell is converted exactly at its
threshold (reaches the row) and 0.5 below it (does not).
"""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualifications import cefr

LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"]
LR, SP, WR = cefr.LISTENING_READING, cefr.SPEAKING, cefr.WRITING

# Table S (HCMC Sở plan 2013–2015): level, IELTS, TOEFL iBT, FCE, TOEIC (L&R, speaking, writing). None = "—".
TABLE_S = [
    ("A1", "A1", {"IELTS": "2", "TOEFL_IBT": None, "FCE": "0", "TOEIC": ("120", "50", "30")}),
    ("A2", "A2", {"IELTS": "3", "TOEFL_IBT": "40", "FCE": "35", "TOEIC": ("225", "70", "50")}),
    ("B1", "B1", {"IELTS": "4.5", "TOEFL_IBT": "45", "FCE": "45", "TOEIC": ("450", "105", "90")}),
    ("B2", "B2", {"IELTS": "5.5", "TOEFL_IBT": "61", "FCE": "60", "TOEIC": ("600", "140", "130")}),
    ("C1", "C1", {"IELTS": "6.5", "TOEFL_IBT": "90", "FCE": "80", "TOEIC": ("850", "170", "165")}),
]
# Table A (CV 6089/BGDĐT-GDTX): minimum of each cell ("5.0 / 5.25 / 5.5" → 5.0; "3.5–4.0" → 3.5; "KET/PET" → KET).
TABLE_A = [
    ("A2", "A2", {"IELTS": "3.0", "TOEFL_PBT": "400", "TOEFL_CBT": "97", "TOEIC": ("150",), "CAMBRIDGE": "KET"}),
    ("A2–B1", "A2", {"IELTS": "3.5", "TOEFL_PBT": "450", "TOEFL_CBT": "133", "TOEIC": ("350",), "CAMBRIDGE": "KET"}),
    ("B1", "B1", {"IELTS": "4.5", "TOEFL_PBT": "477", "TOEFL_CBT": "153", "TOEIC": ("350",), "CAMBRIDGE": "PET"}),
    ("B2", "B2", {"IELTS": "5.0", "TOEFL_PBT": "500", "TOEFL_CBT": "173", "TOEIC": ("625",), "CAMBRIDGE": "FCE"}),
    ("C1", "C1", {"IELTS": "6.0", "TOEFL_PBT": "550", "TOEFL_CBT": "213", "TOEIC": ("800",), "CAMBRIDGE": "CAE"}),
]
# Table B (Giáo dục & Thời đại): B1 and B2 only.
TABLE_B = [
    (
        "B1",
        "B1",
        {
            "IELTS": "4.5",
            "TOEFL_PBT": "450",
            "TOEFL_CBT": "133",
            "TOEFL_IBT": "45",
            "TOEIC": ("450",),
            "CAMBRIDGE": "PET",
            "BULATS": "40",
        },
    ),
    (
        "B2",
        "B2",
        {
            "IELTS": "5.5",
            "TOEFL_PBT": "500",
            "TOEFL_CBT": "173",
            "TOEFL_IBT": "61",
            "TOEIC": ("600",),
            "CAMBRIDGE": "FCE",
            "BULATS": "60",
        },
    ),
]
# Table C (6-level framework, Phenikaa): minimum of each range.
TABLE_C = [
    ("bậc 3 (B1)", "B1", {"TOEFL_IBT": "30", "TOEFL_ITP": "450", "IELTS": "4.0", "CAMBRIDGE": "PET"}),
    ("bậc 4 (B2)", "B2", {"TOEFL_IBT": "46", "TOEFL_ITP": None, "IELTS": "5.5", "CAMBRIDGE": "FCE"}),
]
EXPECTED = {"S": TABLE_S, "A": TABLE_A, "B": TABLE_B, "C": TABLE_C}
EXAMS = ["KET", "PET", "FCE", "CAE", "CPE"]


def _skills(test, cell):
    """{skill: Decimal} of a literal cell; Cambridge exams by position (KET = 1)."""
    if test == "TOEIC":
        return {skill: D(value) for skill, value in zip((LR, SP, WR), cell, strict=False)}
    if test == "CAMBRIDGE":
        return {cefr.EXAM: D(EXAMS.index(cell) + 1)}
    return {cefr.SCORE: D(cell)}


def _scores_for_convert(test, skills):
    if test == "CAMBRIDGE":
        rank = int(skills[cefr.EXAM])
        return {cefr.EXAM: EXAMS[rank - 1] if 1 <= rank <= len(EXAMS) else None}
    return dict(skills)


def _expected_level(table_key, test, skills):
    """The level by the literal table: the highest level whose row every skill reaches (None if none)."""
    best = None
    for _label, level, cells in EXPECTED[table_key]:
        cell = cells.get(test)
        if cell is None:
            continue
        needed = _skills(test, cell)
        reached = all(skills.get(skill) is not None and skills[skill] >= value for skill, value in needed.items())
        if reached and (best is None or LEVELS.index(level) > LEVELS.index(best)):
            best = level
    return best


def _cells():
    for key, rows in EXPECTED.items():
        for index, (label, level, cells) in enumerate(rows):
            for test, cell in cells.items():
                if cell is not None:
                    yield pytest.param(key, index, label, level, test, cell, id=f"{key}-{label}-{test}")


# ---------------------------------------------------------------------------------------------------------------
# The data matches regulations.md


@pytest.mark.parametrize("key", ["S", "A", "B", "C"])
def test_table_rows_match_regulations(key):
    table = cefr.get_table(key)
    assert [(row.label, row.level) for row in table.rows] == [(label, level) for label, level, _ in EXPECTED[key]]
    for row, (_label, _level, cells) in zip(table.rows, EXPECTED[key], strict=True):
        expected = {test: _skills(test, cell) for test, cell in cells.items() if cell is not None}
        assert {test: dict(skills) for test, skills in row.thresholds.items()} == expected


def test_every_table_names_its_source():
    assert set(cefr.TABLES) == {"S", "A", "B", "C"}
    assert cefr.DEFAULT_TABLE_KEY == "S"
    assert "Hồ Chí Minh" in cefr.get_table("S").source and "2013 – 2015" in cefr.get_table("S").source
    assert "6089/BGDĐT-GDTX" in cefr.get_table("A").source
    assert "Giáo dục & Thời đại" in cefr.get_table("B").source
    assert "01/2014" in cefr.get_table("C").source and "Phenikaa" in cefr.get_table("C").source


# ---------------------------------------------------------------------------------------------------------------
# Every cell: exactly at the threshold reaches it, 0.5 below does not


@pytest.mark.parametrize(("key", "index", "label", "level", "test", "cell"), list(_cells()))
def test_score_at_threshold_reaches_the_row(key, index, label, level, test, cell):
    skills = _skills(test, cell)
    result = cefr.convert(key, test, _scores_for_convert(test, skills))
    assert result.level is not None
    assert cefr.level_rank(result.level) >= cefr.level_rank(level)
    assert result.level == _expected_level(key, test, skills)
    assert result.table_key == key
    assert result.source == cefr.get_table(key).source


@pytest.mark.parametrize(("key", "index", "label", "level", "test", "cell"), list(_cells()))
def test_score_below_threshold_does_not_reach_the_row(key, index, label, level, test, cell):
    skills = _skills(test, cell)
    for skill in skills:
        lowered = dict(skills)
        # 0.5 below; a Cambridge exam one exam below.
        lowered[skill] = skills[skill] - (D(1) if test == "CAMBRIDGE" else D("0.5"))
        result = cefr.convert(key, test, _scores_for_convert(test, lowered))
        expected = _expected_level(key, test, lowered)
        assert result.level == expected
        # The level below is strictly lower than this row's level, unless an earlier row of the same level
        # (Table A's "A2" under "A2–B1") is still reached.
        earlier_same_level = any(
            lvl == level and cells.get(test) is not None for _lbl, lvl, cells in EXPECTED[key][:index]
        )
        if not earlier_same_level:
            assert cefr.level_rank(result.level) < cefr.level_rank(level)


# ---------------------------------------------------------------------------------------------------------------
# Hand-checked values


@pytest.mark.parametrize(
    ("key", "test", "scores", "level"),
    [
        ("S", "IELTS", "4.0", "A2"),
        ("S", "IELTS", "4.5", "B1"),
        ("S", "IELTS", "5.0", "B1"),
        ("S", "IELTS", "5.5", "B2"),
        ("S", "IELTS", "6.0", "B2"),
        ("S", "IELTS", "6.5", "C1"),
        ("S", "IELTS", "9.0", "C1"),
        ("S", "IELTS", "1.5", None),
        ("S", "TOEFL_IBT", "39", None),  # no A1 value for iBT in Table S
        ("S", "TOEFL_IBT", "60", "B1"),
        ("S", "TOEFL_IBT", "61", "B2"),
        ("S", "FCE", "59", "B1"),
        ("A", "IELTS", "3.5", "A2"),  # the A2–B1 row is still A2
        ("A", "IELTS", "4.0", "A2"),
        ("A", "IELTS", "5.0", "B2"),
        ("A", "IELTS", "5.5", "B2"),
        ("A", "TOEFL_PBT", "476", "A2"),
        ("A", "TOEFL_PBT", "527", "B2"),
        ("A", "TOEFL_CBT", "212", "B2"),
        ("A", "CAMBRIDGE", "CPE", "C1"),
        ("B", "IELTS", "4.0", None),
        ("B", "BULATS", "59", "B1"),
        ("B", "BULATS", "60", "B2"),
        ("C", "IELTS", "5.0", "B1"),
        ("C", "IELTS", "7.5", "B2"),
        ("C", "TOEFL_IBT", "45", "B1"),
        ("C", "TOEFL_IBT", "46", "B2"),
        ("C", "TOEFL_ITP", "600", "B1"),
        ("C", "CAMBRIDGE", "KET", None),
    ],
)
def test_known_values(key, test, scores, level):
    assert cefr.convert(key, test, scores).level == level


def test_conflict_ielts_5_is_b2_in_table_a_but_b1_in_table_c():
    assert cefr.convert("A", "IELTS", D("5.0")).level == "B2"
    assert cefr.convert("C", "IELTS", D("5.0")).level == "B1"
    assert cefr.convert("S", "IELTS", D("5.0")).level == "B1"


def test_conflict_toeic_b1_is_350_in_table_a_but_450_in_table_b():
    assert cefr.convert("A", "TOEIC", {LR: D("350")}).level == "B1"
    assert cefr.convert("B", "TOEIC", {LR: D("350")}).level is None
    assert cefr.convert("B", "TOEIC", {LR: D("450")}).level == "B1"


def test_conflict_toeic_b2_is_625_in_table_a_but_600_in_table_b():
    assert cefr.convert("A", "TOEIC", {LR: D("600")}).level == "B1"
    assert cefr.convert("B", "TOEIC", {LR: D("600")}).level == "B2"
    assert cefr.convert("A", "TOEIC", {LR: D("625")}).level == "B2"


# ---------------------------------------------------------------------------------------------------------------
# TOEIC skills (Table S lists three)


def test_toeic_every_listed_skill_must_reach_the_level():
    # Listening & reading is C1, speaking B2, writing B1: the certificate is B1.
    result = cefr.convert("S", "TOEIC", {LR: D("900"), SP: D("150"), WR: D("100")})
    assert result.level == "B1"
    assert "Chưa đạt B2" in result.explanation


def test_toeic_missing_skill_does_not_reach_a_level_that_lists_it():
    result = cefr.convert("S", "TOEIC", {LR: D("900")})
    assert result.level is None
    assert "Thiếu điểm" in result.explanation and "Nói" in result.explanation


def test_toeic_in_single_score_tables_needs_only_listening_and_reading():
    assert cefr.convert("A", "TOEIC", {LR: D("800")}).level == "C1"
    assert cefr.convert("B", "TOEIC", {LR: D("600"), SP: D("0")}).level == "B2"


# ---------------------------------------------------------------------------------------------------------------
# Tests a table does not list, explanations, top of table


@pytest.mark.parametrize(
    ("key", "test"),
    [
        ("S", "TOEFL_PBT"),
        ("S", "CAMBRIDGE"),
        ("S", "BULATS"),
        ("A", "TOEFL_IBT"),
        ("A", "FCE"),
        ("B", "TOEFL_ITP"),
        ("C", "TOEIC"),
        ("C", "TOEFL_PBT"),
    ],
)
def test_test_absent_from_a_table_converts_to_nothing(key, test):
    scores = {LR: D("990")} if test == "TOEIC" else ("CPE" if test == "CAMBRIDGE" else D("600"))
    result = cefr.convert(key, test, scores)
    assert result.level is None
    table = cefr.get_table(key)
    assert result.explanation.startswith(f"{table.name} (")
    assert "không có quy đổi cho" in result.explanation
    assert result.table_key == key


def test_explanation_names_the_level_and_the_next_one():
    result = cefr.convert("S", "IELTS", D("6.0"))
    assert result.explanation == "Theo Bảng S: IELTS 6,0 đạt mức B2 (≥ 5,5). Chưa đạt C1 (cần ≥ 6,5)."
    assert not result.top_of_table


def test_score_above_the_last_row_gets_the_last_level_and_says_so():
    result = cefr.convert("C", "IELTS", D("8.0"))
    assert result.level == "B2" and result.top_of_table
    assert "mức cao nhất Bảng C quy đổi cho IELTS" in result.explanation


def test_floats_are_refused():
    with pytest.raises(TypeError):
        cefr.convert("S", "IELTS", 6.5)


@given(
    key=st.sampled_from(["S", "A", "B", "C"]),
    test=st.sampled_from(["IELTS", "TOEFL_IBT", "TOEFL_PBT", "TOEFL_CBT", "TOEFL_ITP", "FCE", "BULATS"]),
    low=st.decimals(min_value=0, max_value=700, places=1),
    step=st.decimals(min_value=0, max_value=200, places=1),
)
def test_a_higher_score_never_gives_a_lower_level(key, test, low, step):
    lower = cefr.convert(key, test, low)
    higher = cefr.convert(key, test, low + step)
    assert higher.rank >= lower.rank


# ---------------------------------------------------------------------------------------------------------------
# Level required of English teachers


@pytest.mark.parametrize(("school_level", "level"), [("TH", "B2"), ("THCS", "B2"), ("THPT", "C1"), ("GDTX", "C1")])
def test_required_level(school_level, level):
    required = cefr.required_level(school_level)
    assert required.level == level
    assert "Hồ Chí Minh" in required.source


def test_no_required_level_for_preschool():
    assert cefr.required_level("MN") is None
    assert cefr.meets_required("C1", "MN") is None


@pytest.mark.parametrize(
    ("cefr_level", "school_level", "meets"),
    [
        ("B1", "TH", False),
        ("B2", "TH", True),
        ("C1", "THCS", True),
        ("B2", "THPT", False),
        ("C1", "THPT", True),
        ("C2", "GDTX", True),
        ("", "TH", False),
        (None, "THPT", False),
    ],
)
def test_meets_required(cefr_level, school_level, meets):
    assert cefr.meets_required(cefr_level, school_level) is meets


# ---------------------------------------------------------------------------------------------------------------
# Checking typed scores


def test_parse_scores_accepts_decimal_comma_and_skips_blank_skills():
    assert cefr.parse_scores("IELTS", {"score": "6,5"}) == {"score": D("6.5")}
    assert cefr.parse_scores("TOEIC", {LR: "650", SP: "", WR: " "}) == {LR: D("650")}
    assert cefr.parse_scores("CAMBRIDGE", {"exam": "pet"}) == {"exam": "PET"}


@pytest.mark.parametrize(
    ("test", "data", "skill"),
    [
        ("IELTS", {"score": "9.5"}, "score"),
        ("IELTS", {"score": "6.25"}, "score"),
        ("IELTS", {"score": "sáu"}, "score"),
        ("IELTS", {"score": "NaN"}, "score"),
        ("IELTS", {}, "score"),
        ("TOEIC", {LR: "995"}, LR),
        ("TOEIC", {LR: "650", SP: "155"}, SP),
        ("TOEFL_PBT", {"score": "300"}, "score"),
        ("CAMBRIDGE", {"exam": "IELTS"}, "exam"),
    ],
)
def test_parse_scores_refuses_bad_values(test, data, skill):
    with pytest.raises(cefr.ScoreError) as caught:
        cefr.parse_scores(test, data)
    assert skill in caught.value.errors
