"""The same figure is the same number on every page and file that shows it, and its label says its base.

Built on the small demo (``seed_demo --size small``, exactly what users see): the results dashboards, the plan
progress dashboard and a school's report are read as a user reads them, their Excel files with openpyxl, and each
figure is compared with a count made here from the records.
"""

import io
import re

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import OrgUnit, Staff, User
from assessment.models import YearResult
from plans.models import Plan, PlanStatus, TrainingYear
from reports.models import Job

pytestmark = pytest.mark.django_db

NOT_COMPLETED = {"KHONG_HOAN_THANH", "KHONG_DAT"}


@pytest.fixture
def demo(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("seed_demo", "--size", "small", verbosity=0)
    return TrainingYear.objects.get(is_current=True)


def user(username):
    return User.objects.get(username=username)


def text_of(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&nbsp;", " ")


def export(client, django_capture_on_commit_callbacks, report, unit, year):
    """Start an Excel job as the logged-in user (run at commit) and open the file."""
    with django_capture_on_commit_callbacks(execute=True):
        body = {"report": report, "unit": unit.pk, "year": year.pk}
        response = client.post(reverse("reports:results_export_start"), body)
    assert response.status_code == 302, response
    job = Job.objects.order_by("-pk").first()
    assert job.status == Job.Status.SUCCEEDED, job.message
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    return openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))


# --- the three disagreements found on the demo ------------------------------------------------------------------


def test_the_classification_list_gives_the_percentages_of_the_dashboard(
    demo, client, django_capture_on_commit_callbacks
):
    """Giỏi was 22,9 % on the Sở's dashboard (33 of 144 people with a result) and 21,0 % in the Excel list
    (33 of 157 approved plans, unscored ones included)."""
    so = user("so")
    client.force_login(so)
    results = YearResult.objects.filter(year=demo)
    evaluated = results.count()
    gioi = results.filter(classification="GIOI").count()
    share = f"{100 * gioi / evaluated:.1f}".replace(".", ",")
    page = text_of(client.get(reverse("reports:results_home")).content.decode())
    assert f"{gioi} ({share}%)" in page
    workbook = export(client, django_capture_on_commit_callbacks, "list", so.unit, demo)
    footer = next(
        cell.value
        for row in workbook.active.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("Tổng số")
    )
    assert f"Giỏi: {gioi} ({share} % trên {evaluated} người có kết quả)" in footer, footer


def test_the_school_report_completion_rate_says_its_base(demo, client):
    """A school report said "Tỷ lệ hoàn thành 92,3 %" where 12 of 22 completed: only people with a result counted."""

    def figures(school):
        results = YearResult.objects.filter(year=demo, school=school)
        evaluated = results.count()
        completed = results.exclude(classification__in=NOT_COMPLETED).count()
        return completed, evaluated, Staff.objects.filter(unit=school, is_active=True).count()

    # A demo school where the two bases differ.
    school, (completed, evaluated, staff) = next(
        (school, numbers)
        for school in OrgUnit.objects.filter(kind=OrgUnit.Kind.SCHOOL).order_by("code")
        if (numbers := figures(school))[0] < numbers[1] < numbers[2]
    )
    client.force_login(user("admin"))
    page = text_of(client.get(reverse("reports:chain_unit", args=[school.pk])).content.decode())
    rate = f"{100 * completed / evaluated:.1f}".replace(".", ",")
    assert f"Hoàn thành kế hoạch: {completed} người, {rate} % trên {evaluated} người có kết quả" in page, page


def test_people_without_an_approved_plan_are_the_same_number_on_every_page_of_a_school(demo, client):
    """The confirmation page counted plans not approved (people who never started a plan left out), the dashboard
    people without an approved plan: 8 and 9 for one school."""
    # A demo school where someone has not started a plan (the confirmation page left them out).
    school = next(
        school
        for school in OrgUnit.objects.filter(kind=OrgUnit.Kind.SCHOOL).order_by("code")
        if Staff.objects.filter(unit=school, is_active=True).exclude(plans__year=demo).exists()
    )
    active = Staff.objects.filter(unit=school, is_active=True)
    approved = Plan.objects.filter(year=demo, staff__in=active, status=PlanStatus.APPROVED).count()
    expected = active.count() - approved
    client.force_login(user("admin"))
    dashboard = client.get(reverse("reports:results_unit", args=[school.pk])).context["row"]
    assert dashboard.no_plan == expected
    confirmation = text_of(client.get(reverse("assessment:confirmation_detail", args=[school.pk])).content.decode())
    assert f"Chưa có kế hoạch được duyệt: {expected} người" in confirmation, confirmation
    progress = client.get(reverse("plans:plan_dashboard_unit", args=[school.parent_id])).context["progress"]
    row = next(row for row in progress.rows if row.unit == school)
    assert row.not_approved == expected
