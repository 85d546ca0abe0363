"""Give the national content-3 modules the titles the catalog CSV now has (TT 26/2012 catalogs MN, TH, THCS, THPT).

0002 loaded the catalog when most rows had a code and no title, so an existing database offers "TH12" alone.
This fills the title (and its search key) of each national module, matched by code and level, whose title is
still empty and whose CSV row now has one. A title someone already typed in is kept; no other field is touched.
A fresh database gets the titles from 0002 already, so there this finds nothing to do.
Reversing does nothing: the titles were empty before, and an empty title is what the issue forbids.
"""

import csv
import unicodedata
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "modules.csv"
# The catalogs 0002 loaded; the GVPT rows (0006) are not this migration's.
LEVELS = {"MN", "TH", "THCS", "THPT", "GDTX", "GDPT2018_MD"}


def _fold(text):
    # Same rule as core.vietnamese.fold, copied so the migration never changes with the app code.
    decomposed = unicodedata.normalize("NFD", (text or "").lower().replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def _clean(text):
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _titled_rows():
    with CSV_PATH.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code, level, title = _clean(row["code"]), _clean(row["level"]), _clean(row.get("title_vi"))
            if code and title and level in LEVELS:
                yield code, level, title


def fill_titles(apps, schema_editor):
    Module = apps.get_model("modules", "Module")
    for code, level, title in _titled_rows():
        Module.objects.filter(owner__isnull=True, code=code, level=level, title="").update(
            title=title, search_text=_fold(f"{code} {title}")[:600]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0002_load_catalog"),
    ]

    operations = [
        migrations.RunPython(fill_titles, migrations.RunPython.noop),
    ]
