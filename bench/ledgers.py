"""Ledger export and import at size: time and peak memory, with a baseline.

Run by hand (not in the test suite), on a scratch database:

    DATABASE_URL=sqlite:////tmp/sixiaji-bench.sqlite3 .venv/bin/python bench/ledgers.py --rows 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sixiaji_bench .venv/bin/python bench/ledgers.py --rows 10000

It migrates the database, writes N 12345 orders, then measures:
- our export (openpyxl write-only, office layout) of all N rows;
- the baseline: django-import-export's default export of the same rows to .xlsx;
- our import of the exported file (dry run with full row validation), which is
  also the round trip (every row unchanged).
"""

import argparse
import os
import sys
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sixiaji.settings")


def measure(label: str, func):
    """Time without tracing (tracemalloc slows Python down), then peak memory."""
    started = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<44} {seconds:8.2f} s   peak {peak / 2**20:8.1f} MiB")
    return result, seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    rows = parser.parse_args().rows

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from petitions.ledgers import HOTLINE, HotlineResource
    from petitions.models import HotlineOrder
    from sixiaji.ledger_import import import_ledger
    from sixiaji.ledgers import ExportContext, write_xlsx
    from sixiaji.models import OrgUnit, User

    city, _ = OrgUnit.objects.get_or_create(
        code="b0", defaults={"name": "基准市", "kind": "city"}
    )
    town, _ = OrgUnit.objects.get_or_create(
        code="b1", defaults={"name": "基准镇", "kind": "township", "parent": city}
    )
    user, _ = User.objects.get_or_create(
        username="bench", defaults={"is_superuser": True}
    )
    HotlineOrder.objects.filter(unit=town).delete()
    start = timezone.make_aware(datetime(2024, 1, 1, 8, 0))
    HotlineOrder.objects.bulk_create(
        HotlineOrder(
            number=f"B-{n:07d}",
            received_at=start + timedelta(minutes=7 * n),
            unit=town,
            summary="路灯不亮，请尽快维修",
            signed_at=start + timedelta(minutes=7 * n + 20),
            resolved_at=start + timedelta(minutes=7 * n + 600),
            resolved=True,
            satisfaction="satisfied",
        )
        for n in range(rows)
    )
    queryset = HOTLINE.queryset(user).filter(unit=town)
    print(f"{connection.vendor}, {rows} rows × {len(HOTLINE.columns)} columns")
    context = ExportContext(user=user, unmasked=False)
    content, ours, our_peak = measure(
        "export (write-only, office layout)",
        lambda: write_xlsx(
            HOTLINE,
            queryset.iterator(chunk_size=2000),
            context,
            title="基准台账",
            unit_name="基准镇",
            exported_on=start.date(),
        ),
    )
    _, base, base_peak = measure(
        "baseline: django-import-export default export",
        lambda: HotlineResource(user=user).export(queryset).export("xlsx"),
    )
    print(
        f"{'ratio (baseline / ours)':<44} {base / ours:8.2f} ×   memory {base_peak / our_peak:6.1f} ×"
    )
    result, _, _ = measure(
        "import of the exported file (dry run)",
        lambda: import_ledger(HOTLINE, content, "bench.xlsx", user=user, dry_run=True),
    )
    print(
        f"import result: errors {len(result.errors)}, unchanged {result.unchanged}, new {result.new}"
    )
    HotlineOrder.objects.filter(unit=town).delete()


if __name__ == "__main__":
    main()
