"""The TT 26/2012 content-3 catalogs: every module with a title in the CSV has it in the database, from a source."""

import csv
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps

from core.vietnamese import fold
from modules.models import Module

CSV_PATH = Path(__file__).resolve().parents[2] / "modules" / "data" / "modules.csv"
TT26_LEVELS = ("MN", "TH", "THCS", "THPT")


def _titled_tt26_rows():
    with CSV_PATH.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["level"] in TT26_LEVELS]
    return [row for row in rows if row["title_vi"].strip()]


def _fill_titles():
    import_module("modules.migrations.0003_catalog_titles").fill_titles(django_apps, None)


def test_the_csv_has_titles_for_the_tt26_catalogs():
    assert _titled_tt26_rows()


def test_a_titled_row_names_its_source_and_is_not_marked_unconfirmed():
    for row in _titled_tt26_rows():
        assert row["source"].strip(), row["code"]
        assert "UNCONFIRMED" not in row["source"].upper(), row["code"]


@pytest.mark.django_db
def test_every_titled_national_module_has_its_title_after_migrations():
    for row in _titled_tt26_rows():
        module = Module.objects.get(code=row["code"], level=row["level"], owner__isnull=True)
        assert module.title == " ".join(row["title_vi"].split())
        assert module.search_text == fold(f"{module.code} {module.title}")


@pytest.mark.django_db
def test_the_migration_fills_titles_a_database_loaded_without_them_lacks():
    # A database where 0002 ran while the CSV had no titles: codes only.
    titled = {row["code"] for row in _titled_tt26_rows()}
    before = {m.code: (m.hours, m.group, m.source, m.sequence, m.is_retired) for m in Module.objects.all()}
    Module.objects.filter(code__in=titled).update(title="", search_text="")

    _fill_titles()

    for row in _titled_tt26_rows():
        module = Module.objects.get(code=row["code"])
        assert module.title == " ".join(row["title_vi"].split())
        assert module.search_text.startswith(fold(row["code"]) + " ")
    after = {m.code: (m.hours, m.group, m.source, m.sequence, m.is_retired) for m in Module.objects.all()}
    assert after == before


@pytest.mark.django_db
def test_the_migration_keeps_a_title_already_typed_and_leaves_local_modules(local_module):
    code = _titled_tt26_rows()[0]["code"]
    Module.objects.filter(code=code).update(title="Tên do Bộ nhập tay")

    _fill_titles()

    assert Module.objects.get(code=code).title == "Tên do Bộ nhập tay"
    local_module.refresh_from_db()
    assert local_module.title == "Giáo dục địa phương tỉnh A"
