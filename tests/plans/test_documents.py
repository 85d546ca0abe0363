"""The plans' official documents (issue 19): the personal BDTX plan and the school's BDTX plan, each downloaded as
PDF and as Word and read back: the heading, the issuer, the number line, the signatures and the figures of the page
they print (the plan page's totals, the school plan page's rows and people)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.letterheads import letterhead
from modules.models import Topic
from plans.models import Plan, PlanItem, PlanStatus, StudyForm
from tests.documents import docx_lines, docx_tables, pdf_text
from tests.factories import StaffFactory, make_gvpt_modules, make_tt19_year
from years.models import Deadline, DeadlineKind

pytestmark = pytest.mark.django_db

PDF, DOCX = "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def _download(client, url):
    """(PDF text, Word lines, Word tables) of the document at ``url`` in both formats."""
    pdf = client.get(url.format(fmt="pdf"))
    docx = client.get(url.format(fmt="docx"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == PDF
    assert docx.status_code == 200 and docx["Content-Type"] == DOCX
    assert "attachment" in pdf["Content-Disposition"] and ".docx" in docx["Content-Disposition"]
    return pdf_text(pdf.content), docx_lines(docx.content), docx_tables(docx.content)


def _plan(year, staff, modules, *, status=PlanStatus.APPROVED, topics=()):
    plan = Plan.objects.create(year=year, staff=staff, school=staff.unit, status=status)
    for order, topic in enumerate(topics):
        PlanItem.objects.create(
            plan=plan, content=topic.content, topic=topic, hours=topic.hours, order=order, period="Học kỳ I"
        )
    for order, module in enumerate(modules):
        PlanItem.objects.create(
            plan=plan,
            content=3,
            module=module,
            hours=module.hours,
            order=order,
            period="Học kỳ II",
            form=StudyForm.ONLINE,
        )
    return plan


def _topics(cast, year, hours):
    return [
        Topic.objects.create(
            year=year, publisher=cast.so, content=1, level="TH", title="Nhiệm vụ năm học", hours=hours[0]
        ),
        Topic.objects.create(
            year=year, publisher=cast.phong_a, content=2, level="TH", title="Chuyên đề của Phòng", hours=hours[1]
        ),
    ]


def _table(tables, first_header):
    return next(table for table in tables if table[0][0] == first_header and len(table[0]) > 2)


# ---------------------------------------------------------------------------------------------------------------
# Kế hoạch BDTX cá nhân
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture
def year19(cast):
    return make_tt19_year(cast.so, is_current=True)


@pytest.fixture
def plan19(cast, year19):
    plan = _plan(year19, cast.teacher_a1.staff, make_gvpt_modules((4, 5)), topics=_topics(cast, year19, (40, 40)))
    plan.decided_at = timezone.make_aware(datetime.datetime(2026, 9, 20, 9, 0))
    plan.save()
    return plan


def test_the_personal_plan_prints_the_person_items_totals_and_three_signatures(cast, login, plan19):
    client = login(cast.teacher_a1)
    page = client.get(reverse("plans:plan_detail", args=[plan19.pk]))
    totals = page.context["totals"]
    assert [(content, planned) for content, planned, _quota, _state in totals] == [(1, 40), (2, 40), (3, 40)]
    url = reverse("plans:plan_document", args=[plan19.pk, "FMT"]).replace("FMT", "{fmt}")
    text, lines, tables = _download(client, url)
    head = letterhead(cast.school_a1, day=datetime.date(2026, 9, 1), year=plan19.year)
    assert (head.superior, head.issuer) == ("PHÒNG GD&ĐT HUYỆN A", "TRƯỜNG TIỂU HỌC A1")
    for line in (HEADING, MOTTO, head.superior, head.issuer, "KẾ HOẠCH", "Bồi dưỡng thường xuyên năm học 2026-2027"):
        assert line in text, line
        assert line in lines, line
    assert "Số:" not in text and not any(line.startswith("Số:") for line in lines)  # no number line
    for line in (
        "Họ và tên: Nguyễn Văn An",
        "Chức vụ: Giáo viên",
        "Tổ chuyên môn: Tổ 1-2-3",
        "Cấp học/đơn vị: Tiểu học, Trường Tiểu học A1",
        "Trạng thái: Đã phê duyệt ngày 20/09/2026.",
    ):
        assert line in lines, line
        assert line in text, line
    # The items as the plan page lists them, then a total per programme and overall: the page's totals.
    items = _table(tables, "TT")
    assert items[0] == ["TT", "Chương trình", "Mã", "Chuyên đề / mô đun", "Số tiết", "Thời gian", "Hình thức"]
    assert items[1] == ["1", "CT 01", "", "Nhiệm vụ năm học", "40", "Học kỳ I", "Tự học"]
    assert items[3] == ["3", "CT 03", "GVPT04", "Mô đun GVPT 4", "20", "Học kỳ II", "Trực tuyến"]
    expected = [
        ["", "", "", f"Cộng CT 0{content} (định mức {quota} tiết)", str(planned), "", ""]
        for content, planned, quota, _state in totals
    ]
    assert items[-4:] == [*expected, ["", "", "", "Tổng cộng", "120", "", ""]]
    # Teacher, group head (the group's one head), the principal (accounts.letterheads.signature).
    signatures = tables[-1][0]
    assert signatures[0].split("\n")[0] == "NGƯỜI LẬP KẾ HOẠCH" and signatures[0].endswith("Nguyễn Văn An")
    assert signatures[1].split("\n")[0] == "TỔ TRƯỞNG CHUYÊN MÔN" and signatures[1].endswith("Phạm Văn Minh")
    assert signatures[2].split("\n")[0] == "DUYỆT CỦA HIỆU TRƯỞNG"  # HIỆU TRƯỞNG: the school's signer title
    assert signatures[2].endswith("Lê Thị Hoa")
    for name in ("Nguyễn Văn An", "Phạm Văn Minh", "Lê Thị Hoa", "DUYỆT CỦA", "Tổng cộng"):
        assert name in text, name


def test_a_group_with_two_heads_leaves_the_heads_name_blank_and_a_draft_says_so(cast, login, plan19):
    StaffFactory(unit=cast.school_a1, full_name="Đinh Văn Tú", position="TTCM", subject_group="Tổ 1-2-3")
    Plan.objects.filter(pk=plan19.pk).update(status=PlanStatus.DRAFT)
    client = login(cast.teacher_a1)
    url = reverse("plans:plan_document", args=[plan19.pk, "FMT"]).replace("FMT", "{fmt}")
    text, lines, tables = _download(client, url)
    assert tables[-1][0][1].split("\n")[0] == "TỔ TRƯỞNG CHUYÊN MÔN" and tables[-1][0][1].strip().endswith("MÔN")
    assert "Phạm Văn Minh" not in text and "Đinh Văn Tú" not in text
    assert "Trạng thái: Đang soạn." in lines


def test_a_managers_own_plan_is_approved_by_the_unit_above_the_school(cast, login, year19):
    plan = _plan(year19, cast.principal_a1.staff, make_gvpt_modules((4, 5)), topics=_topics(cast, year19, (40, 40)))
    client = login(cast.phong_a_officer)
    url = reverse("plans:plan_document", args=[plan.pk, "FMT"]).replace("FMT", "{fmt}")
    _text, _lines, tables = _download(client, url)
    signatures = tables[-1][0]
    assert len(signatures) == 2  # no group head over a principal's plan
    assert signatures[0].split("\n")[0] == "NGƯỜI LẬP KẾ HOẠCH" and signatures[0].endswith("Lê Thị Hoa")
    assert signatures[1].split("\n")[0] == "DUYỆT CỦA TRƯỞNG PHÒNG"


def test_a_tt26_plan_names_contents_and_its_quotas(cast, login, th_modules):
    from years.models import TrainingYear

    year = TrainingYear.objects.create(department=cast.so, start_year=2018, is_current=True)
    plan = _plan(year, cast.teacher_a1.staff, th_modules[:4], topics=_topics(cast, year, (30, 30)))
    client = login(cast.principal_a1)
    url = reverse("plans:plan_document", args=[plan.pk, "FMT"]).replace("FMT", "{fmt}")
    text, _lines, tables = _download(client, url)
    assert "Bồi dưỡng thường xuyên năm học 2018-2019" in text
    items = _table(tables, "TT")
    assert items[0][1] == "Nội dung" and items[1][1] == "ND1"
    assert [row[3:5] for row in items[-4:]] == [
        ["Cộng ND1 (định mức 30 tiết)", "30"],
        ["Cộng ND2 (định mức 30 tiết)", "30"],
        ["Cộng ND3 (định mức 60 tiết)", "60"],
        ["Tổng cộng", "120"],
    ]


def test_the_plan_pages_offer_the_download_and_outsiders_get_404(cast, login, plan19):
    url = reverse("plans:plan_document", args=[plan19.pk, "pdf"])
    client = login(cast.teacher_a1)
    assert url in client.get(reverse("plans:my_plan")).content.decode()
    assert client.get(reverse("plans:plan_document", args=[plan19.pk, "odt"])).status_code == 404
    client = login(cast.principal_a1)
    assert url in client.get(reverse("plans:plan_detail", args=[plan19.pk])).content.decode()
    for outsider in (cast.teacher_a1_other_group, cast.teacher_a2, cast.phong_b_officer, cast.so_z_officer):
        client = login(outsider)
        assert client.get(url).status_code == 404, outsider


def test_no_plan_no_download_on_my_plan(cast, login, year19):
    content = login(cast.teacher_a1).get(reverse("plans:my_plan")).content.decode()
    assert 'data-testid="document-pdf"' not in content


# ---------------------------------------------------------------------------------------------------------------
# Kế hoạch BDTX của nhà trường
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture
def school_plans(cast, year19):
    """School A1: teacher A1 approved, the group head submitted, the other group's teacher a draft (not counted),
    the principal approved (a manager)."""
    topics = _topics(cast, year19, (40, 40))
    gvpt = make_gvpt_modules((4, 5, 6))
    return [
        _plan(year19, cast.teacher_a1.staff, gvpt[:2], topics=topics),
        _plan(year19, cast.group_head_a1.staff, gvpt[1:], status=PlanStatus.SUBMITTED, topics=topics),
        _plan(year19, cast.teacher_a1_other_group.staff, gvpt[:2], status=PlanStatus.DRAFT, topics=topics),
        _plan(year19, cast.principal_a1.staff, [gvpt[0], gvpt[2]], topics=topics),
    ]


def test_the_school_plan_prints_the_pages_rows_and_people_under_a_number_left_for_the_clerk(
    cast, login, year19, school_plans
):
    Deadline.objects.create(
        year=year19, kind=DeadlineKind.PLAN_SUBMIT, unit=cast.so, due_date=datetime.date(2026, 10, 15)
    )
    client = login(cast.principal_a1)
    page = client.get(reverse("plans:school_plan"), {"year": year19.pk})
    rows, people = page.context["rows"], page.context["people"]
    assert (people["teachers"]["staff"], people["teachers"]["counted"]) == (3, 2)
    assert (people["managers"]["staff"], people["managers"]["counted"]) == (1, 1)
    url = reverse("plans:school_plan_document", args=["FMT"]).replace("FMT", "{fmt}") + f"?year={year19.pk}"
    assert url.format(fmt="pdf") in page.content.decode()
    text, lines, tables = _download(client, url)
    head = letterhead(cast.school_a1, day=datetime.date(2026, 9, 1), year=year19, number="", kind_code="KH")
    for line in (HEADING, MOTTO, head.superior, head.issuer, "KẾ HOẠCH"):
        assert line in text and line in lines, line
    number = next(line for line in lines if line.startswith("Số:"))
    assert number == f"Số: \u2003\u2003\u2003/KH-{head.symbol}"
    assert "Số:" in text and f"/KH-{head.symbol}" in text
    assert "Bồi dưỡng thường xuyên cán bộ quản lý, giáo viên năm học 2026-2027" in lines
    assert any("Thông tư số 19/2019/TT-BGDĐT" in line for line in lines)
    assert any("Thông tư số 17/2019/TT-BGDĐT" in line for line in lines)
    for heading in (
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. ĐỐI TƯỢNG",
        "III. NỘI DUNG, THỜI LƯỢNG",
        "IV. HÌNH THỨC",
        "V. ĐÁNH GIÁ",
        "VI. TỔ CHỨC THỰC HIỆN",
    ):
        assert heading in lines and heading in text, heading
    # II: the page's people (4 in all, 1 manager and 3 teachers; 3 plans counted, 1 draft).
    people_line = next(line for line in lines if line.startswith("Cán bộ, giáo viên đang công tác:"))
    assert "4 người, gồm 1 cán bộ quản lý và 3 giáo viên" in people_line
    assert "của 3 người (1 cán bộ quản lý, 2 giáo viên)" in people_line
    assert "Còn 1 người chưa nộp kế hoạch." in people_line
    # III: each of the page's rows with its tiết and how many chose it.
    printed = [row for table in tables for row in table]
    for row in rows:
        title = row["module__title"] or row["topic__title"]
        code = [row["module__code"]] if row["content"] == 3 else []
        assert any(line[1:] == [*code, title, str(row["hours"]), str(row["staff_count"])] for line in printed), row
    modules = {row["module__code"]: row["staff_count"] for row in rows if row["content"] == 3}
    assert modules == {"GVPT04": 2, "GVPT05": 2, "GVPT06": 2}
    assert [row["staff_count"] for row in rows if row["content"] != 3] == [3, 3]
    # VI: the deadline that binds the school.
    assert any(row[1:] == ["Nộp kế hoạch cá nhân", "Chậm nhất 15/10/2026"] for row in printed)
    # Nơi nhận and the principal's signature.
    closing = tables[-1][0]
    assert "- Phòng GD&ĐT Huyện A (để báo cáo);" in closing[0]
    assert "- Các tổ chuyên môn (để thực hiện);" in closing[0] and "- Lưu: VT." in closing[0]
    assert closing[1].split("\n")[0] == "HIỆU TRƯỞNG" and closing[1].endswith("Lê Thị Hoa")
    assert "Lê Thị Hoa" in text and "HIỆU TRƯỞNG" in text


def test_a_tt26_school_plan_names_its_regulation_and_programme(cast, login, th_modules):
    from years.models import TrainingYear

    year = TrainingYear.objects.create(department=cast.so, start_year=2018, is_current=True)
    _plan(year, cast.teacher_a1.staff, th_modules[:4], topics=_topics(cast, year, (30, 30)))
    client = login(cast.group_head_a1)
    url = reverse("plans:school_plan_document", args=["FMT"]).replace("FMT", "{fmt}") + f"?year={year.pk}"
    text, lines, _tables = _download(client, url)
    assert any("Thông tư số 26/2012/TT-BGDĐT ngày 10/7/2012" in line for line in lines)
    assert any("Thông tư số 32/2011/TT-BGDĐT" in line for line in lines)
    assert not any("19/2019" in line for line in lines)
    assert "1. Nội dung 1 (30 tiết/năm học)" in lines and "3. Nội dung 3 (60 tiết/năm học)" in lines


def test_the_school_plan_document_is_for_the_schools_managers_and_group_heads_only(cast, login, year19):
    url = reverse("plans:school_plan_document", args=["pdf"])
    for user in (cast.teacher_a1, cast.teacher_b1, cast.phong_a_officer, cast.so_officer):
        assert login(user).get(url).status_code == 404, user
    assert login(cast.principal_a1).get(reverse("plans:school_plan_document", args=["xlsx"])).status_code == 404
