"""Accounts for the people of the staff records: made with the records, handed out on a printed sheet, reset by
the person's manager. Tài khoản, mật khẩu lần đầu, cấp lại mật khẩu.

- Every active staff member gets one account (``accounts_for_staff``), from the staff import and the staff form:
  its username is the staff code, lower case, letters, digits, ".", "-" and "_" only (``username_for``; a
  taken name gets "-2", "-3" …); its role follows the position (Hiệu trưởng, Phó hiệu trưởng, Giám đốc … →
  lãnh đạo trường; Tổ trưởng → tổ trưởng; everyone else → giáo viên); it has no usable password yet.
- The principal (for the school) and the offices (for the school managers and officers below them) print the
  sheet of the accounts still waiting for their first login (``credentials_issue``): each gets a new random
  one-time password at that moment, written on the sheet and nowhere else (only its hash is stored), so printing
  again replaces the earlier sheet's passwords.
- A manager resets a person's password in their scope (``password_reset_by_manager``): a one-time password
  shown once.
Both set ``must_change_password``: the next login leads to "Đổi mật khẩu". Each step is in the audit log.
"""

import re
import secrets

from django.contrib.auth.hashers import is_password_usable, make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts import scoping
from accounts.models import OFFICE_ROLES, Role, Staff, User, role_for_position
from audit import services as audit
from core.errors import DomainError
from core.vietnamese import fold

# No 0/O, 1/l/I: the password is read off paper and typed on a phone.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
ONE_TIME_LENGTH = 10
ONE_TIME_HASHER = "pbkdf2_onetime"


class OnboardingError(DomainError):
    pass


def username_for(code, taken):
    """The username of a staff code: folded, lower case, only [a-z0-9._-]; "-2", "-3" … when ``taken`` has it."""
    base = re.sub(r"[^a-z0-9._-]+", "-", fold(code).lower()).strip("-._") or "cb"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name


def one_time_password():
    return "".join(secrets.choice(ALPHABET) for _ in range(ONE_TIME_LENGTH))


def staff_account(member, username, *, password):
    """The (unsaved) account of a staff record: its role from the position, at its school, with ``password`` (a
    hash); without a usable one, it waits for the credentials sheet."""
    return User(
        username=username,
        role=role_for_position(member.position),
        unit_id=member.unit_id,
        staff_id=member.pk,
        email=member.email,
        password=password,
        must_change_password=not is_password_usable(password),
    )


def accounts_for_staff(*, staff_ids, by):
    """Make the missing accounts of these staff records (active ones only), in bulk; returns how many."""
    staff = list(
        Staff.objects.filter(pk__in=staff_ids, is_active=True, user__isnull=True).only(
            "id", "code", "unit_id", "position", "email"
        )
    )
    if not staff:
        return 0
    wanted = {username_for(member.code, ()) for member in staff}
    taken = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    for base in wanted & taken:  # rare: then the suffixes already given matter too
        taken |= set(User.objects.filter(username__startswith=f"{base}-").values_list("username", flat=True))
    users = []
    for member in staff:
        username = username_for(member.code, taken)
        taken.add(username)
        users.append(staff_account(member, username, password=make_password(None)))
    created = User.objects.bulk_create(users, batch_size=1000)
    audit.record_bulk(
        audit.entry("accounts.account.created", actor=by, obj=user, unit=user.unit_id, person=user.staff_id)
        for user in User.objects.filter(staff_id__in=[member.pk for member in staff]).only("id", "unit_id", "staff_id")
    )
    return len(created)


def account_for_new_staff(*, staff, by):
    """The staff form's new record gets its account at once (``accounts.services.staff_save``'s hook)."""
    accounts_for_staff(staff_ids=[staff.pk], by=by)


# --- who manages whose account ------------------------------------------------------------------------------


def manageable_accounts(user):
    """The accounts ``user`` hands out and resets: a principal's school's staff (not their own), an office's
    school managers and officers in its subtree (not their own), every account for an admin."""
    accounts = User.objects.filter(is_active=True).exclude(pk=user.pk)
    if user.is_admin_role:
        return accounts
    if user.role == Role.SCHOOL_MANAGER and user.unit_id:
        return accounts.filter(unit_id=user.unit_id, role__in=[Role.TEACHER, Role.GROUP_HEAD, Role.SCHOOL_MANAGER])
    if user.role in OFFICE_ROLES and user.unit_id:
        below = scoping.subtree_q(user.unit, via="unit")
        return accounts.filter(below).filter(Q(role=Role.SCHOOL_MANAGER) | Q(role__in=OFFICE_ROLES))
    return accounts.none()


def can_hand_out(user):
    return user.is_authenticated and (
        user.is_admin_role or user.role == Role.SCHOOL_MANAGER or user.role in OFFICE_ROLES
    )


def waiting_accounts(*, user, unit):
    """The accounts below ``unit`` (in the user's scope) whose owner has not set a password of their own yet (never
    logged in, or logged in with a one-time password and not past "Đổi mật khẩu"), by unit then name."""
    return (
        manageable_accounts(user)
        .filter(scoping.subtree_q(unit, via="unit"), must_change_password=True)
        .select_related("staff", "unit")
        .order_by("unit__path", "staff__sort_key", "username")
    )


def _hand_out(users, *, by, action):
    """Give each user a new one-time password (hashed with the fast hasher), returning [(user, password)]."""
    pairs = [(user, one_time_password()) for user in users]
    for user, password in pairs:
        user.password = make_password(password, hasher=ONE_TIME_HASHER)
        user.must_change_password = True
    User.objects.bulk_update([user for user, _password in pairs], ["password", "must_change_password"], batch_size=500)
    audit.record_bulk(
        audit.entry(action, actor=by, obj=user, unit=user.unit_id, person=user.staff_id) for user, _password in pairs
    )
    return pairs


def credentials_issue(*, user, unit):
    """The credentials sheet's rows for ``unit``: each waiting account gets a new one-time password now."""
    if not can_hand_out(user):
        raise OnboardingError(_("Tài khoản của bạn không cấp được mật khẩu cho người khác."))
    with transaction.atomic():
        accounts = list(waiting_accounts(user=user, unit=unit).select_for_update(of=("self",)))
        if not accounts:
            raise OnboardingError(_("Không có tài khoản nào đang chờ đăng nhập lần đầu."))
        return _hand_out(accounts, by=user, action="accounts.account.credentials_issued")


def password_reset_by_manager(*, user, account):
    """Cấp lại mật khẩu: a one-time password for one account in the user's scope, to be shown once."""
    if not manageable_accounts(user).filter(pk=account.pk).exists():
        raise OnboardingError(_("Bạn không cấp lại được mật khẩu của tài khoản này."))
    with transaction.atomic():
        ((_account, password),) = _hand_out([account], by=user, action="accounts.account.password_reset")
    return password


def office_account_create(*, user, full_name, username, email=""):
    """An officer names another officer of their own unit (same role, same unit): the account and its one-time
    password, shown once. Returns (account, password)."""
    if user.role not in OFFICE_ROLES or user.unit_id is None:
        raise OnboardingError(_("Chỉ cán bộ của Sở, UBND xã hoặc Phòng mới thêm được tài khoản cho đơn vị mình."))
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise OnboardingError(_("Hãy nhập họ và tên."))
    username = (username or "").strip().lower() or username_for(full_name, set())
    if not re.fullmatch(r"[a-z0-9._-]{3,150}", username):
        raise OnboardingError(_("Tên đăng nhập gồm 3 ký tự trở lên: chữ không dấu, số, dấu chấm, gạch ngang."))
    if User.objects.filter(username=username).exists():
        raise OnboardingError(_("Tên đăng nhập “%(name)s” đã có người dùng.") % {"name": username})
    email = (email or "").strip().lower()
    try:
        validate_email(email) if email else None
    except ValidationError:
        raise OnboardingError(_("E-mail “%(value)s” không đúng dạng.") % {"value": email}) from None
    password = one_time_password()
    with transaction.atomic():
        account = User.objects.create(
            username=username,
            first_name=full_name,
            email=email,
            role=user.role,
            unit_id=user.unit_id,
            password=make_password(password, hasher=ONE_TIME_HASHER),
            must_change_password=True,
        )
        audit.record("accounts.account.created", actor=user, obj=account, unit=user.unit_id)
    return account, password
