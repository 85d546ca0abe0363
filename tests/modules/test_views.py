"""Catalog and topic pages: what each persona sees and may change; outsiders get 404."""

import pytest
from django.urls import reverse

from bdtx.navigation import nav_for
from modules.models import Module, Topic
from plans.models import Plan, PlanItem
from years.models import TrainingYear

pytestmark = pytest.mark.django_db
LIST = reverse("modules:module_list")


def _module(code):
    return Module.objects.get(code=code)


def test_catalog_page_for_a_teacher(cast, login):
    response = login(cast.teacher_a1).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "195 mô đun" in html  # 180 TT 26/2012 and GDPT 2018 rows, 15 GVPT
    assert len(response.context["page"].object_list) == 50
    assert "Thêm mô đun địa phương" not in html
    assert reverse("modules:module_edit", args=[_module("MN1").pk]) not in html
    # MN1 has no title yet: the code stands in for it.
    assert 'data-code="MN1"' in html and "chưa có tên" in html


def test_catalog_search_level_filter_and_pages(cast, login):
    client = login(cast.teacher_a1)
    response = client.get(LIST, {"q": "xay dung ke hoach"})
    # GVPT04 has the same title as ETEP mô đun 4; the GDPT 2018 modules come last in catalog order.
    assert [m.code for m in response.context["page"].object_list][:2] == ["GVPT04", "MĐ4"]
    response = client.get(LIST, {"level": "THPT", "page": 1})
    assert response.context["page"].paginator.count == 41
    assert {m.level for m in response.context["page"].object_list} == {"THPT"}
    response = client.get(LIST, {"page": 4})
    assert len(response.context["page"].object_list) == 45


def test_catalog_retired_filter_and_badge(cast, login):
    Module.objects.filter(code="TH7").update(is_retired=True)
    client = login(cast.teacher_a1)
    assert client.get(LIST, {"q": "TH7"}).context["page"].paginator.count == 0
    response = client.get(LIST, {"q": "TH7", "retired": "on"})
    assert [m.code for m in response.context["page"].object_list] == ["TH7"]
    assert 'data-testid="retired-badge"' in response.content.decode()


def test_catalog_shows_modules_taken_in_earlier_years(cast, login, year):
    last_year = TrainingYear.objects.create(department=cast.so, start_year=2024)
    plan = Plan.objects.create(year=last_year, staff=cast.teacher_a1.staff, school=cast.school_a1)
    PlanItem.objects.create(plan=plan, content=3, module=_module("TH2"), hours=15)
    response = login(cast.teacher_a1).get(LIST, {"q": "TH2"})
    html = response.content.decode()
    assert 'data-testid="taken-before"' in html and "TH2 (2024–2025)" in html
    assert "đã học năm 2024–2025" in html
    other = login(cast.teacher_a2).get(LIST, {"q": "TH2"}).content.decode()
    assert "đã học năm" not in other


def test_catalog_list_query_count_is_bounded(cast, login, django_assert_max_num_queries):
    client = login(cast.teacher_a1)
    with django_assert_max_num_queries(12):
        client.get(LIST, {"page": 2})


@pytest.mark.parametrize("persona", ["teacher_a1", "principal_a1", "group_head_a1", "phong_a_officer"])
def test_non_so_users_cannot_edit_modules(cast, login, persona):
    client = login(getattr(cast, persona))
    module = _module("TH1")
    assert client.get(reverse("modules:module_edit", args=[module.pk])).status_code == 403
    response = client.post(reverse("modules:module_edit", args=[module.pk]), {"title": "Hack", "hours": 1})
    assert response.status_code == 403
    assert client.post(reverse("modules:module_retire", args=[module.pk])).status_code == 403
    assert client.get(reverse("modules:module_create")).status_code == 403
    module.refresh_from_db()
    assert (module.title, module.hours, module.is_retired) == ("", 15, False)


def test_so_officer_edits_a_local_module(cast, login, local_module):
    module = local_module
    client = login(cast.so_officer)
    assert client.get(reverse("modules:module_edit", args=[module.pk])).status_code == 200
    response = client.post(
        reverse("modules:module_edit", args=[module.pk]), {"title": "Đặc điểm học sinh tiểu học", "hours": 10}
    )
    assert response.status_code == 302
    module.refresh_from_db()
    assert (module.title, module.hours) == ("Đặc điểm học sinh tiểu học", 10)
    response = client.post(reverse("modules:module_edit", args=[module.pk]), {"title": "", "hours": "abc"})
    assert response.status_code == 200 and "Số tiết phải là số nguyên." in response.content.decode()


def test_so_officer_adds_a_local_module(cast, login):
    client = login(cast.so_officer)
    data = {"code": "TH-DP9", "level": "TH", "audience": "GV", "title": "Văn hoá địa phương", "hours": 15}
    assert client.post(reverse("modules:module_create"), data).status_code == 302
    assert _module("TH-DP9").owner == cast.so
    response = client.post(reverse("modules:module_create"), {**data, "code": "TH1"})
    assert response.status_code == 200 and "đã có trong danh mục" in response.content.decode()


def test_local_module_of_another_province_is_404(cast, login, local_module):
    client = login(cast.so_z_officer)
    for name in ("module_edit", "module_retire", "module_restore"):
        assert client.get(reverse(f"modules:{name}", args=[local_module.pk])).status_code == 404
    assert client.get(LIST, {"q": "TH-DP1"}).context["page"].paginator.count == 0
    assert login(cast.teacher_a1).get(LIST, {"q": "TH-DP1"}).context["page"].paginator.count == 1
    assert login(cast.teacher_z1).get(LIST, {"q": "dp1"}).context["page"].paginator.count == 0


def test_retire_needs_a_confirmed_post(cast, login, local_module):
    module = local_module
    client = login(cast.so_officer)
    response = client.get(reverse("modules:module_retire", args=[module.pk]))
    assert response.status_code == 200 and 'data-testid="confirm"' in response.content.decode()
    module.refresh_from_db()
    assert not module.is_retired
    assert client.post(reverse("modules:module_retire", args=[module.pk])).status_code == 302
    module.refresh_from_db()
    assert module.is_retired
    assert client.post(reverse("modules:module_restore", args=[module.pk])).status_code == 302
    module.refresh_from_db()
    assert not module.is_retired


# --- topics -----------------------------------------------------------------------------------------------------

TOPICS = reverse("modules:topic_list")


def test_topics_page_lists_by_content_with_quota_totals(cast, login, year, topics):
    response = login(cast.so_officer).get(TOPICS)
    assert response.status_code == 200
    assert response.context["year"] == year
    html = response.content.decode()
    for key in ("so_c1_gv", "phong_a_c2_gv", "phong_b_c2_gv", "so_c1_cbql"):
        assert topics[key].title in html
    assert "Chuyên đề của Sở Z" not in html
    assert 'data-testid="quota-table"' in html and "thiếu 15" in html
    assert response.context["can_publish"]


def test_phong_officer_sees_own_and_so_topics_but_edits_only_own(cast, login, year, topics):
    response = login(cast.phong_a_officer).get(TOPICS, {"year": year.pk})
    html = response.content.decode()
    assert topics["phong_b_c2_gv"].title not in html
    assert topics["so_c1_gv"].title in html
    assert response.context["editable_ids"] == {topics["phong_a_c2_gv"].pk, topics["phong_a_c2_cbql"].pk}


def test_outsiders_get_404_on_another_provinces_topics(cast, login, year, year_z, topics):
    client = login(cast.so_z_officer)
    assert client.get(TOPICS, {"year": year.pk}).status_code == 404
    assert client.get(reverse("modules:topic_create", args=[year.pk])).status_code == 404
    topic = topics["so_c1_gv"]
    for name in ("topic_edit", "topic_delete"):
        assert client.get(reverse(f"modules:{name}", args=[topic.pk])).status_code == 404
        assert client.post(reverse(f"modules:{name}", args=[topic.pk])).status_code == 404
    assert Topic.objects.filter(pk=topic.pk).exists()
    # Their own page shows their own year only.
    assert client.get(TOPICS).context["year"] == year_z


def test_other_phong_gets_404_and_phong_on_so_topic_gets_403(cast, login, year, topics):
    assert (
        login(cast.phong_b_officer).get(reverse("modules:topic_edit", args=[topics["phong_a_c2_gv"].pk])).status_code
        == 404
    )
    assert (
        login(cast.phong_a_officer).get(reverse("modules:topic_edit", args=[topics["so_c1_gv"].pk])).status_code == 403
    )


def test_phong_officer_cannot_publish_content_1(cast, login, year):
    client = login(cast.phong_a_officer)
    data = {"content": 1, "level": "TH", "audience": "GV", "title": "Chính trị", "hours": 10}
    response = client.post(reverse("modules:topic_create", args=[year.pk]), data)
    assert response.status_code == 200
    assert "chỉ ban hành chuyên đề nội dung 2" in response.content.decode()
    assert not Topic.objects.exists()
    response = client.post(reverse("modules:topic_create", args=[year.pk]), {**data, "content": 2})
    assert response.status_code == 302
    assert Topic.objects.get().publisher == cast.phong_a


def test_teacher_cannot_publish(cast, login, year):
    client = login(cast.teacher_a1)
    assert client.get(reverse("modules:topic_create", args=[year.pk])).status_code == 403


def test_publishing_over_the_quota_is_refused(cast, login, year, topics):
    data = {"content": 1, "level": "TH", "audience": "GV", "title": "Thêm", "hours": 5}
    response = login(cast.so_officer).post(reverse("modules:topic_create", args=[year.pk]), data, follow=True)
    assert "vượt định mức 30 tiết" in response.content.decode()
    assert not Topic.objects.filter(title="Thêm").exists()


def test_edit_and_delete_topic_with_confirmation(cast, login, year, topics):
    client = login(cast.phong_a_officer)
    topic = topics["phong_a_c2_gv"]
    data = {"content": 2, "level": "TH", "audience": "GV", "title": "Tên mới", "hours": 12, "order": 3}
    assert client.post(reverse("modules:topic_edit", args=[topic.pk]), data).status_code == 302
    topic.refresh_from_db()
    assert (topic.title, topic.hours, topic.order) == ("Tên mới", 12, 3)
    response = client.get(reverse("modules:topic_delete", args=[topic.pk]))
    assert response.status_code == 200 and "Tên mới" in response.content.decode()
    assert Topic.objects.filter(pk=topic.pk).exists()
    assert client.post(reverse("modules:topic_delete", args=[topic.pk])).status_code == 302
    assert not Topic.objects.filter(pk=topic.pk).exists()


def test_topics_page_without_any_year(cast, login):
    response = login(cast.so_officer).get(TOPICS)
    assert response.status_code == 200
    assert "chưa mở năm học" in response.content.decode()


def test_navigation_items(cast):
    def keys(user):
        return {item["key"] for item in nav_for(user)}

    for persona in ("teacher_a1", "group_head_a1", "principal_a1"):
        assert "catalog" in keys(getattr(cast, persona))
        assert "topics" not in keys(getattr(cast, persona))
    for persona in ("so_officer", "phong_a_officer", "admin"):
        assert {"catalog", "topics"} <= keys(getattr(cast, persona))
