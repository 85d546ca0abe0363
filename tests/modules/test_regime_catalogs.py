"""Catalogs by regime, level and audience; the 2019 GVPT modules; rows without a confirmed title; the catalog import
with its audience and regime columns (issue 14, deliverable 2)."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from modules import services
from modules.catalogs import (
    CATALOGS_FOR_LEVEL,
    ETEP_OVERLAPS,
    audiences_of_catalog,
    catalogs_for,
    overlapping_pairs,
    rulesets_of_catalog,
)
from modules.models import Module

from .conftest import xlsx_upload

HEADER = ("Mã mô đun", "Cấp học", "Tên mô đun", "Số tiết", "Nhóm", "Đối tượng", "Quy chế")
STANDARDS = (
    "I. Phẩm chất nhà giáo",
    "II. Phát triển chuyên môn, nghiệp vụ",
    "III. Xây dựng môi trường giáo dục",
    "IV. Phát triển mối quan hệ giữa nhà trường, gia đình và xã hội",
    "V. Sử dụng ngoại ngữ hoặc tiếng dân tộc, ứng dụng công nghệ thông tin",
)


# ---------------------------------------------------------------------------------------------------------------
# catalogs_for
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["MN", "TH", "THCS", "THPT", "GDTX"])
@pytest.mark.parametrize("audience", ["GV", "CBQL"])
def test_tt26_keeps_todays_mapping_for_both_audiences(level, audience):
    assert catalogs_for("TT26_2012", level, audience) == CATALOGS_FOR_LEVEL[level]


@pytest.mark.parametrize(
    ("level", "audience", "expected"),
    [
        ("TH", "GV", {"GVPT", "GDPT2018_MD"}),
        ("THCS", "GV", {"GVPT", "GDPT2018_MD"}),
        ("THPT", "GV", {"GVPT", "GDPT2018_MD"}),
        ("GDTX", "GV", {"GVPT", "GDPT2018_MD"}),
        ("MN", "GV", {"GVMN"}),
        ("MN", "CBQL", {"CBQL_MN"}),
        ("TH", "CBQL", {"CBQL_GDPT"}),
        ("THCS", "CBQL", {"CBQL_GDPT"}),
        ("THPT", "CBQL", {"CBQL_GDPT"}),
        ("GDTX", "CBQL", {"CBQL_GDPT"}),
    ],
)
def test_tt19_catalogs_by_level_and_audience(level, audience, expected):
    assert catalogs_for("TT19_2019", level, audience) == expected


def test_tt26_spot_values_and_an_unknown_level():
    assert catalogs_for("TT26_2012", "TH", "GV") == {"TH", "GDPT2018_MD"}
    assert catalogs_for("TT26_2012", "GDTX", "CBQL") == {"GDTX", "THPT", "GDPT2018_MD"}
    assert catalogs_for("TT19_2019", "XYZ", "GV") == {"XYZ"}


def test_regimes_and_audiences_of_each_catalog():
    assert rulesets_of_catalog("GVMN") == {"TT19_2019"}
    assert rulesets_of_catalog("CBQL_GDPT") == {"TT19_2019"}
    assert rulesets_of_catalog("TH") == {"TT26_2012"}
    assert rulesets_of_catalog("GDPT2018_MD") == {"TT26_2012", "TT19_2019"}
    assert audiences_of_catalog("GVPT") == {"GV"}
    assert audiences_of_catalog("CBQL_MN") == {"CBQL"}
    assert audiences_of_catalog("TH") == {"GV", "CBQL"}


def test_etep_overlap_map():
    assert ETEP_OVERLAPS == {"MĐ4": "GVPT04", "MĐ2": "GVPT05", "MĐ5": "GVPT07", "MĐ9": "GVPT15"}
    assert overlapping_pairs(["MĐ4", "GVPT04", "MĐ2", "GVPT06"]) == [("MĐ4", "GVPT04")]


# ---------------------------------------------------------------------------------------------------------------
# The GVPT catalog
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_gvpt_catalog_loaded_with_15_rows_of_20_tiet_grouped_by_the_five_standards():
    gvpt = list(Module.objects.filter(level="GVPT").order_by("sequence"))
    assert [m.code for m in gvpt] == [f"GVPT{n:02d}" for n in range(1, 16)]
    assert {m.hours for m in gvpt} == {20}
    assert {m.audience for m in gvpt} == {"GV"}
    assert {m.owner_id for m in gvpt} == {None}
    assert {m.group for m in gvpt} == set(STANDARDS)
    by_code = {m.code: m for m in gvpt}
    assert by_code["GVPT01"].group == STANDARDS[0]
    assert by_code["GVPT01"].title == "Nâng cao phẩm chất đạo đức nhà giáo trong bối cảnh hiện nay"
    assert by_code["GVPT13"].group == STANDARDS[3] and by_code["GVPT15"].group == STANDARDS[4]
    assert [m.code for m in gvpt if not m.title] == ["GVPT13", "GVPT15"]
    assert all(m.source for m in gvpt)  # kept for the admin
    assert "UNCONFIRMED" in by_code["GVPT13"].source


@pytest.mark.django_db
def test_a_row_without_a_confirmed_title_is_shown_by_code_and_group():
    module = Module.objects.get(code="GVPT13")
    assert str(module) == f"GVPT13 — nhóm {STANDARDS[3]}"
    assert module.display_title == f"nhóm {STANDARDS[3]}"
    assert "UNCONFIRMED" not in str(module)
    assert str(Module.objects.get(code="GVPT01")).startswith("GVPT01 — Nâng cao phẩm chất")


@pytest.mark.django_db
def test_rerunning_the_catalog_migrations_is_harmless():
    before = {m.code: (m.title, m.hours, m.group, m.source, m.sequence) for m in Module.objects.all()}
    import_module("modules.migrations.0002_load_catalog").load_catalog(django_apps, None)
    import_module("modules.migrations.0003_catalog_titles").fill_titles(django_apps, None)
    import_module("modules.migrations.0006_load_gvpt_catalog").load_gvpt(django_apps, None)
    after = {m.code: (m.title, m.hours, m.group, m.source, m.sequence) for m in Module.objects.all()}
    assert after == before
    # 0002's reverse leaves the GVPT rows: they are not its own.
    import_module("modules.migrations.0002_load_catalog").unload_catalog(django_apps, None)
    assert Module.objects.filter(level="GVPT").count() == 15


@pytest.mark.django_db
def test_the_gvpt_migration_loads_a_database_that_lacks_them_and_keeps_a_typed_title():
    Module.objects.filter(level="GVPT").exclude(code="GVPT13").delete()
    Module.objects.filter(code="GVPT13").update(title="Tên do Bộ nhập")
    import_module("modules.migrations.0006_load_gvpt_catalog").load_gvpt(django_apps, None)
    assert Module.objects.filter(level="GVPT").count() == 15
    assert Module.objects.get(code="GVPT13").title == "Tên do Bộ nhập"
    assert Module.objects.get(code="GVPT15").title == ""
    assert Module.objects.get(code="GVPT02").search_text.startswith("gvpt02 xay dung phong cach")


@pytest.mark.django_db
def test_catalog_page_as_a_teacher_shows_code_and_group_and_no_developer_note(cast, login):
    html = login(cast.teacher_a1).get(reverse("modules:module_list"), {"level": "GVPT"}).content.decode()
    assert 'data-code="GVPT13"' in html
    assert f"GVPT13 — nhóm {STANDARDS[3]}" in html
    assert "UNCONFIRMED" not in html and "title not found" not in html
    assert "Cần bổ sung tên" not in html
    response = login(cast.teacher_a1).get(reverse("modules:module_list"), {"level": "GVPT", "needs_title": "on"})
    assert response.context["page"].paginator.count == 15  # the filter is for those who can give a title


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin", "so_officer"])
def test_catalog_page_shows_admins_and_the_so_which_rows_need_a_title(cast, login, who):
    client = login(getattr(cast, who))
    html = client.get(reverse("modules:module_list"), {"level": "GVPT"}).content.decode()
    assert html.count('data-testid="needs-title-badge"') == 2
    assert 'data-testid="needs-title-filter"' in html
    response = client.get(reverse("modules:module_list"), {"level": "GVPT", "needs_title": "on"})
    assert [m.code for m in response.context["page"].object_list] == ["GVPT13", "GVPT15"]
    assert "UNCONFIRMED" not in response.content.decode()


# ---------------------------------------------------------------------------------------------------------------
# Import with audience and regime
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_imports_the_2019_catalogs_with_audience_and_regime(cast):
    upload = xlsx_upload(
        [
            ("GVMN01", "GVMN", "Đạo đức nhà giáo mầm non", 20, "I. Phẩm chất nhà giáo", "GV", "TT19_2019"),
            ("CBQLMN01", "CBQL_MN", "Quản trị trường mầm non", 20, "Nhóm 1", "Cán bộ quản lý", "TT 19/2019"),
            ("CBQLPT01", "CBQL_GDPT", "Quản trị nhà trường phổ thông", 20, "", "", "TT19"),
            ("TH-DP9", "TH", "Giáo dục địa phương", 15, "", "", "TT26_2012"),
            ("MĐ-X", "GDPT2018_MD", "Mô đun thử", 15, "", "GV", "TT19_2019"),
        ],
        header=HEADER,
    )
    result = services.catalog_import(file=upload, user=cast.admin)
    assert result.ok, result.errors
    assert result.created == 5
    gvmn = Module.objects.get(code="GVMN01")
    assert (gvmn.level, gvmn.audience, gvmn.hours, gvmn.owner) == ("GVMN", "GV", 20, None)
    assert Module.objects.get(code="CBQLMN01").audience == "CBQL"
    # No audience given: the catalog's own (a CBQL catalog serves managers).
    assert Module.objects.get(code="CBQLPT01").audience == "CBQL"
    assert Module.objects.get(code="TH-DP9").audience == "GV"


@pytest.mark.django_db
def test_import_refuses_a_row_whose_regime_or_audience_does_not_fit_its_catalog(cast):
    before = Module.objects.count()
    upload = xlsx_upload(
        [
            ("GVMN01", "GVMN", "Đạo đức nhà giáo mầm non", 20, "", "GV", "TT26_2012"),
            ("CBQLPT01", "CBQL_GDPT", "Quản trị nhà trường", 20, "", "CBQL", "TT 26/2012"),
            ("GVPT99", "GVPT", "Mô đun thử", 20, "", "CBQL", "TT19_2019"),
            ("TH-DP9", "TH", "Giáo dục địa phương", 15, "", "GV", "TT19_2019"),
            ("TH-DP8", "TH", "Giáo dục địa phương 2", 15, "", "HS", "Quy chế lạ"),
            ("CBQLPT02", "CBQL_GDPT", "Quản trị nhà trường 2", 20, "", "CBQL", "TT19_2019"),  # a good row
        ],
        header=HEADER,
    )
    result = services.catalog_import(file=upload, user=cast.admin)
    assert not result.ok
    messages = {(error.row, error.message) for error in result.errors}
    rows = {row for row, _message in messages}
    assert rows == {2, 3, 4, 5, 6}
    text = " ".join(message for _row, message in messages)
    assert (
        "Giáo viên mầm non (Thông tư 12/2019) chỉ dùng cho năm học theo TT 19/2019, không dùng được theo TT 26/2012"
        in text
    )
    assert "Cán bộ quản lý phổ thông (Thông tư 18/2019) chỉ dùng cho năm học theo TT 19/2019" in text
    assert "dành cho giáo viên, không cho cán bộ quản lý" in text
    assert "Tiểu học chỉ dùng cho năm học theo TT 26/2012" in text
    assert "Đối tượng “HS” không hợp lệ" in text and "Quy chế “Quy chế lạ” không hợp lệ" in text
    assert Module.objects.count() == before  # all or nothing


@pytest.mark.django_db
def test_import_template_has_the_audience_and_regime_columns(cast, login):
    from io import BytesIO

    from openpyxl import load_workbook

    response = login(cast.admin).get(reverse("modules:catalog_template"))
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADER
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["GVPT01"][1:] == (
        "GVPT",
        "Nâng cao phẩm chất đạo đức nhà giáo trong bối cảnh hiện nay",
        20,
        "I. Phẩm chất nhà giáo",
        "GV",
        "TT19_2019",
    )
    assert by_code["TH1"][5:] == ("GV", "TT26_2012")
    assert by_code["MĐ4"][6] in (None, "")
