"""Hướng dẫn: one page per role, the user's own by default, reachable from the menu by every role; the rules it
states are the rule settings' own, and every screenshot it shows is in static/help (small enough to commit)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from accounts.models import Role, SupportContact
from assessment.explain import rules_summary
from assessment.rules_settings import RULES_2012, RULES_2019
from bdtx.navigation import nav_for, nav_menu
from bdtx.views_help import PAGES

pytestmark = pytest.mark.django_db

HELP = reverse("help")
PERSONAS = {
    "teacher_a1": "giao-vien",
    "group_head_a1": "to-truong",
    "principal_a1": "lanh-dao-truong",
    "phong_a_officer": "xa-phong",
    "so_officer": "so",
    "admin": "so",
}
STATIC_HELP = Path(settings.BASE_DIR) / "static" / "help"


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_every_role_has_help_in_its_menu_and_lands_on_its_own_page(cast, login, persona):
    user = getattr(cast, persona)
    items = {item["key"]: item["url"] for item in nav_for(user)}
    assert items["help"] == HELP
    top = [entry for entry in nav_menu(user) if not entry.get("children")]
    assert top[-1]["key"] == "help"  # a link of its own, last in the menu
    response = login(user).get(HELP)
    assert response.status_code == 200
    assert response.context["page"].slug == PERSONAS[persona]
    assert f'data-role="{PERSONAS[persona]}"' in response.content.decode()


def test_every_role_page_is_reachable_and_lists_the_others(cast, login):
    client = login(cast.teacher_a1)
    for page in PAGES:
        response = client.get(reverse("help_role", args=[page.slug]))
        assert response.status_code == 200, page.slug
        content = response.content.decode()
        assert escape(str(page.title)) in content
        for other in PAGES:
            assert reverse("help_role", args=[other.slug]) in content
        assert "(vai trò của bạn)" in content  # the teacher's own role is marked among them
    assert client.get(reverse("help_role", args=["khong-co"])).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client):
    for url in (HELP, reverse("help_role", args=["giao-vien"])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_rules_stated_are_the_settings(cast, login):
    summary = rules_summary()
    r = RULES_2012
    assert summary["tt26"]["formula"] == (
        f"ĐTB = (ND1 + ND2 + ĐTB ND3 × {r.ND3_WEIGHT}) : {r.ND1_WEIGHT + r.ND2_WEIGHT + r.ND3_WEIGHT}"
    )
    assert summary["tt19"]["pass_mark"] == "5,0" and RULES_2019.PASS_MARK == 5
    page = login(cast.teacher_a1).get(HELP).content.decode()
    assert summary["tt26"]["formula"] in page
    for tier in summary["tt26"]["tiers"]:
        assert tier["condition"] in page
    assert "Chương trình bồi dưỡng 01" in page and "Nội dung 3" in page
    assert "đạt khi từ 5,0 điểm trở lên" in page
    assert "Hoàn thành kế hoạch BDTX" in page and "Không hoàn thành kế hoạch BDTX" in page


def test_the_page_states_the_users_year(cast, login, tt19_year):
    page = login(cast.teacher_a1).get(HELP).content.decode()
    assert 'data-testid="help-year"' in page
    assert "Năm học 2026–2027 của bạn thực hiện theo TT 19/2019" in page
    assert "Chương trình bồi dưỡng 03: 40 tiết" in page
    assert login(cast.teacher_z1).get(HELP).status_code == 200  # a Sở without a year: the page still opens


def test_every_screenshot_shown_exists_with_alt_text_and_is_small():
    """Each image the help pages show is a PNG in static/help with alt text; each under 120 KB, 2 MB in all."""
    context = {"rules": rules_summary(), "regime_years": {}, "manager_levels": "", "can_set_support": False}
    shown = set()
    for page in PAGES:
        html = render_to_string(page.template, {**context, "page": page})
        html += render_to_string("help/_results.html", context)
        for tag in re.findall(r"<img [^>]*>", html):
            src = re.search(r'src="/static/help/([^"]+)"', tag)
            assert src, tag
            assert re.search(r'alt="[^"]{20,}"', tag), tag
            shown.add(src[1])
    assert len(shown) >= 15
    files = {path.name: path.stat().st_size for path in STATIC_HELP.glob("*.png")}
    assert shown <= set(files), sorted(shown - set(files))
    assert all(size < 120 * 1024 for size in files.values()), files
    assert sum(files.values()) < 2 * 1024 * 1024


def test_the_support_line_shows_on_the_help_page(cast, login):
    SupportContact.objects.create(department=cast.so, name="Nguyễn Hỗ Trợ", phone="0212 3852 123")
    page = login(cast.teacher_b1).get(HELP).content.decode()
    assert 'data-testid="support-line"' in page and "Nguyễn Hỗ Trợ" in page
    assert 'href="tel:02123852123"' in page
    assert 'data-testid="support-edit-link"' not in page
    assert 'data-testid="support-edit-link"' in login(cast.so_officer).get(HELP).content.decode()
    assert cast.so_officer.role == Role.DEPARTMENT_OFFICER
