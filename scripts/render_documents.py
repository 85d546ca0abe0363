"""Render every official document from the demo to PDF, Word and A4 PNG pages, for a person to look at.

    make documents        (seeds nothing: run it on the database `make run` filled, or set DATABASE_URL)

Writes var/documents/<name>.pdf, .docx and <name>-<page>.png (pdftoppm, 60 dpi), one set per document of the
current year (TT 19/2019) and of 2018–2019 (TT 26/2012), as the demo's accounts would print them.
"""

import datetime
import subprocess
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main():
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bdtx.settings.local")
    django.setup()
    from django.conf import settings

    from accounts import letterheads
    from accounts.models import User
    from assessment.documents import group_minutes_document
    from certificates.documents import personal_data_sheet, school_data_list
    from core import documents as d
    from plans.documents import personal_plan_document, school_plan_document
    from plans.models import Plan, PlanStatus
    from reports.papers import ministry_document
    from reports.plan_letter import plan_letter
    from results.documents import school_results_report
    from years.models import TrainingYear

    out = Path(settings.BASE_DIR) / "var" / "documents"
    out.mkdir(parents=True, exist_ok=True)
    day = datetime.date.today()
    so = User.objects.get(username="so")
    manager = User.objects.get(username="hieutruong")
    head = User.objects.get(username="totruong")
    school = manager.unit
    made = {}
    sample = d.Document(
        letterhead=letterheads.letterhead(school, day=day, number="", kind_code="KH"),
        kind="KẾ HOẠCH",
        title="Văn bản mẫu",
        blocks=[d.Paragraph("Phần đầu và chữ ký của trường.")],
        signature=letterheads.signature(school),
        recipients=["Như trên"],
    )
    made["letterhead-sample"] = sample
    for year in TrainingYear.objects.filter(department=so.unit, start_year__in=(2018, 2026)):
        tag = str(year.start_year)
        plan = (
            Plan.objects.filter(year=year, staff__unit=school, status=PlanStatus.APPROVED)
            .order_by("staff__sort_key")
            .first()
        )
        if plan is not None:
            made[f"personal-plan-{tag}"] = personal_plan_document(plan)
            made[f"data-sheet-{tag}"] = personal_data_sheet(staff=plan.staff, year=year)
        made[f"school-plan-{tag}"] = school_plan_document(school=school, year=year)
        made[f"group-minutes-{tag}"] = group_minutes_document(
            user=manager, year=year, school=school, group=head.staff.subject_group
        )
        made[f"school-data-list-{tag}"] = school_data_list(school=school, year=year)
        made[f"school-results-report-{tag}"] = school_results_report(user=manager, year=year, school=school)
        made[f"plan-letter-{tag}"] = plan_letter(user=so, year=year, day=day)
        made[f"ministry-report-{tag}"] = ministry_document(year=year, department=so.unit, day=day)
    for name, document in made.items():
        for fmt in d.FORMATS:
            _filename, _type, content = d.render(document, fmt)
            (out / f"{name}.{fmt}").write_bytes(content)
        for old in out.glob(f"{name}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(out / f"{name}.pdf"), str(out / name)], check=True)
        pages = len(list(out.glob(f"{name}-*.png")))
        print(f"{name}: {pages} trang → {out / name}.pdf, .docx, -N.png")


if __name__ == "__main__":
    main()
