"""Sắp xếp lại đơn vị in the app: chuyển, giải thể, sáp nhập, đổi tên.

Each operation is one URL under ``don-vi/<pk>/``: the form (GET), its preview (POST without ``confirm``: what will
move, the staff, accounts, open plans and reports), then the confirmation (POST with ``confirm`` and a reason),
which runs the whole operation in one transaction (``accounts.restructure``) and goes back to the unit's page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from . import restructure, scoping
from .forms import (
    MiddleTierLevelsForm,
    RestructureConfirmForm,
    UnitDissolveForm,
    UnitMergeForm,
    UnitMoveTargetForm,
    UnitRenameForm,
)
from .models import OrgUnit
from .permissions import Cap, can
from .services import AccountsError


@dataclass(frozen=True)
class Operation:
    title: str  # "%(unit)s" is the unit
    button: str
    form_class: type
    applies: Callable  # (unit, actor) → whether the operation exists for this unit (else 404)
    preview: Callable  # (unit, form, actor) → restructure.Preview
    run: Callable  # (unit, form, actor, reason) → the success message
    empty: Callable = None  # (unit, form) → what to say instead of an empty form, or None


def _move_run(unit, form, actor, reason):
    done = restructure.move(unit, form.cleaned_data["new_parent"], actor=actor, reason=reason)
    return _("Đã chuyển %(unit)s sang %(parent)s (%(count)s đơn vị).") % {
        "unit": done.unit,
        "parent": done.new_parent,
        "count": done.units_moved,
    }


def _dissolve_run(unit, form, actor, reason):
    done = restructure.dissolve(unit, form.destinations(), actor=actor, reason=reason)
    return _("Đã giải thể %(unit)s: %(schools)s đơn vị trực thuộc đã chuyển đi, %(accounts)s tài khoản bị khoá.") % {
        "unit": unit,
        "schools": len(done.moves),
        "accounts": len(done.accounts_closed),
    }


def _merge_run(unit, form, actor, reason):
    target = form.cleaned_data["target"]
    restructure.merge(unit, target, actor=actor, reason=reason)
    return _("Đã sáp nhập %(unit)s vào %(target)s.") % {"unit": unit, "target": target}


def _rename_run(unit, form, actor, reason):
    done = restructure.rename(unit, **form.cleaned_data, actor=actor, reason=reason)
    return _("Đã đổi tên, mã đơn vị: %(unit)s (%(code)s).") % {"unit": done.unit.name, "code": done.unit.code}


def _levels_run(unit, form, actor, reason):
    restructure.middle_tier_levels_set(unit, levels=form.cleaned_data["levels"], actor=actor, reason=reason)
    return _("Đã lưu các cấp học báo cáo qua UBND xã/phường, Phòng GD&ĐT của %(unit)s.") % {"unit": unit}


def _no_move_target(unit, form):
    return None if form.fields["new_parent"].queryset.exists() else restructure.no_move_target_message(unit)


def _no_merge_target(unit, form):
    if form.fields["target"].queryset.exists():
        return None
    return _("Không có %(kind)s nào khác đang hoạt động trong phạm vi bạn quản lý để nhận %(unit)s.") % {
        "kind": unit.get_kind_display(),
        "unit": unit,
    }


def _no_dissolve_target(unit, form):
    if not form.children or form.fields[f"school_{form.children[0].pk}"].queryset.exists():
        return None
    return _("Không có đơn vị nào nhận được các trường của %(unit)s.") % {"unit": unit}


def _movable(unit, actor):
    """A school or a middle-tier unit; a Sở (under the Bộ) only by the admin, whose scope reaches the Bộ."""
    if not unit.is_active or unit.kind == OrgUnit.Kind.MINISTRY:
        return False
    return unit.kind != OrgUnit.Kind.DEPARTMENT or restructure.is_admin(actor)


def _dissolvable(unit, actor):
    return unit.is_active and unit.is_middle_tier


def _mergeable(unit, actor):
    """Two schools, two middle-tier units, or two Sở — those only by the admin."""
    if not unit.is_active or unit.kind == OrgUnit.Kind.MINISTRY:
        return False
    return unit.kind != OrgUnit.Kind.DEPARTMENT or restructure.is_admin(actor)


OPERATIONS = {
    "move": Operation(
        title=gettext_lazy("Chuyển đơn vị: %(unit)s"),
        button=gettext_lazy("Chuyển đơn vị"),
        form_class=UnitMoveTargetForm,
        applies=_movable,
        preview=lambda unit, form, actor: restructure.preview_move(unit, form.cleaned_data["new_parent"], actor=actor),
        run=_move_run,
        empty=_no_move_target,
    ),
    "dissolve": Operation(
        title=gettext_lazy("Giải thể đơn vị: %(unit)s"),
        button=gettext_lazy("Giải thể đơn vị"),
        form_class=UnitDissolveForm,
        applies=_dissolvable,
        preview=lambda unit, form, actor: restructure.preview_dissolve(unit, form.destinations(), actor=actor),
        run=_dissolve_run,
        empty=_no_dissolve_target,
    ),
    "merge": Operation(
        title=gettext_lazy("Sáp nhập đơn vị: %(unit)s"),
        button=gettext_lazy("Sáp nhập đơn vị"),
        form_class=UnitMergeForm,
        applies=_mergeable,
        preview=lambda unit, form, actor: restructure.preview_merge(unit, form.cleaned_data["target"], actor=actor),
        run=_merge_run,
        empty=_no_merge_target,
    ),
    "levels": Operation(
        title=gettext_lazy("Cấp học báo cáo qua UBND xã/phường, Phòng GD&ĐT: %(unit)s"),
        button=gettext_lazy("Cấp học qua cấp xã"),
        form_class=MiddleTierLevelsForm,
        applies=lambda unit, actor: unit.kind == OrgUnit.Kind.DEPARTMENT and unit.is_active,
        preview=lambda unit, form, actor: restructure.preview_middle_tier_levels(
            unit, levels=form.cleaned_data["levels"], actor=actor
        ),
        run=_levels_run,
    ),
    "rename": Operation(
        title=gettext_lazy("Đổi tên, mã đơn vị: %(unit)s"),
        button=gettext_lazy("Đổi tên, mã đơn vị"),
        form_class=UnitRenameForm,
        applies=lambda unit, actor: unit.is_active,
        preview=lambda unit, form, actor: restructure.preview_rename(unit, **form.cleaned_data, actor=actor),
        run=_rename_run,
    ),
}


def restructure_links(unit, user):
    """The operations offered on a unit's page: (url name, label) for those the user may run on it; none for a
    closed unit (each operation's ``applies`` says so too)."""
    if not unit.is_active:
        return []
    if not can(user, Cap.RESTRUCTURE, unit):
        return []
    return [(f"accounts:unit_{name}", op.button) for name, op in OPERATIONS.items() if op.applies(unit, user)]


@login_required
@require_http_methods(["GET", "POST"])
def unit_restructure(request, pk, operation):
    op = OPERATIONS[operation]
    unit = scoping.get_unit_for_user(request.user, pk)
    if not can(request.user, Cap.RESTRUCTURE, unit):
        raise PermissionDenied
    if not op.applies(unit, request.user):
        raise Http404
    title = op.title % {"unit": unit}
    form = op.form_class(request.POST or None, unit=unit, actor=request.user)
    context = {"unit": unit, "title": title, "form": form, "button": op.button, "operation": operation}
    if request.method == "POST" and form.is_valid():
        try:
            preview = op.preview(unit, form, request.user)
        except AccountsError as error:
            form.add_error(None, str(error))
        else:
            confirm = RestructureConfirmForm(request.POST if "confirm" in request.POST else None)
            if confirm.is_valid():
                try:
                    message = op.run(unit, form, request.user, confirm.cleaned_data["reason"])
                except AccountsError as error:
                    confirm.add_error(None, str(error))
                else:
                    messages.success(request, message)
                    return redirect("accounts:unit_detail", pk=unit.pk)
            context.update(preview=preview, confirm=confirm)
            return render(request, "accounts/unit_restructure_preview.html", context)
    context["empty"] = op.empty(unit, form) if op.empty else None
    return render(request, "accounts/unit_restructure_form.html", context)
