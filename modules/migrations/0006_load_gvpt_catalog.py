"""Load the 2019 GVPT modules (GVPT01 … GVPT15, TT 17/2019, 20 tiết each, grouped by the five standards of
TT 20/2018) from the rows of modules/data/modules.csv whose level is GVPT.

A fresh database already has them from 0002 (which loads every CSV row): then this only fills what is missing.
An existing database, where 0002 and 0003 ran before the GVPT rows were in the CSV, gets them here. Re-running
0002 or 0003 later is harmless: 0002 skips codes already present, 0003 only fills empty titles from titled rows.
A code already present keeps its fields, except an empty title or group that the CSV now has. A row whose source
says UNCONFIRMED gets no title (the CSV has none): the catalog shows it by code and group.
Reversing does nothing: plans may already hold these modules.
"""

import csv
import unicodedata
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "modules.csv"
LEVEL = "GVPT"


def _fold(text):
    # Same rule as core.vietnamese.fold, copied so the migration never changes with the app code.
    decomposed = unicodedata.normalize("NFD", (text or "").lower().replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def _clean(text):
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _gvpt_rows():
    with CSV_PATH.open(encoding="utf-8-sig", newline="") as handle:
        for sequence, row in enumerate(csv.DictReader(handle), start=1):
            if _clean(row["level"]) != LEVEL or not _clean(row["code"]):
                continue
            source = _clean(row.get("source"))
            title = "" if "UNCONFIRMED" in source.upper() else _clean(row.get("title_vi"))
            code = _clean(row["code"])
            yield {
                "code": code,
                "level": LEVEL,
                "audience": "GV",
                "title": title,
                "hours": int(_clean(row["hours"])),
                "group": _clean(row.get("group")),
                "source": source[:500],
                "sequence": sequence,
                "search_text": _fold(f"{code} {title}")[:600],
            }


def load_gvpt(apps, schema_editor):
    Module = apps.get_model("modules", "Module")
    existing = {module.code: module for module in Module.objects.filter(code__in=[r["code"] for r in _gvpt_rows()])}
    missing = []
    for row in _gvpt_rows():
        module = existing.get(row["code"])
        if module is None:
            missing.append(Module(**row))
            continue
        if module.owner_id is not None or module.level != LEVEL:
            continue  # someone's local module, or another catalog's, under the same code: never overwritten
        changed = {}
        if not module.title and row["title"]:
            changed.update(title=row["title"], search_text=row["search_text"])
        if not module.group and row["group"]:
            changed["group"] = row["group"]
        if changed:
            Module.objects.filter(pk=module.pk).update(**changed)
    Module.objects.bulk_create(missing)


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0005_alter_module_level"),
    ]

    operations = [
        migrations.RunPython(load_gvpt, migrations.RunPython.noop),
    ]
