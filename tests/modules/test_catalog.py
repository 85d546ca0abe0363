"""The catalog the migration loads, search, level filter, retiring and the modules a teacher took before."""

import csv
from collections import Counter
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps

from modules import selectors, services
from modules.models import Module
from plans.models import Plan, PlanItem
from years.models import TrainingYear

CSV_PATH = Path(__file__).resolve().parents[2] / "modules" / "data" / "modules.csv"
pytestmark = pytest.mark.django_db


def _csv_rows():
    with CSV_PATH.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_migration_loaded_the_whole_csv_with_per_level_counts():
    national = Module.objects.filter(owner__isnull=True)
    # 180 rows of the TT 26/2012 catalogs and GDPT 2018 (0002) and the 15 GVPT modules of TT 17/2019 (0006).
    assert national.count() == 195
    counts = Counter(national.values_list("level", flat=True))
    assert counts == {"MN": 44, "TH": 45, "THCS": 41, "THPT": 41, "GDPT2018_MD": 9, "GVPT": 15}
    assert set(national.values_list("code", flat=True)) == {row["code"] for row in _csv_rows()}


def test_migration_keeps_csv_order_default_hours_titles_and_sources():
    codes = list(Module.objects.filter(level="TH").order_by("sequence").values_list("code", flat=True))
    assert codes[:3] == ["TH1", "TH2", "TH3"]
    assert codes.index("TH2") < codes.index("TH10")
    md4 = Module.objects.get(code="MĐ4")
    assert md4.title.startswith("Xây dựng kế hoạch dạy học")
    assert md4.hours == 15
    assert "123docz" in md4.source
    assert md4.search_text.startswith("md4 xay dung ke hoach")
    assert Module.objects.filter(hours=15).count() == 180


def test_migration_is_reversible():
    migration = import_module("modules.migrations.0002_load_catalog")
    migration.unload_catalog(django_apps, None)
    assert Module.objects.exclude(level="GVPT").count() == 0  # the GVPT rows are 0006's
    migration.load_catalog(django_apps, None)
    assert Module.objects.exclude(level="GVPT").count() == 180


def test_reverse_leaves_local_modules(local_module):
    import_module("modules.migrations.0002_load_catalog").unload_catalog(django_apps, None)
    assert list(Module.objects.exclude(level="GVPT").values_list("code", flat=True)) == ["TH-DP1"]


def test_load_does_not_overwrite_existing_codes():
    Module.objects.filter(code="TH1").update(title="Tên do Sở sửa")
    import_module("modules.migrations.0002_load_catalog").load_catalog(django_apps, None)
    assert Module.objects.get(code="TH1").title == "Tên do Sở sửa"
    assert Module.objects.exclude(level="GVPT").count() == 180


def test_search_without_diacritics_finds_md4():
    codes = list(selectors.module_search(query="xay dung ke hoach").values_list("code", flat=True))
    assert "MĐ4" in codes
    assert codes == list(selectors.module_search(query="Xây dựng kế hoạch").values_list("code", flat=True))


def test_search_by_code_puts_the_exact_code_first():
    results = list(selectors.module_search(query="TH2").values_list("code", flat=True))
    assert results[0] == "TH2"
    assert "TH1" not in results
    assert set(results) <= {"TH2", *[f"TH{n}" for n in range(20, 30)]}
    assert list(selectors.module_search(query="md4").values_list("code", flat=True))[0] == "MĐ4"


def test_level_filter():
    results = selectors.module_search(level="THCS")
    assert results.count() == 41
    assert set(results.values_list("level", flat=True)) == {"THCS"}
    assert selectors.module_search(query="1", level="MN").filter(code="TH1").count() == 0


def test_catalog_order_is_school_order_with_gdpt_modules_last():
    codes = list(selectors.module_search().values_list("code", flat=True))
    assert codes[0] == "MN1"
    assert codes[-1] == "MĐ9"
    assert codes.index("TH9") < codes.index("TH10") < codes.index("THCS1")


def test_retire_keeps_the_row_and_hides_it_from_plan_building(cast):
    module = Module.objects.get(code="MĐ2")
    services.module_retire(module=module, user=cast.admin)
    module.refresh_from_db()
    assert module.is_retired
    assert Module.objects.filter(code="MĐ2").exists()
    assert not selectors.modules_for_level(level="TH").filter(code="MĐ2").exists()
    assert not selectors.module_search(query="MĐ2").filter(code="MĐ2").exists()
    assert selectors.module_search(query="MĐ2", include_retired=True).filter(code="MĐ2").exists()
    with pytest.raises(services.ModulesError, match="đã ngừng sử dụng"):
        services.module_retire(module=module, user=cast.admin)
    services.module_restore(module=module, user=cast.admin)
    assert selectors.modules_for_level(level="TH").filter(code="MĐ2").exists()


def test_modules_for_level_gives_the_level_catalog_and_gdpt_modules(cast, local_module):
    Module.objects.filter(code__in=["TH1", "TH2"]).update(title="Một mô đun có tên")
    th = selectors.modules_for_level(level="TH")
    assert set(th.values_list("level", flat=True)) == {"TH", "GDPT2018_MD"}
    national = Module.objects.filter(owner__isnull=True, level__in=["TH", "GDPT2018_MD"], is_retired=False)
    assert th.count() == national.exclude(title="").count()
    assert not th.filter(code="TH-DP1").exists()
    assert selectors.modules_for_level(level="TH", unit=cast.school_a1).filter(code="TH-DP1").exists()
    assert not selectors.modules_for_level(level="TH", unit=cast.school_z1).filter(code="TH-DP1").exists()
    assert set(selectors.modules_for_level(level="MN").values_list("level", flat=True)) == {"MN"}


def test_a_module_the_catalog_has_no_title_for_is_not_offered(cast):
    Module.objects.filter(code="TH3").update(title="")
    assert not selectors.modules_for_level(level="TH").filter(code="TH3").exists()
    Module.objects.filter(code="TH3").update(title="Tên mô đun")
    assert selectors.modules_for_level(level="TH").filter(code="TH3").exists()


def test_local_modules_are_seen_only_inside_their_province(cast, local_module):
    assert selectors.modules_visible_to(user=cast.teacher_a1).filter(pk=local_module.pk).exists()
    assert selectors.modules_visible_to(user=cast.phong_b_officer).filter(pk=local_module.pk).exists()
    assert not selectors.modules_visible_to(user=cast.teacher_z1).filter(pk=local_module.pk).exists()
    assert not selectors.modules_visible_to(user=cast.so_z_officer).filter(pk=local_module.pk).exists()
    assert selectors.modules_visible_to(user=cast.admin).filter(pk=local_module.pk).exists()


def test_module_update_by_the_admin_refreshes_search(cast):
    module = Module.objects.get(code="MN1")
    services.module_update(module=module, user=cast.admin, title="  Phát triển  chương trình mầm non ", hours=20)
    module.refresh_from_db()
    assert (module.title, module.hours) == ("Phát triển chương trình mầm non", 20)
    assert selectors.module_search(query="phat trien chuong trinh mam non").filter(code="MN1").exists()


@pytest.mark.parametrize("persona", ["teacher_a1", "principal_a1", "phong_a_officer"])
def test_only_so_and_admin_edit_modules(cast, persona):
    module = Module.objects.get(code="MN1")
    with pytest.raises(services.ModulesError):
        services.module_update(module=module, user=getattr(cast, persona), title="X", hours=15)
    with pytest.raises(services.ModulesError):
        services.module_retire(module=module, user=getattr(cast, persona))
    assert Module.objects.get(code="MN1").title == "" and not Module.objects.get(code="MN1").is_retired


def test_another_so_cannot_touch_a_local_module(cast, local_module):
    with pytest.raises(services.ModulesError):
        services.module_update(module=local_module, user=cast.so_z_officer, title="X", hours=15)
    with pytest.raises(services.ModulesError):
        services.module_retire(module=local_module, user=cast.so_z_officer)


@pytest.mark.parametrize("hours", ["", "abc", 0, 121])
def test_module_update_refuses_bad_hours(cast, hours):
    with pytest.raises(services.ModulesError, match="Số tiết"):
        services.module_update(module=Module.objects.get(code="MN1"), user=cast.admin, title="", hours=hours)


def test_create_local_module(cast):
    module = services.module_create_local(
        user=cast.so_officer, code=" th-dp2 ", level="TH", title="Lịch sử địa phương", hours=10
    )
    assert (module.code, module.owner, module.audience, module.is_retired) == ("TH-DP2", cast.so, "GV", False)
    assert module.sequence > Module.objects.exclude(pk=module.pk).order_by("-sequence").first().sequence
    with pytest.raises(services.ModulesError, match="đã có"):
        services.module_create_local(user=cast.so_officer, code="TH1", level="TH", title="Trùng", hours=15)
    with pytest.raises(services.ModulesError):
        services.module_create_local(user=cast.phong_a_officer, code="X1", level="TH", title="X", hours=15)
    national = services.module_create_local(user=cast.admin, code="TH46", level="TH", title="Mô đun mới", hours=15)
    assert national.owner is None


def _plan(staff, year, *codes):
    plan = Plan.objects.create(year=year, staff=staff, school=staff.unit)
    for index, code in enumerate(codes):
        module = Module.objects.get(code=code)
        PlanItem.objects.create(plan=plan, content=3, module=module, hours=module.hours, order=index)
    return plan


def test_modules_taken_before(cast, year):
    staff = cast.teacher_a1.staff
    year_2023 = TrainingYear.objects.create(department=cast.so, start_year=2023)
    year_2024 = TrainingYear.objects.create(department=cast.so, start_year=2024)
    _plan(staff, year_2023, "TH3", "TH5")
    _plan(staff, year_2024, "TH3", "TH7")
    _plan(staff, year, "TH9")
    _plan(cast.teacher_a2.staff, year_2024, "TH11")
    taken = {m.code: m.last_start_year for m in selectors.modules_taken_before(staff=staff, before_year=year)}
    assert taken == {"TH3": 2024, "TH5": 2023, "TH7": 2024}
    earlier = selectors.modules_taken_before(staff=staff, before_year=year_2024)
    assert {m.code for m in earlier} == {"TH3", "TH5"}
    assert {m.code for m in selectors.modules_taken_before(staff=staff)} == {"TH3", "TH5", "TH7", "TH9"}
