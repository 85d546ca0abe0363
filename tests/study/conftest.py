# The plan's fixtures: a study log is written against a plan of the year.
from tests.plans.conftest import th_modules, topics, year  # noqa: F401
