"""``manage.py seed_demo --size small|province [--if-empty | --reset]``: load the demo province.

The work is a list of steps (label, function taking the shared ``DemoContext``) run in order in one
transaction; later apps append theirs to ``STEPS`` (plans, modules, scores …).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import demo
from accounts.models import OrgUnit
from certificates import demo as certificates_demo
from coreteachers import demo as coreteachers_demo
from courses import demo as courses_demo
from gdpt import demo as gdpt_demo
from plans import demo as plans_demo
from qualifications import demo as qualifications_demo
from reports import demo_results

STEPS = [
    (gettext_lazy("Đơn vị"), demo.step_units),
    (gettext_lazy("Cán bộ, giáo viên"), demo.step_staff),
    (gettext_lazy("Tài khoản demo"), demo.step_accounts),
    (gettext_lazy("Năm học và thời hạn"), demo.step_training_year),
    (gettext_lazy("Chuyên đề nội dung 1, 2"), plans_demo.step_topics),
    (gettext_lazy("Kế hoạch cá nhân"), plans_demo.step_plans),
    (gettext_lazy("Điểm và kết quả BDTX"), demo_results.step_results),
    (gettext_lazy("Xác nhận thông tin in giấy chứng nhận"), certificates_demo.step_personal_data),
    (gettext_lazy("Giáo viên cốt cán"), coreteachers_demo.step_core_teachers),
    (gettext_lazy("Mô đun GDPT 2018"), gdpt_demo.step_gdpt),
    (gettext_lazy("Trình độ, chứng chỉ"), qualifications_demo.step_qualifications),
    (gettext_lazy("Lớp bồi dưỡng"), courses_demo.step_courses),
]


def _seconds(value):
    return f"{value:.1f}".replace(".", ",")


def _number(value):
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: một tỉnh với các Phòng, trường, cán bộ, giáo viên và các tài khoản demo."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(demo.SIZES), default="small")
        parser.add_argument(
            "--seed", type=int, default=2026, help="Hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)."
        )
        exclusive = parser.add_mutually_exclusive_group()
        exclusive.add_argument("--if-empty", action="store_true", help="Không làm gì nếu đã có đơn vị.")
        exclusive.add_argument("--reset", action="store_true", help="Xoá dữ liệu mẫu hiện có rồi tạo lại.")

    def handle(self, *args, size, seed, if_empty, reset, **options):
        has_data = OrgUnit.objects.exists()
        if has_data and if_empty:
            self.stdout.write(_("Cơ sở dữ liệu đã có đơn vị, không tạo dữ liệu mẫu."))
            return
        if has_data and not reset:
            raise CommandError(
                _("Cơ sở dữ liệu đã có đơn vị. Dùng --if-empty để bỏ qua, hoặc --reset để xoá và tạo lại dữ liệu mẫu.")
            )
        started = time.perf_counter()
        context = demo.DemoContext(size=size, seed=seed)
        with transaction.atomic():
            if has_data:
                step_started = time.perf_counter()
                demo.demo_reset()
                self._step_done(_("Xoá dữ liệu cũ"), step_started)
            for label, step in STEPS:
                step_started = time.perf_counter()
                step(context)
                self._step_done(label, step_started)
        # Fresh planner statistics: right after a bulk load PostgreSQL would otherwise guess badly.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for note in context.notes:
            self.stdout.write(self.style.WARNING(note))
        for label, count in context.counts.items():
            self.stdout.write(f"  {label}: {_number(count)}")
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã tạo dữ liệu mẫu (%(size)s) trong %(seconds)s giây. Mật khẩu các tài khoản demo: %(password)s")
                % {"size": size, "seconds": _seconds(time.perf_counter() - started), "password": demo.DEMO_PASSWORD}
            )
        )

    def _step_done(self, label, started):
        self.stdout.write(f"  ✓ {label} ({_seconds(time.perf_counter() - started)} s)")
