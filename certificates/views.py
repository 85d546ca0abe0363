"""Personal-data checks, issuing and printing certificates, the corrections list and the public verification page.

Thin views: parse, call a service or a selector, render. Objects come through the selectors, which start from
accounts.scoping: anything outside the user's scope is a 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from accounts import scoping
from accounts.models import Role
from accounts.permissions import Cap, can
from accounts.selectors import names_in_year
from assessment.rules import label
from assessment.selectors import is_locked
from core.documents import document_response
from core.errors import show_error
from jobs.jobs import JobError, job_create
from years.selectors import require_year
from years.services import window_of

from . import documents, job_handlers, rendering, selectors, services
from .forms import CorrectForm, CorrectionRequestForm, IssueForm, RejectForm
from .models import CertificateError, CheckStatus

NAMES_SHOWN = 10


def _year(request):
    return require_year(user=request.user, year_id=request.GET.get("year") or request.POST.get("year"))


def _with_year(url, year):
    return f"{url}?year={year.pk}"


def _school_for(user, school_id):
    """A school in the user's scope that they may work on here (school managers and offices), else 404."""
    if not can(user, Cap.REPORT):
        raise Http404
    school = scoping.get_unit_for_user(user, school_id)
    if not school.is_school:
        raise Http404
    return school


def _names(staff_list):
    names = ", ".join(member.full_name for member in staff_list[:NAMES_SHOWN])
    if len(staff_list) > NAMES_SHOWN:
        names += _(" và %(n)s người khác") % {"n": len(staff_list) - NAMES_SHOWN}
    return names


def _document_urls(name, year, *args):
    """{"pdf": url, "docx": url} of a document view, for the year shown (documents/_downloads.html)."""
    return {fmt: _with_year(reverse(name, args=[*args, fmt]), year) for fmt in ("pdf", "docx")}


def _pdf_response(filename, mimetype, content, *, inline=False):
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------------------------------------------------------
# The person: check the printed data, download own certificates
# ---------------------------------------------------------------------------------------------------------------


def _my_context(request, year, form=None):
    staff = request.user.staff
    mine = selectors.own_year(staff=staff, year=year)
    check = mine.check
    initial = {"full_name": staff.full_name, "birth_date": staff.birth_date, "birth_place": staff.birth_place}
    if check is not None and check.status == CheckStatus.CORRECTION_REQUESTED:
        initial = {
            "full_name": check.requested_full_name,
            "birth_date": check.requested_birth_date,
            "birth_place": check.requested_birth_place,
            "note": check.note,
        }
    result = mine.result
    return {
        "year": year,
        "staff": staff,
        "check": check,
        "agreed": mine.agreed,
        "data_to_confirm": mine.data_to_confirm,
        "missing": selectors.missing_personal_data(staff),
        "result": result,
        "result_unconfirmed": mine.result_unconfirmed,
        "school": mine.school,
        "sheet_urls": _document_urls("certificates:my_data_sheet", year),
        "result_label": label(result.classification, year.ruleset) if result else "",
        "certificates": selectors.own_certificates(user=request.user).select_related("revoked_by_certificate"),
        "events": selectors.check_events(check=check),
        "form": form or CorrectionRequestForm(initial=initial),
        "completed_classes": selectors.COMPLETED_CLASSES,
    }


@login_required
def my_certificates(request):
    """Giấy chứng nhận của tôi: the data that will be printed (confirm or ask for a correction) and my certificates."""
    if not request.user.staff_id:
        raise Http404
    year = _year(request)
    return render(request, "certificates/my.html", _my_context(request, year))


@login_required
@require_GET
def my_data_sheet(request, fmt):
    """Phiếu xác nhận thông tin in trên giấy chứng nhận of the user, as PDF or Word."""
    if not request.user.staff_id:
        raise Http404
    year = _year(request)
    return document_response(documents.personal_data_sheet(staff=request.user.staff, year=year), fmt)


@login_required
@require_POST
def my_data_confirm(request):
    if not request.user.staff_id:
        raise Http404
    year = _year(request)
    try:
        services.personal_data_confirm(staff=request.user.staff, year=year, user=request.user)
    except CertificateError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Đã xác nhận thông tin in trên giấy chứng nhận."))
    return redirect(_with_year(reverse("certificates:my_certificates"), year))


@login_required
@require_POST
def my_data_request(request):
    if not request.user.staff_id:
        raise Http404
    year = _year(request)
    form = CorrectionRequestForm(request.POST)
    if form.is_valid():
        try:
            services.personal_data_request_correction(
                staff=request.user.staff, year=year, user=request.user, **form.cleaned_data
            )
        except CertificateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã gửi đề nghị điều chỉnh. Lãnh đạo nhà trường sẽ xem và điều chỉnh hồ sơ."))
            return redirect(_with_year(reverse("certificates:my_certificates"), year))
    return render(request, "certificates/my.html", _my_context(request, year, form=form), status=400)


# ---------------------------------------------------------------------------------------------------------------
# Schools: the office's overview, a school's list, issuing, printing
# ---------------------------------------------------------------------------------------------------------------


@login_required
def school_list(request):
    user = request.user
    year = _year(request)
    if user.role == Role.SCHOOL_MANAGER and user.unit_id:
        return redirect(_with_year(reverse("certificates:school_detail", args=[user.unit_id]), year))
    if not can(user, Cap.MONITOR):
        raise Http404
    rows = selectors.school_overview(user=user, year=year)
    to_issue_only = request.GET.get("cho_cap") == "1"
    return render(
        request,
        "certificates/school_list.html",
        {
            "year": year,
            "rows": selectors.schools_to_issue(rows) if to_issue_only else rows,
            "to_issue_only": to_issue_only,
            "any_school": bool(rows),
        },
    )


@login_required
def school_detail(request, school_id):
    user = request.user
    school = _school_for(user, school_id)
    year = _year(request)
    rows = selectors.school_roster(school=school, year=year)
    issuer = selectors.issuer_of(school)
    evaluation = window_of(user=user, year=year, unit=school)
    can_issue = (
        issuer is not None
        and not year.is_read_only
        and evaluation["window"].is_open
        and selectors.can_issue(user=user, school=school)
    )
    issue_form = None
    if can_issue:
        issue_form = IssueForm(initial={"issue_date": timezone.localdate(), **services.issue_defaults(issuer)})
    pending = selectors.corrections_visible_to(
        user=user, year=year, unit=school, statuses=[CheckStatus.CORRECTION_REQUESTED]
    ).count()
    return render(
        request,
        "certificates/school_detail.html",
        {
            "year": year,
            "school": school,
            "issuer": issuer,
            "issuer_name": names_in_year(school, year)[0] if issuer else "",  # that year's (a Phòng dissolved since)
            "rows": rows,
            "counts": selectors.roster_counts(rows),
            "locked": is_locked(school=school, year=year),
            "can_issue": can_issue,
            "can_print": selectors.can_print(user=user, school=school),
            "can_answer": user.is_admin_role or (user.role == Role.SCHOOL_MANAGER and user.unit_id == school.pk),
            "issue_form": issue_form,
            "pending_corrections": pending,
            "evaluation": evaluation,
            "list_urls": _document_urls("certificates:school_data_list", year, school.pk),
        },
    )


@login_required
@require_GET
def school_data_list(request, school_id, fmt):
    """The school's list of the data its certificates will print, with a column to sign, as PDF or Word."""
    school = _school_for(request.user, school_id)
    year = _year(request)
    return document_response(documents.school_data_list(school=school, year=year), fmt)


@login_required
@require_GET
def school_data_sheet(request, school_id, staff_id, fmt):
    """One person's sheet, printed by the school for them to check and sign (then "Xác nhận thay")."""
    user = request.user
    school = _school_for(user, school_id)
    year = _year(request)
    staff = scoping.get_staff_for_user(user, staff_id)
    if not selectors.in_roster(school=school, year=year, staff=staff):
        raise Http404
    return document_response(documents.personal_data_sheet(staff=staff, year=year), fmt)


@login_required
@require_POST
def school_issue(request, school_id):
    user = request.user
    school = _school_for(user, school_id)
    year = _year(request)
    back = redirect(_with_year(reverse("certificates:school_detail", args=[school.pk]), year))
    form = IssueForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back
    try:
        options = {name: value for name, value in form.cleaned_data.items() if name != "checked"}
        summary = services.certificates_issue(school=school, year=year, user=user, **options)
    except CertificateError as error:
        show_error(request, error)
        return back
    if summary.issued:
        first, last = summary.issued[0].number, summary.issued[-1].number
        messages.success(
            request,
            ngettext(
                "Đã cấp %(n)s giấy chứng nhận (số %(first)s).",
                "Đã cấp %(n)s giấy chứng nhận (số %(first)s đến %(last)s).",
                len(summary.issued),
            )
            % {"n": len(summary.issued), "first": first, "last": last},
        )
    else:
        messages.info(request, _("Không có ai cần cấp thêm giấy chứng nhận."))
    if summary.not_agreed:
        messages.warning(
            request,
            _("%(n)s người chưa xác nhận thông tin cá nhân nên chưa được cấp: %(names)s.")
            % {"n": len(summary.not_agreed), "names": _names(summary.not_agreed)},
        )
    return back


@login_required
@require_POST
def school_pdf(request, school_id):
    """The whole school's valid certificates as one PDF, made by a background job."""
    user = request.user
    school = _school_for(user, school_id)
    year = _year(request)
    if not selectors.can_print(user=user, school=school):
        raise Http404
    if not selectors.school_certificates(user=user, school=school, year=year).exists():
        messages.error(request, _("Trường chưa có giấy chứng nhận nào để in."))
        return redirect(_with_year(reverse("certificates:school_detail", args=[school.pk]), year))
    try:
        job = job_create(
            user=user,
            kind=job_handlers.SCHOOL_PDF,
            params={"school": school.pk, "year": year.pk, "base_url": request.build_absolute_uri("/")},
            scope_unit=school,
            title=_("Giấy chứng nhận BDTX %(year)s · %(school)s") % {"year": year.name, "school": school.name},
        )
    except JobError as error:
        show_error(request, error)
        return redirect(_with_year(reverse("certificates:school_detail", args=[school.pk]), year))
    return redirect("jobs:job_detail", pk=job.pk)


@login_required
@require_POST
def school_confirm_for(request, school_id, staff_id):
    """The school manager records that a person checked their printed data on paper and found it right."""
    user = request.user
    school = _school_for(user, school_id)
    year = _year(request)
    staff = scoping.get_staff_for_user(user, staff_id)
    if staff.unit_id != school.pk:
        raise Http404
    try:
        services.personal_data_confirm(staff=staff, year=year, user=user)
    except CertificateError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Đã xác nhận thông tin của %(name)s.") % {"name": staff.full_name})
    return redirect(_with_year(reverse("certificates:school_detail", args=[school.pk]), year))


# ---------------------------------------------------------------------------------------------------------------
# One certificate
# ---------------------------------------------------------------------------------------------------------------


@login_required
def certificate_detail(request, pk):
    user = request.user
    certificate = selectors.get_certificate_for_user(user=user, pk=pk)
    can_correct = certificate.is_valid and selectors.can_issue(user=user, school=certificate.school)
    return render(
        request,
        "certificates/certificate_detail.html",
        {
            "certificate": certificate,
            "versions": selectors.certificate_versions(certificate=certificate),
            "can_correct": can_correct,
            "form": CorrectForm() if can_correct else None,
            "verify_path": reverse("certificates:verify", args=[certificate.token]),
        },
    )


@login_required
@require_GET
def certificate_pdf(request, pk):
    certificate = selectors.get_certificate_for_user(user=request.user, pk=pk)
    if not certificate.is_valid:
        # A revoked certificate is not printed again: its replacement is the one to use.
        messages.error(request, _("Giấy chứng nhận này đã bị thu hồi nên không in lại được; hãy dùng bản thay thế."))
        return redirect("certificates:certificate_detail", pk=certificate.pk)
    try:
        filename, mimetype, content = rendering.render(certificate, base_url=rendering.public_base_url(request=request))
    except CertificateError as error:
        show_error(request, error)
        return redirect("certificates:certificate_detail", pk=certificate.pk)
    return _pdf_response(filename, mimetype, content)


@login_required
@require_POST
def certificate_correct(request, pk):
    user = request.user
    certificate = selectors.get_certificate_for_user(user=user, pk=pk)
    form = CorrectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi lý do cấp lại (và ngày cấp dạng dd/mm/yyyy nếu có)."))
        return redirect("certificates:certificate_detail", pk=certificate.pk)
    try:
        new = services.certificate_correct(
            certificate=certificate,
            user=user,
            reason=form.cleaned_data["reason"],
            issue_date=form.cleaned_data["issue_date"],
        )
    except CertificateError as error:
        show_error(request, error)
        return redirect("certificates:certificate_detail", pk=certificate.pk)
    messages.success(
        request,
        _("Đã cấp lại giấy chứng nhận số %(new)s; số %(old)s đã bị thu hồi.")
        % {"new": new.number, "old": certificate.number},
    )
    return redirect("certificates:certificate_detail", pk=new.pk)


# ---------------------------------------------------------------------------------------------------------------
# Corrections of personal data
# ---------------------------------------------------------------------------------------------------------------


def _corrections_unit(request, user):
    unit_id = request.GET.get("unit") or request.POST.get("unit")
    if unit_id:
        return scoping.get_unit_for_user(user, unit_id)
    return None


@login_required
def corrections(request):
    """Danh sách đề nghị điều chỉnh thông tin cá nhân: the school's (managers decide) or the office's subtree."""
    user = request.user
    if not can(user, Cap.REPORT):
        raise Http404
    year = _year(request)
    unit = _corrections_unit(request, user)
    rows = list(selectors.corrections_visible_to(user=user, year=year, unit=unit))
    for check in rows:
        check.can_decide = check.status == CheckStatus.CORRECTION_REQUESTED and selectors.can_decide_corrections(
            user=user, staff=check.staff
        )
        check.is_own = selectors.decides_own_correction(user=user, staff=check.staff)
    return render(
        request,
        "certificates/corrections.html",
        {"year": year, "unit": unit, "rows": rows, "reject_form": RejectForm()},
    )


def _back_to_corrections(year, unit):
    url = _with_year(reverse("certificates:corrections"), year)
    return redirect(f"{url}&unit={unit.pk}" if unit is not None else url)


@login_required
@require_POST
def correction_apply(request, pk):
    check = selectors.get_check_for_user(user=request.user, pk=pk)
    # The list's unit is checked before deciding: a bad one ("²") once crashed after the decision was saved.
    unit = _corrections_unit(request, request.user)
    try:
        services.personal_data_apply(check=check, user=request.user)
    except CertificateError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            _("Đã điều chỉnh hồ sơ của %(name)s.") % {"name": check.requested_full_name or check.staff.full_name},
        )
    return _back_to_corrections(check.year, unit)


@login_required
@require_POST
def correction_reject(request, pk):
    check = selectors.get_check_for_user(user=request.user, pk=pk)
    unit = _corrections_unit(request, request.user)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.personal_data_reject(check=check, user=request.user, reason=reason)
    except CertificateError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Đã từ chối đề nghị của %(name)s.") % {"name": check.staff.full_name})
    return _back_to_corrections(check.year, unit)


@login_required
@require_POST
def corrections_export(request):
    user = request.user
    if not can(user, Cap.REPORT):
        raise Http404
    year = _year(request)
    unit = _corrections_unit(request, user) or user.unit
    try:
        job = job_create(
            user=user,
            kind=job_handlers.CORRECTIONS_EXPORT,
            params={"year": year.pk, "unit": unit.pk if unit else None},
            scope_unit=unit,
            title=_("Danh sách điều chỉnh thông tin cá nhân %(year)s") % {"year": year.name},
        )
    except JobError as error:
        show_error(request, error)
        return redirect(_with_year(reverse("certificates:corrections"), year))
    return redirect("jobs:job_detail", pk=job.pk)


# ---------------------------------------------------------------------------------------------------------------
# Public verification
# ---------------------------------------------------------------------------------------------------------------


# Public: tokens are 192-bit, but limit scraping per client address all the same.
@ratelimit(key="ip", rate=lambda _group, _request: settings.CERTIFICATE_VERIFY_RATE, block=True)
@require_GET
def verify(request, token):
    """Tra cứu giấy chứng nhận: no login; shows exactly the fields below and nothing else."""
    certificate = selectors.get_by_token(token=token)
    if certificate is None:
        raise Http404
    replacement = certificate.revoked_by_certificate
    shown = {
        "full_name": certificate.full_name,
        "year_name": certificate.year_name,
        "classification_label": certificate.classification_label,
        "result_title": certificate.result_title,
        "completed_hours": certificate.completed_hours,
        "issuer_name": certificate.issuer_name,
        "number": certificate.number,
        "is_valid": certificate.is_valid,
        "replaced_by": replacement.number if replacement is not None else "",
    }
    response = render(request, "certificates/verify.html", {"shown": shown})
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
