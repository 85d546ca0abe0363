"""Sắp xếp lại đơn vị in the app: move, dissolve, merge, rename — by the Sở officer in their province and the admin,
each previewed, confirmed with a reason, run all or nothing and written to the audit log."""

import pytest
from django.urls import reverse

from accounts import restructure, scoping, services
from accounts.models import OrgUnit, Role, Staff, User
from accounts.services import AccountsError
from audit.models import AuditEntry
from audit.registry import describe
from plans.models import Plan, PlanStatus
from reports.models import ReportStatus, UnitReport
from tests.factories import OrgUnitFactory, StaffFactory, UserFactory
from years.models import TrainingYear

pytestmark = pytest.mark.django_db

K = OrgUnit.Kind
REASON = "Quyết định 123/QĐ-UBND"


def _fresh(unit):
    return OrgUnit.objects.get(pk=unit.pk)


def _commune(cast, code, name):
    return OrgUnitFactory(kind=K.COMMUNE, code=code, name=name, parent=cast.so, levels="")


@pytest.fixture
def communes(cast):
    return _commune(cast, "XA-1", "UBND xã Một"), _commune(cast, "XA-2", "UBND phường Hai")


def _url(name, unit):
    return reverse(f"accounts:unit_{name}", args=[unit.pk])


# ---------------------------------------------------------------------------------------------------------- move


def test_the_so_officer_moves_a_school_through_form_preview_and_confirmation(cast, login):
    client = login(cast.so_officer)
    url = _url("move", cast.school_a2)
    form = client.get(url)
    assert form.status_code == 200 and 'name="new_parent"' in form.content.decode()

    preview = client.post(url, {"new_parent": cast.phong_b.pk}).content.decode()
    assert "xem trước" in preview and 'name="reason"' in preview
    assert _fresh(cast.school_a2).parent_id == cast.phong_a.pk  # a preview changes nothing

    unreasoned = client.post(url, {"new_parent": cast.phong_b.pk, "confirm": "1", "reason": ""})
    assert unreasoned.status_code == 200 and "Hãy ghi lý do" in unreasoned.content.decode()
    assert _fresh(cast.school_a2).parent_id == cast.phong_a.pk

    done = client.post(url, {"new_parent": cast.phong_b.pk, "confirm": "1", "reason": REASON}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("accounts:unit_detail", args=[cast.school_a2.pk])
    assert "Đã chuyển" in done.content.decode()
    assert _fresh(cast.school_a2).parent_id == cast.phong_b.pk
    entry = AuditEntry.objects.get(action="accounts.unit.moved", object_id=cast.school_a2.pk)
    assert (entry.actor, entry.reason, entry.after) == (cast.so_officer, REASON, cast.phong_b.name)


def test_a_middle_tier_officer_cannot_restructure_even_their_own_schools(cast, login, communes):
    client = login(cast.phong_a_officer)
    for name in ("move", "merge", "rename"):
        assert client.get(_url(name, cast.school_a1)).status_code == 403
    assert client.get(_url("dissolve", cast.phong_a)).status_code == 403
    page = client.get(reverse("accounts:unit_detail", args=[cast.school_a1.pk])).content.decode()
    assert 'data-testid="unit-restructure"' not in page
    with pytest.raises(AccountsError, match="phạm vi"):
        restructure.move(cast.school_a1, cast.phong_a, actor=cast.phong_a_officer, reason=REASON)
    with pytest.raises(AccountsError, match="phạm vi"):
        restructure.dissolve(
            cast.phong_a,
            {cast.school_a1.pk: communes[0], cast.school_a2.pk: communes[1]},
            actor=cast.phong_a_officer,
            reason=REASON,
        )


def test_outside_the_province_the_pages_are_not_found_and_the_services_refuse(cast, login, communes):
    client = login(cast.so_z_officer)
    for name, unit in (("move", cast.school_a1), ("merge", cast.school_a1), ("rename", cast.school_a1)):
        assert client.get(_url(name, unit)).status_code == 404
    assert client.post(_url("dissolve", cast.phong_a), {}).status_code == 404
    with pytest.raises(AccountsError, match="phạm vi"):
        restructure.merge(cast.school_z1, cast.school_a1, actor=cast.so_z_officer, reason=REASON)
    with pytest.raises(AccountsError, match="phạm vi"):
        restructure.rename(cast.school_a1, name="X", code="X", actor=cast.so_z_officer, reason=REASON)


def test_the_unit_page_offers_the_operations_to_the_so_officer(cast, login):
    client = login(cast.so_officer)
    phong = client.get(reverse("accounts:unit_detail", args=[cast.phong_a.pk])).content.decode()
    for name in ("move", "dissolve", "merge", "rename"):
        assert _url(name, cast.phong_a) in phong
    school = client.get(reverse("accounts:unit_detail", args=[cast.school_a1.pk])).content.decode()
    assert _url("merge", cast.school_a1) in school and _url("dissolve", cast.school_a1) not in school
    own_so = client.get(reverse("accounts:unit_detail", args=[cast.so.pk])).content.decode()
    assert _url("rename", cast.so) in own_so
    assert _url("merge", cast.so) not in own_so and _url("move", cast.so) not in own_so  # the admin's
    assert client.get(_url("merge", cast.so)).status_code == 404
    assert client.get(_url("dissolve", cast.school_a1)).status_code == 404


def test_a_reason_is_required_by_the_services_too(cast):
    with pytest.raises(AccountsError, match="lý do"):
        restructure.move(cast.school_a2, cast.phong_b, actor=cast.so_officer, reason=" ")


# ------------------------------------------------------------------------------------------------------ dissolve


def test_dissolving_a_phong_sends_each_school_to_its_commune_and_closes_the_phong(cast, communes):
    xa_1, xa_2 = communes
    preview = restructure.preview_dissolve(
        cast.phong_a, {cast.school_a1.pk: xa_1, cast.school_a2.pk: xa_2}, actor=cast.so_officer
    )
    assert [(moved.pk, to.pk) for moved, to in preview.moves] == [
        (cast.school_a1.pk, xa_1.pk),
        (cast.school_a2.pk, xa_2.pk),
    ]
    assert preview.accounts_closed == [cast.phong_a_officer]
    assert preview.staff_count == 5  # four in A1, one in A2

    restructure.dissolve(
        cast.phong_a, {cast.school_a1.pk: xa_1, cast.school_a2.pk: xa_2}, actor=cast.so_officer, reason=REASON
    )

    phong = _fresh(cast.phong_a)
    assert not phong.is_active and phong.parent_id == cast.so.pk  # kept in the tree
    assert _fresh(cast.school_a1).path.startswith(xa_1.path) and _fresh(cast.school_a2).path.startswith(xa_2.path)
    assert not User.objects.get(pk=cast.phong_a_officer.pk).is_active
    assert User.objects.get(pk=cast.phong_a_officer.pk).unit_id == cast.phong_a.pk
    dissolved = AuditEntry.objects.get(action="accounts.unit.dissolved")
    assert (dissolved.actor, dissolved.unit_id, dissolved.reason) == (cast.so_officer, cast.phong_a.pk, REASON)
    sentence = describe(dissolved)
    assert "giải thể" in sentence and xa_1.name in sentence and "phong_a" in sentence
    assert AuditEntry.objects.filter(action="accounts.unit.moved", reason=REASON).count() == 2


def test_the_dissolve_pages_list_what_moves_and_the_accounts_to_close(cast, login, communes):
    xa_1, xa_2 = communes
    client = login(cast.so_officer)
    url = _url("dissolve", cast.phong_a)
    form = client.get(url).content.decode()
    assert f'name="school_{cast.school_a1.pk}"' in form and f'name="school_{cast.school_a2.pk}"' in form
    assert f'<option value="{cast.so.pk}"' in form and f'<option value="{cast.phong_b.pk}"' in form
    assert f'<option value="{cast.phong_a.pk}"' not in form

    missing = client.post(url, {f"school_{cast.school_a1.pk}": xa_1.pk})
    assert "Hãy chọn nơi chuyển đến cho trường này." in missing.content.decode()

    data = {f"school_{cast.school_a1.pk}": xa_1.pk, f"school_{cast.school_a2.pk}": cast.so.pk}
    preview = client.post(url, data).content.decode()
    assert 'data-testid="preview-accounts-closed"' in preview and "phong_a" in preview
    assert xa_1.name in preview and cast.school_a2.name in preview

    client.post(url, {**data, "confirm": "1", "reason": REASON})
    assert not _fresh(cast.phong_a).is_active
    assert _fresh(cast.school_a2).parent_id == cast.so.pk
    closed = client.get(reverse("accounts:unit_detail", args=[cast.phong_a.pk])).content.decode()
    assert 'data-testid="unit-closed"' in closed and _url("dissolve", cast.phong_a) not in closed


def test_every_school_needs_a_destination_of_the_same_so(cast, communes):
    with pytest.raises(AccountsError, match="Chưa chọn nơi chuyển đến cho: Trường Tiểu học A2"):
        restructure.dissolve(cast.phong_a, {cast.school_a1.pk: communes[0]}, actor=cast.so_officer, reason=REASON)
    with pytest.raises(AccountsError, match="cùng Sở"):
        restructure.dissolve(
            cast.phong_a,
            {cast.school_a1.pk: communes[0], cast.school_a2.pk: cast.so_z},
            actor=cast.admin,
            reason=REASON,
        )
    with pytest.raises(AccountsError, match="Chỉ giải thể"):
        restructure.dissolve(cast.school_a1, {}, actor=cast.so_officer, reason=REASON)
    assert _fresh(cast.phong_a).is_active and _fresh(cast.school_a1).parent_id == cast.phong_a.pk


def test_a_dissolve_that_fails_halfway_leaves_nothing_changed(cast, communes, monkeypatch):
    def fail(*args, **kwargs):
        raise AccountsError("hỏng giữa chừng")

    monkeypatch.setattr(restructure, "_close_unit", fail)  # after both schools have moved
    paths = {unit.pk: unit.path for unit in OrgUnit.objects.all()}
    with pytest.raises(AccountsError, match="hỏng giữa chừng"):
        restructure.dissolve(
            cast.phong_a,
            {cast.school_a1.pk: communes[0], cast.school_a2.pk: communes[1]},
            actor=cast.so_officer,
            reason=REASON,
        )
    assert {unit.pk: unit.path for unit in OrgUnit.objects.all()} == paths
    assert _fresh(cast.phong_a).is_active and User.objects.get(pk=cast.phong_a_officer.pk).is_active
    assert not AuditEntry.objects.filter(action="accounts.unit.moved").exists()


def test_each_operation_runs_the_before_restructure_hooks_once(cast, communes, monkeypatch):
    calls = []
    monkeypatch.setattr(services, "_BEFORE_RESTRUCTURE", [lambda: calls.append(1)])
    restructure.dissolve(
        cast.phong_a,
        {cast.school_a1.pk: communes[0], cast.school_a2.pk: communes[1]},
        actor=cast.so_officer,
        reason=REASON,
    )
    assert len(calls) == 1
    restructure.rename(cast.school_t1, name="Trường THPT Mới", code="T1-MOI", actor=cast.so_officer, reason=REASON)
    assert len(calls) == 2


# --------------------------------------------------------------------------------------------------------- merge


def test_merging_two_schools_moves_the_staff_and_their_accounts(cast, login):
    moving = cast.teacher_a2
    preview = restructure.preview_merge(cast.school_a2, cast.school_a1, actor=cast.so_officer)
    assert (preview.staff_moved, preview.accounts_moved, preview.closes_unit) == (1, 1, True)

    client = login(cast.so_officer)
    url = _url("merge", cast.school_a2)
    page = client.post(url, {"target": cast.school_a1.pk}).content.decode()
    assert 'data-testid="preview-staff-moved"' in page
    response = client.post(url, {"target": cast.school_a1.pk, "confirm": "1", "reason": REASON}, follow=True)
    assert "Đã sáp nhập" in response.content.decode()

    assert not _fresh(cast.school_a2).is_active
    assert Staff.objects.get(pk=moving.staff_id).unit_id == cast.school_a1.pk
    assert User.objects.get(pk=moving.pk).unit_id == cast.school_a1.pk
    assert not Staff.objects.filter(unit=cast.school_a2).exists()
    merged = AuditEntry.objects.get(action="accounts.unit.merged")
    assert (merged.before, merged.after, merged.reason) == (cast.school_a2.name, cast.school_a1.name, REASON)
    assert describe(merged).endswith(f"đã sáp nhập {cast.school_a2.name} vào {cast.school_a1.name}")
    staff_entry = AuditEntry.objects.get(action="accounts.staff.changed", person_id=moving.staff_id)
    assert staff_entry.reason == REASON


def test_a_school_taking_in_another_level_teaches_both(cast, login):
    preview = restructure.preview_merge(cast.school_b1, cast.school_a1, actor=cast.so_officer)
    assert len(preview.warnings) == 1 and "khác cấp học" in preview.warnings[0]
    page = login(cast.so_officer).post(_url("merge", cast.school_b1), {"target": cast.school_a1.pk}).content.decode()
    assert 'data-testid="preview-warnings"' in page and "trường nhiều cấp học (TH, THCS)" in page
    restructure.merge(cast.school_b1, cast.school_a1, actor=cast.so_officer, reason=REASON)
    assert _fresh(cast.school_a1).level_list == ["TH", "THCS"]


def test_two_schools_of_one_level_merge_without_a_warning(cast):
    assert restructure.preview_merge(cast.school_a2, cast.school_a1, actor=cast.so_officer).warnings == []


def test_the_admin_is_warned_when_a_merge_crosses_provinces(cast):
    preview = restructure.preview_merge(cast.school_z1, cast.school_a1, actor=cast.admin)
    assert any("chuyển sang tỉnh khác" in warning for warning in preview.warnings)


def test_merging_two_phong_moves_the_schools_and_closes_the_officers_accounts(cast):
    restructure.merge(cast.phong_b, cast.phong_a, actor=cast.so_officer, reason=REASON)
    assert _fresh(cast.school_b1).path.startswith(_fresh(cast.phong_a).path)
    assert not _fresh(cast.phong_b).is_active
    assert not User.objects.get(pk=cast.phong_b_officer.pk).is_active
    assert User.objects.get(pk=cast.phong_a_officer.pk).is_active


@pytest.mark.parametrize(
    ("source", "target", "actor", "message"),
    [
        ("school_a1", "phong_b", "so_officer", "cùng loại"),
        ("phong_a", "phong_a", "so_officer", "chính nó"),
        ("so_z", "so", "so_officer", "quản trị"),
        ("so", "so", "admin", "chính nó"),
        ("school_a1", "school_z1", "so_officer", "phạm vi"),
        ("school_a1", "school_a2", "phong_a_officer", "phạm vi"),
    ],
)
def test_merges_that_make_no_sense_are_refused(cast, source, target, actor, message):
    with pytest.raises(AccountsError, match=message):
        restructure.merge(getattr(cast, source), getattr(cast, target), actor=getattr(cast, actor), reason=REASON)
    assert _fresh(getattr(cast, source)).is_active


def test_only_the_admin_merges_a_so(cast, login):
    with pytest.raises(AccountsError, match="Chỉ quản trị hệ thống"):
        restructure.merge(cast.so_z, cast.so, actor=cast.so_officer, reason=REASON)
    assert not restructure.merge_targets(cast.so, cast.so_officer).exists()
    assert list(restructure.merge_targets(cast.so, cast.admin)) == [cast.so_z]
    assert (
        _url("merge", cast.so)
        in login(cast.admin).get(reverse("accounts:unit_detail", args=[cast.so.pk])).content.decode()
    )


def test_a_merge_into_a_closed_unit_is_refused(cast):
    closed = OrgUnitFactory(code="A9", name="Trường cũ", parent=cast.phong_a, levels="TH", is_active=False)
    with pytest.raises(AccountsError, match="ngừng hoạt động"):
        restructure.merge(cast.school_a1, closed, actor=cast.so_officer, reason=REASON)


# -------------------------------------------------------------------------------------------------------- rename


def test_renaming_and_recoding_a_unit(cast, login):
    client = login(cast.so_officer)
    url = _url("rename", cast.school_a1)
    assert 'value="A1"' in client.get(url).content.decode()
    preview = client.post(url, {"name": "Trường Tiểu học Hoà Bình", "code": "A1-HB"}).content.decode()
    assert 'data-testid="preview-changes"' in preview and "A1-HB" in preview
    client.post(url, {"name": "Trường Tiểu học Hoà Bình", "code": "A1-HB", "confirm": "1", "reason": REASON})

    unit = _fresh(cast.school_a1)
    assert (unit.name, unit.code, unit.path) == ("Trường Tiểu học Hoà Bình", "A1-HB", cast.school_a1.path)
    renamed = AuditEntry.objects.get(action="accounts.unit.renamed")
    assert renamed.reason == REASON
    assert "A1 → A1-HB" in describe(renamed) and "Trường Tiểu học A1 → Trường Tiểu học Hoà Bình" in describe(renamed)


def test_a_code_already_taken_or_nothing_changed_is_refused(cast, login):
    with pytest.raises(AccountsError, match="đã được dùng"):
        restructure.rename(cast.school_a1, name="Trường A1", code="b1", actor=cast.so_officer, reason=REASON)
    with pytest.raises(AccountsError, match="không thay đổi"):
        restructure.rename(cast.school_a1, name=cast.school_a1.name, code="A1", actor=cast.so_officer, reason=REASON)
    page = login(cast.so_officer).post(_url("rename", cast.school_a1), {"name": "X", "code": "Z1"}).content.decode()
    assert "đã được dùng" in page
    assert _fresh(cast.school_a1).code == "A1"


# ------------------------------------------------------------------------------------------------------- preview


def test_the_preview_counts_open_plans_and_reports_of_the_current_year(cast):
    year = TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)
    old_year = TrainingYear.objects.create(department=cast.so, start_year=2024, is_current=False)
    a1, a2 = cast.teacher_a1.staff, cast.teacher_a2.staff
    Plan.objects.create(year=year, staff=a1, school=cast.school_a1, status=PlanStatus.SUBMITTED)
    Plan.objects.create(year=year, staff=a2, school=cast.school_a2, status=PlanStatus.DRAFT)
    Plan.objects.create(year=year, staff=cast.principal_a1.staff, school=cast.school_a1, status=PlanStatus.APPROVED)
    Plan.objects.create(year=old_year, staff=a2, school=cast.school_a2, status=PlanStatus.DRAFT)
    Plan.objects.create(year=year, staff=cast.teacher_b1.staff, school=cast.school_b1, status=PlanStatus.DRAFT)
    UnitReport.objects.create(year=year, unit=cast.school_a1, kind="SCHOOL_REPORT", status=ReportStatus.SUBMITTED)
    UnitReport.objects.create(year=year, unit=cast.school_a2, kind="SCHOOL_REPORT", status=ReportStatus.ACCEPTED)
    UnitReport.objects.create(year=year, unit=cast.phong_a, kind="DISTRICT_REPORT", status=ReportStatus.RETURNED)

    preview = restructure.preview_move(cast.phong_a, cast.so_z, actor=cast.admin)
    assert (preview.open_plans, preview.open_reports, preview.staff_count) == (2, 2, 5)
    assert preview.accounts_count == 1 + 4 + 1  # the Phòng officer, four in A1, one in A2
    school = restructure.preview_merge(cast.school_a2, cast.school_a1, actor=cast.so_officer)
    assert (school.open_plans, school.open_reports) == (1, 0)


# ---------------------------------------------------------------------------------------------------- 2025 reform


def _chain_is_active(unit):
    while unit is not None:
        if not unit.is_active:
            return False
        unit = unit.parent
    return True


def test_a_province_restructured_the_2025_way(cast, communes, login):
    """Phòng A is dissolved into two communes, then Sở Z is merged into Sở A (63 → 34 provinces)."""
    xa_1, xa_2 = communes
    xa_1_officer = UserFactory(username="xa_1", role=Role.DISTRICT_OFFICER, unit=xa_1)
    z_principal = UserFactory(
        username="ht_z1", role=Role.SCHOOL_MANAGER, unit=cast.school_z1, staff=StaffFactory(unit=cast.school_z1)
    )
    staff_units = dict(Staff.objects.values_list("pk", "unit_id"))

    client = login(cast.so_officer)
    data = {f"school_{cast.school_a1.pk}": xa_1.pk, f"school_{cast.school_a2.pk}": xa_2.pk}
    client.post(_url("dissolve", cast.phong_a), {**data, "confirm": "1", "reason": "Bỏ cấp huyện"})
    client = login(cast.admin)
    client.post(_url("merge", cast.so_z), {"target": cast.so.pk, "confirm": "1", "reason": "Hợp nhất tỉnh"})

    assert not _fresh(cast.phong_a).is_active and not _fresh(cast.so_z).is_active
    # Every active school reports up an active chain, and every path agrees with the parents.
    for school in OrgUnit.objects.filter(kind=K.SCHOOL, is_active=True).select_related("parent"):
        assert _chain_is_active(school), school
    for unit in OrgUnit.objects.select_related("parent"):
        assert unit.path == unit.compute_path()[0], unit
    assert _fresh(cast.school_a1).parent_id == xa_1.pk and _fresh(cast.school_a2).parent_id == xa_2.pk
    assert _fresh(cast.school_z1).parent_id == cast.so.pk
    # No staff record or account lost its unit; the people of schools are where they were.
    assert dict(Staff.objects.values_list("pk", "unit_id")) == staff_units
    assert not User.objects.exclude(role=Role.ADMIN).filter(unit__isnull=True).exists()
    for user in User.objects.filter(is_active=True).exclude(role=Role.ADMIN).select_related("unit"):
        assert _chain_is_active(user.unit), user
    assert {user.username for user in User.objects.filter(is_active=False)} == {"phong_a", "so_z"}
    # Each officer sees what their unit now holds.

    def visible(user):
        return set(scoping.visible_units(User.objects.get(pk=user.pk)).values_list("code", flat=True))

    # Sở Z, closed where it was, is read by the Sở that took it over (its past years).
    province = {"SO-A", "PH-A", "PH-B", "XA-1", "XA-2", "A1", "A2", "B1", "T1", "Z1", "SO-Z"}
    assert visible(cast.so_officer) == province
    assert visible(xa_1_officer) == {"XA-1", "A1"}
    assert visible(cast.phong_b_officer) == {"PH-B", "B1"}
    assert visible(z_principal) == {"Z1"}
    assert visible(cast.so_z_officer) == {"SO-Z"}  # closed, and empty
    assert scoping.visible_schools(User.objects.get(pk=cast.so_officer.pk)).count() == 5
    assert set(
        AuditEntry.objects.filter(action__in=[restructure.DISSOLVED, restructure.MERGED]).values_list(
            "action", "reason"
        )
    ) == {(restructure.DISSOLVED, "Bỏ cấp huyện"), (restructure.MERGED, "Hợp nhất tỉnh")}
