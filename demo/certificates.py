"""Demo step for ``seed_demo``: most staff of the schools whose results are confirmed check their printed data.

About 90 % confirm, about 3 % ask for a correction (a middle name, a swapped date, the place of birth), the rest have
not answered yet. Bulk inserts only: a few thousand rows in a fraction of a second.
"""

from django.utils import timezone

from accounts.models import User
from assessment.models import SchoolConfirmation
from certificates.models import CheckStatus, PersonalDataCheck, PersonalDataEvent

CONFIRM_SHARE = 0.90
REQUEST_SHARE = 0.03


def _correction(staff):
    """(name, birth date, birth place, reason) of a typical request: a middle name the birth certificate does not
    have, day and month swapped, or the place of birth as the birth certificate writes it."""
    name, born, place = staff.full_name, staff.birth_date, staff.birth_place
    if " Thị " in name:
        return name.replace(" Thị ", " ", 1), born, place, "Giấy khai sinh không có tên đệm “Thị”"
    if born.day <= 12 and born.day != born.month:
        return name, born.replace(day=born.month, month=born.day), place, "Nhầm ngày và tháng sinh"
    return name, born, f"{place} (theo giấy khai sinh)", "Nơi sinh ghi theo giấy khai sinh"


def step_personal_data(ctx):
    confirmed = set(
        SchoolConfirmation.objects.filter(year=ctx.year, is_locked=True).values_list("school_id", flat=True)
    )
    schools = [unit for unit, _kind in ctx.schools if unit.pk in confirmed]
    if not schools:
        ctx.notes.append("Chưa có trường nào xác nhận kết quả: bỏ qua bước xác nhận thông tin in giấy chứng nhận.")
        return
    rng = ctx.rng
    now = timezone.now()
    users = dict(User.objects.filter(staff__unit__in=schools).values_list("staff_id", "pk"))
    checks = []
    for school in schools:
        for staff in ctx.staff_by_school.get(school.pk, []):
            if not staff.is_active or staff.birth_date is None or not staff.birth_place:
                continue
            roll = rng.random()
            shown = {
                "shown_full_name": staff.full_name,
                "shown_birth_date": staff.birth_date,
                "shown_birth_place": staff.birth_place,
            }
            if roll < CONFIRM_SHARE:
                checks.append(PersonalDataCheck(staff=staff, year=ctx.year, status=CheckStatus.CONFIRMED, **shown))
            elif roll < CONFIRM_SHARE + REQUEST_SHARE:
                name, born, place, reason = _correction(staff)
                checks.append(
                    PersonalDataCheck(
                        staff=staff,
                        year=ctx.year,
                        status=CheckStatus.CORRECTION_REQUESTED,
                        requested_full_name=name,
                        requested_birth_date=born,
                        requested_birth_place=place,
                        note=reason,
                        **shown,
                    )
                )
            else:
                continue
            check = checks[-1]
            check.answered_at = now
            check.answered_by_id = users.get(staff.pk)
    PersonalDataCheck.objects.bulk_create(checks, batch_size=2000)
    created = {
        (check.staff_id): check
        for check in PersonalDataCheck.objects.filter(year=ctx.year, staff__unit__in=schools).only(
            "pk", "staff_id", "status", "note"
        )
    }
    events = [
        PersonalDataEvent(
            check_record=check,
            from_status=CheckStatus.PENDING,
            to_status=check.status,
            by_id=users[staff_id],
            at=now,
            comment=check.note,
        )
        for staff_id, check in created.items()
        if staff_id in users
    ]
    PersonalDataEvent.objects.bulk_create(events, batch_size=2000)
    ctx.counts["Xác nhận thông tin in giấy chứng nhận"] = len(checks)
