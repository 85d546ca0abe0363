"""Pure BDTX scoring rules: average and classification of one person's year.

No database access and no models: only the values passed in. Decimal arithmetic only; floats are refused.
Every threshold comes from `assessment/rules_settings.py`; the rules are regulations.md §2–§4 (mostly UNCONFIRMED).

Public API:
    evaluate(ruleset, audience, level, nd1, nd2, nd3, *, exempt_content3=False, components=None,
             module_names=None, exemption_allowed=False) -> Evaluation
    label(classification, ruleset) -> str                    (the class's name under that ruleset)
    classify_teacher(average, components) -> Evaluation      (four classes; TT 26/2012)
    classify_manager(average, components) -> Evaluation      (Đạt / Không đạt; TT 26/2015–27/2015)
    format_score(value) -> str                               ("8,0", "9,25": Vietnamese decimal comma)
"""

from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, Decimal, localcontext
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import format_number, hours_text, percent, percent_text
from years.rulesets import Piece, Ruleset, regime

from .rules_settings import COMPONENT_MODES, EACH_MODULE, RULES_2012, RULES_2019, default_component_mode

RULESETS = tuple(Ruleset)
AUDIENCES = ("GV", "CBQL")
LEVELS = ("MN", "TH", "THCS", "THPT", "GDTX")


class Classification(StrEnum):
    GIOI = "GIOI"
    KHA = "KHA"
    TRUNG_BINH = "TRUNG_BINH"
    KHONG_HOAN_THANH = "KHONG_HOAN_THANH"
    DAT = "DAT"
    KHONG_DAT = "KHONG_DAT"
    HOAN_THANH = "HOAN_THANH"


GIOI = Classification.GIOI
KHA = Classification.KHA
TRUNG_BINH = Classification.TRUNG_BINH
KHONG_HOAN_THANH = Classification.KHONG_HOAN_THANH
DAT = Classification.DAT
KHONG_DAT = Classification.KHONG_DAT
HOAN_THANH = Classification.HOAN_THANH

# Natural order, best first within each ruleset's list: Giỏi, Khá, Trung bình, (Hoàn thành,) Không hoàn thành kế
# hoạch, then the managers' Đạt / Không đạt yêu cầu. Every list of classes follows it, never the codes' order.
CLASS_ORDER = (GIOI, KHA, TRUNG_BINH, HOAN_THANH, KHONG_HOAN_THANH, DAT, KHONG_DAT)
# The classes that complete the plan, and those that do not.
COMPLETED = frozenset({GIOI, KHA, TRUNG_BINH, DAT, HOAN_THANH})
NOT_COMPLETED = frozenset({KHONG_HOAN_THANH, KHONG_DAT})


def in_class_order(counts):
    """{class: n} with its keys in CLASS_ORDER."""
    return {cls: counts[cls] for cls in CLASS_ORDER if cls in counts}


def evaluated_base(evaluated):
    """The base of every class and completion percentage, said with it: "trên 144 người có kết quả"."""
    return _("trên %(n)s người có kết quả") % {"n": format_number(evaluated)}


def share_text(part, evaluated):
    """ "22,9 % trên 144 người có kết quả": a percentage of the people with a result, with its base."""
    return _("%(p)s %% %(base)s") % {"p": percent_text(percent(part, evaluated)), "base": evaluated_base(evaluated)}


LABELS = {
    GIOI: gettext_lazy("Giỏi"),
    KHA: gettext_lazy("Khá"),
    TRUNG_BINH: gettext_lazy("Trung bình"),
    KHONG_HOAN_THANH: gettext_lazy("Không hoàn thành kế hoạch"),
    DAT: gettext_lazy("Đạt yêu cầu"),
    KHONG_DAT: gettext_lazy("Không đạt yêu cầu"),
    HOAN_THANH: gettext_lazy("Hoàn thành kế hoạch"),
}
# TT 19/2019 (Điều 11.3): two results, for teachers and managers alike.
LABELS_2019 = {
    HOAN_THANH: gettext_lazy("Hoàn thành kế hoạch BDTX"),
    KHONG_HOAN_THANH: gettext_lazy("Không hoàn thành kế hoạch BDTX"),
}
LABELS_BY_RULESET = {Ruleset.TT26_2012.value: LABELS, Ruleset.TT19_2019.value: {**LABELS, **LABELS_2019}}


def label(classification, ruleset=None):
    """The name of a class under a ruleset: "Hoàn thành kế hoạch BDTX" under TT 19/2019, the TT 26/2012 names
    (LABELS) otherwise. ``ruleset`` None or unknown = LABELS. An unknown class gives ""."""
    try:
        classification = Classification(classification)
    except ValueError:
        return ""
    labels = LABELS_BY_RULESET.get(str(ruleset), LABELS) if ruleset is not None else LABELS
    return labels[classification]


@dataclass(frozen=True)
class Component:
    """One component score (điểm thành phần): a content score, a module score or the content-3 average.

    key: "nd1", "nd2", "nd3_1", "nd3_2", … (each module) or "nd3" (the content-3 average, or content 3 as a whole
    when no module was given); score: knowledge + application, None when missing.
    """

    key: str
    label: str
    score: Decimal | None


@dataclass(frozen=True)
class Evaluation:
    """average: ĐTB rounded to one decimal (None when a planned content is missing);
    classification: a Classification; reasons: short Vietnamese sentences saying why this is not the best class
    (empty for the best class); components: the component scores the thresholds were applied to;
    nd3_average: the plain, unrounded average of the content-3 modules (None when exempt or missing)."""

    average: Decimal | None
    classification: Classification
    reasons: tuple[str, ...]
    components: tuple[Component, ...]
    nd3_average: Decimal | None = None


@dataclass(frozen=True)
class HoursShort:
    """A plan item whose confirmed tiết are below its planned tiết."""

    name: str
    confirmed: Decimal
    planned: int


def counted_hours(pairs):
    """Tiết that count towards a plan: each item's confirmed tiết up to its planned tiết, from (planned, confirmed)
    pairs; what an item has beyond its plan is surplus, shown but not counted."""
    return sum((min(Decimal(planned), Decimal(confirmed)) for planned, confirmed in pairs), Decimal(0))


def with_hours(evaluation, shortfalls):
    """The evaluation once the hours are judged: the plan is completed only when every item's planned tiết are
    confirmed (TT 19/2019 Điều 11: "thực hiện đầy đủ các quy định của khóa bồi dưỡng"; TT 26/2012 Điều 11: "học
    tập đầy đủ các nội dung của kế hoạch"). ``shortfalls``: the ``HoursShort`` items. A completing class becomes the
    not-completing class of its list (Không đạt yêu cầu beside Đạt, else Không hoàn thành kế hoạch), the average
    stays (the scores were earned), and each item short adds its reason."""
    if not shortfalls:
        return evaluation
    reasons = tuple(
        _("Chưa đủ số tiết %(name)s: %(confirmed)s/%(planned)s tiết đã được xác nhận")
        % {"name": short.name, "confirmed": hours_text(short.confirmed), "planned": short.planned}
        for short in shortfalls
    )
    classification = evaluation.classification
    if classification in COMPLETED:
        classification = KHONG_DAT if classification == DAT else KHONG_HOAN_THANH
    return replace(evaluation, classification=classification, reasons=evaluation.reasons + reasons)


def format_score(value):
    """A score the Vietnamese way: 8 → "8,0", 9.25 → "9,25". More than two decimals are cut (not rounded up), so a
    score below a threshold never prints as the threshold itself."""
    if value is None:
        return "—"
    if value.as_tuple().exponent < -2:
        value = value.quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    value = value.normalize()
    if value.as_tuple().exponent > -1:
        value = value.quantize(Decimal("0.1"))
    return f"{value:f}".replace(".", ",")


# --- input checks --------------------------------------------------------------------------------------------


def _check_part(value, what):
    """A knowledge or application score: None (missing) or a Decimal in 0–5 in steps of 0.25."""
    if value is None:
        return None
    if not isinstance(value, Decimal):
        raise ValueError(
            _("Điểm %(what)s phải là số Decimal, không nhận kiểu %(type)s.")
            % {"what": what, "type": type(value).__name__}
        )
    rules = RULES_2012
    if not value.is_finite() or not rules.PART_MIN <= value <= rules.PART_MAX:
        raise ValueError(
            _("Điểm %(what)s phải từ %(min)s đến %(max)s, nhận %(value)s.")
            % {"what": what, "min": format_score(rules.PART_MIN), "max": format_score(rules.PART_MAX), "value": value}
        )
    if value % rules.PART_STEP != 0:
        raise ValueError(
            _("Điểm %(what)s phải chia hết cho %(step)s, nhận %(value)s.")
            % {"what": what, "step": format_score(rules.PART_STEP), "value": value}
        )
    return value


def _module_names(names, count):
    """The names the reasons give the modules: those given, else "thứ 1", "thứ 2", … by position."""
    if names is not None and len(names) == count:
        return [str(name) for name in names]
    return [_("thứ %(n)s") % {"n": i} for i in range(1, count + 1)]


def _content_score(pair, what):
    """knowledge + application, or None when the pair or either half is missing."""
    if pair is None:
        return None
    if not isinstance(pair, tuple | list) or len(pair) != 2:
        raise ValueError(_("Điểm %(what)s phải là một cặp (tiếp thu, vận dụng).") % {"what": what})
    knowledge = _check_part(pair[0], _("tiếp thu %(what)s") % {"what": what})
    application = _check_part(pair[1], _("vận dụng %(what)s") % {"what": what})
    if knowledge is None or application is None:
        return None
    return knowledge + application


def _check_score(value, what):
    """A content score or an average given directly: a Decimal in 0–10."""
    if not isinstance(value, Decimal):
        raise ValueError(
            _("Điểm %(what)s phải là số Decimal, không nhận kiểu %(type)s.")
            % {"what": what, "type": type(value).__name__}
        )
    if not value.is_finite() or not Decimal("0") <= value <= 2 * RULES_2012.PART_MAX:
        raise ValueError(_("Điểm %(what)s phải từ 0 đến 10, nhận %(value)s.") % {"what": what, "value": value})
    return value


def _check_choice(value, allowed, what):
    if value not in allowed:
        raise ValueError(
            _("Giá trị %(what)s không hợp lệ: %(value)r (chỉ nhận %(allowed)s).")
            % {"what": what, "value": value, "allowed": ", ".join(allowed)}
        )


# --- the average ---------------------------------------------------------------------------------------------


def _average(nd1, nd2, modules):
    """ĐTB = (ND1 + ND2 + 2 × ĐTB ND3) / 4, rounded to one decimal half up; `modules` None = content 3 exempt.

    Computed with one division at high precision, so the half-up rounding sees the exact value (no double rounding).
    Exempt from content 3: (ND1 + ND2) / 2. UNCONFIRMED: regulations.md is silent; we drop ND3's weight.
    """
    rules = RULES_2012
    with localcontext() as ctx:
        ctx.prec = 60
        if modules is None:
            numerator = rules.ND1_WEIGHT * nd1 + rules.ND2_WEIGHT * nd2
            denominator = rules.ND1_WEIGHT + rules.ND2_WEIGHT
            nd3_average = None
        else:
            n = len(modules)
            numerator = n * (rules.ND1_WEIGHT * nd1 + rules.ND2_WEIGHT * nd2) + rules.ND3_WEIGHT * sum(modules)
            denominator = n * (rules.ND1_WEIGHT + rules.ND2_WEIGHT + rules.ND3_WEIGHT)
            nd3_average = sum(modules) / n
        average = (numerator / denominator).quantize(rules.AVERAGE_QUANTUM, rounding=rules.ROUNDING)
    return average, nd3_average


# --- classification --------------------------------------------------------------------------------------------


def _below(components, minimum):
    return [c for c in components if c.score < minimum]


def _four_class_tiers():
    r = RULES_2012
    return (
        (GIOI, r.GIOI_MIN_AVERAGE, r.GIOI_MIN_COMPONENT),
        (KHA, r.KHA_MIN_AVERAGE, r.KHA_MIN_COMPONENT),
        (TRUNG_BINH, r.TB_MIN_AVERAGE, r.TB_MIN_COMPONENT),
    )


def _classify_four(average, components):
    """Giỏi / Khá / Trung bình / Không hoàn thành for complete scores (regulations.md §2.5)."""
    tiers = _four_class_tiers()

    def meets(tier):
        _cls, min_average, min_component = tier
        return average >= min_average and not _below(components, min_component)

    def why_not(tier):
        cls, min_average, min_component = tier
        reasons = []
        if average < min_average:
            reached = next((t[0] for t in tiers if average >= t[1]), None)
            values = {
                "avg": format_score(average),
                "min": format_score(min_average),
                "cls": LABELS[cls],
                "reached": LABELS[reached] if reached else "",
            }
            if reached:
                reasons.append(_("ĐTB %(avg)s đạt mức %(reached)s nhưng chưa đạt %(min)s để xếp %(cls)s") % values)
            else:
                reasons.append(_("ĐTB %(avg)s chưa đạt %(min)s để xếp %(cls)s") % values)
        for c in _below(components, min_component):
            values = {"label": c.label, "score": format_score(c.score), "min": format_score(min_component)}
            if cls == TRUNG_BINH:
                reasons.append(_("%(label)s có điểm %(score)s, dưới %(min)s nên không hoàn thành kế hoạch") % values)
            else:
                values["cls"] = LABELS[cls]
                reasons.append(_("%(label)s có điểm %(score)s, dưới %(min)s nên không xếp %(cls)s") % values)
        return reasons

    for i, tier in enumerate(tiers):
        if meets(tier):
            return tier[0], tuple(why_not(tiers[i - 1])) if i else ()
    return KHONG_HOAN_THANH, tuple(why_not(tiers[-1]))


def _classify_manager(average, components):
    """Đạt yêu cầu when ĐTB ≥ 5 and every component ≥ 5, else Không đạt yêu cầu (regulations.md §3)."""
    r = RULES_2012
    reasons = []
    if average < r.MANAGER_MIN_AVERAGE:
        reasons.append(
            _("ĐTB %(avg)s chưa đạt %(min)s nên không đạt yêu cầu")
            % {"avg": format_score(average), "min": format_score(r.MANAGER_MIN_AVERAGE)}
        )
    for c in _below(components, r.MANAGER_MIN_COMPONENT):
        reasons.append(
            _("%(label)s có điểm %(score)s, dưới %(min)s nên không đạt yêu cầu")
            % {"label": c.label, "score": format_score(c.score), "min": format_score(r.MANAGER_MIN_COMPONENT)}
        )
    return (KHONG_DAT if reasons else DAT), tuple(reasons)


def _incomplete_reasons(components, minimum, consequence):
    """Reasons for the components present that are below `minimum` (used when something is also missing)."""
    return [
        consequence % {"label": c.label, "score": format_score(c.score), "min": format_score(minimum)}
        for c in components
        if c.score is not None and c.score < minimum
    ]


def _plain_components(components):
    result = []
    for i, c in enumerate(components, start=1):
        if isinstance(c, Component):
            _check_score(c.score, c.label)
            result.append(c)
        else:
            label = _("Điểm thành phần thứ %(n)s") % {"n": i}
            result.append(Component(key=f"c{i}", label=label, score=_check_score(c, label)))
    return tuple(result)


def classify_teacher(average, components):
    """The four classes of TT 26/2012 from a rounded ĐTB and the component scores (Decimals or Components)."""
    average = _check_score(average, "ĐTB")
    components = _plain_components(components)
    classification, reasons = _classify_four(average, components)
    return Evaluation(average=average, classification=classification, reasons=reasons, components=components)


def classify_manager(average, components):
    """Đạt / Không đạt yêu cầu (TT 26/2015, 27/2015) from a ĐTB and the component scores (Decimals or Components).

    Worked examples K and L of regulations.md §3 give the ĐTB directly, so this helper takes it as given.
    """
    average = _check_score(average, "ĐTB")
    components = _plain_components(components)
    classification, reasons = _classify_manager(average, components)
    return Evaluation(average=average, classification=classification, reasons=reasons, components=components)


# --- TT 19/2019: marks 0–10 per assessed piece -----------------------------------------------------------------


def _check_mark(value, what):
    """A piece's mark under TT 19/2019: None (not yet marked) or a Decimal in 0–10 in steps of MARK_STEP."""
    if value is None:
        return None
    rules = RULES_2019
    if not isinstance(value, Decimal):
        raise ValueError(
            _("Điểm %(what)s phải là số Decimal, không nhận kiểu %(type)s.")
            % {"what": what, "type": type(value).__name__}
        )
    if not value.is_finite() or not rules.MARK_MIN <= value <= rules.MARK_MAX:
        raise ValueError(
            _("Điểm %(what)s phải từ %(min)s đến %(max)s, nhận %(value)s.")
            % {"what": what, "min": format_score(rules.MARK_MIN), "max": format_score(rules.MARK_MAX), "value": value}
        )
    if value % rules.MARK_STEP != 0:
        raise ValueError(
            _("Điểm %(what)s phải chia hết cho %(step)s, nhận %(value)s.")
            % {"what": what, "step": format_score(rules.MARK_STEP), "value": value}
        )
    return value


def _piece_names(pieces, count):
    """How the reasons name the pieces of a slot: "bài thu hoạch", … when ``pieces`` fits, else by position."""
    if len(pieces) == count:
        names = []
        for piece in pieces:
            text = str(Piece(piece).label)
            names.append(text[:1].lower() + text[1:])
        return names
    return [_("bài thứ %(n)s") % {"n": i} for i in range(1, count + 1)]


def _marks(marks, what):
    """A slot's marks as a list (None or [] = the slot is missing)."""
    if marks is None:
        return []
    if not isinstance(marks, tuple | list):
        raise ValueError(_("Điểm %(what)s phải là một danh sách điểm (mỗi bài một điểm từ 0 đến 10).") % {"what": what})
    return list(marks)


def _evaluate_2019(nd1, nd2, nd3, *, exempt_content3, exemption_allowed, module_names):
    """Hoàn thành kế hoạch BDTX when every planned programme and module has all its pieces marked ≥ 5 (Điều 11)."""
    current = regime(Ruleset.TT19_2019)
    rules = RULES_2019
    if exempt_content3 and not exemption_allowed:
        raise ValueError(
            _(
                "Thông tư 19/2019 không cho miễn %(label)s; chỉ được miễn khi Sở đã ghi quyết định cho phép "
                "(số, ngày, lý do)."
            )
            % {"label": current.content_label(3)}
        )
    slots = []  # (key, name, marks, pieces)
    for content, marks in ((1, nd1), (2, nd2)):
        name = current.content_label(content)
        slots.append((f"nd{content}", name, _marks(marks, name), current.pieces_for(content)))
    missing = []
    if exempt_content3:
        if nd3:
            raise ValueError(_("Người được miễn %(label)s không có điểm mô đun.") % {"label": current.content_label(3)})
    else:
        if nd3 is None:
            nd3 = ()
        if not isinstance(nd3, tuple | list):
            raise ValueError(
                _("Điểm %(label)s phải là một danh sách, mỗi mô đun một danh sách điểm.")
                % {"label": current.content_label(3)}
            )
        if not nd3:
            missing.append(_("Thiếu điểm %(label)s") % {"label": current.content_label(3)})
        names = _module_names(module_names, len(nd3))
        for i, (name, marks) in enumerate(zip(names, nd3, strict=True), start=1):
            what = _("Mô đun %(name)s") % {"name": name}
            slots.append((f"nd3_{i}", what, _marks(marks, what), current.pieces_for(3)))

    below, components = [], []
    for key, name, marks, pieces in slots:
        piece_names = _piece_names(pieces, len(marks))
        checked = [
            _check_mark(mark, _("%(slot)s, %(piece)s") % {"slot": name, "piece": piece})
            for mark, piece in zip(marks, piece_names, strict=True)
        ]
        if not checked:
            missing.append(_("Thiếu điểm %(slot)s") % {"slot": name})
            components.append(Component(key, str(name), None))
            continue
        for index, (mark, piece) in enumerate(zip(checked, piece_names, strict=True), start=1):
            where = _("%(slot)s, %(piece)s") % {"slot": name, "piece": piece}
            components.append(Component(f"{key}_{index}", str(where), mark))
            if mark is None:
                missing.append(_("Thiếu điểm %(where)s") % {"where": where})
            elif mark < rules.PASS_MARK:
                below.append(
                    _("%(where)s: %(mark)s, dưới %(min)s nên không hoàn thành kế hoạch BDTX")
                    % {"where": where, "mark": format_score(mark), "min": format_score(rules.PASS_MARK)}
                )
    reasons = tuple(missing + below)
    return Evaluation(
        average=None,
        classification=KHONG_HOAN_THANH if reasons else HOAN_THANH,
        reasons=reasons,
        components=tuple(components),
    )


# --- the entry point -------------------------------------------------------------------------------------------


def evaluate(
    ruleset,
    audience,
    level,
    nd1,
    nd2,
    nd3,
    *,
    exempt_content3=False,
    components=None,
    module_names=None,
    exemption_allowed=False,
):
    """Average and classification of one person's BDTX year.

    ruleset: "TT26_2012" or "TT19_2019"; audience: "GV" or "CBQL"; level: MN, TH, THCS, THPT or GDTX.
    nd1, nd2: a pair (knowledge, application) of Decimals in 0–5 in steps of 0.25, or None when missing.
    nd3: a list of such pairs, one per planned content-3 module (None or [] = content 3 missing).
    exempt_content3: True when the person is exempt from content 3 (e.g. English teachers on the Sở's courses);
        nd3 must then be None or empty. Exemption is never inferred from nd3=None, so a missing content 3 cannot
        pass as an exemption. The ĐTB is then (ND1 + ND2) / 2: UNCONFIRMED (regulations.md is silent).
    components: "each_module" (ND1, ND2 and each module are components) or "nd3_average" (ND1, ND2 and the
        content-3 average); None = settings.BDTX_COMPONENTS_EACH_MODULE, else RULES_2012.COMPONENTS_EACH_MODULE.
        One setting for every threshold, including the "≥ 5 to complete" one. UNCONFIRMED (regulations.md §2.6).
    module_names: how the reasons name each module of nd3 ("TH3 (Đặc điểm tâm lý học sinh)"), in nd3's order;
        None = by position ("mô đun thứ 3").

    Classes:
    - TT26_2012, teachers of every level and MN managers: Giỏi / Khá / Trung bình / Không hoàn thành kế hoạch.
    - TT26_2012, managers of TH (TT 26/2015), THCS and THPT (TT 27/2015): Đạt / Không đạt yêu cầu.
      GDTX managers: UNCONFIRMED, treated the same way. Their ĐTB uses the teachers' formula: UNCONFIRMED.
    - TT19_2019, teachers and managers alike (Điều 11, regulations.md §7.4): nd1, nd2 and each element of nd3
      are LISTS of marks, one per assessed piece (Decimal 0–10 in steps of 0.25, None = not yet marked), in the
      order of ``regime.pieces_for(content)``; None or [] = the programme or module is missing. Hoàn thành kế
      hoạch BDTX when every planned piece is marked and ≥ 5, else Không hoàn thành kế hoạch BDTX; average None
      (no ĐTB), no other class. ``components`` is ignored. A content-3 exemption is refused (ValueError) unless
      ``exemption_allowed`` (the Sở recorded a decision allowing it).

    A missing content, a missing half of a pair or a missing module makes the result Không hoàn thành (Không đạt
    for managers under 2015) with average None: the modules present are not averaged (example I).
    Raises ValueError for bad input (floats, ints, out-of-range or off-step scores, unknown ruleset/audience/level).
    """
    _check_choice(ruleset, RULESETS, "quy chế")
    _check_choice(audience, AUDIENCES, "đối tượng")
    _check_choice(level, LEVELS, "cấp học")
    if ruleset == Ruleset.TT19_2019:
        return _evaluate_2019(
            nd1,
            nd2,
            nd3,
            exempt_content3=exempt_content3,
            exemption_allowed=exemption_allowed,
            module_names=module_names,
        )
    mode = default_component_mode() if components is None else components
    _check_choice(mode, COMPONENT_MODES, "điểm thành phần")

    nd1_score = _content_score(nd1, _("nội dung 1"))
    nd2_score = _content_score(nd2, _("nội dung 2"))
    missing = []
    if nd1_score is None:
        missing.append(_("Thiếu điểm nội dung 1"))
    if nd2_score is None:
        missing.append(_("Thiếu điểm nội dung 2"))
    parts = [Component("nd1", _("Nội dung 1"), nd1_score), Component("nd2", _("Nội dung 2"), nd2_score)]

    if exempt_content3:
        if nd3:
            raise ValueError(_("Người được miễn nội dung 3 không có điểm mô đun."))
        module_scores = None
    else:
        if nd3 is None:
            nd3 = ()
        if not isinstance(nd3, tuple | list):
            raise ValueError(_("Điểm nội dung 3 phải là một danh sách, mỗi mô đun một cặp (tiếp thu, vận dụng)."))
        names = _module_names(module_names, len(nd3))
        module_scores = [
            _content_score(pair, _("mô đun %(name)s") % {"name": name}) for name, pair in zip(names, nd3, strict=True)
        ]
        if not module_scores:
            missing.append(_("Thiếu điểm nội dung 3"))
            parts.append(Component("nd3", _("Nội dung 3"), None))
        else:
            for name, score in zip(names, module_scores, strict=True):
                if score is None:
                    missing.append(_("Thiếu điểm mô đun %(name)s") % {"name": name})

    average = nd3_average = None
    if not missing:
        average, nd3_average = _average(nd1_score, nd2_score, module_scores)
    if module_scores:
        if mode == EACH_MODULE:
            parts += [
                Component(f"nd3_{i}", _("Mô đun %(name)s") % {"name": name}, score)
                for i, (name, score) in enumerate(zip(names, module_scores, strict=True), start=1)
            ]
        else:
            # nd3_average is None when a module is missing; the average of the others is not used (example I).
            parts.append(Component("nd3", _("ĐTB nội dung 3"), nd3_average))
    parts = tuple(parts)

    pass_fail = ruleset == Ruleset.TT26_2012 and audience == "CBQL" and level in RULES_2012.MANAGER_PASS_FAIL_LEVELS
    if missing:
        if pass_fail:
            minimum = RULES_2012.MANAGER_MIN_COMPONENT
            consequence = _("%(label)s có điểm %(score)s, dưới %(min)s nên không đạt yêu cầu")
            classification = KHONG_DAT
        else:
            minimum = RULES_2012.TB_MIN_COMPONENT
            consequence = _("%(label)s có điểm %(score)s, dưới %(min)s nên không hoàn thành kế hoạch")
            classification = KHONG_HOAN_THANH
        reasons = tuple(missing + _incomplete_reasons(parts, minimum, consequence))
    elif pass_fail:
        classification, reasons = _classify_manager(average, parts)
    else:
        classification, reasons = _classify_four(average, parts)
    return Evaluation(
        average=average,
        classification=classification,
        reasons=reasons,
        components=parts,
        nd3_average=nd3_average,
    )
