"""The score pages as each persona uses them; outsiders get 404."""

import json

import pytest
from django.urls import reverse

from accounts.models import Level, Role
from assessment import services
from assessment.models import SchoolConfirmation, Score, ScoreChange, YearResult
from tests.factories import GAP_REASON, StaffFactory

from .helpers import D, pairs_row

pytestmark = pytest.mark.django_db

GRID = reverse("assessment:score_grid")


def _grid_post(plan, version=0, **values):
    data = {f"v-{plan.pk}": version}
    for slot, (knowledge, application) in values.items():
        data[f"s-{plan.pk}-{slot}-k"] = knowledge
        data[f"s-{plan.pk}-{slot}-a"] = application
    return data


def _names(response):
    return [row.staff.full_name for row in response.context["rows"]]


# --- who sees which rows ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("group_head_a1", ["Nguyễn Văn An"]),
        ("principal_a1", ["Nguyễn Văn An", "Phạm Văn Minh", "Trần Thị Bình"]),
        ("phong_a_officer", ["Lê Thị Hoa"]),
        ("phong_b_officer", []),
        ("so_officer", []),
    ],
)
def test_grid_rows_per_persona(cast, login, year, plans, persona, expected):
    response = login(getattr(cast, persona)).get(GRID)
    assert response.status_code == 200
    assert sorted(_names(response)) == sorted(expected)
    # Sorted the Vietnamese way (by given name): An, Bình, Minh.
    assert _names(response) == sorted(_names(response), key=lambda name: name.split()[-1])


def test_teacher_has_no_score_pages(cast, login, year, plans):
    client = login(cast.teacher_a1)
    plan = plans["teacher"]
    assert client.get(GRID).status_code == 404
    assert client.post(GRID, _grid_post(plan, nd1=("4", "4"))).status_code == 404
    assert client.get(reverse("assessment:score_preview", args=[plan.pk])).status_code == 404
    assert client.get(reverse("assessment:score_import")).status_code == 404
    assert client.get(reverse("assessment:score_template")).status_code == 404
    assert not Score.objects.exists()


def test_principal_can_filter_by_group(cast, login, year, plans):
    response = login(cast.principal_a1).get(GRID, {"group": "Tổ 4-5"})
    assert _names(response) == ["Trần Thị Bình"]
    assert response.context["choices"]["groups"] == ["Tổ 1-2-3", "Tổ 4-5"]


@pytest.mark.parametrize(
    ("persona", "target"),
    [
        ("group_head_a1", "other_group"),
        ("group_head_a1", "principal"),
        ("principal_a1", "teacher_a2"),
        ("principal_a1", "principal"),
        ("phong_a_officer", "teacher"),
        ("phong_b_officer", "principal"),
        ("so_officer", "principal"),
    ],
)
def test_outside_scope_is_404_and_saves_nothing(cast, login, year, plans, persona, target):
    client = login(getattr(cast, persona))
    plan = plans[target]
    assert client.post(GRID, _grid_post(plan, nd1=("4", "4"))).status_code == 404
    assert client.get(reverse("assessment:score_preview", args=[plan.pk])).status_code == 404
    assert not Score.objects.exists()


def test_phong_officer_scores_the_principal_through_the_grid(cast, login, year, plans):
    plan = plans["principal"]
    response = login(cast.phong_a_officer).post(GRID, _grid_post(plan, nd1=("4", "4")), follow=True)
    assert "Đã lưu 1 ô điểm của 1 người." in response.content.decode()
    assert Score.objects.get(plan=plan, content=1).entered_by == cast.phong_a_officer


def test_so_officer_grid_lists_thpt_managers(cast, login, year, make_plan, t1_manager):
    make_plan(t1_manager)
    make_plan(cast.teacher_t1.staff)
    assert _names(login(cast.so_officer).get(GRID)) == ["Đặng Văn Hùng"]


# --- saving ----------------------------------------------------------------------------------------------------


def test_group_head_saves_the_grid(cast, login, year, plans):
    plan = plans["teacher"]
    items = list(plan.items.filter(content=3).order_by("order"))
    modules = {f"m{item.pk}": ("4,5", "4.5") for item in items}
    client = login(cast.group_head_a1)
    response = client.post(GRID, _grid_post(plan, nd1=("4,5", "4,5"), nd2=("4,5", "5"), **modules), follow=True)
    page = response.content.decode()
    assert "Đã lưu 6 ô điểm của 1 người." in page
    result = YearResult.objects.get(plan=plan)
    assert (result.average, result.classification) == (D("9.1"), "GIOI")
    row = response.context["rows"][0]
    assert row.version == 6
    assert row.cells[0].values == ("4,5", "4,5")
    assert "9,1" in page and "Giỏi" in page


def test_bad_values_are_shown_back_with_the_typed_text(cast, login, year, plans):
    plan = plans["teacher"]
    client = login(cast.group_head_a1)
    response = client.post(GRID, _grid_post(plan, nd1=("4,5", "6"), nd2=("abc", "4")))
    page = response.content.decode()
    assert response.status_code == 200
    assert "chưa lưu điểm nào" in page
    assert "Nguyễn Văn An — Nội dung 1, điểm vận dụng: Điểm phải từ 0 đến 5, không nhận 6." in page
    row = response.context["rows"][0]
    assert row.cells[0].values == ("4,5", "6") and row.cells[1].values == ("abc", "4")
    assert row.cells[0].errors[1] and not row.cells[0].errors[0]
    assert 'value="abc"' in page and "is-invalid" in page
    assert not Score.objects.exists()


def test_conflict_shows_the_current_values_and_what_was_typed(cast, login, year, plans):
    plan = plans["teacher"]
    other = plans["other_group"]
    services.scores_save_grid(
        user=cast.group_head_a1, year=year, rows=[{"plan_id": plan.pk, "version": 0, "values": {"nd1": ("4", "4")}}]
    )
    client = login(cast.principal_a1)
    data = _grid_post(plan, 0, nd1=("3", "3"))
    data[f"v-{other.pk}"] = 0
    data[f"s-{other.pk}-nd1-k"], data[f"s-{other.pk}-nd1-a"] = "5", "5"
    response = client.post(GRID, data)
    page = response.content.decode()
    assert "vừa được người khác sửa" in page
    rows = {row.plan.pk: row for row in response.context["rows"]}
    conflicted = rows[plan.pk]
    assert conflicted.cells[0].values == ("4", "4")  # the current values
    assert conflicted.version == 1
    assert "Phạm Văn Minh vừa sửa lúc" in conflicted.note and "ND1: 3 / 3" in conflicted.note
    assert rows[other.pk].cells[0].values == ("5", "5")  # the other typed row is kept, unsaved
    assert not Score.objects.filter(plan=other).exists()
    # Saving again from this page works: the conflicting row now carries the current version.
    data[f"v-{plan.pk}"] = conflicted.version
    client.post(GRID, data)
    assert Score.objects.get(plan=plan, content=1).knowledge == D("3")
    assert Score.objects.get(plan=other, content=1).knowledge == D("5")


def test_preview_runs_the_rules_on_the_server(cast, login, year, plans):
    plan = plans["teacher"]
    items = list(plan.items.filter(content=3).order_by("order"))
    params = {"nd1-k": "3,5", "nd1-a": "3,5", "nd2-k": "4", "nd2-a": "4"}
    for item in items:
        params[f"m{item.pk}-k"], params[f"m{item.pk}-a"] = "4", "4"
    response = login(cast.group_head_a1).get(reverse("assessment:score_preview", args=[plan.pk]), params)
    data = json.loads(response.content)
    assert (data["average"], data["classification"], data["label"]) == ("7,8", "KHA", "Khá")
    assert data["errors"] == {} and data["complete"]

    params["nd2-a"] = "4,1"
    data = json.loads(
        login(cast.group_head_a1).get(reverse("assessment:score_preview", args=[plan.pk]), params).content
    )
    assert "chia hết cho 0,25" in data["errors"]["nd2-a"]
    assert data["classification"] == "KHONG_HOAN_THANH" and not data["complete"]
    assert not Score.objects.exists()


def test_grid_queries_do_not_grow_with_the_number_of_teachers(
    cast, login, year, make_plan, django_assert_max_num_queries
):
    client = login(cast.principal_a1)

    def add_teachers(count):
        for _number in range(count):
            staff = StaffFactory(unit=cast.school_a1, level=Level.TH, subject_group="Tổ 1-2-3")
            plan = make_plan(staff)
            services.scores_save_grid(user=cast.principal_a1, year=year, rows=[pairs_row(plan)])

    add_teachers(3)
    with django_assert_max_num_queries(20) as small:
        assert len(client.get(GRID).context["rows"]) == 3
    add_teachers(57)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(GRID)
    assert len(response.context["rows"]) == 60
    assert len(large.captured_queries) == len(small.captured_queries)


# --- confirmation, lock, reopening -----------------------------------------------------------------------------


def test_confirm_makes_the_grid_read_only_until_the_phong_reopens(cast, login, year, plans):
    plan = plans["teacher"]
    services.scores_save_grid(user=cast.group_head_a1, year=year, rows=[pairs_row(plan)])
    principal = login(cast.principal_a1)
    detail = reverse("assessment:confirmation_detail", args=[cast.school_a1.pk])
    assert principal.get(reverse("assessment:confirmation")).url.startswith(detail)
    page = principal.get(detail).content.decode()
    assert "Còn thiếu điểm: 2 người" in page  # the teachers; the principal waits for the Phòng
    assert "1 cán bộ quản lý chờ Phòng GD&amp;ĐT Huyện A chấm điểm" in page

    url = reverse("assessment:results_confirm", args=[cast.school_a1.pk])
    refused = principal.post(url, follow=True).content.decode()  # two teachers without marks: a reason first
    assert "Hãy xem danh sách, rồi ghi lý do" in refused
    response = principal.post(url, {"reason": GAP_REASON}, follow=True)
    assert "Đã xác nhận kết quả của trường" in response.content.decode()

    head = login(cast.group_head_a1)
    page = head.get(GRID).content.decode()
    assert 'data-testid="locked-banner"' in page
    assert 'data-testid="save-grid"' not in page
    assert 'name="v-' not in page and "disabled" in page
    response = head.post(GRID, _grid_post(plan, 6, nd1=("1", "1")), follow=True)
    assert "đã được xác nhận" in response.content.decode()
    assert Score.objects.get(plan=plan, content=1).knowledge == D("4.5")

    reopen = reverse("assessment:results_reopen", args=[cast.school_a1.pk])
    assert login(cast.teacher_a2).post(reopen, {"reason": "x"}).status_code == 404
    login(cast.so_officer).post(reopen, {"reason": "x"})
    assert SchoolConfirmation.objects.get(school=cast.school_a1).is_locked
    phong = login(cast.phong_a_officer)
    response = phong.post(reopen, {"reason": ""}, follow=True)
    assert "Hãy ghi lý do" in response.content.decode()
    response = phong.post(reopen, {"reason": "Chấm lại mô đun TH2"}, follow=True)
    assert "Đã mở lại" in response.content.decode()
    assert "Chấm lại mô đun TH2" in response.content.decode()

    head = login(cast.group_head_a1)
    assert 'data-testid="save-grid"' in head.get(GRID).content.decode()
    head.post(GRID, _grid_post(plan, 6, nd1=("4", "4")))
    assert Score.objects.get(plan=plan, content=1).knowledge == D("4")


def test_confirmation_pages_scope(cast, login, year, plans):
    detail = reverse("assessment:confirmation_detail", args=[cast.school_a1.pk])
    assert login(cast.teacher_a1).get(detail).status_code == 404
    assert login(cast.group_head_a1).get(detail).status_code == 404
    assert login(cast.phong_b_officer).get(detail).status_code == 404
    assert login(cast.so_z_officer).get(detail).status_code == 404
    other = reverse("assessment:results_confirm", args=[cast.school_a2.pk])
    assert login(cast.principal_a1).post(other).status_code == 404
    listing = login(cast.phong_a_officer).get(reverse("assessment:confirmation"))
    assert [school.code for school, _c in listing.context["schools"]] == ["A1", "A2"]
    assert "Trường Tiểu học A1" in listing.content.decode()


# --- the teacher's own page and the history --------------------------------------------------------------------


def test_teacher_sees_own_result_only_after_confirmation(cast, login, year, plans):
    plan = plans["teacher"]
    modules = [("4", "4"), ("4", "4"), ("4", "4"), ("2", "2,5")]
    services.scores_save_grid(
        user=cast.group_head_a1, year=year, rows=[pairs_row(plan, nd1=("4", "4"), nd2=("4", "4"), modules=modules)]
    )
    client = login(cast.teacher_a1)
    my_result = reverse("assessment:my_result")
    page = client.get(my_result).content.decode()
    assert "chưa xác nhận" in page and "Không hoàn thành" not in page
    history = reverse("assessment:plan_history", args=[plan.pk])
    assert client.get(history).status_code == 404

    services.results_confirm(school=cast.school_a1, year=year, user=cast.principal_a1, reason=GAP_REASON)
    response = client.get(my_result)
    page = response.content.decode()
    assert "Không hoàn thành kế hoạch" in page
    assert "Mô đun TH4 (Mô đun tiểu học 4) có điểm 4,5, dưới 5,0 nên không hoàn thành kế hoạch" in page
    assert "4. TH4" in page
    assert client.get(history).status_code == 200
    assert client.get(reverse("assessment:plan_history", args=[plans["other_group"].pk])).status_code == 404


def test_history_page_lists_each_change(cast, login, year, plans):
    plan = plans["teacher"]
    services.scores_save_grid(
        user=cast.group_head_a1, year=year, rows=[{"plan_id": plan.pk, "version": 0, "values": {"nd1": ("4", "4")}}]
    )
    services.scores_save_grid(
        user=cast.principal_a1, year=year, rows=[{"plan_id": plan.pk, "version": 1, "values": {"nd1": ("4,5", "4")}}]
    )
    response = login(cast.principal_a1).get(reverse("assessment:plan_history", args=[plan.pk]))
    page = response.content.decode()
    assert list(response.context["changes"]) == list(ScoreChange.objects.filter(plan=plan).order_by("-id"))
    assert "Lê Thị Hoa" in page and "Phạm Văn Minh" in page
    assert "4 / 4" in page and "4,5 / 4" in page and "— / —" in page
    assert login(cast.teacher_a2).get(reverse("assessment:plan_history", args=[plan.pk])).status_code == 404
    assert login(cast.phong_b_officer).get(reverse("assessment:plan_history", args=[plan.pk])).status_code == 404


def test_navigation_items(cast):
    from bdtx.navigation import nav_for

    personas = ("teacher_a1", "group_head_a1", "principal_a1", "phong_a_officer")
    keys = {persona: {item["key"] for item in nav_for(getattr(cast, persona))} for persona in personas}
    assert "score_grid" in keys["group_head_a1"] and "my_result" in keys["group_head_a1"]
    assert "score_grid" in keys["principal_a1"] and "results_confirm" in keys["principal_a1"]
    assert "score_grid" not in keys["teacher_a1"] and "my_result" in keys["teacher_a1"]
    assert {"score_grid", "results_confirm"} <= keys["phong_a_officer"]
    assert cast.principal_a1.role == Role.SCHOOL_MANAGER


def test_the_grid_can_be_posted_as_one_json_field(cast, login, year, plans):
    """score_grid.js posts the grid as JSON, so big groups stay under Django's limit on the number of fields."""
    plan, other = plans["teacher"], plans["other_group"]
    grid = {str(plan.pk): {"v": 0, "s": {"nd1": ["4,5", "4"]}}, str(other.pk): {"v": 0, "s": {"nd2": ["3", None]}}}
    client = login(cast.principal_a1)
    response = client.post(GRID, {"grid": json.dumps(grid)}, follow=True)
    assert "Đã lưu 2 ô điểm của 2 người." in response.content.decode()
    assert Score.objects.get(plan=other, content=2).application is None
    for bad in ("not json", "[1, 2]", json.dumps({"x": {}}), json.dumps({str(plan.pk): {"s": {"nd9": ["1", "1"]}}})):
        assert client.post(GRID, {"grid": bad}).status_code == 404
    assert Score.objects.count() == 2
