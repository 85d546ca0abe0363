"""Score grid, live preview, Excel import, history, own results, confirmation and reopening.

Thin views: parse, call a service or a selector, render.
"""

import json
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import scoping
from accounts.models import Role
from core.documents import FORMATS, DocumentError, document_response
from core.errors import show_error
from core.excel_export import xlsx_download
from core.excel_import import error_page_context
from core.ids import plain_id
from jobs import imports
from years.rulesets import Piece
from years.selectors import require_year
from years.services import window_of

from . import documents, importers, job_handlers, selectors, services
from .explain import explain_scores
from .forms import ReopenForm, ScoreImportForm

_PART = r"(k|a|LT|TH|NC|BTH)"  # tiếp thu, vận dụng (TT 26/2012) or a piece (TT 19/2019: years.rulesets.Piece)
_FIELD_RE = re.compile(r"^s-(\d+)-(nd1|nd2|m\d+)-" + _PART + "$")
_PREVIEW_RE = re.compile(r"^(nd1|nd2|m\d+)-" + _PART + "$")
_SLOT_RE = re.compile(r"^(nd1|nd2|m\d+)$")
MAX_ERRORS_SHOWN = 500


def _year(request):
    return require_year(user=request.user, year_id=request.GET.get("year") or request.POST.get("year"))


def _require_scorer(user):
    if not selectors.can_enter_scores(user):
        raise Http404


_int = plain_id


def _grid_filters(request, user, year):
    """(school id, subject group, filter choices) from the query string, within the user's scope."""
    choices = selectors.grid_filters(user=user, year=year)
    school_id = _int(request.GET.get("school") or request.POST.get("school"))
    if school_id and school_id not in {school.pk for school in choices["schools"]}:
        raise Http404
    if user.role not in (Role.DISTRICT_OFFICER, Role.DEPARTMENT_OFFICER) and not user.is_admin_role:
        school_id = None
    group = (request.GET.get("group") or request.POST.get("group") or "").strip()
    if user.role != Role.SCHOOL_MANAGER:
        group = ""
    return school_id, group, choices


def _query(year, school_id, group, missing_only=False):
    params = {"year": year.pk}
    if school_id:
        params["school"] = school_id
    if group:
        params["group"] = group
    if missing_only:
        params["thieu"] = 1
    return urlencode(params)


def _in_order(regime, slot, by_part):
    """The texts typed for one slot, in the order of ``selectors.slot_parts`` ("" for a part not sent)."""
    return tuple(by_part.get(part, "") for part in selectors.slot_parts(regime, slot))


def _posted_rows(post, regime):
    """[{"plan_id", "version", "values": {slot: (text, …)}}] from the grid's fields: (knowledge, application)
    under TT 26/2012, one text per piece under TT 19/2019.

    score_grid.js sends the whole grid as one JSON field ("grid"), so a big group stays under Django's limit on
    the number of fields; without JavaScript each cell is its own field: v-<plan> (the version) and
    s-<plan>-<slot>-<k|a|piece>.
    """
    if "grid" in post:
        return _json_rows(post["grid"])
    versions = {}
    for key in post:
        if key.startswith("v-"):
            plan_id = _int(key[2:])
            if plan_id is None:
                raise Http404
            versions[plan_id] = _int(post.get(key))
    values = {plan_id: {} for plan_id in versions}
    for key in post:
        match = _FIELD_RE.match(key)
        if match is None or int(match[1]) not in values:
            continue
        values[int(match[1])].setdefault(match[2], {})[match[3]] = post.get(key, "")
    return [
        {
            "plan_id": plan_id,
            "version": -1 if version is None else version,
            "values": {slot: _in_order(regime, slot, parts) for slot, parts in values[plan_id].items()},
        }
        for plan_id, version in versions.items()
    ]


def _json_rows(text):
    """The JSON form of the grid: {"<plan id>": {"v": version, "s": {"<slot>": ["<k>", "<a>"]}}} (TT 26/2012) or
    one text per piece of the slot (TT 19/2019); the service checks the count against the slot's parts."""
    try:
        data = json.loads(text)
    except ValueError:
        raise Http404 from None
    if not isinstance(data, dict):
        raise Http404
    rows = []
    for key, row in data.items():
        plan_id = _int(key)
        if plan_id is None or not isinstance(row, dict) or not isinstance(row.get("s", {}), dict):
            raise Http404
        values = {}
        for slot, pair in row.get("s", {}).items():
            if not _SLOT_RE.match(str(slot)) or not isinstance(pair, list) or not 1 <= len(pair) <= len(Piece):
                raise Http404
            values[slot] = tuple("" if part is None else str(part)[:20] for part in pair)
        version = row.get("v")
        rows.append({"plan_id": plan_id, "version": version if isinstance(version, int) else -1, "values": values})
    return rows


def _overlay(rows, posted, keep_ids, errors=None, conflicts=None):
    """Put the typed values back into the rebuilt grid, with the cell errors and the conflict notes."""
    posted = {row["plan_id"]: row for row in posted}
    errors = errors or {}
    conflicts = conflicts or {}
    for row in rows:
        plan_id = row.plan.pk
        if row.locked:
            continue
        if plan_id in conflicts:
            conflict = conflicts[plan_id]
            typed = []
            for cell in row.cells:
                submitted = conflict.submitted.get(cell.slot)
                if submitted is not None:
                    shown = " / ".join(selectors.format_part(value) or "—" for value in submitted)
                    typed.append(f"{cell.code or cell.label}: {shown}")
            row.note = _("%(who)s vừa sửa lúc %(at)s. Điểm bạn đã nhập: %(typed)s") % {
                "who": conflict.changed_by,
                "at": _local(conflict.changed_at),
                "typed": "; ".join(typed),
            }
            continue
        if plan_id not in keep_ids or plan_id not in posted:
            continue
        submitted = posted[plan_id]
        row.version = submitted["version"]
        row.dirty = True
        for cell in row.cells:
            if cell.slot in submitted["values"]:
                cell.values = submitted["values"][cell.slot]
            cell.errors = tuple(errors.get((plan_id, cell.slot, part), "") for part in cell.parts)
    return rows


def _local(moment):
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


@login_required
def score_grid(request):
    """Bảng nhập điểm: one row per teacher, every score of the group or school in one save."""
    user = request.user
    _require_scorer(user)
    year = _year(request)
    school_id, group, choices = _grid_filters(request, user, year)
    needs_school = user.is_admin_role and not school_id
    missing_only = (request.GET.get("thieu") or request.POST.get("thieu")) == "1"
    query = _query(year, school_id, group, missing_only)
    posted, keep_ids, errors, conflicts = [], set(), {}, {}
    if request.method == "POST" and not needs_school:
        posted = _posted_rows(request.POST, year.regime)
        try:
            summary = services.scores_save_grid(user=user, year=year, rows=posted)
        except services.OutOfScopeError:
            raise Http404 from None
        except services.ScoreInputError as error:
            show_error(request, error)
            keep_ids, errors = {row["plan_id"] for row in posted}, error.errors
        except services.ScoreConflictError as error:
            show_error(request, error)
            conflicts = error.conflicts
            keep_ids = set(error.changed_plan_ids) - set(conflicts)
        except services.AssessmentError as error:
            show_error(request, error)
        else:
            if summary.cells:
                messages.success(
                    request,
                    _("Đã lưu %(cells)s ô điểm của %(plans)s người.")
                    % {"cells": summary.cells, "plans": summary.plans},
                )
            else:
                messages.info(request, _("Không có điểm nào thay đổi."))
            return redirect(f"{reverse('assessment:score_grid')}?{query}")
    rows = (
        []
        if needs_school
        else selectors.grid_rows(
            user=user, year=year, school_id=school_id, subject_group=group, missing_only=missing_only
        )
    )
    _overlay(rows, posted, keep_ids, errors, conflicts)
    error_list = sorted(errors.values()) if errors else []
    all_locked = bool(rows) and all(row.locked for row in rows)
    confirmation = None
    if user.role in (Role.SCHOOL_MANAGER, Role.GROUP_HEAD) and user.unit_id:
        confirmation = selectors.confirmation_of(school=user.unit, year=year)
    regime = year.regime
    minutes_group = "" if needs_school else _minutes_group(user, group)
    return render(
        request,
        "assessment/score_grid.html",
        {
            "year": year,
            "regime": regime,
            "marks": regime.marks_out_of_ten,
            "columns": selectors.grid_columns(regime),
            "rows": rows,
            "module_range": range(selectors.module_columns(rows)),
            "choices": choices,
            "school_id": school_id,
            "group": group,
            "missing_only": missing_only,
            "query": query,
            "needs_school": needs_school,
            "errors": error_list[:MAX_ERRORS_SHOWN],
            "all_locked": all_locked,
            "any_editable": any(not row.locked for row in rows),
            "confirmation": confirmation,
            "is_office": user.role in (Role.DISTRICT_OFFICER, Role.DEPARTMENT_OFFICER),
            # The group's minutes (Biên bản xét kết quả) print what this grid shows of one group.
            "minutes_group": minutes_group,
            "minutes_query": _query(year, None, group),
        },
    )


def _minutes_group(user, group):
    """The subject group whose minutes the user may print from the grid: a group head's own group, the group a
    school manager chose in the grid's filter; "" for everyone else (an office's grid is of managers, no group)."""
    if not (user.unit_id and user.unit.is_school):
        return ""
    if user.role == Role.GROUP_HEAD and user.staff_id:
        return user.staff.subject_group
    if user.role == Role.SCHOOL_MANAGER:
        return group
    return ""


@login_required
@require_GET
def group_minutes(request, fmt):
    """Biên bản xét kết quả BDTX của tổ chuyên môn as PDF or Word, from the grid's rows (assessment.documents)."""
    user = request.user
    _require_scorer(user)
    if fmt not in FORMATS:
        raise Http404
    year = _year(request)
    _school_id, chosen, choices = _grid_filters(request, user, year)
    group = _minutes_group(user, chosen)
    if not group or (user.role == Role.SCHOOL_MANAGER and group not in choices["groups"]):
        raise Http404
    try:
        document = documents.group_minutes_document(user=user, year=year, school=user.unit, group=group)
        return document_response(document, fmt)
    except DocumentError as error:
        show_error(request, error)
        return redirect(f"{reverse('assessment:score_grid')}?{_query(year, None, chosen)}")


@login_required
@require_GET
def score_preview(request, plan_id):
    """JSON for the grid while typing: the server's result (and ĐTB under TT 26/2012) for the row's unsaved values."""
    plan = selectors.get_scorable_plan(user=request.user, pk=plan_id)
    regime = plan.year.regime
    raw = {}
    for key, value in request.GET.items():
        match = _PREVIEW_RE.match(key)
        if match:
            raw.setdefault(match[1], {})[match[2]] = value
    values = {slot: _in_order(regime, slot, parts) for slot, parts in raw.items()}
    return JsonResponse(services.plan_preview(plan=plan, raw_values=values))


@login_required
def score_template(request):
    """The Excel template pre-filled with the teachers of the grid (same filters) and their plan items."""
    user = request.user
    _require_scorer(user)
    year = _year(request)
    school_id, group, _choices = _grid_filters(request, user, year)
    if user.is_admin_role and not school_id:
        raise Http404
    plans = selectors.grid_plans(user=user, year=year, school_id=school_id, subject_group=group)
    content = importers.scores_template_build(year=year, rows=selectors.grid_rows(user=user, year=year, plans=plans))
    return xlsx_download(content, importers.TEMPLATE_FILENAME)


@login_required
def score_import(request):
    """Nhập điểm từ Excel: the whole file is checked first; a file with errors saves nothing."""
    user = request.user
    _require_scorer(user)
    year = _year(request)
    school_id, group, _choices = _grid_filters(request, user, year)
    query = _query(year, school_id, group)
    posted = request.method == "POST"
    form = ScoreImportForm(request.POST if posted else None, request.FILES if posted else None)

    def run(upload):
        result = importers.scores_import_parse(file=upload, user=user, year=year)
        if not result.ok:
            return result, None
        try:
            return result, importers.scores_import_apply(result=result, user=user, year=year)
        except services.OutOfScopeError:
            raise Http404 from None

    return imports.import_page(
        request,
        form,
        kind=job_handlers.KIND,
        limits=importers.LIMITS,
        params={"year": year.pk},
        done_url=f"{reverse('assessment:score_import')}?{query}",
        success_url=f"{reverse('assessment:score_grid')}?{query}",
        run=run,
        summary=lambda result, summary: job_handlers.import_summary(len(result.rows), summary),
        render_page=lambda result: render(
            request,
            "assessment/score_import.html",
            {
                "year": year,
                "form": form,
                "query": query,
                **error_page_context(form=form, result=result, shown=MAX_ERRORS_SHOWN),
                "max_megabytes": importers.MAX_FILE_BYTES // 1024 // 1024,
                "marks_note": importers.marks_note(year.regime),
            },
        ),
    )


@login_required
def plan_history(request, plan_id):
    """Lịch sử điểm của một người: every change with who, when, old and new values."""
    plan = selectors.get_viewable_plan(user=request.user, pk=plan_id)
    scores = selectors.plan_scores(plan=plan)
    return render(
        request,
        "assessment/plan_history.html",
        {
            "plan": plan,
            "scores": scores,
            "explanation": explain_scores(scores),
            "changes": selectors.plan_history(plan=plan),
        },
    )


@login_required
def my_result(request):
    """Kết quả BDTX của tôi: scores, ĐTB, class and why (``explain``: the rule with the person's own numbers), once
    the school has confirmed them."""
    if not request.user.staff_id:
        raise Http404
    year = _year(request)
    plan = selectors.own_plan(user=request.user, year=year)
    scores = selectors.plan_scores(plan=plan) if plan is not None and plan.status == "APPROVED" else None
    explanation = explain_scores(scores) if scores is not None and scores.locked else None
    return render(
        request,
        "assessment/my_result.html",
        {"year": year, "plan": plan, "scores": scores, "explanation": explanation},
    )


# ---------------------------------------------------------------------------------------------------------------
# Confirmation
# ---------------------------------------------------------------------------------------------------------------


@login_required
def confirmation(request):
    """Xác nhận kết quả: the school manager goes to their school; offices see their schools' status."""
    user = request.user
    year = _year(request)
    if user.role == Role.SCHOOL_MANAGER and user.unit_id:
        return _to_confirmation(user.unit_id, year)
    if not (user.is_admin_role or user.role in (Role.DISTRICT_OFFICER, Role.DEPARTMENT_OFFICER)):
        raise Http404
    return render(
        request,
        "assessment/confirmation_list.html",
        {"year": year, "schools": selectors.school_confirmations(user=user, year=year)},
    )


def _school_for(user, school_id):
    school = scoping.get_unit_for_user(user, school_id)
    if not school.is_school or user.role in (Role.TEACHER, Role.GROUP_HEAD):
        raise Http404
    return school


@login_required
def confirmation_detail(request, school_id):
    user = request.user
    school = _school_for(user, school_id)
    year = _year(request)
    confirmation = selectors.confirmation_of(school=school, year=year)
    evaluation = window_of(user=user, year=year, unit=school)
    return render(
        request,
        "assessment/confirmation_detail.html",
        {
            "evaluation": evaluation,
            "in_window": evaluation["window"].is_open,
            "year": year,
            "school": school,
            "confirmation": confirmation,
            "summary": selectors.confirmation_summary(school=school, year=year),
            "gaps": selectors.confirmation_gaps(school=school, year=year),
            "manager_gaps": selectors.confirmation_gaps(school=school, year=year, managers=True),
            "events": selectors.confirmation_events(confirmation=confirmation),
            # A year restructured since is kept as it was: nothing to confirm or reopen in it.
            "can_confirm": not year.is_read_only and selectors.can_confirm(user=user, school=school),
            "can_reopen": not year.is_read_only and selectors.can_reopen(user=user, school=school),
            "can_confirm_managers": not year.is_read_only and selectors.can_confirm_managers(user=user, school=school),
            "reopen_form": ReopenForm(),
            "managers_reopen_form": ReopenForm(prefix="cbql"),
        },
    )


@login_required
@require_POST
def results_confirm(request, school_id):
    school = _school_for(request.user, school_id)
    year = _year(request)
    try:
        services.results_confirm(school=school, year=year, user=request.user, reason=request.POST.get("reason", ""))
    except services.AssessmentError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            _(
                "Đã xác nhận kết quả của trường. Điểm của giáo viên từ nay chỉ xem được; kết quả cán bộ quản lý do "
                "%(superior)s chấm và xác nhận."
            )
            % {"superior": selectors.superior_name(school)},
        )
    return _to_confirmation(school.pk, year)


@login_required
@require_POST
def managers_confirm(request, school_id):
    """The unit that scores the school's managers (Phòng, or Sở) confirms their results."""
    school = _school_for(request.user, school_id)
    year = _year(request)
    try:
        confirmation = services.managers_confirm(
            school=school, year=year, user=request.user, reason=request.POST.get("reason", "")
        )
    except services.AssessmentError as error:
        show_error(request, error)
    else:
        counts = confirmation.events.last().counts
        messages.success(
            request,
            _("Đã xác nhận kết quả của %(n)s cán bộ quản lý. Điểm của họ từ nay chỉ xem được.")
            % {"n": counts["total"]},
        )
    return _to_confirmation(school.pk, year)


@login_required
@require_POST
def managers_reopen(request, school_id):
    return _reopen(
        request,
        school_id,
        reopen=services.managers_reopen,
        prefix="cbql",
        done=_("Đã mở lại kết quả cán bộ quản lý của trường để sửa điểm."),
    )


@login_required
@require_POST
def results_reopen(request, school_id):
    return _reopen(
        request,
        school_id,
        reopen=services.results_reopen,
        prefix=None,
        done=_("Đã mở lại kết quả của trường để sửa điểm."),
    )


def _reopen(request, school_id, *, reopen, prefix, done):
    """Reopen the school's teachers' or managers' results (``reopen``), with the reason typed in the form."""
    school = _school_for(request.user, school_id)
    year = _year(request)
    form = ReopenForm(request.POST, prefix=prefix)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi lý do mở lại kết quả."))
    else:
        try:
            reopen(school=school, year=year, user=request.user, reason=form.cleaned_data["reason"])
        except services.AssessmentError as error:
            show_error(request, error)
        else:
            messages.success(request, done)
    return _to_confirmation(school.pk, year)


def _to_confirmation(school_id, year):
    return redirect(f"{reverse('assessment:confirmation_detail', args=[school_id])}?year={year.pk}")
