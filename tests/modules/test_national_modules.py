"""National modules are changed by the Ministry-level admin only; a Sở adds and edits its own province's modules."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from modules import importers, selectors, services
from modules.models import Module

from .conftest import catalog_snapshot, xlsx_upload

pytestmark = pytest.mark.django_db


def test_a_so_officer_cannot_rename_a_national_module(cast):
    national = Module.objects.get(code="TH1")

    with pytest.raises(services.ModulesError, match="Bộ GD&ĐT"):
        services.module_update(module=national, user=cast.so_officer, title="Tên của tỉnh A", hours=5)

    national.refresh_from_db()
    assert (national.title, national.hours) != ("Tên của tỉnh A", 5)


def test_a_so_officer_cannot_retire_a_national_module(cast):
    national = Module.objects.get(code="TH1")

    with pytest.raises(services.ModulesError):
        services.module_retire(module=national, user=cast.so_officer)

    national.refresh_from_db()
    assert not national.is_retired


def test_the_edit_and_retire_pages_of_a_national_module_are_closed_to_a_so(cast, login):
    national = Module.objects.get(code="TH1")
    client = login(cast.so_officer)

    assert client.get(reverse("modules:module_edit", args=[national.pk])).status_code == 403
    assert client.post(reverse("modules:module_retire", args=[national.pk])).status_code == 403
    listing = client.get(reverse("modules:module_list"), {"q": "TH1"})
    assert national.pk not in listing.context["editable_ids"]


def test_a_so_import_cannot_change_a_national_module(cast):
    before = catalog_snapshot()

    result = services.catalog_import(file=xlsx_upload([("TH1", "TH", "Tên của tỉnh A", 5, "")]), user=cast.so_officer)

    assert not result.ok
    assert "Bộ GD&ĐT" in result.errors[0].message
    assert catalog_snapshot() == before


def test_the_so_template_holds_only_its_own_modules(cast, local_module):
    workbook = load_workbook(io.BytesIO(importers.catalog_template_build(user=cast.so_officer)))
    codes = [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True) if row[0]]
    assert codes == ["TH-DP1"]


def test_a_so_officer_edits_and_retires_its_own_local_module(cast, local_module):
    services.module_update(module=local_module, user=cast.so_officer, title="Lịch sử tỉnh A", hours=10)
    services.module_retire(module=local_module, user=cast.so_officer)

    local_module.refresh_from_db()
    assert (local_module.title, local_module.hours, local_module.is_retired) == ("Lịch sử tỉnh A", 10, True)


def test_the_admin_changes_a_national_module(cast):
    national = Module.objects.get(code="TH1")

    services.module_update(module=national, user=cast.admin, title="Tên mới", hours=20)

    national.refresh_from_db()
    assert (national.title, national.hours) == ("Tên mới", 20)
    assert selectors.can_edit_module(cast.admin, national)


def test_the_catalogs_source_notes_are_for_the_admin_only(cast, login, local_module):
    local_module.source = "36/2011/TT-BGDĐT (code range from brief, UNCONFIRMED; title not found)"
    local_module.save()
    url = reverse("modules:module_edit", args=[local_module.pk])

    assert "UNCONFIRMED" not in login(cast.so_officer).get(url).content.decode()
    assert "UNCONFIRMED" in login(cast.admin).get(url).content.decode()
