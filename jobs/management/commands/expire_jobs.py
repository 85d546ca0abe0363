"""``manage.py expire_jobs [--no-requeue]``: delete expired job files and re-send jobs nobody is working on.

Run it from cron every 15 minutes, or let Celery beat run ``reports.tasks.expire_jobs``.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from jobs import jobs


class Command(BaseCommand):
    help = "Xoá tệp kết quả đã hết hạn của các việc chạy nền và gửi lại các việc bị bỏ dở."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-requeue", action="store_true", help="Chỉ xoá tệp hết hạn, không gửi lại việc bị bỏ dở."
        )

    def handle(self, *args, **options):
        expired = jobs.job_expire_old()
        message = _("Đã xoá tệp của %(n)s việc hết hạn.") % {"n": expired}
        if not options["no_requeue"]:
            requeued = jobs.job_requeue_stale()
            message += " " + _("Đã gửi lại %(n)s việc bị bỏ dở.") % {"n": requeued}
        self.stdout.write(message)
