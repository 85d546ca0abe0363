from tests.jobs.conftest import private_root  # noqa: F401  (autouse: each test's job files in its own folder)
