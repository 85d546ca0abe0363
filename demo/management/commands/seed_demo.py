"""``manage.py seed_demo --size small|province|nation [--if-empty | --reset]``: load the demo province, or the nation.

The work is a list of steps (label, function taking the shared ``DemoContext``) run in order in one
transaction; later apps append theirs to ``STEPS`` (plans, modules, scores …).

``--size nation`` seeds the 34 provinces of ``accounts.demo_provinces`` one at a time, each with a fresh context
(so memory stays that of one province) and its own transaction (the nation is too big for one): the first,
Sơn La, is the ``province`` demo with every step and the demo accounts; the others run ``NATION_STEPS`` only (the
tree, staff, their year, topics, plans and results: what the summary pages read; the current year only, under
TT 19/2019). The first province also gets the past year 2018–2019 under TT 26/2012 (``demo.past_year``). The
hidden ``--provinces N`` and ``--province-size small`` shrink it for tests.
"""

import argparse
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import OrgUnit, User
from demo import certificates as certificates_demo
from demo import coreteachers as coreteachers_demo
from demo import courses as courses_demo
from demo import gdpt as gdpt_demo
from demo import history as history_demo
from demo import past_year as past_year_demo
from demo import plans as plans_demo
from demo import province as demo
from demo import qualifications as qualifications_demo
from demo import results as demo_results

STEPS = [
    (gettext_lazy("Đơn vị"), demo.step_units),
    (gettext_lazy("Cán bộ, giáo viên"), demo.step_staff),
    (gettext_lazy("Tài khoản demo"), demo.step_accounts),
    # The past year runs on the tree it had (Phòng GD&ĐT), then the province is restructured as in 2025.
    (gettext_lazy("Năm học 2018–2019 (Thông tư 26/2012)"), past_year_demo.step_past_year),
    (
        gettext_lazy("Sắp xếp lại đơn vị từ 01/07/2025: giải thể Phòng, trường về UBND xã/phường"),
        demo.step_restructure_2025,
    ),
    (gettext_lazy("Năm học và thời hạn"), demo.step_training_year),
    (gettext_lazy("Chuyên đề bồi dưỡng"), plans_demo.step_topics),
    (gettext_lazy("Kế hoạch cá nhân"), plans_demo.step_plans),
    (gettext_lazy("Điểm và kết quả BDTX"), demo_results.step_results),
    (gettext_lazy("Xác nhận thông tin in giấy chứng nhận"), certificates_demo.step_personal_data),
    (gettext_lazy("Giáo viên cốt cán"), coreteachers_demo.step_core_teachers),
    (gettext_lazy("Mô đun GDPT 2018"), gdpt_demo.step_gdpt),
    (gettext_lazy("Trình độ, chứng chỉ"), qualifications_demo.step_qualifications),
    (gettext_lazy("Lớp bồi dưỡng"), courses_demo.step_courses),
    (gettext_lazy("Lịch sử hồ sơ và nhật ký thay đổi"), history_demo.step_history_and_audit),
]
# The steps every province of the nation runs; the others (and the demo accounts) only the first province.
NATION_STEPS = {
    demo.step_units,
    demo.step_staff,
    demo.step_training_year,
    plans_demo.step_topics,
    plans_demo.step_plans,
    demo_results.step_results,
}
# Tables the nation fills, analysed after each province so the next one's reads are planned on real sizes.
NATION_TABLES = (
    "accounts_orgunit",
    "accounts_staff",
    "plans_plan",
    "plans_planitem",
    "assessment_score",
    "assessment_yearresult",
)


def _seconds(value):
    return f"{value:.1f}".replace(".", ",")


def _number(value):
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: một tỉnh với các Phòng, trường, cán bộ, giáo viên và các tài khoản demo."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=[*sorted(demo.SIZES), demo.NATION], default="small")
        parser.add_argument(
            "--seed", type=int, default=2026, help="Hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)."
        )
        exclusive = parser.add_mutually_exclusive_group()
        exclusive.add_argument("--if-empty", action="store_true", help="Không làm gì nếu đã có đơn vị.")
        exclusive.add_argument("--reset", action="store_true", help="Xoá dữ liệu mẫu hiện có rồi tạo lại.")
        # For tests and partial measurements of --size nation: the first N provinces, each of this size.
        parser.add_argument("--provinces", type=int, default=None, help=argparse.SUPPRESS)
        parser.add_argument("--province-size", choices=sorted(demo.SIZES), default="province", help=argparse.SUPPRESS)

    def handle(self, *args, size, seed, if_empty, reset, provinces=None, province_size="province", **options):
        has_data = OrgUnit.objects.exists()
        if has_data and if_empty:
            self.stdout.write(_("Cơ sở dữ liệu đã có đơn vị, không tạo dữ liệu mẫu."))
            return
        if has_data and not reset:
            raise CommandError(
                _("Cơ sở dữ liệu đã có đơn vị. Dùng --if-empty để bỏ qua, hoặc --reset để xoá và tạo lại dữ liệu mẫu.")
            )
        started = time.perf_counter()
        if size == demo.NATION:
            shapes = demo.nation_shapes(seed, limit=provinces, size=province_size)
            notes, counts = self._seed_nation(shapes, seed=seed, reset=has_data, started=started)
        else:
            context = demo.DemoContext(size=size, seed=seed)
            with transaction.atomic():
                if has_data:
                    self._reset()
                self._run(STEPS, context)
            notes, counts = context.notes, context.counts
        # Fresh planner statistics: right after a bulk load PostgreSQL would otherwise guess badly.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for note in notes:
            self.stdout.write(self.style.WARNING(note))
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {_number(count)}")
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã tạo dữ liệu mẫu (%(size)s) trong %(seconds)s giây. Mật khẩu các tài khoản demo: %(password)s")
                % {"size": size, "seconds": _seconds(time.perf_counter() - started), "password": demo.DEMO_PASSWORD}
            )
        )

    def _reset(self):
        step_started = time.perf_counter()
        demo.demo_reset()
        self._step_done(_("Xoá dữ liệu cũ"), step_started)

    def _run(self, steps, context, *, verbose=True):
        for label, step in steps:
            step_started = time.perf_counter()
            step(context)
            if verbose:
                self._step_done(label, step_started)

    def _seed_nation(self, shapes, *, seed, reset, started):
        """Seed province by province, one transaction each; returns (notes, counts summed over the provinces)."""
        if reset:
            with transaction.atomic():
                self._reset()
        ministry, users = None, {}
        notes, counts = [], {}
        for number, shape in enumerate(shapes, start=1):
            province_started = time.perf_counter()
            first = number == 1
            context = demo.DemoContext(
                size=demo.NATION, seed=seed, shape=shape, ministry=ministry, users=users, restructures=first
            )
            steps = STEPS if first else [(label, step) for label, step in STEPS if step in NATION_STEPS]
            with transaction.atomic():
                self._run(steps, context, verbose=first)
            if first:
                # Later provinces' plans and scores are entered "by" the admin (none of their own accounts).
                ministry = context.ministry
                users = {"admin": context.users.get("admin") or User.objects.get(username="admin")}
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"ANALYZE {', '.join(NATION_TABLES)}")
            notes.extend(context.notes)
            for label, count in context.counts.items():
                counts[label] = counts.get(label, 0) + count
            self.stdout.write(
                _(
                    "[%(number)s/%(total)s] %(name)s: %(staff)s cán bộ, giáo viên, %(plans)s kế hoạch, "
                    "%(results)s kết quả (%(seconds)s s, tổng %(elapsed)s s)"
                )
                % {
                    "number": number,
                    "total": len(shapes),
                    "name": context.department.name,
                    "staff": _number(context.counts.get("Cán bộ, giáo viên", 0)),
                    "plans": _number(context.counts.get("Kế hoạch cá nhân", 0)),
                    "results": _number(context.counts.get("Kết quả BDTX", 0)),
                    "seconds": _seconds(time.perf_counter() - province_started),
                    "elapsed": _seconds(time.perf_counter() - started),
                }
            )
            del context
            # With DEBUG on Django keeps the last 9,000 statements, bulk inserts whole: drop them with the province.
            reset_queries()
        counts = {_("Sở GD&ĐT"): len(shapes), **counts}
        return notes, counts

    def _step_done(self, label, started):
        self.stdout.write(f"  ✓ {label} ({_seconds(time.perf_counter() - started)} s)")
