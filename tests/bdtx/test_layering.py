"""The house's floors: a lower app never imports a higher one, so no two apps import each other.

Every import in an app's code (module level or inside a function; migrations aside, they name apps by string)
is read and checked against ``LAYERS``. A new app has to be placed here before it can be imported at all.
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# Bottom to top. Apps on one floor are peers and may not import each other either.
LAYERS = [
    ["core"],  # ground floor: text, numbers, money, cache, Excel, errors; imports no app
    ["accounts"],  # units, users, staff, roles, permission table, scoping
    ["audit"],  # the one audit log
    ["jobs"],  # long work: job model, runner, registry, import runner, job pages
    ["people"],  # staff import and export (jobs over accounts)
    ["years"],  # training years, rulesets, deadlines, reopenings
    ["modules"],  # the module catalog
    ["plans"],  # the personal plan
    ["study"],  # study logs, evidence, school sessions
    ["assessment"],  # marks and results of one plan
    ["courses", "coreteachers", "qualifications", "gdpt"],
    ["certificates"],
    ["reports"],  # the report chain up to the Sở
    ["results"],  # dashboards, official lists, the Ministry report, the national summary
    ["demo"],  # demo data builders
    ["bdtx"],  # project wiring: settings, urls, navigation, home page, Celery
]
FLOOR = {app: floor for floor, names in enumerate(LAYERS) for app in names}


def local_apps():
    """The project's own apps: those whose folder sits at the top of the repository (not in a virtualenv)."""
    return sorted(config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT)


def imported_apps(source, known):
    """(line, app) for every import of another local app in one module's source."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in known:
                yield node.lineno, top


def back_arrows():
    known = set(FLOOR)
    found = []
    for app in FLOOR:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for line, target in imported_apps(path.read_text(encoding="utf-8"), known):
                if target != app and FLOOR[target] >= FLOOR[app]:
                    found.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    return found


def test_every_local_app_has_a_floor():
    assert [app for app in local_apps() if app not in FLOOR] == []


def test_no_app_imports_a_peer_or_a_higher_app():
    assert back_arrows() == []


def test_the_check_sees_an_upward_import():
    assert list(imported_apps("def f():\n    from results.selectors import x\n", {"results"})) == [(2, "results")]
