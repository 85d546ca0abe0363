"""Pure rules of the personal plan: no database access, only the objects passed in."""

from collections import Counter

from django.utils.translation import gettext as _

from accounts.models import Audience
from modules.catalogs import ETEP_OVERLAPS, catalogs_for, overlapping_pairs
from years.rulesets import Ruleset

TT26 = Ruleset.TT26_2012


def module_choice_errors(*, staff, modules, year=None, counted_elsewhere=()):
    """Why these content-3 modules cannot stand in this staff member's plan of ``year`` (empty list when they can).

    Only modules of the year's regime, the person's level and audience are accepted (modules.catalogs); in a
    year without the Sở's overlap decision, a GDPT 2018 (ETEP) module and the GVPT module it overlaps are not both
    counted, nor a GVPT module whose ETEP module is in ``counted_elsewhere`` (codes already counted this year
    elsewhere). ``year`` None: a TT 26/2012 year (callers that predate regimes).
    """
    errors = []
    ruleset = year.ruleset if year is not None else TT26
    allowed = catalogs_for(ruleset, staff.level, staff.audience)
    for module in modules:
        if module.level not in allowed:
            errors.append(
                _(
                    "Mô đun %(code)s thuộc danh mục %(level)s, không thuộc danh mục của năm học này cho cấp học "
                    "và đối tượng của bạn (%(own)s, %(audience)s)."
                )
                % {
                    "code": module.code,
                    "level": module.get_level_display(),
                    "own": staff.get_level_display(),
                    "audience": str(Audience(staff.audience).label).lower(),
                }
                if ruleset != TT26
                else _("Mô đun %(code)s thuộc danh mục %(level)s, không thuộc cấp học của bạn (%(own)s).")
                % {"code": module.code, "level": module.get_level_display(), "own": staff.get_level_display()}
            )
        elif not module_fits_audience(module, staff):
            errors.append(_("Mô đun %(code)s chỉ dành cho cán bộ quản lý.") % {"code": module.code})
        elif module.owner_id and f"{module.owner_id:06d}/" not in staff.unit.path:
            errors.append(_("Mô đun %(code)s là mô đun địa phương của Sở khác.") % {"code": module.code})
        if module.is_retired:
            errors.append(_("Mô đun %(code)s đã ngừng sử dụng.") % {"code": module.code})
    for code, count in Counter(module.code for module in modules).items():
        if count > 1:
            errors.append(_("Mô đun %(code)s được chọn %(n)s lần.") % {"code": code, "n": count})
    if year is not None and not year.overlap_decision:
        errors.extend(overlap_errors([module.code for module in modules], counted_elsewhere))
    return errors


def overlap_errors(codes, counted_elsewhere=()):
    """The same training counted twice in one year: an ETEP module with the GVPT module it overlaps in the plan,
    or a GVPT module whose ETEP module is already counted this year elsewhere (``counted_elsewhere``)."""
    errors = [
        _(
            "Mô đun %(etep)s (GDPT 2018) và %(gvpt)s trùng nội dung: không tính cả hai trong một năm học khi Sở "
            "chưa có quyết định cho phép; hãy bỏ một mô đun."
        )
        % {"etep": etep, "gvpt": gvpt}
        for etep, gvpt in overlapping_pairs(codes)
    ]
    present = set(codes)
    for etep in sorted(set(counted_elsewhere)):
        gvpt = ETEP_OVERLAPS.get(etep)
        if gvpt in present and etep not in present:
            errors.append(
                _(
                    "Mô đun %(gvpt)s trùng nội dung với mô đun %(etep)s (GDPT 2018) bạn đã hoàn thành và được tính "
                    "trong năm học này: không tính lại khi Sở chưa có quyết định cho phép; hãy chọn mô đun khác."
                )
                % {"etep": etep, "gvpt": gvpt}
            )
    return errors


def module_fits_audience(module, staff):
    """Managers choose from their level's catalog too (the CBQL catalog is still empty); teachers never
    take a managers-only module."""
    return module.audience != "CBQL" or staff.is_manager


def quota_state(have, need):
    """How a content's planned tiết compare with the year's quota: "under", "ok" or "over" (never green when
    over: a plan is built to the quota, the editor's meter and the plan page say so alike)."""
    if have < need:
        return "under"
    return "over" if have > need else "ok"


def content3_surplus(module_hours, quota):
    """Tiết of content 3 beyond the quota when at least one module could be dropped with the quota still met
    (0 otherwise: with modules of 15 and 20 tiết, 65 of 60 may be the nearest a plan can get)."""
    total = sum(module_hours)
    surplus = total - quota
    return surplus if module_hours and surplus >= min(module_hours) else 0


def hours_by_content(items):
    totals = {1: 0, 2: 0, 3: 0}
    for item in items:
        totals[item.content] += item.hours
    return totals


def _item_key(item):
    return f"module:{item.module.code}" if item.module_id else f"topic:{item.topic_id}"


def items_snapshot(items):
    """What the manager saw when returning the plan: enough to show what changed later."""
    return [
        {
            "key": _item_key(item),
            "content": item.content,
            "title": item.title,
            "hours": item.hours,
            "period": item.period,
            "form": item.form,
        }
        for item in items
    ]


def plan_changes(snapshot, items):
    """Differences between a snapshot and the current items: (added, removed, changed) lists of titles/tuples."""
    before = {entry["key"]: entry for entry in snapshot or []}
    now = {entry["key"]: entry for entry in items_snapshot(items)}
    added = [now[key]["title"] for key in now if key not in before]
    removed = [before[key]["title"] for key in before if key not in now]
    changed = []
    for key in now.keys() & before.keys():
        for field, label in (("period", _("thời gian")), ("form", _("hình thức")), ("hours", _("số tiết"))):
            if now[key][field] != before[key][field]:
                changed.append((now[key]["title"], label, before[key][field], now[key][field]))
    return added, removed, sorted(changed)
