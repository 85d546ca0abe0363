"""Vì sao có kết quả này: the year's rule with one person's own numbers plugged in.

``explain_result`` is pure: it reads only the values passed (the lines of the score table and the stored result,
as ``selectors.plan_scores`` gives them to the page) and the thresholds of ``rules_settings``; no database access,
no number retyped. ``explain_scores`` is the adapter the pages call with their ``PlanScores``.

- TT 26/2012: each content and module scores tiếp thu + vận dụng; ĐTB = (ND1 × w1 + ND2 × w2 + ĐTB ND3 × w3) :
  (w1 + w2 + w3), rounded as ``RULES_2012`` says; the class is the best tier whose ĐTB and lowest component are
  both reached (teachers, MN managers), or Đạt / Không đạt yêu cầu (managers of the other levels).
- TT 19/2019: each assessed piece marked out of 10 passes at ``RULES_2019.PASS_MARK``; the plan is completed when
  every planned piece is marked and passed (and, when the year requires it, every planned tiết confirmed).
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

from django.utils.translation import gettext as _

from years.rulesets import Ruleset, regime

from . import rules
from .rules_settings import EACH_MODULE, RULES_2012, RULES_2019, default_component_mode

SHOWN_PLACES = Decimal("0.000001")  # an unrounded average is printed to six decimals, "…" when it has more


@dataclass(frozen=True)
class Check:
    """One line of the explanation: what it is, its value as printed, and whether it passes (None: missing)."""

    label: str
    value: str
    passed: bool | None
    note: str = ""


@dataclass(frozen=True)
class Tier:
    """One class of TT 26/2012 with its condition and whether this person's ĐTB and lowest component reach it
    (None: cannot be said, a score is missing)."""

    label: str
    condition: str
    average_ok: bool | None
    components_ok: bool | None
    is_result: bool


@dataclass(frozen=True)
class Explanation:
    """regime: "TT 26/2012"; rule: the rule in one paragraph; formula and steps (TT 26/2012 only): the ĐTB formula,
    then the same with this person's numbers; tiers: the classes and their conditions; checks: the component
    scores (TT 26/2012) or every assessed piece (TT 19/2019); hours: each line's confirmed / planned tiết when the
    year requires them; hours_rule: what the year asks of the tiết; outcome: the class's name; conclusion: why;
    pass_mark: the score a component or piece needs to pass; average and lowest (TT 26/2012): the ĐTB and the
    lowest component as printed ("—" when a score is missing)."""

    ruleset: str
    regime: str
    rule: str
    outcome: str
    completed: bool
    conclusion: tuple[str, ...]
    checks: tuple[Check, ...] = ()
    formula: str = ""
    steps: tuple[str, ...] = ()
    tiers: tuple[Tier, ...] = ()
    hours: tuple[Check, ...] = ()
    hours_rule: str = ""
    pass_mark: str = ""
    average: str = ""
    lowest: str = ""


def exact(value):
    """An unrounded value the Vietnamese way, up to six decimals: 9.4375 → "9,4375", 28/3 → "9,333333…"."""
    if value is None:
        return "—"
    shown = value.quantize(SHOWN_PLACES, rounding=ROUND_DOWN)
    more = shown != value
    shown = shown.normalize()
    if shown.as_tuple().exponent > -1:
        shown = shown.quantize(Decimal("0.1"))
    return f"{shown:f}".replace(".", ",") + ("…" if more else "")


def _score(value):
    return rules.format_score(value)


def _plain(value):
    """A count, a weight or a scale bound without a needless decimal: 4 → "4", 12.5 → "12,5"."""
    value = Decimal(value).normalize()
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value:f}".replace(".", ",")


def _hours_checks(rows):
    """Each line's confirmed tiết (counted up to its plan) against its planned tiết."""
    checks = []
    for row in rows:
        planned = Decimal(row.get("planned") or 0)
        confirmed = Decimal(row.get("confirmed") or 0)
        checks.append(
            Check(
                label=str(row["label"]),
                value=_("%(done)s/%(planned)s tiết") % {"done": _plain(confirmed), "planned": _plain(planned)},
                passed=confirmed >= planned,
            )
        )
    return tuple(checks)


def _hours_rule(hours_required):
    if hours_required:
        return _(
            "Năm học này chỉ hoàn thành kế hoạch khi mỗi nội dung có đủ số tiết kế hoạch đã được xác nhận (nhật ký "
            "được tổ trưởng xác nhận, buổi sinh hoạt chuyên môn đã tham dự, mô đun đã hoàn thành trên hệ thống bồi "
            "dưỡng)."
        )
    return _("Năm học này Sở không yêu cầu đủ số tiết đã được xác nhận: kết quả xét theo điểm.")


def _term(value, weight):
    """One term of the ĐTB formula: the value, "× weight" unless the weight is 1."""
    if weight == 1:
        return value
    return _("%(value)s × %(weight)s") % {"value": value, "weight": _plain(weight)}


def _rounding_note():
    places = -RULES_2012.AVERAGE_QUANTUM.as_tuple().exponent
    if RULES_2012.ROUNDING == ROUND_HALF_UP:
        return _("làm tròn đến %(n)s chữ số thập phân, từ 5 trở lên làm tròn lên") % {"n": places}
    return _("làm tròn đến %(n)s chữ số thập phân") % {"n": places}


# --- TT 26/2012 -------------------------------------------------------------------------------------------------


def _weights(exempt_content3=False):
    r = RULES_2012
    return (r.ND1_WEIGHT, r.ND2_WEIGHT) if exempt_content3 else (r.ND1_WEIGHT, r.ND2_WEIGHT, r.ND3_WEIGHT)


def _formula(exempt_content3=False):
    """ "ĐTB = (ND1 + ND2 + ĐTB ND3 × 2) : 4" from the weights of ``RULES_2012``."""
    current = regime(Ruleset.TT26_2012)
    names = [current.content_abbr(1), current.content_abbr(2)]
    if not exempt_content3:
        names.append(_("ĐTB %(nd3)s") % {"nd3": current.content_abbr(3)})
    weights = _weights(exempt_content3)
    return _("ĐTB = (%(terms)s) : %(sum)s") % {
        "terms": " + ".join(_term(name, weight) for name, weight in zip(names, weights, strict=True)),
        "sum": _plain(sum(weights)),
    }


def _tier_condition(min_average, min_component):
    return _("ĐTB từ %(avg)s trở lên và không có điểm thành phần nào dưới %(min)s") % {
        "avg": _score(min_average),
        "min": _score(min_component),
    }


def _failing_condition(minimum):
    return _("Thiếu điểm một nội dung, mô đun trong kế hoạch, hoặc có điểm thành phần dưới %(min)s") % {
        "min": _score(minimum)
    }


def _explain_2012(*, rows, classification, average, audience, level, exempt_content3, hours_required, components):
    current = regime(Ruleset.TT26_2012)
    r = RULES_2012
    nd1_abbr, nd2_abbr, nd3_abbr = (current.content_abbr(n) for n in (1, 2, 3))
    contents, modules = rows[:2], rows[2:]
    totals = [row.get("total") for row in rows]
    module_totals = [row.get("total") for row in modules]
    missing = [row for row in rows if row.get("total") is None]
    no_modules = not exempt_content3 and not modules

    # The formula, then this person's numbers in it.
    weights = _weights(exempt_content3)
    formula = _formula(exempt_content3)
    steps = [
        _("Điểm mỗi nội dung, mỗi mô đun = điểm tiếp thu + điểm vận dụng (mỗi phần từ %(min)s đến %(max)s).")
        % {"min": _plain(r.PART_MIN), "max": _plain(r.PART_MAX)}
    ]
    nd3_average = raw = None
    if not missing and not no_modules:
        with localcontext() as ctx:
            ctx.prec = 60
            if exempt_content3:
                values = (totals[0], totals[1])
            else:
                nd3_average = sum(module_totals) / len(module_totals)
                values = (totals[0], totals[1], nd3_average)
                steps.append(
                    _("ĐTB %(nd3)s = (%(scores)s) : %(n)s = %(avg)s")
                    % {
                        "nd3": nd3_abbr,
                        "scores": " + ".join(_score(score) for score in module_totals),
                        "n": len(module_totals),
                        "avg": exact(nd3_average),
                    }
                )
            raw = sum((value * weight for value, weight in zip(values, weights, strict=True)), Decimal(0)) / sum(
                weights
            )
            rounded = average if average is not None else raw.quantize(r.AVERAGE_QUANTUM, rounding=r.ROUNDING)
        terms = [exact(value) for value in values]
        steps.append(
            _("ĐTB = (%(terms)s) : %(sum)s = %(raw)s, %(rounding)s: %(avg)s")
            % {
                "terms": " + ".join(_term(term, weight) for term, weight in zip(terms, weights, strict=True)),
                "sum": _plain(sum(weights)),
                "raw": exact(raw),
                "rounding": _rounding_note(),
                "avg": _score(rounded),
            }
        )
        average = rounded
    else:
        average = None
        steps.append(_("Còn thiếu điểm nên chưa tính được ĐTB."))

    # The component scores the thresholds apply to: (label, score, note).
    mode = default_component_mode() if components is None else components
    parts = [(str(row["label"]), row.get("total"), "") for row in contents]
    if exempt_content3:
        pass
    elif no_modules:
        parts.append((current.content_label(3), None, _("Chưa có mô đun nào trong kế hoạch")))
    elif mode == EACH_MODULE:
        parts += [(str(row["label"]), row.get("total"), "") for row in modules]
    else:
        parts.append((_("ĐTB %(nd3)s") % {"nd3": nd3_abbr}, nd3_average, ""))
    complete = not missing and not no_modules
    lowest = min(score for _label, score, _note in parts) if complete else None

    pass_fail = audience == "CBQL" and level in r.MANAGER_PASS_FAIL_LEVELS
    # The managers' one tier, or the four classes' thresholds as the rules hold them (one list, not retyped).
    tier_defs = (
        ((rules.DAT, r.MANAGER_MIN_AVERAGE, r.MANAGER_MIN_COMPONENT),) if pass_fail else rules._four_class_tiers()
    )
    minimum = tier_defs[-1][2]
    checks = [
        Check(label, exact(score), None if score is None else score >= minimum, note) for label, score, note in parts
    ]
    reached = None
    tiers = []
    for cls, min_average, min_component in tier_defs:
        average_ok = None if average is None else average >= min_average
        components_ok = None if lowest is None else lowest >= min_component
        if reached is None and average_ok and components_ok:
            reached = cls
        tiers.append(
            Tier(
                label=str(rules.LABELS[cls]),
                condition=_tier_condition(min_average, min_component),
                average_ok=average_ok,
                components_ok=components_ok,
                is_result=cls == classification,
            )
        )
    failing = rules.KHONG_DAT if pass_fail else rules.KHONG_HOAN_THANH
    tiers.append(
        Tier(
            label=str(rules.LABELS[failing]),
            condition=_failing_condition(minimum),
            average_ok=None,
            components_ok=None,
            is_result=classification == failing,
        )
    )

    hours = _hours_checks(rows) if hours_required else ()
    outcome = str(rules.label(classification, Ruleset.TT26_2012))
    conclusion = []
    if not complete:
        conclusion.append(_("Còn thiếu điểm (dòng có dấu —) nên kết quả là: %(outcome)s.") % {"outcome": outcome})
    elif reached is None:
        conclusion.append(
            _("Có điểm thành phần dưới %(min)s nên kết quả là: %(outcome)s.")
            % {"min": _score(minimum), "outcome": outcome}
        )
    elif reached != classification:
        conclusion.append(
            _("Điểm đạt mức %(reached)s nhưng chưa đủ số tiết đã được xác nhận nên kết quả là: %(outcome)s.")
            % {"reached": rules.LABELS[reached], "outcome": outcome}
        )
    elif pass_fail:
        conclusion.append(
            _("ĐTB và mọi điểm thành phần đạt yêu cầu nên kết quả là: %(outcome)s.") % {"outcome": outcome}
        )
    else:
        conclusion.append(
            _("Xếp loại là mức cao nhất mà cả ĐTB và điểm thành phần thấp nhất đều đạt: %(outcome)s.")
            % {"outcome": outcome}
        )
    components_text = (
        _("%(nd1)s, %(nd2)s và từng mô đun") if mode == EACH_MODULE else _("%(nd1)s, %(nd2)s và ĐTB %(nd3)s")
    ) % {"nd1": nd1_abbr, "nd2": nd2_abbr, "nd3": nd3_abbr}
    if pass_fail:
        rule = _(
            "Theo %(regime)s và chương trình bồi dưỡng cán bộ quản lý: cán bộ quản lý đạt yêu cầu khi ĐTB và mọi "
            "điểm thành phần (%(components)s) đều từ %(min)s trở lên."
        ) % {"regime": current.short_name, "components": components_text, "min": _score(minimum)}
    else:
        rule = _(
            "Theo %(regime)s (Điều 13, 14): ĐTB tính theo công thức dưới đây; xếp loại theo ĐTB và điểm thành phần "
            "thấp nhất (điểm thành phần: %(components)s)."
        ) % {"regime": current.short_name, "components": components_text}
    return Explanation(
        ruleset=Ruleset.TT26_2012,
        regime=str(current.short_name),
        rule=rule,
        outcome=outcome,
        completed=classification in rules.COMPLETED,
        conclusion=tuple(conclusion),
        checks=tuple(checks),
        formula=formula,
        steps=tuple(steps),
        tiers=tuple(tiers),
        hours=hours,
        hours_rule=_hours_rule(hours_required),
        pass_mark=_score(minimum),
        average=_score(average),
        lowest=exact(lowest),
    )


# --- TT 19/2019 -------------------------------------------------------------------------------------------------


def _explain_2019(*, rows, classification, exempt_content3, hours_required):
    current = regime(Ruleset.TT19_2019)
    pass_mark = RULES_2019.PASS_MARK
    checks = []
    for row in rows:
        for piece, mark in row.get("marks", ()):
            checks.append(
                Check(
                    label=_("%(slot)s · %(piece)s") % {"slot": row["label"], "piece": piece},
                    value=_score(mark),
                    passed=None if mark is None else mark >= pass_mark,
                )
            )
    if not exempt_content3 and len(rows) <= 2:
        checks.append(Check(current.content_label(3), "—", None, _("Chưa có mô đun nào trong kế hoạch")))
    hours = _hours_checks(rows) if hours_required else ()
    outcome = str(rules.label(classification, Ruleset.TT19_2019))
    missing = sum(check.passed is None for check in checks)
    below = sum(check.passed is False for check in checks)
    short = sum(check.passed is False for check in hours)
    conclusion = []
    if missing:
        conclusion.append(_("%(n)s bài chưa có điểm.") % {"n": missing})
    if below:
        conclusion.append(_("%(n)s bài dưới %(min)s điểm.") % {"n": below, "min": _score(pass_mark)})
    if short:
        conclusion.append(_("%(n)s nội dung chưa đủ số tiết đã được xác nhận.") % {"n": short})
    if conclusion:
        conclusion.append(_("Vì vậy kết quả là: %(outcome)s.") % {"outcome": outcome})
    elif hours_required:
        conclusion.append(
            _("Mọi bài đều có điểm từ %(min)s trở lên và đủ số tiết đã được xác nhận nên kết quả là: %(outcome)s.")
            % {"min": _score(pass_mark), "outcome": outcome}
        )
    else:
        conclusion.append(
            _("Mọi bài đều có điểm từ %(min)s trở lên nên kết quả là: %(outcome)s.")
            % {"min": _score(pass_mark), "outcome": outcome}
        )
    rule = _(
        "Theo %(regime)s (Điều 11): mỗi bài đánh giá (bài kiểm tra lý thuyết, thực hành, bài thu hoạch…) chấm theo "
        "thang điểm %(max)s và đạt khi từ %(min)s điểm trở lên. Hoàn thành kế hoạch BDTX khi mọi bài của các "
        "chương trình, mô đun trong kế hoạch đều có điểm và đạt; không có điểm trung bình, không xếp loại Giỏi, "
        "Khá, Trung bình."
    ) % {"regime": current.short_name, "max": _plain(RULES_2019.MARK_MAX), "min": _score(pass_mark)}
    return Explanation(
        ruleset=Ruleset.TT19_2019,
        regime=str(current.short_name),
        rule=rule,
        outcome=outcome,
        completed=classification in rules.COMPLETED,
        conclusion=tuple(conclusion),
        checks=tuple(checks),
        hours=hours,
        hours_rule=_hours_rule(hours_required),
        pass_mark=_score(pass_mark),
    )


# --- entry points ---------------------------------------------------------------------------------------------


def explain_result(
    *,
    ruleset,
    rows,
    classification,
    average=None,
    audience="GV",
    level="TH",
    exempt_content3=False,
    hours_required=False,
    components=None,
):
    """The explanation of one person's result, or None when there is no result yet.

    rows: the score table's lines (``selectors.plan_scores``): content 1, content 2, then each module; under TT
    26/2012 each has ``label`` and ``total`` (tiếp thu + vận dụng, None when missing), under TT 19/2019 ``label`` and
    ``marks`` [(piece label, mark or None)]; both have ``planned`` and ``confirmed`` tiết. classification and
    average: the stored result's. components: "each_module" or "nd3_average" (None: the setting).
    """
    if not classification:
        return None
    classification = rules.Classification(classification)
    if ruleset == Ruleset.TT19_2019:
        return _explain_2019(
            rows=rows, classification=classification, exempt_content3=exempt_content3, hours_required=hours_required
        )
    return _explain_2012(
        rows=rows,
        classification=classification,
        average=average,
        audience=audience,
        level=level,
        exempt_content3=exempt_content3,
        hours_required=hours_required,
        components=components,
    )


def explain_scores(scores):
    """The explanation of a ``selectors.plan_scores`` table (None without a stored result)."""
    from .selectors import is_exempt

    if scores is None or scores.result is None:
        return None
    plan = scores.plan
    return explain_result(
        ruleset=plan.year.ruleset,
        rows=scores.rows,
        classification=scores.result.classification,
        average=scores.result.average,
        audience=plan.staff.audience,
        level=plan.staff.level,
        exempt_content3=is_exempt(plan),
        hours_required=plan.year.hours_required,
    )


def rules_summary():
    """The two regimes' rules as the help pages state them, from the same settings and wording as the
    explanations: {"tt26": {...}, "tt19": {...}} (programme names, default tiết, formula, classes, pass mark)."""
    r26, r19 = RULES_2012, RULES_2019
    tt26, tt19 = regime(Ruleset.TT26_2012), regime(Ruleset.TT19_2019)
    tiers = [
        {"label": str(rules.LABELS[cls]), "condition": _tier_condition(min_average, min_component)}
        for cls, min_average, min_component in rules._four_class_tiers()
    ]
    tiers.append(
        {"label": str(rules.LABELS[rules.KHONG_HOAN_THANH]), "condition": _failing_condition(r26.TB_MIN_COMPONENT)}
    )
    return {
        "tt26": {
            "name": str(tt26.short_name),
            "labels": [tt26.content_label(n) for n in (1, 2, 3)],
            "quotas": tt26.default_quotas,
            "part_max": _plain(r26.PART_MAX),
            "formula": _formula(),
            "formula_exempt": _formula(exempt_content3=True),
            "rounding": _rounding_note(),
            "tiers": tiers,
            "manager_pass": _tier_condition(r26.MANAGER_MIN_AVERAGE, r26.MANAGER_MIN_COMPONENT),
            "manager_labels": (str(rules.LABELS[rules.DAT]), str(rules.LABELS[rules.KHONG_DAT])),
        },
        "tt19": {
            "name": str(tt19.short_name),
            "labels": [tt19.content_label(n) for n in (1, 2, 3)],
            "quotas": tt19.default_quotas,
            "fixed_total": tt19.fixed_total,
            "fixed_content3": tt19.fixed_content3,
            "mark_max": _plain(r19.MARK_MAX),
            "pass_mark": _score(r19.PASS_MARK),
            "outcomes": (str(rules.LABELS_2019[rules.HOAN_THANH]), str(rules.LABELS_2019[rules.KHONG_HOAN_THANH])),
        },
    }
