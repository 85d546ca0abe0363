"""Every job kind is found by ``jobs.registry.autodiscover``: a handler must live in its app's job_handlers.py."""

import json
import re
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings

# A fresh interpreter: in this one, other tests may already have imported a handler module by hand.
DISCOVER = """
import json, django
django.setup()
from jobs import registry
registry.autodiscover()
print(json.dumps(sorted({kind.handler.__module__ for kind in registry._KINDS.values()})))
"""
DECORATOR = re.compile(r"^@job_handler\(", re.MULTILINE)


def _modules_with_handlers():
    root = Path(settings.BASE_DIR)
    found = set()
    for config in apps.get_app_configs():
        folder = Path(config.path)
        if root not in folder.parents:
            continue
        for path in folder.rglob("*.py"):
            if "migrations" not in path.parts and DECORATOR.search(path.read_text(encoding="utf-8")):
                found.add(".".join(path.relative_to(root).with_suffix("").parts))
    return found


def test_autodiscover_finds_every_module_that_registers_a_job_kind():
    expected = _modules_with_handlers()
    assert {"people.job_handlers", "reports.job_handlers", "results.job_handlers"} <= expected
    output = subprocess.run(
        [sys.executable, "-c", DISCOVER], capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    ).stdout
    assert expected <= set(json.loads(output.splitlines()[-1]))
