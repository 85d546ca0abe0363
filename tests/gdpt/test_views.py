"""Pages: scope (404 outside the subtree, 403 for roles without access), the review and entry pages, the lock,
the counts for the offices (as in the Sở's letter) in constant queries, and the Phụ lục 4/5 exports."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Level, Position
from gdpt import selectors, services
from gdpt.models import Campaign, LmsStatus, Reason, ReviewEntry, SchoolReview
from jobs.models import Job
from tests.factories import OrgUnitFactory, StaffFactory
from tests.official_forms import assert_official_form

pytestmark = pytest.mark.django_db


def review_url(campaign, school):
    return reverse("gdpt:review_detail", args=[campaign.pk, school.pk])


def entry_url(campaign, school, staff):
    return reverse("gdpt:review_entry", args=[campaign.pk, school.pk, staff.pk])


# ---------------------------------------------------------------------------------------------------------------
# Scope
# ---------------------------------------------------------------------------------------------------------------


def test_navigation_and_campaign_list(cast, campaign, login):
    for user in (cast.principal_a1, cast.phong_a_officer, cast.so_officer):
        response = login(user).get(reverse("gdpt:campaign_list"))
        assert response.status_code == 200
        assert "Rà soát kết quả bồi dưỡng mô đun 1" in response.content.decode()
        assert 'data-nav="gdpt_reviews"' in response.content.decode()
    # Another province does not see Sở A's campaign.
    assert "mô đun 1" not in login(cast.so_z_officer).get(reverse("gdpt:campaign_list")).content.decode()


@pytest.mark.parametrize("who", ["teacher_a1", "group_head_a1"])
def test_teachers_have_no_access(cast, campaign, login, who):
    client = login(getattr(cast, who))
    assert client.get(reverse("gdpt:campaign_list")).status_code == 403
    assert client.get(review_url(campaign, cast.school_a1)).status_code == 403
    assert client.get(reverse("gdpt:campaign_detail", args=[campaign.pk])).status_code == 403


def test_outsiders_get_404_for_a_schools_review(cast, campaign, login):
    url = review_url(campaign, cast.school_a1)
    assert login(cast.phong_b_officer).get(url).status_code == 404
    assert login(cast.so_z_officer).get(url).status_code == 404
    assert login(cast.so_z_officer).get(reverse("gdpt:campaign_detail", args=[campaign.pk])).status_code == 404
    # A principal sees only their own school's review.
    principal = login(cast.principal_a1)
    assert principal.get(review_url(campaign, cast.school_a2)).status_code == 404
    # A person of another school through school A1's address is not found either.
    assert principal.get(entry_url(campaign, cast.school_a1, cast.teacher_a2.staff)).status_code == 404
    # The offices above the school see it.
    for user in (cast.phong_a_officer, cast.so_officer, cast.admin):
        assert login(user).get(url).status_code == 200


def test_a_school_sees_only_its_own_staff(cast, campaign, login, set_status):
    set_status(cast.teacher_a1.staff, LmsStatus.ENROLLED)
    set_status(cast.principal_a1.staff, LmsStatus.PASSED)
    StaffFactory(unit=cast.school_a1, full_name="Mai Thị Nghỉ", level=Level.TH, is_active=False)
    StaffFactory(unit=cast.school_a1, full_name="Cô Mầm Non", level=Level.MN)
    page = login(cast.principal_a1).get(review_url(campaign, cast.school_a1)).content.decode()
    for name in ("Lê Thị Hoa", "Phạm Văn Minh", "Nguyễn Văn An", "Trần Thị Bình"):
        assert name in page
    for name in ("Hoàng Văn Cường", "Đỗ Thị Dung", "Vũ Văn Em", "Bùi Thị Giang", "Mai Thị Nghỉ", "Cô Mầm Non"):
        assert name not in page
    assert page.count('data-testid="review-row"') == 4
    assert "4 người: 1 đã hoàn thành, 3 chưa hoàn thành (0 đã ghi lý do, 3 chưa có lý do)" in page


def test_review_page_queries_do_not_grow_with_the_staff(
    cast, campaign, login, set_status, django_assert_max_num_queries
):
    client = login(cast.principal_a1)
    url = review_url(campaign, cast.school_a1)

    def add_flagged(person):
        set_status(person, LmsStatus.ENROLLED)
        services.review_entry_save(
            user=cast.principal_a1, campaign=campaign, school=cast.school_a1, staff=person, reason=Reason.MATERNITY
        )

    add_flagged(cast.teacher_a1.staff)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(15):
        person = StaffFactory(unit=cast.school_a1, level=Level.TH)
        if number % 2:
            add_flagged(person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# ---------------------------------------------------------------------------------------------------------------
# Editing through the pages, and the lock
# ---------------------------------------------------------------------------------------------------------------


def test_principal_flags_a_person_through_the_entry_page(cast, campaign, login):
    client = login(cast.principal_a1)
    teacher = cast.teacher_a1.staff
    response = client.post(
        entry_url(campaign, cast.school_a1, teacher),
        {"reason": "MATERNITY", "reason_note": "", "corrected_birth_date": "02/03/1985"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(review_url(campaign, cast.school_a1) + f"#staff-{teacher.pk}")
    entry = ReviewEntry.objects.get(staff=teacher)
    assert (entry.reason, entry.corrected_birth_date) == ("MATERNITY", datetime.date(1985, 3, 2))
    page = client.get(review_url(campaign, cast.school_a1)).content.decode()
    assert "Nghỉ thai sản" in page
    assert "02/03/1985" in page


def test_a_refused_entry_keeps_what_was_typed(cast, campaign, login):
    response = login(cast.principal_a1).post(
        entry_url(campaign, cast.school_a1, cast.teacher_a1.staff),
        {"reason": "OTHER", "reason_note": "", "corrected_birth_place": "Đồng Xoài"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Lý do “Khác” cần ghi rõ lý do." in page
    assert 'value="Đồng Xoài"' in page
    assert not ReviewEntry.objects.exists()


def test_offices_read_but_cannot_post(cast, campaign, login):
    url = entry_url(campaign, cast.school_a1, cast.teacher_a1.staff)
    client = login(cast.phong_a_officer)
    page = client.get(url).content.decode()
    assert 'data-testid="save-entry"' not in page
    assert client.post(url, {"reason": "MATERNITY"}).status_code == 403
    assert client.post(reverse("gdpt:review_submit", args=[campaign.pk, cast.school_a1.pk])).status_code == 403
    assert login(cast.phong_b_officer).post(url, {"reason": "MATERNITY"}).status_code == 404
    assert not ReviewEntry.objects.exists()


def test_after_closing_the_pages_are_read_only_and_posts_are_refused(cast, campaign, login, freeze_today):
    client = login(cast.principal_a1)
    teacher = cast.teacher_a1.staff
    client.post(entry_url(campaign, cast.school_a1, teacher), {"reason": "SICK_LEAVE"})
    campaign.closing_date = datetime.date(2021, 3, 30)
    campaign.save()
    freeze_today(datetime.date(2021, 4, 2))
    message = "Đợt rà soát đã khoá từ ngày 31/03/2021 (hạn chót 30/03/2021) nên không sửa được nữa."

    page = client.get(review_url(campaign, cast.school_a1)).content.decode()
    assert message in page
    assert 'data-testid="submit-review"' not in page
    page = client.get(entry_url(campaign, cast.school_a1, teacher)).content.decode()
    assert 'data-testid="save-entry"' not in page
    assert "disabled" in page

    response = client.post(entry_url(campaign, cast.school_a1, teacher), {"reason": "MATERNITY"})
    assert response.status_code == 409
    assert message in response.content.decode()
    response = client.post(entry_url(campaign, cast.school_a1, teacher), {"corrected_birth_date": "bad"})
    assert response.status_code == 409
    response = client.post(reverse("gdpt:review_submit", args=[campaign.pk, cast.school_a1.pk]), follow=True)
    assert message in response.content.decode()
    assert ReviewEntry.objects.get(staff=teacher).reason == "SICK_LEAVE"
    assert SchoolReview.objects.get().status == "DRAFT"


def test_submit_and_reopen_through_the_pages(cast, campaign, login):
    client = login(cast.principal_a1)
    for person in selectors.missing_reasons(campaign=campaign, school=cast.school_a1, review=None):
        client.post(entry_url(campaign, cast.school_a1, person), {"reason": "NEWLY_HIRED"})
    response = client.post(reverse("gdpt:review_submit", args=[campaign.pk, cast.school_a1.pk]), follow=True)
    assert "Đã gửi kết quả rà soát lên Phòng GD&amp;ĐT Huyện A." in response.content.decode()
    assert SchoolReview.objects.get().submitted_to == cast.phong_a
    response = login(cast.phong_a_officer).post(
        reverse("gdpt:review_reopen", args=[campaign.pk, cast.school_a1.pk]), follow=True
    )
    assert SchoolReview.objects.get().status == "DRAFT"


# ---------------------------------------------------------------------------------------------------------------
# Campaign pages
# ---------------------------------------------------------------------------------------------------------------


def test_department_opens_and_edits_a_campaign(cast, gdpt_modules, login, today):
    client = login(cast.so_officer)
    assert client.get(reverse("gdpt:campaign_create")).status_code == 200
    closing = (today + datetime.timedelta(days=5)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("gdpt:campaign_create"),
        {"department": cast.so.pk, "module": gdpt_modules[1].pk, "title": "Rà soát MĐ1", "closing_date": closing},
    )
    campaign = Campaign.objects.get()
    assert response["Location"] == reverse("gdpt:campaign_detail", args=[campaign.pk])
    assert (campaign.department, campaign.created_by) == (cast.so, cast.so_officer)
    response = client.post(
        reverse("gdpt:campaign_edit", args=[campaign.pk]),
        {"title": "Rà soát MĐ1 (gia hạn)", "closing_date": "01/01/2099"},
    )
    campaign.refresh_from_db()
    assert (campaign.title, campaign.closing_date) == ("Rà soát MĐ1 (gia hạn)", datetime.date(2099, 1, 1))
    # Another Sở's officer posting its own unit as the department cannot open one for Sở A.
    login(cast.so_z_officer).post(
        reverse("gdpt:campaign_create"),
        {"department": cast.so.pk, "module": gdpt_modules[1].pk, "title": "X", "closing_date": closing},
    )
    assert Campaign.objects.count() == 1


@pytest.mark.parametrize("who", ["phong_a_officer", "principal_a1"])
def test_only_the_department_opens_or_edits(cast, campaign, login, who):
    client = login(getattr(cast, who))
    assert client.get(reverse("gdpt:campaign_create")).status_code == 403
    assert client.get(reverse("gdpt:campaign_edit", args=[campaign.pk])).status_code == 403


# ---------------------------------------------------------------------------------------------------------------
# Counts
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture
def counted(cast, campaign, set_status):
    """Statuses of module 1 across Sở A, with known figures per level × role."""
    a2_deputy = StaffFactory(unit=cast.school_a2, level=Level.TH, position=Position.DEPUTY_PRINCIPAL)
    b1_principal = StaffFactory(unit=cast.school_b1, level=Level.THCS, position=Position.PRINCIPAL)
    StaffFactory(unit=cast.school_a1, level=Level.TH, is_active=False)  # left: not counted
    StaffFactory(unit=cast.school_a1, level=Level.MN)  # preschool: not counted
    set_status(cast.principal_a1.staff, LmsStatus.PASSED)
    set_status(cast.group_head_a1.staff, LmsStatus.ENROLLED)
    set_status(cast.teacher_a1.staff, LmsStatus.PASSED, number=2)  # module 2 only: not completed module 1
    set_status(cast.teacher_a1_other_group.staff, LmsStatus.COMPLETED)
    set_status(cast.teacher_a2.staff, LmsStatus.NOT_ENROLLED)
    set_status(a2_deputy, LmsStatus.ENROLLED)
    set_status(cast.teacher_b1.staff, LmsStatus.PASSED)
    set_status(cast.teacher_t1.staff, LmsStatus.ENROLLED)
    set_status(cast.teacher_z1.staff, LmsStatus.ENROLLED)  # another province
    services.review_entry_save(
        user=cast.principal_a1,
        campaign=campaign,
        school=cast.school_a1,
        staff=cast.teacher_a1.staff,
        reason=Reason.MATERNITY,
        corrected_full_name="Nguyễn Văn Ân",
    )
    services.review_entry_save(
        user=cast.principal_a1,
        campaign=campaign,
        school=cast.school_a1,
        staff=cast.group_head_a1.staff,
        reason=Reason.SICK_LEAVE,
    )
    return {"a2_deputy": a2_deputy, "b1_principal": b1_principal}


def figures(counts):
    return {
        line.level: (line.managers_not_done, line.managers_total, line.teachers_not_done, line.teachers_total)
        for line in counts.levels
    }


def test_counts_per_level_and_role_for_the_department(cast, campaign, counted):
    counts = selectors.campaign_counts(user=cast.so_officer, campaign=campaign)
    assert figures(counts) == {"TH": (1, 2, 3, 4), "THCS": (1, 1, 0, 1), "THPT": (0, 0, 1, 1)}
    assert (counts.total.managers_not_done, counts.total.teachers_not_done, counts.total.not_done) == (2, 4, 6)
    assert counts.reasons == [("Nghỉ thai sản", [1, 0, 0], 1), ("Nghỉ ốm dài ngày", [1, 0, 0], 1)]
    schools = {line.school.code: (line.total, line.not_done, line.flagged, line.corrections) for line in counts.schools}
    assert schools == {"A1": (4, 2, 2, 1), "A2": (2, 2, 0, 0), "B1": (2, 1, 0, 0), "T1": (1, 1, 0, 0)}


def test_counts_of_a_district_cover_only_its_schools(cast, campaign, counted):
    counts = selectors.campaign_counts(user=cast.phong_a_officer, campaign=campaign)
    assert figures(counts) == {"TH": (1, 2, 3, 4), "THCS": (0, 0, 0, 0), "THPT": (0, 0, 0, 0)}
    assert [line.school.code for line in counts.schools] == ["A1", "A2"]
    # The Sở narrowed to Phòng B.
    counts = selectors.campaign_counts(user=cast.so_officer, campaign=campaign, root=cast.phong_b)
    assert figures(counts) == {"TH": (0, 0, 0, 0), "THCS": (1, 1, 0, 1), "THPT": (0, 0, 0, 0)}


def test_a_reason_stops_counting_once_the_person_completes(cast, campaign, counted, set_status):
    set_status(cast.teacher_a1.staff, LmsStatus.COMPLETED)
    counts = selectors.campaign_counts(user=cast.so_officer, campaign=campaign)
    assert counts.reasons == [("Nghỉ ốm dài ngày", [1, 0, 0], 1)]


def test_counts_page_shows_the_letters_lines(cast, campaign, counted, login):
    page = login(cast.so_officer).get(reverse("gdpt:campaign_detail", args=[campaign.pk])).content.decode()
    assert "Cấp TH: 1 cán bộ quản lý và 3 giáo viên." in page
    assert "Cấp THCS: 1 cán bộ quản lý và 0 giáo viên." in page
    assert "Cấp THPT: 0 cán bộ quản lý và 1 giáo viên." in page
    page = (
        login(cast.so_officer)
        .get(reverse("gdpt:campaign_detail", args=[campaign.pk]), {"unit": cast.phong_b.pk})
        .content.decode()
    )
    assert "Cấp THCS: 1 cán bộ quản lý và 0 giáo viên." in page
    assert "Cấp TH: 0 cán bộ quản lý và 0 giáo viên." in page
    # A unit outside the user's scope is a 404.
    response = login(cast.phong_a_officer).get(
        reverse("gdpt:campaign_detail", args=[campaign.pk]), {"unit": cast.phong_b.pk}
    )
    assert response.status_code == 404
    # A school manager is sent to their school's review.
    response = login(cast.principal_a1).get(reverse("gdpt:campaign_detail", args=[campaign.pk]))
    assert response["Location"] == review_url(campaign, cast.school_a1)


def test_counts_page_queries_are_constant(cast, campaign, counted, login, set_status, django_assert_max_num_queries):
    client = login(cast.so_officer)
    url = reverse("gdpt:campaign_detail", args=[campaign.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(6):
        school = OrgUnitFactory(parent=cast.phong_b if number % 2 else cast.so, levels="THCS" if number % 2 else "THPT")
        for index in range(3):
            person = StaffFactory(
                unit=school,
                level=Level.THCS if number % 2 else Level.THPT,
                position=Position.PRINCIPAL if index == 0 else Position.TEACHER,
            )
            set_status(person, LmsStatus.ENROLLED if index else LmsStatus.PASSED)
        SchoolReview.objects.create(campaign=campaign, school=school)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "Cấp THPT: 0 cán bộ quản lý và 7 giáo viên." in page


# ---------------------------------------------------------------------------------------------------------------
# Phụ lục 4 / 5 exports
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def export(client, campaign, kind, django_capture_on_commit_callbacks, unit=None, heading=None):
    """(header, data rows) of the appendix the job writes; ``heading``: (superior, issuer, signer, place) the
    official form must carry."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("gdpt:campaign_export", args=[campaign.pk, kind]), {"unit": unit.pk} if unit else {}
        )
    job = Job.objects.order_by("-pk").first()
    assert response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    download = client.get(reverse("jobs:job_download", args=[job.pk]))
    content = b"".join(download.streaming_content) if download.streaming else download.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    if heading is not None:
        superior, issuer, signer, place = heading
        assert_official_form(sheet, superior=superior, issuer=issuer, signer=signer, place=place)
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    start = next(index for index, row in enumerate(rows) if row[0] == "STT")
    end = next((i for i in range(start + 1, len(rows)) if all(v is None for v in rows[i])), len(rows))
    return rows[start], rows[start + 1 : end]


def test_phu_luc_5_lists_the_not_completed_with_reasons(
    cast, campaign, counted, login, django_capture_on_commit_callbacks
):
    header, rows = export(
        login(cast.so_officer),
        campaign,
        "gdpt_not_completed",
        django_capture_on_commit_callbacks,
        heading=("UBND TỈNH A", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "GIÁM ĐỐC", "A"),
    )
    assert header[-2:] == ["Trạng thái trên LMS", "Lý do"]
    by_code = {row[1]: row for row in rows}
    assert len(rows) == 6
    assert by_code[cast.teacher_a1.staff.code][-2:] == ["Chưa ghi danh", "Nghỉ thai sản"]
    assert by_code[cast.group_head_a1.staff.code][-2:] == ["Đã ghi danh", "Nghỉ ốm dài ngày"]
    assert cast.principal_a1.staff.code not in by_code
    assert cast.teacher_z1.staff.code not in by_code


def test_phu_luc_exports_follow_the_requesters_scope(
    cast, campaign, counted, login, django_capture_on_commit_callbacks
):
    _header, rows = export(
        login(cast.phong_b_officer),
        campaign,
        "gdpt_not_completed",
        django_capture_on_commit_callbacks,
        heading=("UBND HUYỆN B", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "TRƯỞNG PHÒNG", "B"),
    )
    assert [row[1] for row in rows] == [counted["b1_principal"].code]
    header, rows = export(
        login(cast.principal_a1),
        campaign,
        "gdpt_corrections",
        django_capture_on_commit_callbacks,
        heading=("PHÒNG GD&ĐT HUYỆN A", "TRƯỜNG TIỂU HỌC A1", "HIỆU TRƯỞNG", "A"),
    )
    assert "Họ và tên (điều chỉnh)" in header
    assert [(row[1], row[7]) for row in rows] == [(cast.teacher_a1.staff.code, "Nguyễn Văn Ân")]
    # A unit outside the requester's scope is refused before a job is made.
    response = login(cast.phong_b_officer).post(
        reverse("gdpt:campaign_export", args=[campaign.pk, "gdpt_corrections"]), {"unit": cast.school_a1.pk}
    )
    assert response.status_code == 404


def test_an_appendix_of_one_unit_carries_that_units_heading(
    cast, campaign, counted, login, django_capture_on_commit_callbacks
):
    _header, rows = export(
        login(cast.so_officer),
        campaign,
        "gdpt_corrections",
        django_capture_on_commit_callbacks,
        unit=cast.school_a1,
        heading=("PHÒNG GD&ĐT HUYỆN A", "TRƯỜNG TIỂU HỌC A1", "HIỆU TRƯỞNG", "A"),
    )
    assert [row[1] for row in rows] == [cast.teacher_a1.staff.code]


def test_formula_like_corrections_are_written_as_text(cast, campaign, login, django_capture_on_commit_callbacks):
    services.review_entry_save(
        user=cast.principal_a1,
        campaign=campaign,
        school=cast.school_a1,
        staff=cast.teacher_a1.staff,
        corrected_birth_place='=HYPERLINK("http://x")',
    )
    _header, rows = export(login(cast.so_officer), campaign, "gdpt_corrections", django_capture_on_commit_callbacks)
    assert rows[0][9] == '=HYPERLINK("http://x")'
