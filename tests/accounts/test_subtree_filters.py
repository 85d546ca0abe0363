"""A subtree is written as a path prefix in one place, accounts/scoping.py: every other module asks it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = [path.parent for path in ROOT.glob("*/apps.py")]
PREFIX_LOOKUP = re.compile(r"path__startswith")
ALLOWED = {ROOT / "accounts" / "scoping.py"}


def _app_modules():
    for app in APPS:
        for module in app.rglob("*.py"):
            if "migrations" not in module.parts and module not in ALLOWED:
                yield module


def test_no_subtree_filter_is_typed_outside_scoping():
    offenders = [
        f"{module.relative_to(ROOT)}:{number}"
        for module in _app_modules()
        for number, line in enumerate(module.read_text(encoding="utf-8").splitlines(), start=1)
        if PREFIX_LOOKUP.search(line)
    ]
    assert APPS and not offenders, "Dùng accounts.scoping.subtree_q / in_subtree thay cho: " + ", ".join(offenders)
