# ruff: noqa: F811 (fixtures imported from results_data are used as arguments)
"""The classification list of a Phòng or a Sở (the job ``make bench`` times over a whole province): every school
below the unit, school by school, with an "Đơn vị" column, and a number of queries that does not grow with it."""

import io

import openpyxl
import pytest

from jobs.models import Job
from jobs.tasks import run_job
from tests.jobs.conftest import make_job

from .results_data import (  # noqa: F401 (fixtures)
    FORMULA_NAME,
    KHA,
    make_result,
    modules,
    scorer,
    teacher,
    year,
)

pytestmark = pytest.mark.django_db


def _run_list(user, unit, year):
    job = make_job(user, kind="results_classification_list", params={"unit": unit.pk, "year": year.pk})
    run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    from jobs.jobs import job_file_path

    sheet = openpyxl.load_workbook(io.BytesIO(job_file_path(job).read_bytes())).active
    rows = list(sheet.iter_rows())
    start = next(i for i, row in enumerate(rows) if row[0].value == "STT")
    body = []
    for row in rows[start + 2 :]:
        if all(cell.value is None for cell in row):
            break
        body.append(row)
    return [cell.value for cell in rows[start]], body


def test_a_phong_list_has_every_school_below_it_with_a_unit_column(cast, make_result, year):
    make_result(cast.teacher_a1.staff)
    make_result(teacher(cast.school_a1, "Lò Văn Sơn"), KHA)
    make_result(cast.teacher_a2.staff)
    make_result(teacher(cast.school_a2, FORMULA_NAME))
    make_result(cast.teacher_b1.staff)  # another Phòng: not on the list
    header, cells = _run_list(cast.phong_a_officer, cast.phong_a, year)
    assert header[4] == "Đơn vị"
    rows = [[cell.value for cell in row] for row in cells]
    assert [row[0] for row in rows] == [1, 2, 3, 4]
    by_name = {row[1]: row for row in rows}
    assert set(by_name) == {"Nguyễn Văn An", "Lò Văn Sơn", "Hoàng Văn Cường", FORMULA_NAME}
    # A name typed like a formula stays text, with Excel's quote prefix, in its bordered column style.
    formula = next(row[1] for row in cells if row[1].value == FORMULA_NAME)
    assert formula.data_type == "s" and formula.quotePrefix and formula.border.left.style == "thin"
    assert by_name["Hoàng Văn Cường"][4] == "Trường Tiểu học A2"
    assert by_name["Lò Văn Sơn"][4] == "Trường Tiểu học A1" and by_name["Lò Văn Sơn"][10] == "Khá"
    # School by school: the rows of one school are together.
    schools = [row[4] for row in rows]
    assert schools == sorted(schools, key=schools.index)


def test_the_sở_list_queries_do_not_grow_with_the_people(cast, make_result, year, django_assert_max_num_queries):
    for index in range(3):
        make_result(teacher(cast.school_a1, f"Giáo Viên {index}"))
    job = make_job(cast.so_officer, kind="results_classification_list", params={"unit": cast.so.pk, "year": year.pk})
    with django_assert_max_num_queries(20) as captured:
        run_job.apply(args=[job.pk])
    few = len(captured.captured_queries)
    for index in range(3, 15):
        make_result(teacher(cast.school_a2 if index % 2 else cast.school_b1, f"Giáo Viên {index}"))
    job = make_job(cast.so_officer, kind="results_classification_list", params={"unit": cast.so.pk, "year": year.pk})
    with django_assert_max_num_queries(few):
        run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.total == 15
