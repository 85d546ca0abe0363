"""years sits under plans and study under it: no import may point back up (module level or inside functions)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = {
    "accounts",
    "years",
    "modules",
    "plans",
    "study",
    "assessment",
    "reports",
    "certificates",
    "gdpt",
    "coreteachers",
    "qualifications",
    "courses",
}
# What each app may import among the apps (itself and bdtx's helpers always).
ALLOWED = {
    "years": {"accounts"},
    "plans": {"accounts", "years", "modules"},
    "study": {"accounts", "years", "modules", "plans"},
}


def imported_apps(app):
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            found |= {name.split(".")[0] for name in names} & APPS
    return found - {app}


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_no_import_points_up(app):
    assert imported_apps(app) <= ALLOWED[app]
