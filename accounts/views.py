from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import documents
from core.errors import show_error
from core.ids import plain_id

from . import letterheads, scoping, selectors, services
from .filters import StaffFilterForm
from .forms import LetterheadForm, StaffForm, SupportContactForm
from .models import OrgUnit, Staff, SupportContact
from .permissions import Cap, can
from .views_restructure import restructure_links

PAGE_SIZE = 50


@login_required
def my_profile(request):
    if not request.user.staff_id:
        raise Http404
    return redirect("accounts:staff_detail", pk=request.user.staff_id)


@login_required
def staff_list(request):
    units = selectors.unit_filter_choices(user=request.user)
    unit = None
    if request.GET.get("unit"):
        unit = scoping.get_unit_for_user(request.user, request.GET["unit"])
        if unit not in units:
            units.append(unit)
    form = StaffFilterForm(request.GET or None, units=units)
    filters = form.cleaned_data if form.is_valid() else {}
    active = {"1": True, "0": False}.get(filters.get("active") or "")
    queryset = selectors.staff_search(
        user=request.user,
        query=filters.get("q", ""),
        unit=unit,
        level=filters.get("level", ""),
        position=filters.get("position", ""),
        active=active,
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "accounts/staff_list.html",
        {
            "form": form,
            "page": page,
            "unit": unit,
            "query_string": query_string.urlencode(),
            # The count says its base: without the status filter it includes people who have left.
            "active_count": queryset.filter(is_active=True).count() if active is None else None,
            "can_manage": scoping.can_manage_staff(request.user),
        },
    )


@login_required
def staff_detail(request, pk):
    staff = scoping.get_staff_for_user(request.user, pk)
    return render(
        request,
        "accounts/staff_detail.html",
        {
            "staff": staff,
            "history": services.staff_history(staff=staff),
            "sections": services.staff_sections(staff=staff, user=request.user),
            "can_manage": scoping.can_manage_staff(request.user),
        },
    )


def _staff_form_view(request, staff, template_title):
    form = StaffForm(request.POST or None, instance=staff, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.staff_save(staff=form.save(commit=False), changed_by=request.user)
        except services.AccountsError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Đã lưu hồ sơ %(name)s.") % {"name": saved.full_name})
            return redirect("accounts:staff_detail", pk=saved.pk)
    return render(request, "accounts/staff_form.html", {"form": form, "staff": staff, "title": template_title})


@login_required
def staff_create(request):
    if not scoping.can_manage_staff(request.user):
        raise PermissionDenied
    return _staff_form_view(request, Staff(), _("Thêm cán bộ, giáo viên"))


@login_required
def staff_edit(request, pk):
    staff = scoping.get_rw_staff_for_user(request.user, pk)
    return _staff_form_view(request, staff, _("Sửa hồ sơ cán bộ"))


@login_required
def unit_list(request):
    page = Paginator(selectors.unit_tree(user=request.user), 100).get_page(request.GET.get("page"))
    page.object_list = selectors.with_staff_counts(page.object_list, user=request.user)
    return render(request, "accounts/unit_list.html", {"page": page})


@login_required
def unit_detail(request, pk):
    unit = scoping.get_unit_for_user(request.user, pk)
    children = selectors.with_staff_counts(
        selectors.unit_tree(user=request.user).filter(parent=unit), user=request.user, root=unit
    )
    return render(
        request,
        "accounts/unit_detail.html",
        {"unit": unit, "children": children, "restructure_links": restructure_links(unit, request.user)},
    )


def _letterhead_unit(user):
    """The unit whose letterhead the user sets: their own, when they sign or submit for it."""
    if not letterheads.sets_letterhead(user):
        raise PermissionDenied
    return user.unit


@login_required
def letterhead_settings(request):
    """Thông tin in trên văn bản of the user's own unit, with a preview of the heading and a sample document."""
    unit = _letterhead_unit(request.user)
    derived = letterheads.derived(unit)
    form = LetterheadForm(request.POST or None, instance=letterheads.settings_of(unit), derived=derived)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        letterheads.letterhead_save(unit=unit, user=request.user, data=data)
        messages.success(request, _("Đã lưu thông tin in trên văn bản của đơn vị."))
        return redirect("accounts:letterhead_settings")
    today = timezone.localdate()
    return render(
        request,
        "accounts/letterhead_settings.html",
        {
            "unit": unit,
            "form": form,
            "head": letterheads.letterhead(unit, day=today, number="", kind_code="KH"),
            "signer": letterheads.signature(unit),
        },
    )


@login_required
def letterhead_sample(request, fmt):
    """A sample document with the unit's heading and signature block, to check them before printing real ones."""
    unit = _letterhead_unit(request.user)
    document = documents.Document(
        letterhead=letterheads.letterhead(unit, day=timezone.localdate(), number="", kind_code="KH"),
        kind=_("KẾ HOẠCH"),
        title=_("Văn bản mẫu để kiểm tra phần đầu và chữ ký"),
        blocks=[
            documents.Paragraph(
                _(
                    "Đây là văn bản mẫu: phần đầu, số và ký hiệu, địa danh và ngày tháng, nơi nhận và chữ ký in từ "
                    "thông tin của đơn vị. Mọi văn bản, biểu mẫu Excel của hệ thống đều dùng thông tin này."
                )
            )
        ],
        signature=letterheads.signature(unit),
        recipients=[_("Như trên")],
        filename="van-ban-mau",
    )
    return documents.document_response(document, fmt)


def _support_department(request):
    """(the Sở whose support contact is set, the Sở the admin may choose from). A Sở officer sets their own Sở's;
    the admin picks one (``?so=``); every other role is refused, and a Sở officer asking for another Sở gets a 404."""
    user = request.user
    if not can(user, Cap.SET_UP):
        raise PermissionDenied
    raw = request.GET.get("so") or request.POST.get("so")
    departments = scoping.visible_units(user).filter(kind=OrgUnit.Kind.DEPARTMENT, merged_into__isnull=True)
    if user.is_admin_role:
        departments = departments.order_by("name")
        if not raw:
            return None, departments
        return scoping.get_in_scope_or_404(departments, plain_id(raw)), departments
    unit = user.unit
    if unit is None or unit.kind != OrgUnit.Kind.DEPARTMENT or not can(user, Cap.SET_UP, unit):
        raise PermissionDenied
    if raw and plain_id(raw) != unit.pk:
        raise Http404
    return unit, None


@login_required
def support_contact(request):
    """Hỗ trợ người dùng: who the users of the province call or write to, shown to all of them on the help pages."""
    department, departments = _support_department(request)
    form = None
    if department is not None:
        contact = SupportContact.objects.filter(department=department).first() or SupportContact(department=department)
        form = SupportContactForm(request.POST or None, instance=contact)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("Đã lưu thông tin hỗ trợ người dùng của %(unit)s.") % {"unit": department})
            query = f"?so={department.pk}" if departments is not None else ""
            return redirect(f"{request.path}{query}")
    return render(
        request,
        "accounts/support_contact.html",
        {"department": department, "departments": departments, "form": form},
    )
