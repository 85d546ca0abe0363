"""Accounts waiting for their first login and their credentials sheet; a manager's password reset. Thin views over
people.onboarding; the passwords are in the response only (never stored in clear, never shown again)."""

import io
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts import scoping
from accounts.models import OFFICE_ROLES
from core.errors import show_error
from core.excel_export import xlsx_download
from core.excel_text import put_cell
from core.http import query_without_page

from . import onboarding

PAGE_SIZE = 200
ALREADY_DONE = gettext_lazy(
    "Biểu mẫu này đã được gửi (có thể do tải lại trang): mật khẩu không được cấp thêm lần nữa. Nếu cần cấp lại, "
    "hãy bấm nút trên trang này."
)


def _once_token(request, key):
    """A token for one confirmation form: the POST that carries it acts once; a refresh or a second click of the
    same form does not hand out passwords again unseen."""
    token = secrets.token_urlsafe(16)
    request.session[f"once:{key}"] = token
    return token


def _spend_token(request, key):
    """Whether the POSTed token is the form's live one (and spend it)."""
    expected = request.session.pop(f"once:{key}", None)
    return expected is not None and secrets.compare_digest(expected, request.POST.get("once", ""))


def _unit_for(request):
    user = request.user
    if not onboarding.can_hand_out(user):
        raise PermissionDenied
    chosen = request.POST.get("unit") or request.GET.get("unit")
    if chosen:
        return scoping.get_unit_for_user(user, chosen)
    if user.unit_id is None:  # an admin without a unit: the top of the tree (another unit through ?unit=)
        return scoping.visible_units(user).filter(parent__isnull=True).order_by("path").first()
    return user.unit


@login_required
@never_cache
def credentials(request):
    """Tài khoản chờ đăng nhập lần đầu: the list, and on confirmation the sheet with new one-time passwords."""
    unit = _unit_for(request)
    key = f"credentials:{unit.pk}"
    if request.method == "POST":
        if not _spend_token(request, key):
            messages.warning(request, ALREADY_DONE)
        else:
            try:
                pairs = onboarding.credentials_issue(user=request.user, unit=unit)
            except onboarding.OnboardingError as error:
                show_error(request, error)
            else:
                return xlsx_download(_credentials_sheet(pairs, unit), f"mat-khau-lan-dau-{unit.code}.xlsx")
    accounts = onboarding.waiting_accounts(user=request.user, unit=unit)
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "page": page,
        "query_string": query_without_page(request),
        "once": _once_token(request, key),
    }
    return render(request, "people/credentials.html", context)


def _credentials_sheet(pairs, unit):
    book = Workbook()
    sheet = book.active
    sheet.title = _("Tài khoản")
    put_cell(sheet, 1, 1, _("DANH SÁCH TÀI KHOẢN VÀ MẬT KHẨU LẦN ĐẦU")).font = Font(bold=True, size=13)
    put_cell(sheet, 2, 1, unit.name)
    put_cell(
        sheet,
        3,
        1,
        _(
            "In lúc %(at)s. Mật khẩu chỉ dùng cho lần đăng nhập đầu tiên, khi đó phải đặt mật khẩu mới; "
            "in lại danh sách sẽ thay mật khẩu của lần in này."
        )
        % {"at": timezone.localtime().strftime("%H:%M %d/%m/%Y")},
    )
    headers = [_("STT"), _("Họ và tên"), _("Đơn vị"), _("Tên đăng nhập"), _("Mật khẩu lần đầu")]
    for column, text in enumerate(headers, start=1):
        put_cell(sheet, 5, column, text).font = Font(bold=True)
    for index, (account, password) in enumerate(pairs, start=1):
        row = 5 + index
        name = account.staff.full_name if account.staff_id else account.get_full_name()
        for column, value in enumerate(
            [index, name, account.unit.name if account.unit_id else "", account.username, password], start=1
        ):
            put_cell(sheet, row, column, value)
    for letter, width in zip("ABCDE", (6, 30, 36, 22, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@login_required
@never_cache
def password_reset_for(request, pk):
    """Cấp lại mật khẩu for one account in the manager's scope (404 outside): confirm, then the password once."""
    account = scoping.get_in_scope_or_404(
        onboarding.manageable_accounts(request.user).select_related("staff", "unit"), pk
    )
    password, key = None, f"reset:{account.pk}"
    if request.method == "POST":
        if _spend_token(request, key):
            password = onboarding.password_reset_by_manager(user=request.user, account=account)
        else:
            messages.warning(request, ALREADY_DONE)
    once = None if password else _once_token(request, key)
    return render(request, "people/password_reset_for.html", {"account": account, "password": password, "once": once})


@login_required
@never_cache
def office_account_create(request):
    """Thêm cán bộ của đơn vị: an officer names another officer of the unit; the one-time password is shown once."""
    user = request.user
    if user.role not in OFFICE_ROLES or user.unit_id is None:
        raise PermissionDenied
    created = password = None
    values = {key: request.POST.get(key, "") for key in ("full_name", "username", "email")}
    if request.method == "POST":
        try:
            created, password = onboarding.office_account_create(user=user, **values)
        except onboarding.OnboardingError as error:
            show_error(request, error)
    return render(
        request,
        "people/office_account_form.html",
        {"unit": user.unit, "values": values, "created": created, "password": password},
    )
