"""The results dashboards in a real browser: Chart.js draws every chart under the CSP, tables fold behind a button."""

import pytest
from django.conf import settings as django_settings

from tests.results.results_data import KHA, TRUNG_BINH, teacher
from tests.results.results_data import make_result as make_result  # noqa: F401 (fixture)
from tests.results.results_data import modules as modules  # noqa: F401 (fixture)
from tests.results.results_data import scorer as scorer  # noqa: F401 (fixture)
from tests.results.results_data import year as year  # noqa: F401 (fixture)
from years.models import TrainingYear

pytestmark = pytest.mark.browser

CHARTJS = ("vendor/chartjs", django_settings.BASE_DIR / "node_modules" / "chart.js" / "dist")


@pytest.fixture(autouse=True)
def chartjs_static(settings):
    """Serve Chart.js as settings do (a no-op once STATICFILES_DIRS lists it)."""
    prefixes = [entry[0] for entry in settings.STATICFILES_DIRS if isinstance(entry, tuple | list)]
    if CHARTJS[0] not in prefixes:
        settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, CHARTJS]


def _console_errors(page):
    """Console errors and failed requests of the page (the browser's own favicon request aside)."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and "Failed to load resource" not in message.text
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    return errors


def test_office_dashboard_draws_charts_and_keeps_tables(cast, make_result, year, page, log_in):
    make_result(cast.teacher_a1.staff)
    make_result(cast.teacher_a2.staff, KHA)
    make_result(teacher(cast.school_a1, "Lò Văn Sơn"), TRUNG_BINH)
    make_result(cast.teacher_b1.staff, module_totals=[9, 9, 9, None])
    errors = _console_errors(page)
    log_in(page, "so")
    page.goto("/bao-cao/ket-qua/thong-ke/")
    page.get_by_role("heading", name="Kết quả BDTX · Sở GD&ĐT Tỉnh A").wait_for()
    for key in ("classes", "completion", "progress"):
        canvas = page.locator(f"canvas[data-chart={key}]")
        page.wait_for_function(
            "key => { const c = document.querySelector(`canvas[data-chart=${key}]`); return c && c.width > 0 "
            "&& window.Chart && window.Chart.getChart(c); }",
            arg=key,
        )
        assert canvas.is_visible()
        table = page.locator(f"[data-chart-table={key}]")
        assert not table.is_visible()  # folded once the chart is drawn
    toggle = page.locator("[data-chart-toggle=classes]")
    toggle.click()
    table = page.get_by_test_id("table-classes")
    table.wait_for(state="visible")
    assert "Phòng GD&ĐT Huyện A" in table.inner_text() and "Giỏi" in table.inner_text()
    # Chart.js holds the same numbers as the table.
    giỏi = page.evaluate(
        "() => Chart.getChart(document.querySelector('canvas[data-chart=classes]')).data.datasets[0].data"
    )
    assert giỏi == [1, 0, 0]  # Phòng A: one Giỏi; Phòng B: Không hoàn thành; T1: none
    assert not [error for error in errors if "Content Security Policy" in error or "Refused" in error], errors
    assert not errors, errors


def test_school_dashboard_without_chartjs_shows_tables(cast, make_result, year, page, log_in, settings):
    settings.STATICFILES_DIRS = [
        entry
        for entry in settings.STATICFILES_DIRS
        if not (isinstance(entry, tuple | list) and entry[0] == "vendor/chartjs")
    ]
    make_result(cast.teacher_a1.staff)
    log_in(page, "ht_a1")
    page.goto("/bao-cao/ket-qua/thong-ke/")
    page.get_by_role("heading", name="Kết quả BDTX · Trường Tiểu học A1").wait_for()
    table = page.get_by_test_id("table-classes")
    assert table.is_visible() and "Giỏi" in table.inner_text()
    assert not page.locator("[data-chart-toggle=classes]").is_visible()


def test_year_switch_keeps_the_page(cast, make_result, year, page, log_in):
    old = TrainingYear.objects.create(department=cast.so, start_year=2024)
    make_result(cast.teacher_a1.staff, plan_year=old)
    log_in(page, "phong_a")
    page.goto("/bao-cao/ket-qua/thong-ke/")
    page.get_by_label("Năm học").select_option(str(old.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Xem", exact=True).click()
    assert page.get_by_test_id("totals").locator("[data-total=evaluated]").inner_text() == "1"
