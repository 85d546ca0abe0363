import pytest

from jobs import jobs
from jobs.models import Job
from jobs.registry import job_handler


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Job files of each test in their own folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


# A test-only job kind whose behaviour each test sets through ``test_job_behaviour``.
TEST_KIND = "test_echo"
BEHAVIOUR = {}


@job_handler(TEST_KIND, label="Việc thử")
def _echo_handler(job, progress):
    action = BEHAVIOUR.get("action")
    BEHAVIOUR["calls"] = BEHAVIOUR.get("calls", 0) + 1
    if callable(action):
        result = action(job, progress)
        if result is not None:
            return result
    progress(1, 2)
    progress(2, 2)
    return "ket-qua.txt", "Xin chào, Việt Nam".encode()


@pytest.fixture
def test_job_behaviour():
    BEHAVIOUR.clear()
    yield BEHAVIOUR
    BEHAVIOUR.clear()


def make_job(user, *, kind=TEST_KIND, params=None, **fields):
    job = Job.objects.create(requester=user, scope_unit=user.unit, kind=kind, params=params or {}, **fields)
    return job


def job_files(job):
    """The job's files: in its folder of the private storage and in its folder on this host's disk (the same
    folder with the local storage)."""
    stored = jobs._stored_entries(jobs.job_storage(), jobs._stored_dir(job))[1]
    folder = jobs._job_dir(job)
    local = [path.name for path in folder.iterdir()] if folder.is_dir() else []
    return sorted(set(stored) | set(local))


def stored_inputs():
    """The uploads kept for import jobs, in the private storage and on this host's disk."""
    stored = jobs._stored_entries(jobs.job_storage(), jobs.INPUTS_DIR)[1]
    root = jobs._inputs_root()
    local = [path.name for path in root.iterdir()] if root.is_dir() else []
    return sorted(set(stored) | set(local))
