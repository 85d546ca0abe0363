"""Nhật ký bồi dưỡng, minh chứng, xác nhận and buổi sinh hoạt chuyên môn. Thin views: parse, call, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from core.errors import show_error
from core.http import private_file_response
from core.ids import plain_ids
from plans.models import Plan, PlanStatus
from years.selectors import require_year

from . import selectors
from . import services as study
from .forms import EvidenceForm, StudyLogForm, TrainingSessionForm
from .models import LogStatus
from .uploads import download_name, format_size

AUTOSAVE_CLEAR = "autosave_clear"


def _year(request):
    return require_year(user=request.user, year_id=request.GET.get("year"))


def _autosave_done(request, key):
    """Tell the next page to drop the browser draft of a form that has just been saved."""
    request.session[AUTOSAVE_CLEAR] = key


def _log_form(request, data=None, files=None, **kwargs):
    return StudyLogForm(data, files, max_size_text=format_size(settings.UPLOAD_MAX_BYTES), **kwargs)


# --- the teacher's log ---------------------------------------------------------------------------------------


@login_required
def study_log(request):
    """Nhật ký bồi dưỡng: the items of one's approved plan with progress, and the entries with their status."""
    if not request.user.staff_id:
        raise Http404
    year = _year(request)
    plan = selectors.own_plan(user=request.user, year=year)
    context = {"year": year, "plan": plan, "autosave_clear": request.session.pop(AUTOSAVE_CLEAR, "")}
    if plan is not None:
        items = selectors.item_progress(plan=plan)
        context.update(
            items=items,
            logs=selectors.own_logs(plan=plan),
            can_log=plan.status == PlanStatus.APPROVED,
            total_logged=sum(item.logged for item in items),
            # What the result counts: each item's confirmed tiết up to its planned tiết.
            total_confirmed=sum(min(item.confirmed, item.hours) for item in items),
            total_planned=sum(item.hours for item in items),
        )
    return render(request, "study/home.html", context)


@login_required
def study_log_add(request, item_pk):
    item = selectors.get_own_item(user=request.user, pk=item_pk)
    key = f"study-log:{request.user.pk}:{item.pk}"
    form = _log_form(request, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            study.study_log_create(
                item=item,
                by=request.user,
                date=data["date"],
                hours=data["hours"],
                description=data["description"],
                files=data["files"],
                token=data["submit_token"],
            )
        except study.AlreadyRecorded as already:
            _autosave_done(request, key)
            messages.info(request, str(already))
            return redirect("study:study_log")
        except study.StudyError as error:
            form.add_error(None, str(error))
        else:
            _autosave_done(request, key)
            messages.success(request, _("Đã ghi nhật ký cho “%(title)s”.") % {"title": item.title})
            return redirect("study:study_log")
    logged, left = selectors.item_room(item=item)
    return render(
        request,
        "study/log_form.html",
        {
            "item": item,
            "plan": item.plan,
            "form": form,
            "autosave_key": key,
            "upload_max_bytes": settings.UPLOAD_MAX_BYTES,
            "upload_max_text": format_size(settings.UPLOAD_MAX_BYTES),
            "logged": study.hours_text(logged),
            "left": study.hours_text(left),
        },
    )


def _own_pending(request, log):
    """The owner's entry still open to changes: waiting for the group head, or returned to be fixed."""
    return log.item.plan.staff_id == request.user.staff_id and log.status in (LogStatus.PENDING, LogStatus.RETURNED)


@login_required
def study_log_detail(request, pk):
    """One entry: read-only for confirmers and once confirmed; its owner edits it and its evidence while pending or
    returned (saving a returned entry sends it again)."""
    log = selectors.get_log_for_user(user=request.user, pk=pk)
    editable = _own_pending(request, log) and not log.session_id
    key = f"study-log-edit:{request.user.pk}:{log.pk}"
    form = None
    if editable:
        initial = {"date": log.date, "hours": log.hours, "description": log.description}
        form = _log_form(request, request.POST or None, initial=initial, with_files=False)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                study.study_log_update(
                    log=log,
                    by=request.user,
                    date=data["date"],
                    hours=data["hours"],
                    description=data["description"],
                )
            except study.StudyError as error:
                form.add_error(None, str(error))
            else:
                _autosave_done(request, key)
                messages.success(request, _("Đã lưu nhật ký."))
                return redirect("study:study_log")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "study/log_detail.html",
        {
            "log": log,
            "form": form,
            "evidence_form": EvidenceForm() if _own_pending(request, log) else None,
            "upload_max_bytes": settings.UPLOAD_MAX_BYTES,
            "upload_max_text": format_size(settings.UPLOAD_MAX_BYTES),
            "autosave_key": key,
            "can_confirm": log.status == LogStatus.PENDING and study.can_confirm(request.user, log),
        },
    )


@login_required
@require_POST
def study_log_delete(request, pk):
    log = selectors.get_log_for_user(user=request.user, pk=pk)
    try:
        study.study_log_delete(log=log, by=request.user)
    except study.StudyError as error:
        show_error(request, error)
        return redirect("study:study_log_detail", pk=log.pk)
    messages.success(request, _("Đã xoá nhật ký."))
    return redirect("study:study_log")


def _from_uploader(request):
    """The page's uploader (static/js/evidence_upload.js) sends each file on its own and reads JSON back."""
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _attached_json(outcomes):
    return [
        {"name": outcome.name, "ok": True, "id": outcome.evidence.pk, "size": format_size(outcome.evidence.size)}
        if outcome.ok
        else {"name": outcome.name, "ok": False, "message": outcome.refusal}
        for outcome in outcomes
    ]


@login_required
@require_POST
def evidence_add(request, pk):
    """Add evidence files to one's own open log. Each file is kept or refused on its own (the refused ones are
    listed with their reason); the page's uploader gets JSON with one entry per file, a plain form a message each."""
    log = selectors.get_log_for_user(user=request.user, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise study.StudyError(" ".join(error for errors in form.errors.values() for error in errors))
        outcomes = study.evidence_attach(log=log, by=request.user, files=form.cleaned_data["files"])
    except study.StudyError as error:
        if _from_uploader(request):
            return JsonResponse({"message": str(error), "files": []}, status=400)
        show_error(request, error)
        return redirect("study:study_log_detail", pk=log.pk)
    added = sum(outcome.ok for outcome in outcomes)
    if _from_uploader(request):
        return JsonResponse({"added": added, "files": _attached_json(outcomes)}, status=200 if added else 400)
    if added:
        messages.success(request, _("Đã thêm %(n)s tệp minh chứng.") % {"n": added})
    for outcome in outcomes:
        if not outcome.ok:
            messages.error(request, outcome.refusal)
    return redirect("study:study_log_detail", pk=log.pk)


@login_required
def evidence_download(request, pk):
    """Send one evidence file as an attachment, only to users who may see its owner; 404 for everyone else."""
    evidence = selectors.get_evidence_for_user(user=request.user, pk=pk)
    return private_file_response(
        evidence.file,
        filename=download_name(evidence.original_name, evidence.content_type),
        content_type=evidence.content_type,
    )


@login_required
def evidence_preview(request, pk):
    """Show a photo or a PDF of the evidence in the browser (the list's thumbnails, its "Xem" links), to the same
    users as the download; a Word or Excel file is never shown inline (404: it is downloaded)."""
    evidence = selectors.get_evidence_for_user(user=request.user, pk=pk)
    if not evidence.previewable:
        raise Http404
    return private_file_response(
        evidence.file,
        filename=download_name(evidence.original_name, evidence.content_type),
        content_type=evidence.content_type,
        inline=True,
    )


@login_required
@require_POST
def evidence_delete(request, pk):
    evidence = selectors.get_evidence_for_user(user=request.user, pk=pk)
    try:
        study.evidence_delete(evidence=evidence, by=request.user)
    except study.StudyError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Đã xoá tệp minh chứng."))
    return redirect("study:study_log_detail", pk=evidence.log_id)


# --- confirmation --------------------------------------------------------------------------------------------


def _require_confirmer(user):
    if not (user.is_admin_role or user.role in (Role.GROUP_HEAD, Role.SCHOOL_MANAGER)):
        raise PermissionDenied


@login_required
def study_confirm(request):
    """Xác nhận nhật ký: pending entries of the group (TTCM) or school (HT/PHT), confirmed in a batch."""
    user = request.user
    _require_confirmer(user)
    year = _year(request)
    if request.method == "POST":
        ids = plain_ids(request.POST.getlist("log"))
        logs = list(selectors.logs_to_confirm(user=user, year=year).filter(pk__in=ids))
        if not logs:
            messages.warning(request, _("Chưa chọn nhật ký nào."))
            return redirect(request.get_full_path())
        try:
            if request.POST.get("action") == "return":
                done, skipped = study.study_log_return(logs=logs, by=user, reason=request.POST.get("reason", ""))
                message = _("Đã trả lại %(n)s nhật ký, kèm lý do cho người học.")
            else:
                done, skipped = study.study_log_confirm(logs=logs, by=user)
                message = _("Đã xác nhận %(n)s nhật ký.")
        except study.StudyError as error:
            messages.error(request, str(error))
            return redirect(request.get_full_path())
        if done:
            messages.success(request, message % {"n": len(done)})
        for log, reason in skipped:
            messages.error(request, f"{log.item.plan.staff.full_name}: {reason}")
        return redirect(request.get_full_path())
    group = request.GET.get("to", "") if user.role == Role.SCHOOL_MANAGER else ""
    school = user.unit if user.unit_id and user.unit.is_school else None
    return render(
        request,
        "study/confirm_list.html",
        {
            "year": year,
            "logs": selectors.logs_to_confirm(user=user, year=year, subject_group=group),
            "group": group,
            "groups": selectors.subject_groups(user=user, school=school)
            if school and user.role == Role.SCHOOL_MANAGER
            else [],
        },
    )


# --- training sessions ---------------------------------------------------------------------------------------


def _session_school(request):
    school = request.user.unit
    if school is None or not school.is_school or not study.can_record_sessions(request.user, school):
        raise PermissionDenied
    return school


@login_required
def session_list(request):
    school = _session_school(request)
    year = _year(request)
    sessions = selectors.sessions_visible_to(user=request.user, year=year).filter(school=school)
    return render(request, "study/session_list.html", {"year": year, "school": school, "sessions": sessions})


@login_required
def session_create(request):
    return _session_form(request, session=None)


@login_required
def session_edit(request, pk):
    session = selectors.get_session_for_user(user=request.user, pk=pk)
    return _session_form(request, session=session)


def _session_form(request, *, session):
    user = request.user
    school = _session_school(request)
    if session is not None and session.school_id != school.pk:
        raise Http404
    year = session.year if session is not None else _year(request)
    fixed_group = user.staff.subject_group if user.role == Role.GROUP_HEAD and user.staff_id else None
    default_group = session.subject_group if session is not None else ""
    group = fixed_group if fixed_group is not None else request.GET.get("to", default_group)
    current = list(session.attendees.values_list("pk", flat=True)) if session is not None else []
    staff = selectors.session_staff(user=user, school=school, subject_group=group, include=current)
    modules, topics = selectors.session_choices(school=school, year=year, include=session)
    initial = {"subject_group": group}
    if session is not None:
        initial.update(
            title=session.title,
            date=session.date,
            hours=session.hours,
            content=session.content,
            module=session.module_id,
            topic=session.topic_id,
            subject_group=session.subject_group,
            attendees=current,
        )
    form = TrainingSessionForm(
        request.POST or None,
        initial=initial,
        modules=modules,
        topics=topics,
        staff=staff,
        groups=selectors.subject_groups(user=user, school=school),
        fixed_group=fixed_group,
        year=year,
    )
    key = f"session:{user.pk}:{session.pk if session else 'new'}"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = study.training_session_record(
                school=school,
                year=year,
                by=user,
                title=data["title"],
                date=data["date"],
                hours=data["hours"],
                content=data["content"],
                topic=data["topic"],
                module=data["module"],
                subject_group=data["subject_group"],
                attendees=data["attendees"],
                session=session,
            )
        except study.StudyError as error:
            form.add_error(None, str(error))
        else:
            _autosave_done(request, key)
            (messages.warning if result.not_logged else messages.success)(request, result.message)
            return redirect("study:session_list")
    selected = {str(value) for value in (form["attendees"].value() or [])}
    statuses = dict(Plan.objects.filter(year=year, staff__in=staff).values_list("staff_id", "status"))
    rows = [
        {"member": member, "checked": str(member.pk) in selected, "plan_status": statuses.get(member.pk)}
        for member in staff
    ]
    return render(
        request,
        "study/session_form.html",
        {
            "form": form,
            "session": session,
            "school": school,
            "year": year,
            "rows": rows,
            "group": group,
            "groups": [] if fixed_group is not None else selectors.subject_groups(user=user, school=school),
            "autosave_key": key,
            "approved": PlanStatus.APPROVED,
        },
    )
