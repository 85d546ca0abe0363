"""Notifications in the application (and by e-mail when the server can send it), and reminders to late units.

- ``notify(users=, title=, body=, url=)``: one ``Notification`` per user; an e-mail too when ``email_enabled()``,
  sent after the transaction commits and never failing the action that caused it.
- ``reminder_send(...)``: an office reminds the units reporting to it that are late with their report. At most
  one reminder per unit, kind of report and day (the ``Reminder`` unique constraint is the throttle).
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import Cap, can
from audit import services as audit
from years.services import read_only_message

from .chain import ReportError, report_url, unit_contacts
from .chain_selectors import report_status_table
from .models import Notification, Reminder

logger = logging.getLogger(__name__)

# Backends that only show or keep the message: "configured" only when BDTX_SEND_EMAIL says so.
DEVELOPMENT_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
PAGE_SIZE = 30


def email_enabled():
    """Whether notifications also go out by e-mail."""
    if getattr(settings, "BDTX_SEND_EMAIL", False):
        return True
    if getattr(settings, "EMAIL_BACKEND", "") in DEVELOPMENT_BACKENDS:
        return False
    return bool(getattr(settings, "EMAIL_HOST", ""))


def _absolute(url):
    base = getattr(settings, "BDTX_SITE_URL", "").rstrip("/")
    return f"{base}{url}" if url and base else url


def _send_emails(messages):
    try:
        send_mass_mail(messages, fail_silently=False)
    except Exception:  # a mail server problem must not undo or break the action that notified
        logger.exception("Could not send %s notification e-mail(s)", len(messages))


def notify(*, users, title, body="", url=""):
    """Create a notification for each active user; e-mail them too when e-mail is configured."""
    return notify_each([(user, title, body, url) for user in users])


def notify_each(notices):
    """One notification per (user, title, body, url), each its own, in one INSERT (inactive users skipped); the
    e-mails go after the commit, so a rolled-back action notifies nobody."""
    notices = [
        (user, str(title)[:255], str(body), str(url)[:500]) for user, title, body, url in notices if user.is_active
    ]
    if not notices:
        return []
    now = timezone.now()
    created = Notification.objects.bulk_create(
        [Notification(user=user, title=title, body=body, url=url, created_at=now) for user, title, body, url in notices]
    )
    if email_enabled():
        messages = [
            (
                title,
                "\n\n".join(part for part in (body, _absolute(url)) if part),
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
            for user, title, body, url in notices
            if user.email
        ]
        if messages:
            transaction.on_commit(lambda: _send_emails(messages))
    return created


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
                title=_("Nhắc nộp báo cáo kết quả BDTX năm học %(year)s") % {"year": year.name},
                body=_("%(office)s nhắc: %(unit)s chưa nộp báo cáo kết quả BDTX, hạn nộp là %(due)s.")
                % {"office": from_unit.name, "unit": row.unit.name, "due": row.due.strftime("%d/%m/%Y")},
                url=report_url(row.unit),
            )
            outcome.sent.append((row.unit, len(users)))
    if not outcome.sent:
        raise ReportError(" ".join(text for _level, text in outcome.messages()) or _("Không có đơn vị nào để nhắc."))
    return outcome
