"""Load the national module catalog (content 3) from modules/data/modules.csv.

Rows keep the CSV order in ``sequence`` (so TH2 sorts before TH10). Codes already present are left untouched,
so running this on a database where someone typed modules in by hand never overwrites their work.
Reversing removes the national rows this migration would have created (local modules stay).
"""

import csv
import unicodedata
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "modules.csv"
DEFAULT_HOURS = 15
# The catalogs this migration loads (TT 26/2012 and the GDPT 2018 modules). Later catalogs in the CSV (GVPT, the
# 2019 programmes) have their own migration (0006), so running this one again never adds or removes them.
LEVELS = {"MN", "TH", "THCS", "THPT", "GDTX", "GDPT2018_MD"}


def _fold(text):
    # Same rule as core.vietnamese.fold, copied so the migration never changes with the app code.
    decomposed = unicodedata.normalize("NFD", (text or "").lower().replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def _clean(text):
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _rows():
    with CSV_PATH.open(encoding="utf-8-sig", newline="") as handle:
        for sequence, row in enumerate(csv.DictReader(handle), start=1):
            code = _clean(row["code"])
            if not code or _clean(row["level"]) not in LEVELS:
                continue
            title = _clean(row.get("title_vi"))
            hours = _clean(row.get("hours"))
            yield {
                "code": code,
                "level": _clean(row["level"]),
                "title": title,
                "hours": int(hours) if hours.isdigit() else DEFAULT_HOURS,
                "group": _clean(row.get("group")),
                "source": _clean(row.get("source"))[:500],
                "sequence": sequence,
                "search_text": _fold(f"{code} {title}")[:600],
            }


def load_catalog(apps, schema_editor):
    Module = apps.get_model("modules", "Module")
    existing = set(Module.objects.values_list("code", flat=True))
    Module.objects.bulk_create(Module(audience="GV", **row) for row in _rows() if row["code"] not in existing)


def unload_catalog(apps, schema_editor):
    Module = apps.get_model("modules", "Module")
    Module.objects.filter(owner__isnull=True, code__in=[row["code"] for row in _rows()]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_catalog, unload_catalog),
    ]
