"""The study tests' shared ground: a fixed today for the services and evidence files in a temporary folder (a test
module asks for them with ``pytest.mark.usefixtures("fixed_today", "private_media")``)."""

import datetime

import pytest

from study import services as study

# The plan's fixtures: a study log is written against a plan of the year.
from tests.plans.conftest import th_modules, topics, year  # noqa: F401

TODAY = datetime.date(2025, 11, 20)


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(study, "today", lambda: TODAY)


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT
