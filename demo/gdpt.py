"""Demo step for ``seed_demo``: LMS statuses of the GDPT 2018 modules 1–2 and an open review of module 1.

Add to ``accounts/management/commands/seed_demo.py`` STEPS, after the staff and the accounts::

    (gettext_lazy("Mô đun GDPT 2018"), gdpt_demo.step_gdpt),
"""

import datetime

from django.utils import timezone

from gdpt.models import Campaign, ImportBatch, LmsStatus, ModuleStatus
from gdpt.selectors import ELIGIBLE_LEVELS

# Share of people per LMS status (None: no row at all, never enrolled), for module 1 and module 2.
MIX = {
    1: [(LmsStatus.PASSED, 88), (LmsStatus.COMPLETED, 4), (LmsStatus.ENROLLED, 5), (None, 3)],
    2: [(LmsStatus.PASSED, 70), (LmsStatus.COMPLETED, 8), (LmsStatus.ENROLLED, 15), (None, 7)],
}


def step_gdpt(ctx):
    from modules.models import Module

    modules = {number: Module.objects.filter(code=f"MĐ{number}", level="GDPT2018_MD").first() for number in MIX}
    officer = ctx.users.get("so") or ctx.users.get("admin")
    if officer is None or any(module is None for module in modules.values()):
        ctx.notes.append("Bỏ qua dữ liệu mô đun GDPT 2018: thiếu mô đun MĐ1, MĐ2 hoặc tài khoản Sở.")
        return
    batch = ImportBatch.objects.create(department=ctx.department, uploaded_by=officer, filename="demo-lms.xlsx")
    rows = []
    for members in ctx.staff_by_school.values():
        for member in members:
            if not member.is_active or member.level not in ELIGIBLE_LEVELS:
                continue
            for number, mix in MIX.items():
                status = ctx.rng.choices([s for s, _w in mix], [w for _s, w in mix])[0]
                if status is not None:
                    rows.append(ModuleStatus(staff=member, module=modules[number], status=status, batch=batch))
    ModuleStatus.objects.bulk_create(rows, batch_size=2000)
    ImportBatch.objects.filter(pk=batch.pk).update(rows=len(rows), created=len(rows))
    Campaign.objects.create(
        department=ctx.department,
        module=modules[1],
        title="Rà soát kết quả bồi dưỡng mô đun 1",
        closing_date=timezone.localdate() + datetime.timedelta(days=14),
        created_by=officer,
        note="Các trường TH, THCS gửi kết quả rà soát về Phòng GD&ĐT; trường THPT, trung tâm GDTX gửi về Sở.",
    )
    ctx.counts["Trạng thái mô đun GDPT 2018"] = len(rows)
