# The job fixtures of tests/jobs: each test's job files in their own folder (autouse) and the test job kind.
from tests.jobs.conftest import private_root, test_job_behaviour  # noqa: F401
