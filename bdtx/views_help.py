"""Hướng dẫn: one short page per role saying what that role does through the year in this product, with the year's
rules (``assessment.explain.rules_summary``, read from the rule settings) and the province's support contact.

``/huong-dan/`` shows the page of the user's own role; ``/huong-dan/<slug>/`` any role's (a slug, not an id: the
pages hold no one's data but the user's own year and Sở's contact).
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.models import Level, Role, SupportContact
from accounts.permissions import Cap, can
from assessment.explain import rules_summary
from assessment.rules_settings import RULES_2012
from years.rulesets import FIRST_TT19_ONLY_YEAR, LAST_TT26_ONLY_YEAR
from years.selectors import year_from_request


@dataclass(frozen=True)
class RolePage:
    slug: str
    role: str
    title: str
    template: str
    checks: bool = True  # the page says what the group head checks (school roles)


PAGES = (
    RolePage("giao-vien", Role.TEACHER, _("Giáo viên"), "help/_teacher.html"),
    RolePage("to-truong", Role.GROUP_HEAD, _("Tổ trưởng chuyên môn"), "help/_group_head.html"),
    RolePage("lanh-dao-truong", Role.SCHOOL_MANAGER, _("Lãnh đạo trường"), "help/_school_manager.html"),
    RolePage("xa-phong", Role.DISTRICT_OFFICER, _("Cán bộ UBND xã / Phòng GD&ĐT"), "help/_office.html", False),
    RolePage("so", Role.DEPARTMENT_OFFICER, _("Chuyên viên Sở GD&ĐT"), "help/_department.html", False),
)
BY_SLUG = {page.slug: page for page in PAGES}
BY_ROLE = {page.role: page for page in PAGES}


def page_for(user):
    """The page of the user's role; the admin reads the Sở's."""
    return BY_ROLE.get(user.role) or BY_ROLE[Role.DEPARTMENT_OFFICER]


def _school_year(start):
    return f"{start}–{start + 1}"


def regime_years():
    """Which school years run under which regime (years.rulesets), as the pages name them."""
    return {
        "tt26_to": _school_year(LAST_TT26_ONLY_YEAR),
        "choice": _school_year(LAST_TT26_ONLY_YEAR + 1),
        "tt19_from": _school_year(FIRST_TT19_ONLY_YEAR),
    }


def manager_pass_fail_levels():
    """The levels whose managers get Đạt / Không đạt yêu cầu under TT 26/2012, named: "Tiểu học, …"."""
    return ", ".join(
        str(label).lower() for value, label in Level.choices if value in RULES_2012.MANAGER_PASS_FAIL_LEVELS
    )


def _render(request, page):
    user = request.user
    return render(
        request,
        "help/page.html",
        {
            "page": page,
            "pages": PAGES,
            "own": page_for(user),
            "year": year_from_request(user=user),
            "rules": rules_summary(),
            "regime_years": regime_years(),
            "manager_levels": manager_pass_fail_levels(),
            "support_contact": SupportContact.for_unit(user.unit),
            "can_set_support": can(user, Cap.SET_UP),
        },
    )


@login_required
def help_home(request):
    """Hướng dẫn: the page of the user's own role."""
    return _render(request, page_for(request.user))


@login_required
def help_role(request, role):
    """Hướng dẫn for one role, by its slug (giao-vien, to-truong, lanh-dao-truong, xa-phong, so)."""
    page = BY_SLUG.get(role)
    if page is None:
        raise Http404
    return _render(request, page)
