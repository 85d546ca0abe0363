from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import scoping
from accounts.models import Role
from accounts.permissions import Cap, can
from core.documents import FORMATS, DocumentError, document_response
from core.errors import show_error
from core.ids import plain_ids
from core.vietnamese import name_sort_key
from modules.models import Module
from years.selectors import require_year

from . import documents, rules, selectors, services
from .models import Plan, PlanStatus, StudyForm


def _current_year(request):
    return require_year(user=request.user, year_id=request.GET.get("year") or request.POST.get("year"))


def _run(request, action, success):
    """Call a service; show its Vietnamese error instead of failing."""
    try:
        result = action()
    except services.PlanError as error:
        show_error(request, error)
        return None
    messages.success(request, success)
    return result


@login_required
def my_plan(request):
    if not request.user.staff_id:
        raise Http404
    year = _current_year(request)
    plan = selectors.plans_visible_to(user=request.user, year=year).filter(staff_id=request.user.staff_id).first()
    context = {"year": year, "plan": plan}
    if plan is not None:
        context.update(_plan_context(plan))
    return render(request, "plans/my_plan.html", context)


def _plan_context(plan):
    items = selectors.plan_items(plan)
    added, removed, changed = (
        rules.plan_changes(plan.returned_snapshot, items) if plan.returned_snapshot else ([], [], [])
    )
    return {
        "items": items,
        # The printed plan (plans.documents.personal_plan_document) reads the same two selectors.
        "totals": selectors.plan_totals(plan, items),
        "problems": services.plan_problems(plan=plan) if plan.status in services.EDITABLE else [],
        "transitions": plan.transitions.select_related("by").order_by("at", "id"),
        "changes": {"added": added, "removed": removed, "changed": changed},
        "form_labels": dict(StudyForm.choices),
        # Whether the manager may grant a content-3 exemption this year, and why not (TT 19/2019 without decision).
        "exemption_allowed": plan.year.allows_exemption,
        "exemption_refusal": services.exemption_refusal(plan.year),
    }


_totals = selectors.content_totals


@login_required
@require_POST
def plan_start(request):
    if not request.user.staff_id:
        raise Http404
    year = _current_year(request)
    staff = scoping.get_staff_for_user(request.user, request.user.staff_id)
    services.plan_start(staff=staff, year=year, by=request.user)
    return redirect("plans:plan_edit")


@login_required
def plan_edit(request):
    if not request.user.staff_id:
        raise Http404
    year = _current_year(request)
    plan = selectors.plans_visible_to(user=request.user, year=year).filter(staff_id=request.user.staff_id).first()
    if plan is None:
        return redirect("plans:my_plan")
    typed, conflict = None, False
    if request.method == "POST":
        try:
            saved = _save_plan_form(request, plan)
        except services.PlanError as error:
            # Nothing typed is lost: the form comes back with the user's own values, not the stored ones.
            show_error(request, error)
            typed = _typed_plan(request.POST, plan)
            if isinstance(error, services.PlanConflict):
                # The form now carries the saved version, so keeping one's own copy is one more click.
                plan, conflict = Plan.objects.get(pk=plan.pk), True
        else:
            plan = saved  # a refused submission redraws the saved plan, with its new version
            if request.POST.get("then") == "submit":
                submitted = _run(
                    request, lambda: services.plan_submit(plan=saved, by=request.user), _("Đã nộp kế hoạch.")
                )
                if submitted is not None:
                    return redirect("plans:my_plan")
            else:
                messages.success(request, _("Đã lưu kế hoạch."))
                return redirect("plans:my_plan")
    from modules.selectors import modules_for, modules_taken_before

    services.plan_sync_topics(plan=plan)
    items = list(plan.items.select_related("module", "topic").order_by("content", "order", "id"))
    # Only the modules of the year's regime, the person's level and audience (modules.catalogs.catalogs_for).
    catalog = [
        module
        for module in modules_for(
            ruleset=year.ruleset, level=plan.staff.level, audience=plan.staff.audience, unit=plan.school
        )
        if rules.module_fits_audience(module, plan.staff)
    ]
    quotas = {content: year.quota_for(content) for content in (1, 2, 3)}
    context = {
        "plan": plan,
        "year": year,
        "catalog": catalog,
        "taken_before": modules_taken_before(staff=plan.staff, before_year=year),
        "forms": StudyForm.choices,
        "quotas": quotas,
        # Contents 1 and 2 are the published topics: their totals do not change while editing.
        "fixed_totals": _totals(rules.hours_by_content(items), quotas)[:2],
        "editable": plan.status in services.EDITABLE,
        "conflict": conflict,
        "unsaved": typed is not None,
        "discard_draft": request.method == "GET" and request.GET.get("ban") == "da-luu",
    }
    context.update(_editor_rows(items, plan, typed, conflict))
    return render(request, "plans/plan_edit.html", context)


def _typed_plan(post, plan):
    """What the user sent, to put back in the form: {"schedule": {item id: (period, form)}, "content3": [(code,
    period, form)], "notes": text}."""
    codes = post.getlist("c3_module")
    periods, forms = post.getlist("c3_period"), post.getlist("c3_form")
    return {
        "schedule": {
            item.pk: (post.get(f"period_{item.pk}", item.period), post.get(f"form_{item.pk}", item.form))
            for item in plan.items.exclude(content=3)
        },
        "content3": [(code, _at(periods, index), _at(forms, index)) for index, code in enumerate(codes)],
        "notes": post.get("notes", ""),
    }


def _editor_rows(items, plan, typed, conflict):
    """The rows of the editor, from the stored plan or, after a refused save, from what was typed; on a version
    conflict also the stored copy, each row marked when it differs from the typed one, to copy from."""
    fixed = [item for item in items if item.content != 3]
    modules = [(item.module.code, item.period, item.form) for item in items if item.content == 3]
    rows = {"fixed_items": fixed, "module_rows": modules, "notes": plan.notes}
    if typed is None:
        return rows
    labels = dict(StudyForm.choices)
    if conflict:
        typed_modules = {code: (period, form) for code, period, form in typed["content3"] if code}
        rows["saved_version"] = {
            "items": [
                {
                    "content": item.content,
                    "title": item.title,
                    "period": item.period,
                    "form": labels.get(item.form, item.form),
                    "differs": (
                        typed_modules.get(item.module.code) != (item.period, item.form)
                        if item.content == 3
                        else typed["schedule"].get(item.pk) != (item.period, item.form)
                    ),
                }
                for item in items
            ],
            "notes": plan.notes,
            "notes_differ": plan.notes.strip() != typed["notes"].strip(),
            "saved_at": plan.updated_at,
        }
    for item in fixed:
        item.period, item.form = typed["schedule"].get(item.pk, (item.period, item.form))
    rows.update(fixed_items=fixed, module_rows=typed["content3"], notes=typed["notes"])
    return rows


def _save_plan_form(request, plan):
    """Save the posted editor; a services.PlanError says why it was refused."""
    post = request.POST
    codes = post.getlist("c3_module")
    periods, forms = post.getlist("c3_period"), post.getlist("c3_form")
    modules = {module.code: module for module in Module.objects.filter(code__in=[c for c in codes if c])}
    content3 = []
    for index, code in enumerate(codes):
        if not code:
            continue
        if code not in modules:
            raise services.PlanError(_("Không tìm thấy mô đun %(code)s.") % {"code": code})
        content3.append((modules[code], _at(periods, index), _at(forms, index)))
    schedule = {
        item.pk: (post.get(f"period_{item.pk}", ""), post.get(f"form_{item.pk}", ""))
        for item in plan.items.exclude(content=3)
    }
    try:
        version = int(post.get("version", ""))
    except ValueError:
        version = None
    return services.plan_save_items(
        plan=plan,
        by=request.user,
        content3=content3,
        schedule=schedule,
        notes=post.get("notes", ""),
        expected_version=version,
    )


def _at(values, index):
    return values[index] if index < len(values) else ""


@login_required
@require_POST
def plan_owner_action(request, action):
    if not request.user.staff_id:
        raise Http404
    year = _current_year(request)
    plan = selectors.plans_visible_to(user=request.user, year=year).filter(staff_id=request.user.staff_id).first()
    if plan is None:
        raise Http404
    if action == "submit":
        _run(request, lambda: services.plan_submit(plan=plan, by=request.user), _("Đã nộp kế hoạch."))
    elif action == "withdraw":
        _run(request, lambda: services.plan_withdraw(plan=plan, by=request.user), _("Đã rút lại kế hoạch."))
    else:
        raise Http404
    return redirect("plans:my_plan")


def _require_manager_view(user):
    if not can(user, Cap.APPROVE):
        raise PermissionDenied


@login_required
def plan_list(request):
    """Danh sách kế hoạch to approve: a school's staff for its manager, the schools' managers for an office; a group
    head follows their group's (reads, does not approve)."""
    if not (can(request.user, Cap.APPROVE) or can(request.user, Cap.CONFIRM)):
        raise PermissionDenied
    year = _current_year(request)
    school = request.user.unit
    if school is None:
        raise Http404
    all_rows = services.plan_list_rows(user=request.user, year=year)
    status = request.GET.get("status", "")
    waiting = services.waiting_for(request.user, all_rows)
    rows = waiting if status == selectors.WAITING_FOR_ME else selectors.rows_with_status(all_rows, status)
    statuses = selectors.plan_status_counts(all_rows)
    if can(request.user, Cap.APPROVE):
        statuses.insert(0, (selectors.WAITING_FOR_ME, _("Chờ tôi phê duyệt"), len(waiting)))
    return render(
        request,
        "plans/plan_list.html",
        {
            "year": year,
            "school": school,
            "rows": rows,
            # The boxes and the approve button only where a listed plan is sent and the user approves it.
            "decidable": {plan.pk for _m, plan in rows if plan} & {plan.pk for _m, plan in waiting},
            "status": status,
            "statuses": statuses,
            "group": request.user.staff.subject_group
            if request.user.role == Role.GROUP_HEAD and request.user.staff_id
            else "",
        },
    )


@login_required
@require_POST
def plan_batch_approve(request):
    _require_manager_view(request.user)
    ids = plain_ids(request.POST.getlist("plan"))
    plans = list(selectors.plans_visible_to(user=request.user).filter(pk__in=ids))
    # Back to the list as it was filtered (a status tab), not to every plan.
    status = request.POST.get("status", "")
    back = reverse("plans:plan_list") + (f"?{urlencode({'status': status})}" if status else "")
    if not plans:
        messages.warning(request, _("Chưa chọn kế hoạch nào."))
        return redirect(back)
    if request.POST.get("confirmed") != "1":
        approvable, refused = services.plan_batch_preview(plans=plans, by=request.user)
        return render(
            request,
            "plans/plan_batch_confirm.html",
            {
                "approvable": sorted(approvable, key=lambda plan: name_sort_key(plan.staff.full_name)),
                "refused": sorted(refused, key=lambda pair: name_sort_key(pair[0].staff.full_name)),
                "status": status,
                "back": back,
            },
        )
    approved, skipped = services.plan_batch_approve(plans=plans, by=request.user)
    if approved:
        messages.success(request, _("Đã phê duyệt %(n)s kế hoạch.") % {"n": len(approved)})
    for plan, reason in skipped:
        messages.error(request, f"{plan.staff.full_name}: {reason}")
    return redirect(back)


@login_required
def plan_detail(request, pk):
    plan = selectors.plan_with_items(plan_id=pk, user=request.user)
    context = {"plan": plan, "year": plan.year, "can_decide": services.is_plan_manager(request.user, plan)}
    if context["can_decide"] and plan.status == PlanStatus.APPROVED:
        context["reopen_refusal"] = services.reopen_refusal(plan=plan, by=request.user)
    context.update(_plan_context(plan))
    return render(request, "plans/plan_detail.html", context)


@login_required
@require_POST
def plan_decide(request, pk, action):
    plan = selectors.plan_with_items(plan_id=pk, user=request.user)
    comment = request.POST.get("comment", "")
    by = request.user
    actions = {
        "approve": (lambda: services.plan_approve(plan=plan, by=by, comment=comment), _("Đã phê duyệt kế hoạch.")),
        "return": (lambda: services.plan_return(plan=plan, by=by, comment=comment), _("Đã trả lại kế hoạch.")),
        "reopen": (lambda: services.plan_reopen(plan=plan, by=by, reason=comment), _("Đã mở lại kế hoạch.")),
        "exempt": (
            lambda: services.plan_set_exemption(
                plan=plan, by=by, exempt=request.POST.get("exempt") == "1", reason=comment
            ),
            _("Đã cập nhật miễn %(label)s.") % {"label": plan.year.content_label(3).lower()},
        ),
    }
    if action not in actions:
        raise Http404
    _run(request, *actions[action])
    return redirect("plans:plan_detail", pk=plan.pk)


def _school_plan_of(request):
    """(year, school) of the school plan the user may read: their own school's, for its managers and group heads."""
    year = _current_year(request)
    school = request.user.unit
    if school is None or not school.is_school or request.user.role not in (Role.SCHOOL_MANAGER, Role.GROUP_HEAD):
        raise Http404
    return year, school


@login_required
def school_plan(request):
    """Kế hoạch BDTX của nhà trường: how many teachers chose each module."""
    year, school = _school_plan_of(request)
    rows = list(selectors.school_plan_rows(school=school, year=year))
    people = selectors.school_plan_people(school=school, year=year)
    return render(
        request,
        "plans/school_plan.html",
        {
            "year": year,
            "school": school,
            "rows": rows,
            "people": people,
            "year_query": urlencode({"year": year.pk}),
        },
    )


def _download(request, build, fmt, back):
    """The document ``build()`` makes, as ``fmt``; a document that cannot be printed is a message on ``back``."""
    if fmt not in FORMATS:
        raise Http404
    try:
        return document_response(build(), fmt)
    except DocumentError as error:
        show_error(request, error)
        return redirect(back)


@login_required
@require_GET
def school_plan_document(request, fmt):
    """Kế hoạch BDTX của nhà trường as PDF or Word, from the page's selectors (plans.documents)."""
    year, school = _school_plan_of(request)
    return _download(
        request,
        lambda: documents.school_plan_document(school=school, year=year),
        fmt,
        f"{reverse('plans:school_plan')}?{urlencode({'year': year.pk})}",
    )


@login_required
@require_GET
def plan_document(request, pk, fmt):
    """Kế hoạch BDTX cá nhân as PDF or Word: whoever may open the plan's page may print it."""
    plan = selectors.plan_with_items(plan_id=pk, user=request.user)
    return _download(
        request, lambda: documents.personal_plan_document(plan), fmt, reverse("plans:plan_detail", args=[plan.pk])
    )
