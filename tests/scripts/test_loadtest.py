"""The load test's user mix (scripts/loadtest/run.py): the deadline-day shares at any number of users."""

import importlib.util
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[2] / "scripts" / "loadtest" / "run.py"


@pytest.fixture(scope="module")
def run():
    spec = importlib.util.spec_from_file_location("loadtest_run", RUN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_100_users_are_the_deadline_day_mix(run):
    assert run.role_counts(100) == run.MIX


@pytest.mark.parametrize("users", [1, 7, 50, 150, 200, 333])
def test_every_role_has_a_user_and_the_counts_add_up(run, users):
    counts = run.role_counts(users)
    assert set(counts) == set(run.MIX)
    assert min(counts.values()) >= 1
    assert sum(counts.values()) == max(users, len(run.MIX))


def test_200_users_double_every_role(run):
    assert run.role_counts(200) == {role: 2 * share for role, share in run.MIX.items()}
