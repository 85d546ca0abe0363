"""``make bench-reminders``: the daily reminder digests of a whole province (``reports.reminders``), on PostgreSQL.

Uses the database of ``make bench`` (the province dataset, seeded when missing or stale). For each deadline kind the
Sở has set, the day chosen is 3 days before it (its reminder day), so every person or unit with work left gets a
line: the heaviest day of that deadline. Prints, per day: the people who get a digest, the lines, the time to work
them out and the queries, then the time of the whole daily run (digests made and queued for e-mail) inside a
transaction rolled back afterwards, so the database stays as seeded.
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

RUNS = 3


class Rollback(Exception):
    pass


def main():
    import bench

    bench.setup_django()
    bench.prepare_data()
    import datetime

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from reports import reminders
    from years.models import Deadline, TrainingYear

    year = TrainingYear.objects.filter(is_current=True).order_by("-start_year").first()
    deadlines = Deadline.objects.filter(year=year, unit=year.department).order_by("due_date")
    print(f"bench-reminders: {year.department.name}, năm học {year.name}, PostgreSQL")
    print(f"{'deadline (day: 3 before)':42} {'people':>7} {'lines':>7} {'compute ms':>11} {'queries':>8} {'run ms':>8}")
    for deadline in deadlines:
        if deadline.kind not in reminders.WORK:
            continue
        on = deadline.due_date - datetime.timedelta(days=3)
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            notices = reminders.digests_for(on=on)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            reminders.digests_for(on=on)
        lines = sum(body.count("\n") + 1 for _user, _title, body, _url in notices)
        started = time.perf_counter()
        try:
            with transaction.atomic():
                made = reminders.digests_send(on=on)
                run_ms = (time.perf_counter() - started) * 1000
                raise Rollback
        except Rollback:
            pass
        assert made == len(notices)
        label = f"{deadline.get_kind_display()} {on:%d/%m/%Y}"
        print(
            f"{label:42} {len(notices):>7} {lines:>7} {statistics.median(times):>11.0f} "
            f"{len(queries.captured_queries):>8} {run_ms:>8.0f}"
        )


if __name__ == "__main__":
    main()
