"""Notifications in the application and by e-mail, and reminders to units late with their report.

- ``notify(users=, kind=, title=, body=, url=)``: one ``Notification`` per user. When the server delivers mail,
  the user has an address and has not turned that kind off (``EmailPreference``), it is also e-mailed: by a Celery
  task after the transaction commits (a rolled-back action notifies nobody), retried on failure, and still pending
  for ``send_pending_emails`` when the broker could not take it. Failures stay visible (``email_outbox``).
- ``reminder_send(...)``: an office reminds the units reporting to it that are late with their report. At most
  one reminder per unit, kind of report and day (the ``Reminder`` unique constraint is the throttle).
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OFFICE_ROLES, Role
from accounts.permissions import Cap, can
from audit import services as audit
from core.mail import delivers_mail
from years.services import read_only_message

from .chain import ReportError, report_url, unit_contacts
from .chain_selectors import report_status_table
from .models import EmailPreference, EmailStatus, NoticeKind, Notification, Reminder

logger = logging.getLogger(__name__)

PAGE_SIZE = 30
# A pending e-mail older than this has lost its task (broker down at the commit): the periodic task sends it.
PENDING_GRACE = timedelta(minutes=10)
# E-mails per task: one SMTP connection each, and a retry resends at most this many.
EMAIL_BATCH = 200


def email_enabled():
    """Whether notifications also go out by e-mail."""
    return delivers_mail()


def _absolute(url):
    base = getattr(settings, "BDTX_SITE_URL", "").rstrip("/")
    return f"{base}{url}" if url and base else url


def muted_kinds(users):
    """{user id: set of kinds that user does not want by e-mail}. A province's digest reaches tens of thousands:
    then every saved preference is read (they are few) rather than one bound parameter per person."""
    ids = {user.pk for user in users}
    preferences = EmailPreference.objects.all()
    if len(ids) <= 500:
        preferences = preferences.filter(user_id__in=ids)
    return {
        user_id: set(muted)
        for user_id, muted in preferences.values_list("user_id", "muted")
        if user_id in ids and muted
    }


def notify(*, users, kind, title, body="", url=""):
    """Create a notification of ``kind`` for each active user (and its e-mail, see the module docstring)."""
    return notify_each([(user, title, body, url) for user in users], kind=kind)


def notify_each(notices, *, kind, digest_on=None):
    """One notification per (user, title, body, url), each its own, in one INSERT (inactive users skipped)."""
    notices = [
        (user, str(title)[:255], str(body), str(url)[:500]) for user, title, body, url in notices if user.is_active
    ]
    if not notices:
        return []
    mailing = email_enabled()
    muted = muted_kinds([user for user, *_rest in notices]) if mailing else {}
    now = timezone.now()
    rows = []
    for user, title, body, url in notices:
        by_email = mailing and bool(user.email) and kind not in muted.get(user.pk, ())
        rows.append(
            Notification(
                user=user,
                kind=kind,
                title=title,
                body=body,
                url=url,
                created_at=now,
                digest_on=digest_on,
                email_status=EmailStatus.PENDING if by_email else EmailStatus.NONE,
                email_to=user.email if by_email else "",
            )
        )
    created = Notification.objects.bulk_create(rows)
    pending = [notification.pk for notification in created if notification.email_status == EmailStatus.PENDING]
    for start in range(0, len(pending), EMAIL_BATCH):
        batch = pending[start : start + EMAIL_BATCH]
        transaction.on_commit(lambda batch=batch: emails_enqueue(batch))
    return created


def emails_enqueue(ids):
    """Hand the e-mails to the worker; when the broker is down they stay pending for ``send_pending_emails``."""
    from .tasks import send_notification_emails  # the task module imports this one

    try:
        send_notification_emails.delay(list(ids))
    except Exception:  # a broker or mail problem must not break the action that notified
        logger.exception("Could not queue %s notification e-mail(s); they stay pending", len(ids))


def _message(notification, connection):
    link = _absolute(notification.url)
    settings_link = _absolute(reverse("reports:email_settings"))
    body = "\n\n".join(
        part
        for part in (
            notification.body,
            _("Xem trên hệ thống: %(link)s") % {"link": link} if link else "",
            "—\n"
            + _("Thư tự động của hệ thống BDTX. Chọn loại thông báo nhận qua thư tại: %(link)s")
            % {"link": settings_link},
        )
        if part
    )
    subject = " ".join(notification.title.split())  # a header never carries a line break
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.email_to], connection=connection)


def emails_send(ids, *, final=True):
    """Send the still-pending e-mails among ``ids`` over one connection; each sent one is marked at once.

    On a failure the rest keep their status (pending, or failed when ``final``) with the error and the attempt
    counted, and the error is raised for the task to retry. Returns how many were sent.
    """
    notifications = list(Notification.objects.filter(pk__in=ids, email_status=EmailStatus.PENDING).order_by("pk"))
    sent = []
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
        for notification in notifications:
            _message(notification, connection).send()
            Notification.objects.filter(pk=notification.pk).update(
                email_status=EmailStatus.SENT,
                emailed_at=timezone.now(),
                email_attempts=F("email_attempts") + 1,
                email_error="",
            )
            sent.append(notification.pk)
    except Exception as error:
        left = [notification.pk for notification in notifications if notification.pk not in sent]
        Notification.objects.filter(pk__in=left).update(
            email_status=EmailStatus.FAILED if final else EmailStatus.PENDING,
            email_attempts=F("email_attempts") + 1,
            email_error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise
    finally:
        try:
            connection.close()
        except Exception:  # closing a broken connection may fail too; the outcome is already recorded
            logger.warning("Closing the SMTP connection failed", exc_info=True)
    return len(sent)


def emails_waiting(*, now=None):
    """E-mails an administrator should know of: failed, or pending longer than the task takes."""
    now = now or timezone.now()
    return Notification.objects.filter(
        Q(email_status=EmailStatus.FAILED) | Q(email_status=EmailStatus.PENDING, created_at__lt=now - PENDING_GRACE)
    ).select_related("user")


def emails_retry(*, ids=None, failed=True, now=None):
    """Put stale pending e-mails (and failed ones unless ``failed`` is False) back in the queue. Returns how many."""
    waiting = emails_waiting(now=now)
    if not failed:
        waiting = waiting.filter(email_status=EmailStatus.PENDING)
    if ids is not None:
        waiting = waiting.filter(pk__in=ids)
    ids = list(waiting.values_list("pk", flat=True))
    Notification.objects.filter(pk__in=ids).update(email_status=EmailStatus.PENDING)
    for start in range(0, len(ids), EMAIL_BATCH):
        emails_enqueue(ids[start : start + EMAIL_BATCH])
    return len(ids)


# Kinds about one's own plan, logs, marks and certificate: only a person with a staff record receives them.
PERSONAL_KINDS = {NoticeKind.PLAN_DECIDED, NoticeKind.LOGS, NoticeKind.MARKS, NoticeKind.CERTIFICATE}


def kinds_for(user):
    """The kinds of notice this user can receive (the settings page offers only these)."""
    approver = user.is_admin_role or user.role in (Role.SCHOOL_MANAGER, *OFFICE_ROLES)
    kinds = []
    for kind in NoticeKind:
        if kind in PERSONAL_KINDS and not user.staff_id:
            continue
        if kind in (NoticeKind.PLAN_WAITING, NoticeKind.REPORT) and not approver:
            continue
        if kind == NoticeKind.DEADLINE and user.role != Role.SCHOOL_MANAGER:
            continue
        kinds.append(kind)
    return kinds


def email_preferences(*, user):
    """[(kind, label, by e-mail?)] for the settings page."""
    muted = muted_kinds([user]).get(user.pk, set())
    return [(kind.value, kind.label, kind.value not in muted) for kind in kinds_for(user)]


def email_preferences_save(*, user, wanted):
    """Keep the offered kinds in ``wanted`` by e-mail and turn the other offered ones off."""
    offered = {kind.value for kind in kinds_for(user)}
    before = muted_kinds([user]).get(user.pk, set()) - offered
    muted = sorted(before | (offered - set(wanted)))
    EmailPreference.objects.update_or_create(user=user, defaults={"muted": muted})
    return muted


# ---------------------------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------------------------


def notifications_for(*, user):
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def unread_count(*, user):
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_open(*, user, pk):
    """The user's own notification (404 for anyone else's), marked read."""
    from accounts.scoping import get_in_scope_or_404

    notification = get_in_scope_or_404(notifications_for(user=user), pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, user):
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


# ---------------------------------------------------------------------------------------------------------------
# Reminders
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class ReminderOutcome:
    sent: list = field(default_factory=list)  # [(unit, number of recipients)]
    throttled: list = field(default_factory=list)  # [(unit, Reminder or None)]
    not_late: list = field(default_factory=list)
    no_recipients: list = field(default_factory=list)

    @property
    def recipients(self):
        return sum(n for _unit, n in self.sent)

    def messages(self):
        """(level, text) lines for the page."""
        lines = []
        if self.sent:
            lines.append(
                (
                    "success",
                    _("Đã nhắc %(n)s đơn vị (%(people)s người nhận): %(units)s.")
                    % {
                        "n": len(self.sent),
                        "people": self.recipients,
                        "units": ", ".join(unit.name for unit, _n in self.sent),
                    },
                )
            )
        if self.throttled:
            names = ", ".join(
                f"{unit.name} ({timezone.localtime(reminder.sent_at):%H:%M})" if reminder else unit.name
                for unit, reminder in self.throttled
            )
            lines.append(
                (
                    "warning",
                    _("Hôm nay đã nhắc rồi, mỗi đơn vị chỉ được nhắc một lần mỗi ngày: %(units)s.") % {"units": names},
                )
            )
        if self.not_late:
            lines.append(
                (
                    "info",
                    _("Không nhắc vì chưa trễ hạn hoặc đã nộp: %(units)s.")
                    % {"units": ", ".join(unit.name for unit in self.not_late)},
                )
            )
        if self.no_recipients:
            lines.append(
                (
                    "warning",
                    _("Không nhắc được vì đơn vị chưa có tài khoản lãnh đạo hoặc chuyên viên: %(units)s.")
                    % {"units": ", ".join(unit.name for unit in self.no_recipients)},
                )
            )
        return lines


def can_remind(*, user, from_unit):
    return can(user, Cap.REMIND, from_unit)


def reminder_send(*, from_unit, to_units, year, kind=None, user, on=None):
    """Remind the units among ``to_units`` that report to ``from_unit`` and are late with their report.

    ``kind`` (a report DeadlineKind) restricts the reminder to one kind of unit; None means each unit's own report.
    Units not late (submitted, or before their deadline), already reminded today, or without anyone to notify
    are skipped and listed in the outcome. Raises ReportError when nobody was reminded, with the reasons.
    """
    if not can_remind(user=user, from_unit=from_unit):
        raise ReportError(_("Chỉ chuyên viên của đơn vị cấp trên mới được nhắc các đơn vị trực thuộc."))
    if year.is_read_only:
        raise ReportError(read_only_message(year))
    on = on or timezone.localdate()
    table = report_status_table(root=from_unit, year=year, on=on)
    rows = {row.unit.pk: row for row in table.rows}
    outcome = ReminderOutcome()
    candidates = []
    for unit in to_units:
        row = rows.get(unit.pk)
        if row is None:
            raise ReportError(_("%(unit)s không trực thuộc đơn vị của bạn.") % {"unit": unit.name})
        if (kind and row.kind != kind) or not row.late:
            outcome.not_late.append(row.unit)
        elif row.reminded is not None:
            outcome.throttled.append((row.unit, row.reminded))
        else:
            candidates.append(row)
    contacts = {}
    for contact in unit_contacts([row.unit for row in candidates]):
        contacts.setdefault(contact.unit_id, []).append(contact)
    now = timezone.now()
    with transaction.atomic():
        for row in candidates:
            users = contacts.get(row.unit.pk, [])
            if not users:
                outcome.no_recipients.append(row.unit)
                continue
            try:
                with transaction.atomic():
                    reminder = Reminder.objects.create(
                        year=year,
                        kind=row.kind,
                        from_unit=from_unit,
                        to_unit=row.unit,
                        sent_on=on,
                        sent_at=now,
                        sent_by=user,
                        recipients=len(users),
                    )
            except IntegrityError:  # reminded a moment ago by someone else
                outcome.throttled.append((row.unit, None))
                continue
            audit.record("reports.reminder.sent", actor=user, obj=reminder, unit=row.unit, after=len(users))
            notify(
                users=users,
                kind=NoticeKind.REPORT,
                title=_("Nhắc nộp báo cáo kết quả BDTX năm học %(year)s") % {"year": year.name},
                body=_("%(office)s nhắc: %(unit)s chưa nộp báo cáo kết quả BDTX, hạn nộp là %(due)s.")
                % {"office": from_unit.name, "unit": row.unit.name, "due": row.due.strftime("%d/%m/%Y")},
                url=report_url(row.unit),
            )
            outcome.sent.append((row.unit, len(users)))
    if not outcome.sent:
        raise ReportError(" ".join(text for _level, text in outcome.messages()) or _("Không có đơn vị nào để nhắc."))
    return outcome
