import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from modules.models import Module, Topic
from years.models import TrainingYear

HEADER = ("Mã mô đun", "Cấp học", "Tên mô đun", "Số tiết", "Nhóm")


@pytest.fixture
def year(cast):
    return TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)


@pytest.fixture
def year_z(cast):
    return TrainingYear.objects.create(department=cast.so_z, start_year=2025, is_current=True)


def _topic(year, publisher, content, level, title, hours, audience="GV"):
    return Topic.objects.create(
        year=year, publisher=publisher, content=content, level=level, audience=audience, title=title, hours=hours
    )


@pytest.fixture
def topics(cast, year, year_z):
    """Sở A, Phòng A and Phòng B topics for primary teachers and managers, plus noise that must not leak."""
    return {
        "so_c1_gv": _topic(year, cast.so, 1, "TH", "Nhiệm vụ năm học 2025–2026", 30),
        "so_c2_gv": _topic(year, cast.so, 2, "TH", "Chuyển đổi số trong dạy học", 15),
        "phong_a_c2_gv": _topic(year, cast.phong_a, 2, "TH", "Dạy học tiếng Việt vùng dân tộc", 15),
        "phong_b_c2_gv": _topic(year, cast.phong_b, 2, "TH", "Chuyên đề riêng của Phòng B", 10),
        "so_c1_cbql": _topic(year, cast.so, 1, "TH", "Tìm hiểu về Chương trình GDPT", 10, audience="CBQL"),
        "phong_a_c2_cbql": _topic(year, cast.phong_a, 2, "TH", "Quản trị trường học", 5, audience="CBQL"),
        "so_c1_thcs": _topic(year, cast.so, 1, "THCS", "Nhiệm vụ năm học THCS", 30),
        "z_c1_gv": _topic(year_z, cast.so_z, 1, "TH", "Chuyên đề của Sở Z", 30),
    }


@pytest.fixture
def local_module(cast):
    """A local module of Sở A."""
    return Module.objects.create(
        code="TH-DP1", level="TH", title="Giáo dục địa phương tỉnh A", hours=15, owner=cast.so, sequence=9000
    )


def xlsx_upload(rows, *, header=HEADER, name="danh-muc.xlsx", title_row=None):
    workbook = Workbook()
    sheet = workbook.active
    if title_row:
        sheet.append([title_row])
    if header:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        name, buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def catalog_snapshot():
    return list(Module.objects.order_by("code").values_list("code", "level", "title", "hours", "group", "owner_id"))
