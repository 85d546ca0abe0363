"""The subject group's minutes of its BDTX results (issue 19): downloaded as PDF and as Word from the score grid and
read back: the heading, the issuer, no number line, the group, the members with the grid's marks, hours and results
under the year's regime, the counts by result and the signatures."""

import datetime
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.letterheads import letterhead
from accounts.models import Position
from assessment import rules, services
from assessment.models import SchoolConfirmation
from study import services as study
from tests.documents import docx_lines, docx_tables, pdf_text
from tests.factories import StaffFactory, UserFactory

from .helpers import pairs_row

pytestmark = pytest.mark.django_db

GRID = reverse("assessment:score_grid")
PDF, DOCX = "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
GROUP = "Tổ 1-2-3"


def _url(fmt, **query):
    return f"{reverse('assessment:group_minutes', args=[fmt])}?{urlencode(query)}"


def _download(client, **query):
    pdf = client.get(_url("pdf", **query))
    docx = client.get(_url("docx", **query))
    assert pdf.status_code == 200 and pdf["Content-Type"] == PDF
    assert docx.status_code == 200 and docx["Content-Type"] == DOCX
    return pdf_text(pdf.content), docx_lines(docx.content), docx_tables(docx.content)


def _row19(plan, nd1="7", nd2="6,5", modules=("8", "7,5")):
    values = {"nd1": (nd1,), "nd2": (nd2,)}
    for item in plan.items.filter(content=3).order_by("order", "id"):
        values[f"m{item.pk}"] = modules
    return {"plan_id": plan.pk, "version": 0, "values": values}


@pytest.fixture
def group19(cast, tt19, make_plan19):
    """Group 1-2-3 in a TT 19/2019 year: teacher A1 and the group head complete, one teacher failing a test, one
    without marks; the other group's teacher complete (not in the minutes)."""
    failing = StaffFactory(unit=cast.school_a1, full_name="Trương Thị Cúc", subject_group=GROUP)
    unmarked = StaffFactory(unit=cast.school_a1, full_name="Vương Văn Dũng", subject_group=GROUP)
    plans = {
        "teacher": make_plan19(cast.teacher_a1.staff),
        "head": make_plan19(cast.group_head_a1.staff),
        "failing": make_plan19(failing),
        "unmarked": make_plan19(unmarked),
        "other": make_plan19(cast.teacher_a1_other_group.staff),
    }
    # 7,5 tiết of programme 01 confirmed for teacher A1: the grid prints "7,5/120".
    item = plans["teacher"].items.order_by("content", "order", "id").first()
    log = study.study_log_create(
        item=item, by=cast.teacher_a1, date=datetime.date(2026, 11, 2), hours=Decimal("7.5"), description="Tự học"
    )
    study.study_log_confirm(logs=[log], by=cast.group_head_a1)
    services.scores_save_grid(
        user=cast.principal_a1,
        year=tt19,
        rows=[
            _row19(plans["teacher"]),
            _row19(plans["head"], nd1="9", nd2="8,25"),
            _row19(plans["failing"], modules=("4", "7")),
            _row19(plans["other"]),
        ],
    )
    return plans


def _members(tables):
    return next(table for table in tables if table[0][:2] == ["TT", "Họ và tên"])


def _counts(tables):
    return next(table for table in tables if table[0] in (["Kết quả", "Số người"], ["Xếp loại", "Số người"]))


def test_the_principal_prints_a_groups_minutes_as_the_grid_shows_it(cast, login, tt19, group19):
    client = login(cast.principal_a1)
    page = client.get(GRID, {"year": tt19.pk, "group": GROUP})
    rows = page.context["rows"]
    assert [row.staff.full_name for row in rows] == [
        "Nguyễn Văn An",
        "Trương Thị Cúc",
        "Vương Văn Dũng",
        "Phạm Văn Minh",
    ]
    assert _url("pdf", year=tt19.pk, group=GROUP).replace("&", "&amp;") in page.content.decode()
    text, lines, tables = _download(client, year=tt19.pk, group=GROUP)
    head = letterhead(cast.school_a1, day=timezone.localdate(), year=tt19)
    for line in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        head.superior,
        head.issuer,
        "BIÊN BẢN",
        "Xét kết quả bồi dưỡng thường xuyên năm học 2026-2027",
        "Tổ chuyên môn: Tổ 1-2-3",
    ):
        assert line in text and line in lines, line
    assert "Số:" not in text and not any(line.startswith("Số:") for line in lines)
    assert any(line.startswith("Thời gian: ") for line in lines)
    # The head chairs; the group has four teachers (the principal's own group does not make her a member).
    assert "Thành phần: Phạm Văn Minh, tổ trưởng, chủ trì; giáo viên của tổ: 4 người; có mặt: ...... người." in lines
    members = _members(tables)
    assert members[0] == [
        "TT",
        "Họ và tên",
        "CT 01 (BTH)",
        "CT 02 (BTH)",
        "Mô đun 1 (LT / TH)",
        "Mô đun 2 (LT / TH)",
        "Số tiết",
        "Kết quả",
    ]
    assert members[1] == [
        "1",
        "Nguyễn Văn An",
        "7",
        "6,5",
        "GVPT04: 8 / 7,5",
        "GVPT05: 8 / 7,5",
        "7,5/120",
        "Hoàn thành kế hoạch BDTX",
    ]
    # The hours as the grid's cells print them.
    grid_hours = re.findall(r'data-testid="grid-hours">([^<]*)<', page.content.decode())
    assert [line[-2] for line in members[1:]] == grid_hours == ["7,5/120", "0/120", "0/120", "0/120"]
    assert members[2][4:] == ["GVPT04: 4 / 7", "GVPT05: 4 / 7", "0/120", "Không hoàn thành kế hoạch BDTX"]
    assert members[3][2:] == ["", "", "GVPT04", "GVPT05", "0/120", "Chưa có điểm"]
    # Each member's result is the grid's.
    shown = {row.staff.full_name: row.result.label if row.result else "Chưa có điểm" for row in rows}
    assert {line[1]: line[-1] for line in members[1:]} == shown
    for name in shown:
        assert name in text
    # The counts come from the same rows.
    expected = Counter(shown.values())
    counts = _counts(tables)
    assert counts[1:] == [
        ["Hoàn thành kế hoạch BDTX", str(expected["Hoàn thành kế hoạch BDTX"])],
        ["Không hoàn thành kế hoạch BDTX", str(expected["Không hoàn thành kế hoạch BDTX"])],
        ["Chưa có điểm", "1"],
        ["Tổng số", "4"],
    ]
    assert expected["Hoàn thành kế hoạch BDTX"] == 2
    signatures = tables[-1][0]
    assert signatures[0].split("\n")[0] == "THƯ KÝ" and signatures[0].strip() == "THƯ KÝ"
    assert signatures[1].split("\n")[0] == "TỔ TRƯỞNG" and signatures[1].endswith("Phạm Văn Minh")
    assert "THƯ KÝ" in text and "TỔ TRƯỞNG" in text and "Phạm Văn Minh" in text


def test_the_group_head_prints_their_group_and_their_own_row_once_the_school_has_confirmed(cast, login, tt19, group19):
    client = login(cast.group_head_a1)
    page = client.get(GRID, {"year": tt19.pk})
    assert len(page.context["rows"]) == 3 and 'data-testid="group-minutes"' in page.content.decode()
    _text, lines, tables = _download(client, year=tt19.pk)
    assert [line[1] for line in _members(tables)[1:]] == ["Nguyễn Văn An", "Trương Thị Cúc", "Vương Văn Dũng"]
    assert any(line.startswith("Kết quả của Phạm Văn Minh do lãnh đạo nhà trường đánh giá") for line in lines)
    assert _counts(tables)[-1] == ["Tổng số", "3"]

    SchoolConfirmation.objects.create(school=cast.school_a1, year=tt19, is_locked=True)
    _text, lines, tables = _download(client, year=tt19.pk)
    members = _members(tables)
    assert [line[1] for line in members[1:]] == ["Nguyễn Văn An", "Trương Thị Cúc", "Vương Văn Dũng", "Phạm Văn Minh"]
    assert members[4][2:4] == ["9", "8,25"] and members[4][-1] == "Hoàn thành kế hoạch BDTX"
    assert not any(line.startswith("Kết quả của Phạm Văn Minh") for line in lines)
    assert _counts(tables)[-1] == ["Tổng số", "4"]


def test_tt26_minutes_print_the_pairs_the_average_and_the_class(cast, login, year, plans):
    services.scores_save_grid(
        user=cast.principal_a1,
        year=year,
        rows=[
            pairs_row(plans["teacher"]),
            pairs_row(plans["group_head"], nd1=("3", "3"), nd2=("3,5", "3"), modules=[("3", "3")] * 4),
        ],
    )
    client = login(cast.principal_a1)
    rows = client.get(GRID, {"year": year.pk, "group": GROUP}).context["rows"]
    _text, _lines, tables = _download(client, year=year.pk, group=GROUP)
    members = _members(tables)
    assert members[0][2:4] == ["ND1 (KT / VD)", "ND2 (KT / VD)"] and members[0][-3:] == ["ĐTB", "Số tiết", "Xếp loại"]
    assert len(members[0]) == 11  # four module columns
    for line, row in zip(members[1:], rows, strict=True):
        assert line[1] == row.staff.full_name
        assert line[-3] == rules.format_score(row.result.average)
        assert line[-1] == rules.label(row.result.classification, year.ruleset)
    teacher = next(line for line in members if line[1] == "Nguyễn Văn An")
    assert teacher[2:7] == ["4,5 / 4,5", "4,5 / 5", "TH1: 4,5 / 4,5", "TH2: 4,5 / 4,5", "TH3: 4,5 / 4,5"]
    assert teacher[-3:] == ["9,1", "0/120", "Giỏi"]
    head = next(line for line in members if line[1] == "Phạm Văn Minh")
    assert head[-1] == "Trung bình"
    assert _counts(tables)[1:] == [
        ["Giỏi", "1"],
        ["Khá", "0"],
        ["Trung bình", "1"],
        ["Không hoàn thành kế hoạch", "0"],
        ["Tổng số", "2"],
    ]


def test_only_those_who_see_one_groups_grid_get_its_minutes(cast, login, tt19, group19):
    query = {"year": tt19.pk, "group": GROUP}
    for user in (cast.teacher_a1, cast.teacher_a2, cast.phong_a_officer, cast.so_officer):
        assert login(user).get(_url("pdf", **query)).status_code == 404, user
    principal_a2 = StaffFactory(unit=cast.school_a2, full_name="Ngô Thị Lan", position=Position.PRINCIPAL)
    other = UserFactory(username="ht_a2", role="SCHOOL_MANAGER", unit=cast.school_a2, staff=principal_a2)
    assert login(other).get(_url("pdf", **query)).status_code == 404  # no such group among their plans
    assert login(cast.phong_a_officer).get(_url("pdf", year=tt19.pk, school=cast.school_a1.pk)).status_code == 404
    client = login(cast.principal_a1)
    assert client.get(_url("pdf", year=tt19.pk)).status_code == 404  # no group chosen
    assert client.get(_url("pdf", year=tt19.pk, group="Tổ không có")).status_code == 404
    assert client.get(_url("odt", **query)).status_code == 404
    assert 'data-testid="group-minutes"' not in client.get(GRID, {"year": tt19.pk}).content.decode()
