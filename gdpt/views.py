"""Pages of the GDPT 2018 module reviews: campaigns, counts for the offices, each school's review and the LMS import.

Views parse, call one selector or service and render; scope comes from ``selectors`` (built on accounts.scoping):
a campaign of another Sở or a school outside the user's subtree is a 404, a page the role may see but not change a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scoping
from accounts.models import OFFICE_KINDS, Role
from core.errors import show_error
from core.excel_export import xlsx_download
from core.excel_import import error_page_context, imported_message
from jobs import imports, jobs

from . import importers, job_handlers, selectors, services
from .forms import CampaignForm, EntryForm, LmsImportForm
from .job_handlers import EXPORT_KINDS, export_title
from .models import ImportBatch, ReviewStatus, SchoolReview

MAX_ERRORS_SHOWN = 200


def _campaign_context(campaign):
    locked = services.campaign_is_locked(campaign=campaign)
    return {
        "campaign": campaign,
        "locked": locked,
        "locked_message": services.campaign_locked_message(campaign) if locked else "",
        "locked_from": services.campaign_locked_from(campaign),
    }


# ---------------------------------------------------------------------------------------------------------------
# Campaigns
# ---------------------------------------------------------------------------------------------------------------


@login_required
def campaign_list(request):
    """Rà soát mô đun GDPT: the Sở's campaigns; a school manager sees where their school stands in each."""
    user = request.user
    selectors.require_review_access(user)
    campaigns = list(selectors.campaigns_visible_to(user=user))
    school = user.unit if user.role == Role.SCHOOL_MANAGER and user.unit_id else None
    reviews = {}
    if school is not None:
        reviews = {
            review.campaign_id: review
            for review in SchoolReview.objects.filter(school=school, campaign__in=[c.pk for c in campaigns])
        }
    today = services.today()
    rows = [
        {
            "campaign": campaign,
            "locked": campaign.closing_date < today,
            "review": reviews.get(campaign.pk),
        }
        for campaign in campaigns
    ]
    return render(
        request,
        "gdpt/campaign_list.html",
        {
            "rows": rows,
            "school": school,
            "can_create": selectors.departments_for(user).exists(),
            "can_import": selectors.can_import_lms(user),
        },
    )


@login_required
def campaign_create(request):
    user = request.user
    if not selectors.departments_for(user).exists():
        raise PermissionDenied
    module = selectors.gdpt_modules().first()
    initial = {
        "title": _("Rà soát kết quả bồi dưỡng %(module)s") % {"module": module.code if module else "MĐ1"},
        "module": module,
    }
    form = CampaignForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_create(
                user=user,
                department=data["department"],
                module=data["module"],
                title=data["title"],
                closing_date=data["closing_date"],
                note=data["note"],
            )
        except services.GdptError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã mở đợt rà soát “%(title)s”.") % {"title": campaign.title})
            return redirect("gdpt:campaign_detail", pk=campaign.pk)
    return render(request, "gdpt/campaign_form.html", {"form": form, "campaign": None})


@login_required
def campaign_edit(request, pk):
    user = request.user
    campaign = selectors.get_rw_campaign_for_user(user=user, pk=pk)
    initial = {"title": campaign.title, "closing_date": campaign.closing_date, "note": campaign.note}
    form = CampaignForm(request.POST or None, user=user, campaign=campaign, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.campaign_update(
                user=user, campaign=campaign, title=data["title"], closing_date=data["closing_date"], note=data["note"]
            )
        except services.GdptError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu đợt rà soát."))
            return redirect("gdpt:campaign_detail", pk=campaign.pk)
    return render(request, "gdpt/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
def campaign_detail(request, pk):
    """Tổng hợp: not-completed people per level × role (as in the Sở's letters), reasons, and each school."""
    user = request.user
    selectors.require_review_access(user)
    campaign = selectors.get_campaign_for_user(user=user, pk=pk)
    if user.role == Role.SCHOOL_MANAGER:
        return redirect("gdpt:review_detail", pk=campaign.pk, school_id=user.unit_id)
    root = None
    if request.GET.get("unit"):
        root = scoping.get_unit_for_user(user, request.GET["unit"])
    counts = selectors.campaign_counts(user=user, campaign=campaign, root=root)
    offices = scoping.visible_units(user).filter(scoping.subtree_q(campaign.department), kind__in=OFFICE_KINDS)
    return render(
        request,
        "gdpt/campaign_detail.html",
        {
            **_campaign_context(campaign),
            "counts": counts,
            "root": root,
            "offices": offices,
            "can_manage": selectors.can_manage_campaign(user, campaign),
            "export_kinds": EXPORT_KINDS,
        },
    )


# ---------------------------------------------------------------------------------------------------------------
# A school's review
# ---------------------------------------------------------------------------------------------------------------


def _review_objects(request, pk, school_id):
    user = request.user
    selectors.require_review_access(user)
    campaign = selectors.get_campaign_for_user(user=user, pk=pk)
    school = selectors.get_review_school_for_user(user=user, campaign=campaign, pk=school_id)
    return campaign, school, selectors.get_review(campaign=campaign, school=school)


@login_required
def review_detail(request, pk, school_id):
    """Danh sách rà soát của một trường: each person's LMS status, the reasons and corrections the school gave."""
    user = request.user
    campaign, school, review = _review_objects(request, pk, school_id)
    rows = selectors.review_rows(user=user, campaign=campaign, school=school, review=review)
    context = _campaign_context(campaign)
    submitted = review is not None and review.status == ReviewStatus.SUBMITTED
    can_edit = selectors.can_edit_review(user, school)
    return render(
        request,
        "gdpt/review_detail.html",
        {
            **context,
            "school": school,
            "review": review,
            "rows": rows,
            "summary": selectors.review_summary(rows),
            "submitted": submitted,
            "can_edit": can_edit and not context["locked"] and not submitted,
            "can_submit": can_edit and not context["locked"] and not submitted,
            "can_reopen": submitted and not context["locked"] and selectors.can_reopen_review(user, school),
            "superior": school.parent,
            "is_school": can_edit,
            "export_kinds": EXPORT_KINDS,
        },
    )


@login_required
def review_entry(request, pk, school_id, staff_id):
    """Một người: lý do chưa hoàn thành (Phụ lục 5) và thông tin cần điều chỉnh (Phụ lục 4)."""
    user = request.user
    campaign, school, review = _review_objects(request, pk, school_id)
    row = selectors.review_row(user=user, campaign=campaign, school=school, staff_pk=staff_id, review=review)
    context = _campaign_context(campaign)
    submitted = review is not None and review.status == ReviewStatus.SUBMITTED
    can_edit = selectors.can_edit_review(user, school)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    read_only = not can_edit or context["locked"] or submitted
    entry = row.entry
    initial = {}
    if entry is not None:
        initial = {
            "reason": entry.reason,
            "reason_note": entry.reason_note,
            "corrected_full_name": entry.corrected_full_name,
            "corrected_birth_date": entry.corrected_birth_date,
            "corrected_birth_place": entry.corrected_birth_place,
        }
    posted = request.method == "POST"
    # A posted form is never disabled (disabled fields would drop what was typed); the service decides.
    form = EntryForm(
        request.POST if posted else None, initial=initial, can_flag=not row.is_done, read_only=read_only and not posted
    )
    status = 200
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_entry_save(
                user=user,
                campaign=campaign,
                school=school,
                staff=row.staff,
                reason=data.get("reason", ""),
                reason_note=data.get("reason_note", ""),
                corrected_full_name=data["corrected_full_name"],
                corrected_birth_date=data["corrected_birth_date"],
                corrected_birth_place=data["corrected_birth_place"],
            )
        except services.GdptError as error:
            show_error(request, error)
            status = 409 if isinstance(error, services.CampaignLockedError) else 400
            if read_only:
                # Nothing can be saved any more: show what was typed, read-only.
                form = EntryForm(initial=data, can_flag=not row.is_done, read_only=True)
        else:
            messages.success(request, _("Đã lưu thông tin của %(name)s.") % {"name": row.staff.full_name})
            return redirect(reverse("gdpt:review_detail", args=[campaign.pk, school.pk]) + f"#staff-{row.staff.pk}")
    elif posted and context["locked"]:
        messages.error(request, context["locked_message"])
        status = 409
    return render(
        request,
        "gdpt/review_entry.html",
        {
            **context,
            "school": school,
            "review": review,
            "row": row,
            "form": form,
            "read_only": read_only,
            "submitted": submitted,
        },
        status=status,
    )


@login_required
@require_POST
def review_submit(request, pk, school_id):
    user = request.user
    campaign, school, _review = _review_objects(request, pk, school_id)
    if not selectors.can_edit_review(user, school):
        raise PermissionDenied
    try:
        review = services.review_submit(user=user, campaign=campaign, school=school)
    except services.GdptError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            _("Đã gửi kết quả rà soát lên %(unit)s.")
            % {"unit": review.submitted_to.name if review.submitted_to_id else _("cấp trên")},
        )
    return redirect("gdpt:review_detail", pk=campaign.pk, school_id=school.pk)


@login_required
@require_POST
def review_reopen(request, pk, school_id):
    user = request.user
    campaign, school, _review = _review_objects(request, pk, school_id)
    if not selectors.can_reopen_review(user, school):
        raise PermissionDenied
    try:
        services.review_reopen(user=user, campaign=campaign, school=school, comment=request.POST.get("comment", ""))
    except services.GdptError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Đã mở lại kết quả rà soát của %(school)s để sửa.") % {"school": school.name})
    return redirect("gdpt:review_detail", pk=campaign.pk, school_id=school.pk)


# ---------------------------------------------------------------------------------------------------------------
# Exports (Phụ lục 4, Phụ lục 5) as jobs
# ---------------------------------------------------------------------------------------------------------------


@login_required
@require_POST
def campaign_export(request, pk, kind):
    user = request.user
    selectors.require_review_access(user)
    campaign = selectors.get_campaign_for_user(user=user, pk=pk)
    if kind not in EXPORT_KINDS:
        raise PermissionDenied
    unit = None
    if request.POST.get("unit"):
        unit = scoping.get_unit_for_user(user, request.POST["unit"])
    params = {"campaign": campaign.pk, "unit": unit.pk if unit else None}
    try:
        job = jobs.job_create(
            user=user,
            kind=kind,
            params=params,
            scope_unit=unit or user.unit,
            title=export_title(kind=kind, campaign=campaign, unit=unit),
        )
    except jobs.JobError as error:
        show_error(request, error)
        return redirect("gdpt:campaign_detail", pk=campaign.pk)
    return redirect("jobs:job_detail", pk=job.pk)


# ---------------------------------------------------------------------------------------------------------------
# LMS import
# ---------------------------------------------------------------------------------------------------------------


@login_required
def lms_import(request):
    """Nhập kết quả từ LMS: the whole file is checked first; a file with errors saves nothing."""
    user = request.user
    if not selectors.can_import_lms(user):
        raise PermissionDenied
    posted = request.method == "POST"
    form = LmsImportForm(request.POST if posted else None, request.FILES if posted else None)

    def run(upload):
        result = importers.lms_import_parse(file=upload, user=user)
        return result, importers.lms_import_apply(result=result, user=user, filename=upload.name) if result.ok else None

    batches = ImportBatch.objects.select_related("uploaded_by")
    if not user.is_admin_role:
        batches = batches.filter(department_id=user.unit_id)
    return imports.import_page(
        request,
        form,
        kind=job_handlers.LMS_IMPORT,
        limits=importers.LIMITS,
        done_url=reverse("gdpt:lms_import"),
        run=run,
        summary=lambda result, summary: imported_message(summary, rows=len(result.rows)),
        render_page=lambda result: render(
            request,
            "gdpt/lms_import.html",
            {
                "form": form,
                **error_page_context(form=form, result=result, shown=MAX_ERRORS_SHOWN),
                "max_megabytes": importers.MAX_FILE_BYTES // 1024 // 1024,
                "batches": batches[:10],
            },
        ),
    )


@login_required
def lms_template(request):
    if not selectors.can_import_lms(request.user):
        raise PermissionDenied
    return xlsx_download(importers.lms_template_build(), importers.TEMPLATE_FILENAME)
