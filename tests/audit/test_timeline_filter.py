"""The timeline's filter: Bootstrap widgets, readable action choices grouped by app, an app prefix, an invalid
period listing nothing; and the registry's {changes}."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit import registry
from audit.forms import TimelineFilterForm
from audit.models import AuditEntry
from audit.services import entry, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(cast):
    """An approval of A1's plan, a return of A2's (1 and 5 October) and an unrelated staff creation."""
    AuditEntry.objects.all().delete()
    on = timezone.make_aware(datetime.datetime(2025, 10, 1, 9))
    approved = record("plans.plan.approved", actor=cast.principal_a1, unit=cast.school_a1, person=cast.teacher_a1.staff)
    returned = record(
        "plans.plan.returned", actor=None, unit=cast.school_a2, person=cast.teacher_a2.staff, reason="Thiếu minh chứng"
    )
    created = record("accounts.staff.created", actor=None, unit=cast.school_a1, person=cast.teacher_a1.staff)
    AuditEntry.objects.filter(pk=approved.pk).update(at=on)
    AuditEntry.objects.filter(pk=returned.pk).update(at=on + datetime.timedelta(days=4))
    AuditEntry.objects.filter(pk=created.pk).update(at=on - datetime.timedelta(days=30))


def _actions(response):
    return [item.action for item in response.context["entries"]]


def test_the_filter_widgets_carry_bootstrap_classes():
    form = TimelineFilterForm()
    assert form.fields["start"].widget.attrs["class"] == "form-control form-control-sm"
    assert form.fields["end"].widget.attrs["class"] == "form-control form-control-sm"
    assert set(form.fields["action"].widget.attrs["class"].split()) >= {"form-select", "form-select-sm", "w-100"}
    html = str(form["action"])
    assert 'class="form-select form-select-sm w-100 text-truncate"' in html


def test_the_action_choices_are_grouped_by_app_and_read_as_vietnamese():
    empty, *groups = TimelineFilterForm().fields["action"].choices
    assert empty == ("", "Tất cả")
    by_label = dict(groups)
    plans = by_label["Kế hoạch BDTX"]
    assert plans[0] == ("plans", "Mọi việc")
    approved = dict(plans)["plans.plan.approved"]
    assert approved.startswith("đã duyệt kế hoạch") and approved.endswith("…")
    accounts = dict(by_label["Tài khoản và đơn vị"])
    assert accounts["accounts"] == "Mọi việc"
    assert accounts["accounts.staff.changed"].startswith("đã sửa hồ sơ")
    labels = [str(label) for _group, options in groups for _value, label in options]
    assert labels
    for label in labels:
        assert " :" not in label and "  " not in label, label
        assert not label.startswith("{") and "{" not in label, label
        assert label == label.strip() and not label.endswith(":"), label
    # Every registered code has its option, under exactly one app.
    values = [value for _group, options in groups for value, _label in options if "." in value]
    assert sorted(values) == sorted(set(values))
    assert all(registry.is_registered(value) for value in values)


def test_the_label_of_a_sentence():
    assert registry.label("{actor} đã duyệt kế hoạch của {person}") == "đã duyệt kế hoạch của …"
    assert registry.label("{actor} đã chuyển {object} từ {before} sang {after}") == "đã chuyển … từ … sang …"
    assert registry.label("{actor} đã sửa hồ sơ của {person}: {changes}") == "đã sửa hồ sơ của …"
    assert registry.label("{actor} đã nhắc {unit} nộp báo cáo ({after} người nhận)") == "đã nhắc … nộp báo cáo"


def test_an_app_prefix_filters_every_action_of_the_app(cast, login, entries):
    client = login(cast.so_officer)
    url = reverse("audit:timeline")
    response = client.get(url, {"action": "plans"})
    assert response.context["form"].is_valid()
    assert _actions(response) == ["plans.plan.returned", "plans.plan.approved"]
    assert _actions(client.get(url, {"action": "accounts"})) == ["accounts.staff.created"]
    assert len(_actions(client.get(url))) == 3
    assert "Hành động: Kế hoạch BDTX — Mọi việc" in response.content.decode()


def test_an_app_prefix_is_not_a_prefix_of_another_app():
    form = TimelineFilterForm({"action": "plans"})
    assert form.is_valid()
    assert form.cleaned_data["action"] == "plans."
    assert not TimelineFilterForm({"action": "plan"}).is_valid()
    form = TimelineFilterForm({"action": "plans.plan.approved"})
    assert form.is_valid()
    assert form.cleaned_data["action"] == "plans.plan.approved"


@pytest.mark.parametrize(
    "query",
    [{"start": "31/10/2025", "end": "01/10/2025"}, {"start": "32/10/2025"}, {"action": "nowhere"}],
)
def test_an_invalid_filter_shows_its_error_and_no_entries(cast, login, entries, query):
    client = login(cast.so_officer)
    response = client.get(reverse("audit:timeline"), query)
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["entries"] == []
    assert 'data-testid="audit-filter-errors"' in page
    assert 'data-testid="timeline-invalid"' in page
    assert 'data-testid="timeline-empty"' not in page
    assert "data-action=" not in page
    assert "is-invalid" in page


def test_a_reversed_period_marks_both_dates():
    form = TimelineFilterForm({"start": "31/10/2025", "end": "01/10/2025"})
    assert not form.is_valid()
    assert "is-invalid" in form.fields["start"].widget.attrs["class"]
    assert "is-invalid" in form.fields["end"].widget.attrs["class"]
    assert "is-invalid" not in form.fields["action"].widget.attrs["class"]
    assert "is-invalid" not in TimelineFilterForm().fields["start"].widget.attrs["class"]


def test_the_entries_are_a_list_with_time_sentence_and_reason(cast, login, entries):
    page = login(cast.so_officer).get(reverse("audit:timeline")).content.decode()
    assert "<table" not in page
    assert 'class="list-group list-group-flush audit-timeline"' in page
    assert "05/10/2025" in page
    assert "Lý do:</span> Thiếu minh chứng" in page


def _changes(before, after, sentence):
    item = entry("tests.staff.changed", actor=None, before=before, after=after)
    registry._SENTENCES["tests.staff.changed"] = sentence
    try:
        return registry.describe(item)
    finally:
        del registry._SENTENCES["tests.staff.changed"]


def test_changes_reads_before_and_after_together():
    assert _changes({"Tổ chuyên môn": "Tổ 1"}, {"Tổ chuyên môn": "Tổ 2"}, "{actor} đã đổi {changes}") == (
        "Hệ thống đã đổi Tổ chuyên môn: Tổ 1 → Tổ 2"
    )
    assert _changes({"Tổ": "Tổ 1", "Chức vụ": None}, {"Tổ": "Tổ 2", "Chức vụ": "Tổ trưởng"}, "{changes}") == (
        "Tổ: Tổ 1 → Tổ 2; Chức vụ: (trống) → Tổ trưởng"
    )
    assert _changes("Tổ 1", "Tổ 2", "{changes}") == "Tổ 1 → Tổ 2"
    assert _changes(None, "31/12/2025", "{changes}") == "31/12/2025"
    assert _changes(None, {"Tổ": "Tổ 2"}, "{changes}") == "Tổ: Tổ 2"
    assert _changes({"Đang công tác": True}, {"Đang công tác": False}, "{changes}") == "Đang công tác: có → không"


def test_before_and_after_still_read_as_before():
    assert _changes({"Tổ": "Tổ 1"}, {"Tổ": "Tổ 2"}, "{before} | {after}") == "Tổ: Tổ 1 | Tổ: Tổ 2"
