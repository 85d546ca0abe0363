"""Fixtures for the GDPT 2018 module review tests: the MĐ modules, a campaign of Sở A, LMS statuses, Excel files."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gdpt import services
from gdpt.models import Campaign, LmsStatus, ModuleStatus
from modules.models import Module

HEADER = ["Mã cán bộ", "Họ và tên", "Mô đun", "Trạng thái"]


@pytest.fixture
def gdpt_modules(db):
    """MĐ1–MĐ9 (the catalog migration loads them; rebuilt here so transactional tests have them too)."""
    return {
        number: Module.objects.update_or_create(code=f"MĐ{number}", defaults={"level": "GDPT2018_MD"})[0]
        for number in range(1, 10)
    }


@pytest.fixture
def today():
    return services.today()


@pytest.fixture
def campaign(cast, gdpt_modules, today):
    """Sở A's review of module 1, closing in ten days."""
    return Campaign.objects.create(
        department=cast.so,
        module=gdpt_modules[1],
        title="Rà soát kết quả bồi dưỡng mô đun 1",
        closing_date=today + datetime.timedelta(days=10),
        created_by=cast.so_officer,
    )


@pytest.fixture
def set_status(gdpt_modules):
    def _set(staff, status, number=1):
        return ModuleStatus.objects.update_or_create(
            staff=staff, module=gdpt_modules[number], defaults={"status": status}
        )[0]

    return _set


@pytest.fixture
def freeze_today(monkeypatch):
    """Fix ``gdpt.services.today`` (what the lock compares with) to a given date."""

    def _freeze(day):
        monkeypatch.setattr(services, "today", lambda: day)
        return day

    return _freeze


def xlsx(rows, header=HEADER, above=(), sheet_title="Sheet1"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for line in above:
        sheet.append(line)
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content, name="ket-qua-lms.xlsx"):
    return SimpleUploadedFile(
        name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


__all__ = ["HEADER", "LmsStatus", "upload", "xlsx"]
