"""The Sở chooses, per level, whether MN/TH/THCS schools report through the middle tier (a commune or a Phòng) or
straight to it; the choice is an operation like the others: previewed, confirmed with a reason, audited."""

import pytest
from django.urls import reverse

from accounts import restructure
from accounts.models import OrgUnit
from accounts.services import AccountsError, unit_move
from audit.models import AuditEntry
from audit.registry import describe

pytestmark = pytest.mark.django_db

REASON = "Quyết định 12/QĐ-SGDĐT"


def _so(cast):
    return OrgUnit.objects.get(pk=cast.so.pk)


def test_a_level_still_under_the_middle_tier_cannot_be_taken_out(cast):
    with pytest.raises(AccountsError, match="Trường THCS B1"):
        restructure.middle_tier_levels_set(_so(cast), levels=["MN", "TH"], actor=cast.so_officer, reason=REASON)
    assert _so(cast).middle_tier_levels == "MN,TH,THCS"


def test_thcs_straight_to_the_so_then_no_thcs_school_goes_under_a_phong(cast):
    unit_move(cast.school_b1, cast.so, actor=cast.so_officer, reason=REASON)
    restructure.middle_tier_levels_set(_so(cast), levels=["TH", "MN"], actor=cast.so_officer, reason=REASON)
    assert _so(cast).middle_tier_levels == "MN,TH"
    with pytest.raises(AccountsError, match="THCS báo cáo thẳng lên Sở"):
        unit_move(OrgUnit.objects.get(pk=cast.school_b1.pk), cast.phong_b, actor=cast.so_officer, reason=REASON)
    entry = AuditEntry.objects.get(action="accounts.unit.middle_tier_levels")
    assert entry.reason == REASON and "Tiểu học" in describe(entry)


def test_the_page_previews_then_saves_and_only_the_so_may(cast, login):
    unit_move(cast.school_b1, cast.so, actor=cast.so_officer, reason=REASON)
    url = reverse("accounts:unit_levels", args=[cast.so.pk])
    assert login(cast.phong_a_officer).get(url).status_code in (403, 404)
    client = login(cast.so_officer)
    assert 'name="levels"' in client.get(url).content.decode()
    preview = client.post(url, {"levels": ["MN", "TH"]}).content.decode()
    assert "Mầm non, Tiểu học" in preview and _so(cast).middle_tier_levels == "MN,TH,THCS"
    done = client.post(url, {"levels": ["MN", "TH"], "confirm": "1", "reason": REASON}, follow=True)
    assert "Đã lưu các cấp học" in done.content.decode() and _so(cast).middle_tier_levels == "MN,TH"
    assert (
        reverse("accounts:unit_levels", args=[cast.phong_a.pk])
        not in client.get(reverse("accounts:unit_detail", args=[cast.phong_a.pk])).content.decode()
    )
