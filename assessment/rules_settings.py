"""Every threshold of the BDTX scoring rules, in one place.

The values are our reading of the circulars (see /work/shared/reference/regulations.md §2–§4); most of them are
UNCONFIRMED. When someone checks the official text and finds a different value, correct it here: this is the only
place `assessment/rules.py` takes numbers from.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# The two readings of "điểm thành phần" (regulations.md §2, open question 6).
EACH_MODULE = "each_module"  # ND1, ND2 and each content-3 module are components
ND3_AVERAGE = "nd3_average"  # ND1, ND2 and the average of the content-3 modules are components
COMPONENT_MODES = (EACH_MODULE, ND3_AVERAGE)


@dataclass(frozen=True)
class Rules2012:
    """Thông tư 26/2012 (teachers, preschool managers) and 26/2015–27/2015 (school managers)."""

    # Part scores: knowledge (tiếp thu) and application (vận dụng), each 0–5 in steps of 0.25.
    # The 5 + 5 split is CONFIRMED (Mai Sơn plan V.3.1); the 0.25 step is the project's input rule.
    PART_MIN: Decimal = Decimal("0")
    PART_MAX: Decimal = Decimal("5")
    PART_STEP: Decimal = Decimal("0.25")

    # ĐTB = (ND1 × 1 + ND2 × 1 + ĐTB ND3 × 2) / (1 + 1 + 2). UNCONFIRMED: our reading of Điều 13.
    ND1_WEIGHT: Decimal = Decimal("1")
    ND2_WEIGHT: Decimal = Decimal("1")
    ND3_WEIGHT: Decimal = Decimal("2")

    # Round ĐTB to one decimal, half up (6.95 → 7.0). UNCONFIRMED; content scores are not rounded first.
    AVERAGE_QUANTUM: Decimal = Decimal("0.1")
    ROUNDING: str = ROUND_HALF_UP

    # Four classes (Điều 14). UNCONFIRMED thresholds: "MIN_AVERAGE ≤ ĐTB and no component below MIN_COMPONENT".
    GIOI_MIN_AVERAGE: Decimal = Decimal("9")
    GIOI_MIN_COMPONENT: Decimal = Decimal("7")
    KHA_MIN_AVERAGE: Decimal = Decimal("7")
    KHA_MIN_COMPONENT: Decimal = Decimal("6")
    TB_MIN_AVERAGE: Decimal = Decimal("5")
    TB_MIN_COMPONENT: Decimal = Decimal("5")

    # Managers of TH (26/2015) and THCS/THPT/multi-level schools (27/2015): Đạt yêu cầu when ĐTB ≥ 5 and every
    # component ≥ 5. CONFIRMED (Mai Sơn plan V.4.2).
    MANAGER_MIN_AVERAGE: Decimal = Decimal("5")
    MANAGER_MIN_COMPONENT: Decimal = Decimal("5")
    # Levels whose managers get Đạt / Không đạt. TH, THCS: CONFIRMED. THPT: 27/2015 covers THPT schools.
    # GDTX: UNCONFIRMED (no source; treated like the general-education managers). MN managers get the four classes.
    MANAGER_PASS_FAIL_LEVELS: frozenset = frozenset({"TH", "THCS", "THPT", "GDTX"})

    # Which reading of "component" applies by default (regulations.md §2.6, UNCONFIRMED). True = each module.
    # settings.BDTX_COMPONENTS_EACH_MODULE overrides it; evaluate(components=...) overrides both.
    COMPONENTS_EACH_MODULE: bool = True


@dataclass(frozen=True)
class Rules2019:
    """Thông tư 19/2019: Hoàn thành / Không hoàn thành kế hoạch BDTX.

    Điều 11 (regulations.md §7.4, CONFIRMED): every assessed piece (bài kiểm tra lý thuyết, thực hành, bài tập
    nghiên cứu, bài thu hoạch) gets one mark from 0 to 10 and passes at 5; the plan is complete when every planned
    piece is marked and passed. No ĐTB, no rounding. The 0.25 step is the project's input rule (the grid's).
    """

    MARK_MIN: Decimal = Decimal("0")
    MARK_MAX: Decimal = Decimal("10")
    MARK_STEP: Decimal = Decimal("0.25")
    PASS_MARK: Decimal = Decimal("5")
    # Kept for the callers that name the completion minimum this way.
    MIN_COMPONENT: Decimal = Decimal("5")


RULES_2012 = Rules2012()
RULES_2019 = Rules2019()


def default_component_mode():
    """EACH_MODULE or ND3_AVERAGE: settings.BDTX_COMPONENTS_EACH_MODULE if set, else RULES_2012's value."""
    default = RULES_2012.COMPONENTS_EACH_MODULE
    try:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        try:
            each_module = getattr(settings, "BDTX_COMPONENTS_EACH_MODULE", default)
        except ImproperlyConfigured:  # used outside a configured Django project
            each_module = default
    except ImportError:  # pragma: no cover - Django is always installed in this project
        each_module = default
    return EACH_MODULE if each_module else ND3_AVERAGE
