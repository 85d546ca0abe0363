"""Every page of the teacher's, the group head's and the principal's year, on the demo, at a phone, a small laptop and
a desktop: on the teacher's and group head's, nothing wider than the screen and the page's primary action in view; on
all, no accessibility violation of level A or AA (axe-core from npm); a screenshot of each under var/screenshots/ for
a person to look at.

The pages are the ones the user's menu links to plus the detail pages behind them (the plan editor, a study log, its
form), read from the demo the way ``make run`` seeds it.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import Role, User
from plans.models import Plan, PlanStatus
from study.models import StudyLog
from tests.factories import load_national_catalogs

pytestmark = pytest.mark.browser

VIEWPORTS = [(390, 844), (1024, 768), (1366, 900)]
# The teacher's and the group head's pages are laid out for phones first; the principal's are checked by axe.
PHONE_FIRST = {"teacher", "drafting", "group_head"}
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "Demo@2026bdtx"
# Pages that are not the user's year (a file download, the logout, the Django admin) are left out.
SKIP = re.compile(r"^/(admin/|dang-xuat/)|\.(pdf|docx|xlsx)$")

WIDER_THAN_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if (box.right > width + 1 || box.left < -1) {
      wide.push(element.tagName.toLowerCase() + '.' + [...element.classList].slice(0, 3).join('.') +
        ' (' + Math.round(box.left) + '…' + Math.round(box.right) + ')');
    }
  }
  return wide.slice(0, 8);
}"""

PRIMARY_IN_VIEW = """() => {
  const primary = document.querySelector('[data-primary-action]');
  if (!primary) return null;
  const box = primary.getBoundingClientRect();
  return box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
}"""

AXE_RUN = """async () => {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v =>
    v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""


def _demo_people():
    """The demo accounts of each role, and a teacher of the demo school whose plan is approved and has logs."""
    load_national_catalogs()
    call_command("seed_demo", "--size", "small", verbosity=0)
    principal = User.objects.get(username="hieutruong")
    logged = (
        StudyLog.objects.filter(
            item__plan__year__is_current=True,
            item__plan__status=PlanStatus.APPROVED,
            item__plan__staff__unit=principal.unit,
            item__plan__staff__user__role=Role.TEACHER,
        )
        .order_by("item__plan__staff__sort_key")
        .select_related("item__plan__staff__user")
        .first()
    )
    drafting = (
        Plan.objects.filter(year__is_current=True, status=PlanStatus.DRAFT, staff__unit=principal.unit)
        .filter(staff__user__role=Role.TEACHER)
        .select_related("staff__user")
        .first()
    )
    return {
        "teacher": (
            logged.item.plan.staff.user,
            [f"/ke-hoach/nhat-ky/{logged.pk}/", f"/ke-hoach/nhat-ky/noi-dung/{logged.item_id}/ghi/"],
        ),
        "drafting": (drafting.staff.user, ["/ke-hoach/cua-toi/sua/"]),
        "group_head": (User.objects.get(username="totruong"), []),
        "principal": (principal, [f"/ke-hoach/{logged.item.plan_id}/"]),
    }


def _log_in(page, username):
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()


def _menu_pages(page):
    hrefs = page.locator("[data-testid=main-nav] a[href^='/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return [href for href in dict.fromkeys(hrefs) if not SKIP.search(href)]


def _name(path):
    return re.sub(r"[^a-z0-9]+", "-", path.strip("/").lower()) or "trang-chu"


@pytest.mark.parametrize("who", ["teacher", "drafting", "group_head", "principal"])
def test_every_page_fits_the_screen_keeps_its_action_in_view_and_passes_axe(new_page, who):
    user, extra = _demo_people()[who]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems, visited = [], 0
    for width, height in VIEWPORTS:
        page = new_page(viewport={"width": width, "height": height}, bypass_csp=True)
        _log_in(page, user.username)
        paths = [*_menu_pages(page), *extra] if who != "drafting" else extra
        for path in paths:
            response = page.goto(path)
            assert response.status < 400, f"{path}: {response.status}"
            page.wait_for_load_state("networkidle")
            visited += 1
            where = f"{who} {width}×{height} {path}"
            if who in PHONE_FIRST:
                wide = page.evaluate(WIDER_THAN_SCREEN)
                if wide:
                    problems.append(f"{where}: wider than the screen: {wide}")
                if page.evaluate(PRIMARY_IN_VIEW) is False:
                    problems.append(f"{where}: the primary action is out of view")
            if width in (390, 1366):
                page.add_script_tag(path=str(AXE))
                violations = page.evaluate(AXE_RUN)
                if violations:
                    problems.append(f"{where}: axe: {violations}")
            page.screenshot(path=str(SCREENSHOTS / f"{who}-{_name(path)}-{width}x{height}.png"))
        page.context.close()
    assert visited >= 3
    assert not problems, "\n".join(problems)
