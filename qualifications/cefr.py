"""English certificates → CEFR level: the official conversion tables as data, and pure conversion functions.

No database access and no models; Decimal only (floats are refused). regulations.md §6 is the reference.

**The sources disagree**, so every table is shipped with the exact name of its source, a Sở chooses one table per
school year (``qualifications.models.YearConversionTable``; Table S when it has not chosen) and every recorded
conversion keeps the key and source of the table it used.

Reading the tables:

* Each row certifies one CEFR level. A certificate reaches a row when its score is **at least** the row's value;
  its level is the highest level among the rows it reaches. A score above the highest row of a table gets that
  row's level (the table does not say more), and the explanation says so.
* TOEIC (Table S) lists three skills: listening & reading, speaking, writing. **Every skill the row lists must
  reach it**; a skill with no score does not reach it. Tables A and B list a single TOEIC value, read as the
  listening & reading score.
* Where a source gives several values or a range for one level (Table A: IELTS "5.0 / 5.25 / 5.5", TOEFL
  "500/173, 513/183, 527/197", TOEIC "625 / 700 / 750"; Table C: IELTS "4.0–5.0"), the **minimum** is the
  threshold: the upper value of a range is where the next level begins, and the alternative values are the
  boundaries of sub-bands of the same level. The source text is kept in ``Row.source_text``.
* Table A's row "A2–B1" (between A2 and B1) certifies A2: whoever reaches it has not reached B1.
* Cambridge exams (KET, PET, FCE, CAE, CPE) are certificates named after the exam passed, not scores: the test
  ``CAMBRIDGE`` takes the exam name, ordered KET < PET < FCE < CAE < CPE. Table S's ``FCE`` column is a numeric
  score (Công văn 901/CV-CESOL) and is the separate test ``FCE``.
* A test a table does not list converts to no level, with the explanation "Bảng … không có quy đổi cho …".

Public API:
    TABLES, DEFAULT_TABLE_KEY, get_table(key)
    convert(table, test, scores) -> ConversionResult
    parse_scores(test, data) -> {skill: Decimal}     (validates ranges and steps, raises ScoreError)
    required_level(level) -> RequiredLevel | None    (B2 for TH/THCS, C1 for THPT/GDTX English teachers)
    meets_required(cefr_level, school_level) -> bool | None
    level_rank(level) -> int                         (0 for no level, A1 = 1 … C2 = 6)
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# ---------------------------------------------------------------------------------------------------------------
# Levels

LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS, 1)}


def level_rank(level):
    """0 for no level, A1 = 1 … C2 = 6."""
    return LEVEL_RANK.get(level or "", 0)


# ---------------------------------------------------------------------------------------------------------------
# Tests and their skills

IELTS = "IELTS"
TOEFL_IBT = "TOEFL_IBT"
TOEFL_PBT = "TOEFL_PBT"
TOEFL_CBT = "TOEFL_CBT"
TOEFL_ITP = "TOEFL_ITP"
FCE = "FCE"
TOEIC = "TOEIC"
CAMBRIDGE = "CAMBRIDGE"
BULATS = "BULATS"

TESTS = (IELTS, TOEFL_IBT, TOEFL_PBT, TOEFL_CBT, TOEFL_ITP, TOEIC, FCE, CAMBRIDGE, BULATS)
TEST_LABELS = {
    IELTS: gettext_lazy("IELTS"),
    TOEFL_IBT: gettext_lazy("TOEFL iBT"),
    TOEFL_PBT: gettext_lazy("TOEFL PBT (thi trên giấy)"),
    TOEFL_CBT: gettext_lazy("TOEFL CBT (thi trên máy tính)"),
    TOEFL_ITP: gettext_lazy("TOEFL ITP"),
    TOEIC: gettext_lazy("TOEIC"),
    FCE: gettext_lazy("FCE (điểm số)"),
    CAMBRIDGE: gettext_lazy("Chứng chỉ Cambridge (KET, PET, FCE, CAE, CPE)"),
    BULATS: gettext_lazy("BULATS"),
}

# In explanations, before the score: "Cambridge PET", "TOEFL PBT 500".
SHORT_LABELS = {CAMBRIDGE: "Cambridge", TOEFL_PBT: "TOEFL PBT", TOEFL_CBT: "TOEFL CBT", FCE: "FCE"}

SCORE = "score"
LISTENING_READING = "listening_reading"
SPEAKING = "speaking"
WRITING = "writing"
EXAM = "exam"
SKILL_LABELS = {
    SCORE: gettext_lazy("Điểm"),
    LISTENING_READING: gettext_lazy("Nghe & Đọc"),
    SPEAKING: gettext_lazy("Nói"),
    WRITING: gettext_lazy("Viết"),
    EXAM: gettext_lazy("Bài thi"),
}
SKILLS = {test: (SCORE,) for test in TESTS}
SKILLS[TOEIC] = (LISTENING_READING, SPEAKING, WRITING)
SKILLS[CAMBRIDGE] = (EXAM,)

# Cambridge exams in order; the "score" of a CAMBRIDGE certificate is the exam's position.
CAMBRIDGE_EXAMS = ("KET", "PET", "FCE", "CAE", "CPE")
CAMBRIDGE_EXAM_LABELS = {
    "KET": gettext_lazy("KET (A2 Key)"),
    "PET": gettext_lazy("PET (B1 Preliminary)"),
    "FCE": gettext_lazy("FCE (B2 First)"),
    "CAE": gettext_lazy("CAE (C1 Advanced)"),
    "CPE": gettext_lazy("CPE (C2 Proficiency)"),
}
CAMBRIDGE_RANK = {exam: Decimal(rank) for rank, exam in enumerate(CAMBRIDGE_EXAMS, 1)}

# Valid scores per test and skill: (lowest, highest, step). Used to check what people type, not by convert().
# The FCE score scale of Table S (Công văn 901/CV-CESOL) is not given in the source: 0–100 is accepted.
SCORE_RANGES = {
    (IELTS, SCORE): (Decimal("0"), Decimal("9"), Decimal("0.5")),
    (TOEFL_IBT, SCORE): (Decimal("0"), Decimal("120"), Decimal("1")),
    (TOEFL_PBT, SCORE): (Decimal("310"), Decimal("677"), Decimal("1")),
    (TOEFL_CBT, SCORE): (Decimal("0"), Decimal("300"), Decimal("1")),
    (TOEFL_ITP, SCORE): (Decimal("310"), Decimal("677"), Decimal("1")),
    (TOEIC, LISTENING_READING): (Decimal("10"), Decimal("990"), Decimal("5")),
    (TOEIC, SPEAKING): (Decimal("0"), Decimal("200"), Decimal("10")),
    (TOEIC, WRITING): (Decimal("0"), Decimal("200"), Decimal("10")),
    (FCE, SCORE): (Decimal("0"), Decimal("100"), Decimal("1")),
    (BULATS, SCORE): (Decimal("0"), Decimal("100"), Decimal("1")),
}


class ScoreError(ValueError):
    """Scores that cannot be converted; ``errors``: {skill: Vietnamese message}."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(str(message) for message in errors.values()))


# ---------------------------------------------------------------------------------------------------------------
# The tables


@dataclass(frozen=True)
class Row:
    """One row of a source table: the level it certifies and the minimum score per test and skill."""

    label: str  # as the source names the row: "B2", "A2–B1", "bậc 3 (B1)"
    level: str  # the CEFR level the row certifies
    thresholds: Mapping  # {test: {skill: Decimal}}
    source_text: Mapping = field(default_factory=dict)  # {test: the cell as the source prints it}
    note: str = ""


@dataclass(frozen=True)
class Table:
    key: str
    name: str  # short name shown in lists: "Bảng S"
    source: str  # exact citation of the source, recorded with every conversion
    rows: tuple
    notes: tuple = ()
    # What users read: the official document only (the web page it was found on is for the admin); "" = source.
    reference: str = ""

    @property
    def shown_reference(self):
        return self.reference or self.source

    @property
    def tests(self):
        """The tests this table converts, in the order of TESTS."""
        listed = {test for row in self.rows for test in row.thresholds}
        return tuple(test for test in TESTS if test in listed)

    def rows_for(self, test):
        return [row for row in self.rows if test in row.thresholds]

    def skills_for(self, test):
        """The skills the table lists for a test (TOEIC in Table S: three; elsewhere one)."""
        listed = {skill for row in self.rows_for(test) for skill in row.thresholds[test]}
        return tuple(skill for skill in SKILLS[test] if skill in listed)


def _d(value):
    return Decimal(value)


def _row(label, level, source_text=None, note="", **thresholds):
    """Build a row; keyword arguments are tests, each a number or {skill: number} (numbers as strings)."""
    parsed = {}
    for test, value in thresholds.items():
        if isinstance(value, dict):
            parsed[test] = {skill: _d(number) for skill, number in value.items()}
        else:
            parsed[test] = {EXAM if test == CAMBRIDGE else SCORE: _d(value)}
    return Row(label=label, level=level, thresholds=parsed, source_text=source_text or {}, note=note)


def _toeic(listening_reading, speaking=None, writing=None):
    skills = {LISTENING_READING: listening_reading}
    if speaking is not None:
        skills[SPEAKING] = speaking
    if writing is not None:
        skills[WRITING] = writing
    return skills


def _exam(name):
    return CAMBRIDGE_RANK[name]


TABLE_S = Table(
    key="S",
    name="Bảng S",
    source=(
        "Sở GD&ĐT TP. Hồ Chí Minh, Kế hoạch đào tạo, bồi dưỡng nâng cao trình độ đội ngũ nhà giáo và cán bộ quản lý "
        "giáo dục giai đoạn 2013 – 2015, mục II.5 (tham chiếu quy đổi chứng chỉ tiếng Anh theo CEFR); "
        "(*) điểm a khoản 1 điều 3 Thông tư 05/2012/TT-BGDĐT; (**) điểm a điều 4 Công văn 1311/2013/BGDĐT-ĐANN; "
        "FCE theo Công văn 901/CV-CESOL"
    ),
    rows=(
        _row("A1", "A1", IELTS="2", FCE="0", TOEIC=_toeic("120", "50", "30")),
        _row("A2", "A2", IELTS="3", TOEFL_IBT="40", FCE="35", TOEIC=_toeic("225", "70", "50")),
        _row("B1", "B1", IELTS="4.5", TOEFL_IBT="45", FCE="45", TOEIC=_toeic("450", "105", "90")),
        _row(
            "B2",
            "B2",
            note="Chuẩn đối với GV TiH, THCS",
            IELTS="5.5",
            TOEFL_IBT="61",
            FCE="60",
            TOEIC=_toeic("600", "140", "130"),
        ),
        _row(
            "C1",
            "C1",
            note="Chuẩn đối với GV THPT, GDTX, CĐ, TCCN",
            IELTS="6.5",
            TOEFL_IBT="90",
            FCE="80",
            TOEIC=_toeic("850", "170", "165"),
        ),
    ),
    notes=(
        "TOEIC (4 kỹ năng): mỗi kỹ năng Nghe & Đọc, Nói, Viết đều phải đạt mức của hàng.",
        "Nguồn không cho điểm TOEFL iBT ở mức A1.",
    ),
)

TABLE_A = Table(
    key="A",
    name="Bảng A",
    source="Công văn 6089/BGDĐT-GDTX (2014), theo trích dẫn của thuvienphapluat.vn (hỏi đáp)",
    reference="Công văn 6089/BGDĐT-GDTX (2014)",
    rows=(
        _row("A2", "A2", IELTS="3.0", TOEFL_PBT="400", TOEFL_CBT="97", TOEIC=_toeic("150"), CAMBRIDGE=_exam("KET")),
        _row(
            "A2–B1",
            "A2",
            source_text={IELTS: "3.5–4.0", CAMBRIDGE: "KET/PET"},
            note="Giữa A2 và B1: tính là A2 (chưa đạt B1).",
            IELTS="3.5",
            TOEFL_PBT="450",
            TOEFL_CBT="133",
            TOEIC=_toeic("350"),
            CAMBRIDGE=_exam("KET"),
        ),
        _row("B1", "B1", IELTS="4.5", TOEFL_PBT="477", TOEFL_CBT="153", TOEIC=_toeic("350"), CAMBRIDGE=_exam("PET")),
        _row(
            "B2",
            "B2",
            source_text={
                IELTS: "5.0 / 5.25 / 5.5",
                TOEFL_PBT: "500, 513, 527",
                TOEFL_CBT: "173, 183, 197",
                TOEIC: "625 / 700 / 750",
            },
            IELTS="5.0",
            TOEFL_PBT="500",
            TOEFL_CBT="173",
            TOEIC=_toeic("625"),
            CAMBRIDGE=_exam("FCE"),
        ),
        _row(
            "C1",
            "C1",
            source_text={
                IELTS: "6.0 / 6.25 / 6.5",
                TOEFL_PBT: "550, 563, 577",
                TOEFL_CBT: "213, 223, 233",
                TOEIC: "800 / 825 / 850",
            },
            IELTS="6.0",
            TOEFL_PBT="550",
            TOEFL_CBT="213",
            TOEIC=_toeic("800"),
            CAMBRIDGE=_exam("CAE"),
        ),
    ),
    notes=(
        "TOEFL chỉ có bản giấy/máy tính (PBT/CBT), không có iBT.",
        "Nơi nguồn ghi nhiều giá trị cho một mức (5.0 / 5.25 / 5.5), ngưỡng là giá trị nhỏ nhất.",
        "TOEIC: một điểm duy nhất, hiểu là điểm Nghe & Đọc.",
    ),
)

TABLE_B = Table(
    key="B",
    name="Bảng B",
    source="Bài viết trên báo Giáo dục & Thời đại, đăng lại tại cdkttctn.edu.vn (chỉ có B1, B2)",
    reference="Báo Giáo dục & Thời đại (chỉ có bậc B1, B2)",
    rows=(
        _row(
            "B1",
            "B1",
            IELTS="4.5",
            TOEFL_PBT="450",
            TOEFL_CBT="133",
            TOEFL_IBT="45",
            TOEIC=_toeic("450"),
            CAMBRIDGE=_exam("PET"),
            BULATS="40",
        ),
        _row(
            "B2",
            "B2",
            IELTS="5.5",
            TOEFL_PBT="500",
            TOEFL_CBT="173",
            TOEFL_IBT="61",
            TOEIC=_toeic("600"),
            CAMBRIDGE=_exam("FCE"),
            BULATS="60",
        ),
    ),
    notes=("Chỉ có mức B1 và B2.", "TOEIC: một điểm duy nhất, hiểu là điểm Nghe & Đọc."),
)

TABLE_C = Table(
    key="C",
    name="Bảng C",
    source=(
        "Khung năng lực ngoại ngữ 6 bậc dùng cho Việt Nam (Thông tư 01/2014/TT-BGDĐT; bậc 3 = B1, bậc 4 = B2), "
        "theo bảng quy đổi của Trường Đại học Phenikaa (2023)"
    ),
    rows=(
        _row(
            "bậc 3 (B1)",
            "B1",
            source_text={TOEFL_IBT: "30–45", TOEFL_ITP: "450–499", IELTS: "4.0–5.0", CAMBRIDGE: "B1 Preliminary"},
            TOEFL_IBT="30",
            TOEFL_ITP="450",
            IELTS="4.0",
            CAMBRIDGE=_exam("PET"),
        ),
        _row(
            "bậc 4 (B2)",
            "B2",
            source_text={TOEFL_IBT: "46–93", IELTS: "5.5–6.5", CAMBRIDGE: "B2 First"},
            TOEFL_IBT="46",
            IELTS="5.5",
            CAMBRIDGE=_exam("FCE"),
        ),
    ),
    notes=(
        "Chỉ có bậc 3 (B1) và bậc 4 (B2); nguồn cho khoảng điểm, ngưỡng là điểm thấp nhất của khoảng.",
        "TOEFL ITP không có giá trị cho bậc 4: điểm ITP cao nhất quy đổi được là B1.",
    ),
)

TABLES = {table.key: table for table in (TABLE_S, TABLE_A, TABLE_B, TABLE_C)}
DEFAULT_TABLE_KEY = TABLE_S.key


def get_table(key):
    """The table with this key; KeyError for an unknown key."""
    return TABLES[key]


# ---------------------------------------------------------------------------------------------------------------
# Conversion


@dataclass(frozen=True)
class ConversionResult:
    level: str | None
    table_key: str
    source: str
    explanation: str
    row_label: str = ""
    top_of_table: bool = False  # the level is the highest the table gives for this test

    @property
    def rank(self):
        return level_rank(self.level)


def format_value(value):
    """A score as written in Vietnamese: decimal comma, as typed but without trailing zeros ("5,0", "5,25", "450")."""
    if value is None:
        return "—"
    text = format(value, "f")
    if "." in text:
        whole, fraction = text.split(".")
        text = f"{whole},{fraction.rstrip('0') or '0'}"
    return text


def _format_scores(test, scores, skills):
    if test == CAMBRIDGE:
        rank = scores.get(EXAM)
        exam = next((name for name, value in CAMBRIDGE_RANK.items() if value == rank), None)
        return exam or "—"
    if test == TOEIC:
        shown = [skill for skill in SKILLS[TOEIC] if skill in skills or scores.get(skill) is not None]
        return ", ".join(f"{SKILL_LABELS[skill]} {format_value(scores.get(skill))}" for skill in shown)
    return format_value(scores.get(SCORE))


def _format_need(test, thresholds):
    if test == CAMBRIDGE:
        exam = next(name for name, value in CAMBRIDGE_RANK.items() if value == thresholds[EXAM])
        return _("%(exam)s trở lên") % {"exam": exam}
    if test == TOEIC:
        return ", ".join(f"{SKILL_LABELS[skill]} ≥ {format_value(value)}" for skill, value in thresholds.items())
    return f"≥ {format_value(thresholds[SCORE])}"


def _reaches(row, test, scores):
    """Whether every skill the row lists for ``test`` has a score at least its value."""
    thresholds = row.thresholds[test]
    return all(scores.get(skill) is not None and scores[skill] >= value for skill, value in thresholds.items())


def _missing(row, test, scores):
    return [SKILL_LABELS[skill] for skill in row.thresholds[test] if scores.get(skill) is None]


def _as_decimal(value):
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise TypeError("cefr uses Decimal only; got a float")
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def normalise_scores(test, scores):
    """{skill: Decimal or None} from a mapping, or from a single value for a one-score test.

    A Cambridge exam may be given by name ("PET") or position; TOEIC scores must be a mapping by skill.
    """
    if not isinstance(scores, Mapping):
        if len(SKILLS[test]) != 1:
            raise TypeError(f"{test} scores must be a mapping by skill")
        scores = {SKILLS[test][0]: scores}
    normalised = {}
    for skill in SKILLS[test]:
        value = scores.get(skill)
        if test == CAMBRIDGE and isinstance(value, str) and value.strip().upper() in CAMBRIDGE_RANK:
            normalised[skill] = CAMBRIDGE_RANK[value.strip().upper()]
        else:
            normalised[skill] = _as_decimal(value)
    return normalised


def convert(table, test, scores):
    """The CEFR level a certificate reaches in one table, with the table's key and source and an explanation.

    ``table``: a Table or its key. ``test``: one of TESTS. ``scores``: {skill: Decimal | str | int} (TOEIC:
    listening_reading, speaking, writing; CAMBRIDGE: exam), or a single value for a one-score test.
    """
    if isinstance(table, str):
        table = get_table(table)
    if test not in TESTS:
        raise ValueError(f"unknown test {test!r}")
    label = TEST_LABELS[test]
    rows = table.rows_for(test)
    if not rows:
        return ConversionResult(
            level=None,
            table_key=table.key,
            source=table.source,
            explanation=_("%(table)s (%(source)s) không có quy đổi cho %(test)s.")
            % {"table": table.name, "source": table.source, "test": label},
        )
    scores = normalise_scores(test, scores)
    shown = _format_scores(test, scores, table.skills_for(test))
    reached = [row for row in rows if _reaches(row, test, scores)]
    best = None
    for row in reached:  # the highest level; among rows of one level (A2, A2–B1) the later row
        if best is None or level_rank(row.level) >= level_rank(best.level):
            best = row
    context = {"table": table.name, "test": SHORT_LABELS.get(test, label), "scores": shown}
    if best is None:
        lowest = rows[0]
        context.update(level=lowest.label, need=_format_need(test, lowest.thresholds[test]))
        explanation = (
            _("Theo %(table)s: %(test)s %(scores)s chưa đạt mức thấp nhất %(level)s (cần %(need)s).") % context
        )
        missing = _missing(lowest, test, scores)
        if missing:
            explanation += " " + _("Thiếu điểm: %(skills)s.") % {"skills": ", ".join(str(s) for s in missing)}
        return ConversionResult(level=None, table_key=table.key, source=table.source, explanation=explanation)

    higher = [row for row in rows if level_rank(row.level) > level_rank(best.level)]
    context.update(level=best.level, row=best.label, need=_format_need(test, best.thresholds[test]))
    if best.label != best.level:
        explanation = _("Theo %(table)s: %(test)s %(scores)s đạt hàng %(row)s (%(need)s), tức mức %(level)s.") % context
    else:
        explanation = _("Theo %(table)s: %(test)s %(scores)s đạt mức %(level)s (%(need)s).") % context
    if higher:
        following = higher[0]
        explanation += " " + _("Chưa đạt %(level)s (cần %(need)s).") % {
            "level": following.level,
            "need": _format_need(test, following.thresholds[test]),
        }
        missing = _missing(following, test, scores)
        if missing:
            explanation += " " + _("Thiếu điểm: %(skills)s.") % {"skills": ", ".join(str(s) for s in missing)}
    else:
        explanation += " " + _("Đây là mức cao nhất %(table)s quy đổi cho %(test)s.") % context
    return ConversionResult(
        level=best.level,
        table_key=table.key,
        source=table.source,
        explanation=explanation,
        row_label=best.label,
        top_of_table=not higher,
    )


# ---------------------------------------------------------------------------------------------------------------
# Input checking


def parse_scores(test, data):
    """{skill: Decimal} from what a person typed (decimal comma accepted); ScoreError listing each bad skill.

    ``data``: {skill: text}. Skills left blank are left out (a TOEIC certificate may have only listening &
    reading), but at least one skill must have a score.
    """
    if test not in TESTS:
        raise ScoreError({"test": _("Loại chứng chỉ không hợp lệ.")})
    errors, scores = {}, {}
    for skill in SKILLS[test]:
        raw = data.get(skill)
        raw = "" if raw is None else str(raw).strip()
        if not raw:
            continue
        if test == CAMBRIDGE:
            exam = raw.upper()
            if exam not in CAMBRIDGE_RANK:
                errors[skill] = _("Hãy chọn một bài thi Cambridge: %(exams)s.") % {"exams": ", ".join(CAMBRIDGE_EXAMS)}
            else:
                scores[skill] = exam
            continue
        try:
            value = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            errors[skill] = _("%(skill)s “%(raw)s” không phải là số.") % {"skill": SKILL_LABELS[skill], "raw": raw}
            continue
        if not value.is_finite():
            errors[skill] = _("%(skill)s “%(raw)s” không phải là số.") % {"skill": SKILL_LABELS[skill], "raw": raw}
            continue
        low, high, step = SCORE_RANGES[(test, skill)]
        context = {
            "skill": SKILL_LABELS[skill],
            "test": TEST_LABELS[test],
            "low": format_value(low),
            "high": format_value(high),
            "step": format_value(step),
        }
        if value < low or value > high:
            errors[skill] = _("%(skill)s %(test)s phải từ %(low)s đến %(high)s.") % context
        elif value % step != 0:
            errors[skill] = _("%(skill)s %(test)s phải là bội của %(step)s.") % context
        else:
            scores[skill] = value
    if not errors and not scores:
        errors[SKILLS[test][0]] = _("Hãy nhập điểm của chứng chỉ.")
    if errors:
        raise ScoreError(errors)
    return scores


def scores_to_json(scores):
    """{skill: str} for a JSON field: Decimals as strings, Cambridge exams by name."""
    return {skill: (value if isinstance(value, str) else str(value)) for skill, value in scores.items()}


# ---------------------------------------------------------------------------------------------------------------
# The level required of English teachers

REQUIRED_LEVEL_SOURCE = (
    "Sở GD&ĐT TP. Hồ Chí Minh, Kế hoạch đào tạo, bồi dưỡng nâng cao trình độ đội ngũ nhà giáo và cán bộ quản lý "
    "giáo dục giai đoạn 2013 – 2015, mục II.5: giáo viên tiếng Anh TH, THCS đạt bậc 4/6 (B2); THPT, GDTX, CĐ, TCCN "
    "đạt bậc 5/6 (C1)"
)
_REQUIRED = {"TH": "B2", "THCS": "B2", "THPT": "C1", "GDTX": "C1"}


@dataclass(frozen=True)
class RequiredLevel:
    level: str
    source: str

    @property
    def rank(self):
        return level_rank(self.level)


def required_level(school_level):
    """The CEFR level an English teacher of ``school_level`` must reach; None where no source sets one (MN)."""
    level = _REQUIRED.get(school_level)
    return RequiredLevel(level=level, source=REQUIRED_LEVEL_SOURCE) if level else None


def required_levels():
    """{school level: CEFR level} for every school level with a requirement."""
    return dict(_REQUIRED)


def meets_required(cefr_level, school_level):
    """Whether ``cefr_level`` reaches the level required at ``school_level``; None when nothing is required."""
    required = required_level(school_level)
    if required is None:
        return None
    return level_rank(cefr_level) >= required.rank
